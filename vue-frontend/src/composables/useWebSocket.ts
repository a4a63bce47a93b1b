/**
 * A WebSocket that stays up: reconnects with exponential back-off and jitter, sends a
 * heartbeat and treats a connection that stops answering as dead (a half-open TCP
 * connection may never fire `close`), and closes when its owning scope ends.
 */
import { getCurrentScope, onScopeDispose, ref, shallowRef, toValue, type MaybeRefOrGetter, type Ref, type ShallowRef } from 'vue'
import { backoffDelay, type BackoffPolicy } from '@/utils/backoff'

export type WebSocketStatus = 'CONNECTING' | 'OPEN' | 'CLOSED'

/** What the composable needs of a WebSocket; tests pass a fake class. */
export interface WebSocketLike {
  readonly readyState: number
  onopen: ((ev: Event) => unknown) | null
  onmessage: ((ev: MessageEvent) => unknown) | null
  onclose: ((ev: CloseEvent) => unknown) | null
  onerror: ((ev: Event) => unknown) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}
export type WebSocketFactory = new (url: string, protocols?: string | string[]) => WebSocketLike

export interface ReconnectOptions extends BackoffPolicy {
  /** Attempts before giving up; Infinity by default. */
  retries: number
}

export interface HeartbeatOptions {
  intervalMs: number
  /** No message at all within this time after a ping means the connection is dead. */
  timeoutMs: number
  message: string | (() => string)
}

export interface UseWebSocketOptions<T> {
  immediate?: boolean
  protocols?: string | string[]
  WebSocketImpl?: WebSocketFactory
  reconnect?: Partial<ReconnectOptions> | false
  heartbeat?: Partial<HeartbeatOptions> | false
  parse?: (raw: string) => T
  onOpen?: (info: { reconnected: boolean; attempts: number }) => void
  onMessage?: (message: T) => void
  onClose?: (info: { code: number; reason: string; willReconnect: boolean }) => void
  onError?: (event: Event) => void
}

export interface UseWebSocketReturn<T> {
  data: ShallowRef<T | null>
  status: Ref<WebSocketStatus>
  /** Reconnect attempts since the last successful open. */
  attempts: Ref<number>
  /** Delay of the reconnect now scheduled, if any. */
  nextRetryMs: Ref<number | null>
  lastMessageAt: Ref<number | null>
  send: (data: string | object) => boolean
  open: () => void
  close: (code?: number, reason?: string) => void
}

const OPEN = 1
const DEFAULT_RECONNECT: ReconnectOptions = { retries: Infinity, baseDelayMs: 1000, maxDelayMs: 30_000, jitter: 0.3 }
const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 30_000, timeoutMs: 10_000, message: '{"type":"ping"}' }

export function useWebSocket<T = unknown>(
  url: MaybeRefOrGetter<string>,
  options: UseWebSocketOptions<T> = {},
): UseWebSocketReturn<T> {
  const data = shallowRef<T | null>(null)
  const status = ref<WebSocketStatus>('CLOSED')
  const attempts = ref(0)
  const nextRetryMs = ref<number | null>(null)
  const lastMessageAt = ref<number | null>(null)
  const reconnect = options.reconnect === false ? null : { ...DEFAULT_RECONNECT, ...options.reconnect }
  const heartbeat = options.heartbeat === false ? null : { ...DEFAULT_HEARTBEAT, ...options.heartbeat }
  const parse = options.parse ?? ((raw: string) => JSON.parse(raw) as T)

  let ws: WebSocketLike | null = null
  let explicitlyClosed = false
  let everOpened = false
  let retryTimer: ReturnType<typeof setTimeout> | null = null
  let pingTimer: ReturnType<typeof setInterval> | null = null
  let deadTimer: ReturnType<typeof setTimeout> | null = null

  function clearTimers() {
    if (retryTimer) clearTimeout(retryTimer)
    if (pingTimer) clearInterval(pingTimer)
    if (deadTimer) clearTimeout(deadTimer)
    retryTimer = pingTimer = deadTimer = null
  }

  function detach(socket: WebSocketLike | null) {
    if (!socket) return
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null
  }

  function startHeartbeat() {
    if (!heartbeat) return
    pingTimer = setInterval(() => {
      const msg = typeof heartbeat.message === 'function' ? heartbeat.message() : heartbeat.message
      send(msg)
      if (!deadTimer) deadTimer = setTimeout(onDead, heartbeat.timeoutMs)
    }, heartbeat.intervalMs)
  }

  /** No answer to a ping: drop the socket without waiting for a close that may never come. */
  function onDead() {
    deadTimer = null
    const socket = ws
    detach(socket)
    ws = null
    try {
      socket?.close(4000, 'heartbeat timeout')
    } catch {
      /* already gone */
    }
    lost(4000, 'heartbeat timeout')
  }

  function lost(code: number, reason: string) {
    clearTimers()
    status.value = 'CLOSED'
    const willReconnect = !explicitlyClosed && !!reconnect && attempts.value < reconnect.retries
    options.onClose?.({ code, reason, willReconnect })
    if (!willReconnect || !reconnect) return
    attempts.value += 1
    const delay = backoffDelay(attempts.value, reconnect)
    nextRetryMs.value = delay
    retryTimer = setTimeout(() => {
      retryTimer = null
      nextRetryMs.value = null
      connect()
    }, delay)
  }

  function connect() {
    const target = toValue(url)
    if (!target) return
    const Impl: WebSocketFactory = options.WebSocketImpl ?? (WebSocket as unknown as WebSocketFactory)
    status.value = 'CONNECTING'
    let socket: WebSocketLike
    try {
      socket = new Impl(target, options.protocols)
    } catch {
      lost(1006, 'could not connect')
      return
    }
    ws = socket
    socket.onopen = () => {
      const reconnected = everOpened
      const tries = attempts.value
      everOpened = true
      attempts.value = 0
      status.value = 'OPEN'
      lastMessageAt.value = Date.now()
      startHeartbeat()
      options.onOpen?.({ reconnected, attempts: tries })
    }
    socket.onmessage = (event: MessageEvent) => {
      lastMessageAt.value = Date.now()
      if (deadTimer) clearTimeout(deadTimer)
      deadTimer = null
      let parsed: T
      try {
        parsed = parse(typeof event.data === 'string' ? event.data : String(event.data))
      } catch {
        return
      }
      data.value = parsed
      options.onMessage?.(parsed)
    }
    socket.onerror = (event: Event) => options.onError?.(event)
    socket.onclose = (event: CloseEvent) => {
      detach(socket)
      if (ws === socket) ws = null
      lost(event.code, event.reason)
    }
  }

  function open() {
    explicitlyClosed = false
    clearTimers()
    const old = ws
    detach(old)
    ws = null
    if (old && old.readyState <= OPEN) old.close(1000, 'reopen')
    attempts.value = 0
    nextRetryMs.value = null
    connect()
  }

  function close(code = 1000, reason = 'closed by client') {
    explicitlyClosed = true
    clearTimers()
    nextRetryMs.value = null
    const socket = ws
    detach(socket)
    ws = null
    if (socket && socket.readyState <= OPEN) socket.close(code, reason)
    status.value = 'CLOSED'
  }

  function send(payload: string | object): boolean {
    if (!ws || ws.readyState !== OPEN) return false
    ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload))
    return true
  }

  if (getCurrentScope()) onScopeDispose(() => close())
  if (options.immediate !== false) open()

  return { data, status, attempts, nextRetryMs, lastMessageAt, send, open, close }
}
