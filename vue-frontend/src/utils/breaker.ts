/**
 * A circuit breaker per endpoint: after `failureThreshold` transient failures in a row the
 * endpoint is "open" and calls fail at once for `cooldownMs`; then one trial call is let
 * through ("half-open"): success closes the circuit, failure opens it again.
 */

export type CircuitState = 'closed' | 'open' | 'half-open'

export interface BreakerPolicy {
  failureThreshold: number
  cooldownMs: number
}

export const DEFAULT_BREAKER: BreakerPolicy = { failureThreshold: 5, cooldownMs: 30_000 }

interface Circuit {
  failures: number
  openedAt: number | null
  trial: boolean
}

export class CircuitBreaker {
  private readonly circuits = new Map<string, Circuit>()

  constructor(
    public policy: BreakerPolicy = DEFAULT_BREAKER,
    private readonly now: () => number = () => Date.now(),
  ) {}

  private circuit(key: string): Circuit {
    let c = this.circuits.get(key)
    if (!c) {
      c = { failures: 0, openedAt: null, trial: false }
      this.circuits.set(key, c)
    }
    return c
  }

  state(key: string): CircuitState {
    const c = this.circuits.get(key)
    if (!c || c.openedAt === null) return 'closed'
    return this.now() - c.openedAt >= this.policy.cooldownMs ? 'half-open' : 'open'
  }

  /** May a call go out now? In half-open state only one trial call at a time. */
  allow(key: string): boolean {
    const state = this.state(key)
    if (state === 'closed') return true
    if (state === 'open') return false
    const c = this.circuit(key)
    if (c.trial) return false
    c.trial = true
    return true
  }

  /** Milliseconds until an open circuit lets a trial call through. */
  retryInMs(key: string): number {
    const c = this.circuits.get(key)
    if (!c || c.openedAt === null) return 0
    return Math.max(0, this.policy.cooldownMs - (this.now() - c.openedAt))
  }

  success(key: string): void {
    this.circuits.delete(key)
  }

  failure(key: string): void {
    const c = this.circuit(key)
    c.trial = false
    c.failures += 1
    if (c.openedAt !== null || c.failures >= this.policy.failureThreshold) c.openedAt = this.now()
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
