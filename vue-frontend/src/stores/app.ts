/**
 * The app store: the one `apiRequest` (retries, back-off, circuit breaker), batching,
 * online/offline, notifications, the periodic health check and the frontend config.
 */
import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { ApiError, isAbortError, requestDirect, setTransport, type RequestOptions } from '@/api/client'
import { MAX_BATCH, postBatch } from '@/api/batch'
import { getHealth } from '@/api/health'
import { backoffDelay, sleep, type BackoffPolicy } from '@/utils/backoff'
import { BrokenCircuitError, CircuitBreaker, DEFAULT_BREAKER, type BreakerPolicy } from '@/utils/breaker'
import type { BatchRequestItem, FrontendConfig, Health, HttpMethod, NotificationLevel } from '@/types'

export interface RetryPolicy extends BackoffPolicy {
  /** Retries after the first attempt. */
  retries: number
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 3, baseDelayMs: 500, maxDelayMs: 10_000, jitter: 0.3 }
/** A Retry-After longer than this is not waited for: the error goes to the caller. */
export const MAX_RETRY_AFTER_MS = 60_000
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE'])

export interface ApiRequestOptions extends RequestOptions {
  /** false: one attempt; a partial policy overrides the defaults. */
  retry?: Partial<RetryPolicy> | false
  /** Circuit key; defaults to the method and the path without its query. */
  endpoint?: string
}

/**
 * Transient failures are retried: network errors, 502/503/504 and 429. A 4xx other than
 * 429 never is. A POST that may have reached the server (network error, 502, 504) is
 * retried only when the caller passes `retry` explicitly.
 */
export function isRetryable(err: unknown, method: HttpMethod, explicit: boolean): boolean {
  if (!(err instanceof ApiError)) return false
  if (err.status === 429 || err.status === 503) return true
  if (err.status === 0 || err.status === 502 || err.status === 504) return IDEMPOTENT.has(method) || explicit
  return false
}

/** Failures that say the endpoint is in trouble (not the request): they feed the breaker. */
function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status >= 500 || err.status === 429)
}

export interface AppNotification {
  id: number
  level: NotificationLevel
  title: string
  message: string
  at: number
  /** 0 keeps it until dismissed. */
  timeoutMs: number
}

export type BatchCall = Omit<BatchRequestItem, 'id'> & { id?: string }
export interface BatchResult<T = unknown> {
  id: string
  status: number
  ok: boolean
  body: T
  error: ApiError | null
}

const MAX_NOTIFICATIONS = 50

