/** Exponential back-off with jitter, shared by HTTP retries, WebSocket and SSE reconnects. */

export interface BackoffPolicy {
  /** Delay before the first retry. */
  baseDelayMs: number
  /** Cap on any single delay. */
  maxDelayMs: number
  /** 0..1: the delay is spread uniformly over [d * (1 - jitter), d]. */
  jitter: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, jitter: 0.3 }

/** Delay before retry number `attempt` (1-based): base * 2^(attempt-1), capped, jittered. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  const jitter = Math.min(1, Math.max(0, policy.jitter))
  return Math.round(exp * (1 - jitter * random()))
}

/** setTimeout as a promise that rejects with AbortError when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('Aborted', 'AbortError'))
      return
    }
    const onAbort = () => {
      clearTimeout(timer)
      reject(new DOMException('Aborted', 'AbortError'))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
