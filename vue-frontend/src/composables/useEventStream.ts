/**
 * Follow a Server-Sent Events stream with `fetch` and a stream reader (EventSource only
 * does GET and cannot be given headers). When the stream drops before its final event it
 * reconnects with back-off and sends `Last-Event-ID`, and it drops any event whose id it
 * has already seen, so a resume never shows the same piece twice.
 */
import { getCurrentScope, onScopeDispose, ref, toValue, type MaybeRefOrGetter, type Ref } from 'vue'
import { ApiError, errorFromResponse, isAbortError } from '@/api/client'
import { backoffDelay, sleep, type BackoffPolicy } from '@/utils/backoff'
import { SseParser, type SseMessage } from '@/utils/sse'

export type EventStreamStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed' | 'error'

export interface StreamEvent<T = unknown> {
  /** The SSE `id:`, as a number when it is one. */
  id: number | string | null
  event: string
  data: T
}

export interface UseEventStreamOptions {
  method?: 'GET' | 'POST'
  body?: unknown
  headers?: Record<string, string>
  /** Resume from here (sent as Last-Event-ID on the first request too). */
  lastEventId?: string | null
  /** The stream is over after this event; no reconnect follows. */
  isFinal?: (event: StreamEvent) => boolean
  reconnect?: Partial<BackoffPolicy & { retries: number }> | false
  fetchImpl?: typeof fetch
  immediate?: boolean
  onEvent?: (event: StreamEvent) => void
  onError?: (error: Error) => void
}

export interface UseEventStreamReturn {
  status: Ref<EventStreamStatus>
  lastEventId: Ref<string | null>
  error: Ref<Error | null>
  attempts: Ref<number>
  /** Events dropped as duplicates (already seen ids). */
  duplicates: Ref<number>
  open: () => Promise<void>
  close: () => void
}

const DEFAULT_RECONNECT = { retries: 8, baseDelayMs: 500, maxDelayMs: 15_000, jitter: 0.3 }

function parseData(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

/** A 4xx other than 408/429 will not get better by asking again. */
function isFatal(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429
}

export function useEventStream(url: MaybeRefOrGetter<string>, options: UseEventStreamOptions = {}): UseEventStreamReturn {
  const status = ref<EventStreamStatus>('idle')
  const lastEventId = ref<string | null>(options.lastEventId ?? null)
  const error = ref<Error | null>(null)
  const attempts = ref(0)
  const duplicates = ref(0)
  const reconnect = options.reconnect === false ? { ...DEFAULT_RECONNECT, retries: 0 } : { ...DEFAULT_RECONNECT, ...options.reconnect }
  const seen = new Set<string>()
  let controller: AbortController | null = null
  let running: Promise<void> | null = null

  function isDuplicate(message: SseMessage): boolean {
    if (message.id === null || message.id === '') return false
    const n = Number(message.id)
    const last = lastEventId.value === null ? NaN : Number(lastEventId.value)
    if (Number.isFinite(n) && Number.isFinite(last)) return n <= last
    return seen.has(message.id)
  }

  /** One connection: resolves true when the final event arrived, false when the stream just ended. */
  async function once(signal: AbortSignal): Promise<boolean> {
    const doFetch = options.fetchImpl ?? fetch
    const headers: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache', ...options.headers }
    if (lastEventId.value !== null) headers['Last-Event-ID'] = lastEventId.value
    let body: string | undefined
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = JSON.stringify(options.body)
    }
    let response: Response
    try {
      response = await doFetch(toValue(url), { method: options.method ?? 'GET', headers, body, signal })
    } catch (err) {
      if (isAbortError(err)) throw err
      throw new ApiError(0, 'network_error', (err as Error)?.message || 'Network error')
    }
    if (!response.ok) throw await errorFromResponse(response)
    if (!response.body) throw new ApiError(0, 'no_stream', 'The response has no body to stream')
    status.value = 'open'
    let final = false
    const parser = new SseParser((message) => {
      if (isDuplicate(message)) {
        duplicates.value += 1
        return
      }
      if (message.id !== null && message.id !== '') {
        lastEventId.value = message.id
        seen.add(message.id)
      }
      const n = Number(message.id)
      const event: StreamEvent = {
        id: message.id === null ? null : Number.isFinite(n) && message.id !== '' ? n : message.id,
        event: message.event,
        data: parseData(message.data),
      }
      attempts.value = 0
      options.onEvent?.(event)
      if (options.isFinal?.(event)) final = true
    })
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    // a body not tied to the signal (some polyfills) must still stop on close()
    const onAbort = () => void reader.cancel().catch(() => undefined)
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        parser.feed(decoder.decode(value, { stream: true }))
        if (final) break
      }
      parser.feed(decoder.decode())
    } catch (err) {
      if (isAbortError(err) || signal.aborted) throw new DOMException('Aborted', 'AbortError')
      if (!final) throw new ApiError(0, 'stream_dropped', (err as Error)?.message || 'The stream dropped')
    } finally {
      signal.removeEventListener('abort', onAbort)
      parser.end()
      if (final) void reader.cancel().catch(() => undefined)
    }
    return final
  }

  async function loop(signal: AbortSignal) {
    for (;;) {
      status.value = attempts.value > 0 ? 'reconnecting' : 'connecting'
      try {
        if ((await once(signal)) || signal.aborted) {
          status.value = 'closed'
          return
        }
        error.value = new ApiError(0, 'stream_dropped', 'The stream ended before its final event')
      } catch (err) {
        if (signal.aborted || isAbortError(err)) {
          status.value = 'closed'
          return
        }
        error.value = err as Error
        if (isFatal(err)) {
          status.value = 'error'
          options.onError?.(err as Error)
          return
        }
      }
      attempts.value += 1
      if (attempts.value > reconnect.retries) {
        status.value = 'error'
        options.onError?.(error.value ?? new Error('stream failed'))
        return
      }
      status.value = 'reconnecting'
      try {
        await sleep(backoffDelay(attempts.value, reconnect), signal)
      } catch {
        status.value = 'closed'
        return
      }
    }
  }

  /** Start following (again); resolves when the stream is over for good. */
  function open(): Promise<void> {
    close()
    error.value = null
    attempts.value = 0
    controller = new AbortController()
    const current = loop(controller.signal)
    running = current
    return current.finally(() => {
      if (running === current) running = null
    })
  }

  function close() {
    controller?.abort()
    controller = null
    if (status.value !== 'error') status.value = running || status.value !== 'idle' ? 'closed' : 'idle'
  }

  if (getCurrentScope()) onScopeDispose(close)
  if (options.immediate) void open()

  return { status, lastEventId, error, attempts, duplicates, open, close }
}