export const useAppStore = defineStore('app', () => {
  const breaker = new CircuitBreaker({ ...DEFAULT_BREAKER }, isTransient)
  const retryPolicy = ref<RetryPolicy>({ ...DEFAULT_RETRY })
  const circuits = ref<Record<string, string>>({})
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine !== false)
  /** Whether the last request reached the server at all. */
  const reachable = ref(true)
  const notifications = ref<AppNotification[]>([])
  const health = shallowRef<Health | null>(null)
  const healthError = ref<string | null>(null)
  const lastHealthAt = ref<number | null>(null)
  const config = shallowRef<FrontendConfig | null>(null)
  const started = ref(false)
  const pending = ref(0)
  let nextNotificationId = 1
  let healthTimer: ReturnType<typeof setInterval> | null = null
  const notificationTimers = new Map<number, ReturnType<typeof setTimeout>>()

  const healthStatus = computed(() => health.value?.status ?? (healthError.value ? 'unhealthy' : 'unknown'))
  const busy = computed(() => pending.value > 0)

  function syncCircuits() {
    circuits.value = breaker.snapshot()
  }

  /** Live state of one endpoint's circuit (`circuits` is a snapshot as of the last call). */
  function circuitState(key: string) {
    return breaker.state(key)
  }

  function configureBreaker(policy: Partial<BreakerPolicy>) {
    breaker.policy = { ...breaker.policy, ...policy }
  }

  async function apiRequest<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
    const method = options.method ?? 'GET'
    const key = options.endpoint ?? `${method} ${path.split('?')[0]}`
    const explicit = options.retry !== undefined && options.retry !== false
    const policy: RetryPolicy =
      options.retry === false ? { ...retryPolicy.value, retries: 0 } : { ...retryPolicy.value, ...options.retry }
    pending.value++
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await breaker.execute(key, () => requestDirect<T>(path, options))
          reachable.value = true
          syncCircuits()
          return result
        } catch (err) {
          if (err instanceof BrokenCircuitError) {
            syncCircuits()
            throw new ApiError(503, 'circuit_open', `Too many failures on ${key}; retrying in a moment`, {
              endpoint: key,
              retry_in_ms: breaker.retryInMs(key),
            })
          }
          if (isAbortError(err)) throw err
          syncCircuits()
          if (err instanceof ApiError) reachable.value = err.status !== 0
          if (attempt >= policy.retries || !isRetryable(err, method, explicit)) throw err
          const retryAfter = (err as ApiError).retryAfterMs
          if (retryAfter !== null && retryAfter > MAX_RETRY_AFTER_MS) throw err
          await sleep(retryAfter ?? backoffDelay(attempt + 1, policy), options.signal)
        }
      }
    } finally {
      pending.value--
    }
  }

  /** Many calls in as few `POST /api/batch` as possible; results in the order given. */
  async function batchApiRequest<T = unknown>(calls: BatchCall[], signal?: AbortSignal): Promise<BatchResult<T>[]> {
    const items: BatchRequestItem[] = calls.map((c, i) => ({ ...c, id: c.id ?? String(i + 1) }))
    const results: BatchResult<T>[] = []
    for (let i = 0; i < items.length; i += MAX_BATCH) {
      const chunk = items.slice(i, i + MAX_BATCH)
      const answer = await apiRequest<Awaited<ReturnType<typeof postBatch>>>('/api/batch', {
        method: 'POST',
        body: { requests: chunk },
        signal,
        // a batch of reads may be sent again after a network error; one with writes may not
        retry: chunk.every((c) => c.method === 'GET') ? { retries: 2 } : undefined,
      })
      const byId = new Map(answer.responses.map((r) => [r.id, r]))
      for (const item of chunk) {
        const r = byId.get(item.id)
        const status = r?.status ?? 0
        const ok = status >= 200 && status < 300
        const body = (r?.body ?? null) as T
        const e = (body as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null)?.error
        results.push({
          id: item.id,
          status,
          ok,
          body,
          error: ok ? null : new ApiError(status, e?.code ?? 'missing_response', e?.message ?? 'No response', e?.details ?? {}),
        })
      }
    }
    return results
  }

  function notify(input: { level?: NotificationLevel; title: string; message?: string; timeoutMs?: number }): number {
    const n: AppNotification = {
      id: nextNotificationId++,
      level: input.level ?? 'info',
      title: input.title,
      message: input.message ?? '',
      at: Date.now(),
      timeoutMs: input.timeoutMs ?? (input.level === 'error' ? 0 : 5000),
    }
    notifications.value.push(n)
    while (notifications.value.length > MAX_NOTIFICATIONS) dismiss(notifications.value[0]!.id)
    if (n.timeoutMs > 0) notificationTimers.set(n.id, setTimeout(() => dismiss(n.id), n.timeoutMs))
    return n.id
  }

  function dismiss(id: number) {
    const timer = notificationTimers.get(id)
    if (timer) clearTimeout(timer)
    notificationTimers.delete(id)
    notifications.value = notifications.value.filter((n) => n.id !== id)
  }

  function clearNotifications() {
    for (const id of [...notificationTimers.keys()]) dismiss(id)
    notifications.value = []
  }

  /** Surface an error to the user once, in the notification queue. */
  function notifyError(err: unknown, title = 'Request failed'): void {
    if (isAbortError(err)) return
    notify({ level: 'error', title, message: err instanceof Error ? err.message : String(err) })
  }

  async function checkHealth(): Promise<Health | null> {
    try {
      health.value = await getHealth()
      healthError.value = null
      reachable.value = true
    } catch (err) {
      health.value = null
      healthError.value = err instanceof Error ? err.message : String(err)
      if (err instanceof ApiError && err.status === 0) reachable.value = false
    }
    lastHealthAt.value = Date.now()
    return health.value
  }

  function startHealthChecks(intervalMs = 30_000) {
    stopHealthChecks()
    void checkHealth()
    healthTimer = setInterval(() => void checkHealth(), intervalMs)
  }

  function stopHealthChecks() {
    if (healthTimer) clearInterval(healthTimer)
    healthTimer = null
  }

  async function loadConfig(): Promise<FrontendConfig> {
    config.value = await apiRequest<FrontendConfig>('/api/config')
    return config.value
  }

  const onOnline = () => {
    online.value = true
    void checkHealth()
  }
  const onOffline = () => {
    online.value = false
  }

  /** Every API module's call now goes through apiRequest (retries, breaker). */
  const transport = <T>(path: string, options: RequestOptions) => apiRequest<T>(path, options)

  /** Install the retrying transport, listen for online/offline, load the config, start the health check. */
  async function start(options: { healthIntervalMs?: number } = {}) {
    if (started.value) return
    started.value = true
    setTransport(transport)
    if (typeof window !== 'undefined') {
      window.addEventListener('online', onOnline)
      window.addEventListener('offline', onOffline)
    }
    try {
      if (!config.value) await loadConfig() // the auth store may have read it already
    } catch (err) {
      notifyError(err, 'Could not load the configuration')
    }
    startHealthChecks(options.healthIntervalMs)
  }

  function stop() {
    started.value = false
    setTransport(null)
    stopHealthChecks()
    if (typeof window !== 'undefined') {
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
    }
  }

  function resetCircuits() {
    breaker.reset()
    syncCircuits()
  }

  return {
    retryPolicy,
    circuits,
    online,
    reachable,
    notifications,
    health,
    healthError,
    healthStatus,
    lastHealthAt,
    config,
    started,
    pending,
    busy,
    apiRequest,
    batchApiRequest,
    configureBreaker,
    circuitState,
    resetCircuits,
    notify,
    notifyError,
    dismiss,
    clearNotifications,
    checkHealth,
    startHealthChecks,
    stopHealthChecks,
    loadConfig,
    start,
    stop,
  }
})
