/**
 * A circuit breaker per endpoint, on cockatiel's: after `failureThreshold` failures in a
 * row the endpoint is "open" and calls fail at once for `cooldownMs`; then a trial call is
 * let through ("half-open"): success closes the circuit, failure opens it again. Only the
 * errors `isFailure` accepts count; any other outcome counts as a success (a 404 says
 * nothing about the endpoint's health). What cockatiel does not keep, and the UI shows,
 * is kept here: when each circuit opened (for `retryInMs` and the half-open display).
 */
import { BrokenCircuitError, CircuitState as Inner, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel'

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface BreakerPolicy {
  failureThreshold: number
  cooldownMs: number
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, cooldownMs: 30_000 }

interface Circuit {
  policy: CircuitBreakerPolicy
  openedAt: number | null
}

type Outcome<T> = { ok: T } | { err: unknown }

export { BrokenCircuitError }

export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>()
  private current: BreakerPolicy

  constructor(
    policy: BreakerPolicy = DEFAULT_BREAKER,
    private readonly isFailure: (err: unknown) => boolean = () => true,
  ) {
    this.current = { ...policy }
  }

  get policy(): BreakerPolicy {
    return this.current
  }

  /** A new policy applies to every endpoint from now on (their circuits start closed). */
  set policy(policy: BreakerPolicy) {
    this.current = { ...policy }
    this.circuits.clear()
  }

  private circuit(key: string): Circuit {
    let c = this.circuits.get(key)
    if (!c) {
      const policy = circuitBreaker(
        handleWhen((err) => this.isFailure(err)),
        { halfOpenAfter: this.current.cooldownMs, breaker: new ConsecutiveBreaker(this.current.failureThreshold) },
      )
      const circuit: Circuit = { policy, openedAt: null }
      policy.onBreak(() => {
        circuit.openedAt = Date.now()
      })
      policy.onReset(() => {
        circuit.openedAt = null
      })
      this.circuits.set(key, circuit)
      c = circuit
    }
    return c
  }

  state(key: string): CircuitState {
    const c = this.circuits.get(key)
    if (!c || c.policy.state === Inner.Closed) return 'closed'
    if (c.policy.state === Inner.HalfOpen) return 'half-open'
    return this.retryInMs(key) === 0 ? 'half-open' : 'open'
  }

  /** Milliseconds until an open circuit lets a trial call through. */
  retryInMs(key: string): number {
    const c = this.circuits.get(key)
    if (!c || c.openedAt === null || c.policy.state !== Inner.Open) return 0
    return Math.max(0, this.current.cooldownMs - (Date.now() - c.openedAt))
  }

  /** Run `fn` through the endpoint's circuit; BrokenCircuitError when it is open. */
  async execute<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const outcome: Outcome<T> = await this.circuit(key).policy.execute(async () => {
      try {
        return { ok: await fn() }
      } catch (err) {
        if (this.isFailure(err)) throw err
        return { err } // not the endpoint's fault: a success for the circuit, an error for the caller
      }
    })
    if ('err' in outcome) throw outcome.err
    return outcome.ok
  }

  /** The state of every circuit that is not closed, for display. */
  snapshot(): Record<string, CircuitState> {
    const out: Record<string, CircuitState> = {}
    for (const key of this.circuits.keys()) {
      const s = this.state(key)
      if (s !== 'closed') out[key] = s
    }
    return out
  }

  reset(): void {
    this.circuits.clear()
  }
}
