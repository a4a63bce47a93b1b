/**
 * The realtime store: one WebSocket to `config.ws_url` (SPEC 6). It resumes from the last
 * `seq` after every reconnect, drops duplicates, keeps the latest system metrics with a
 * short history, the agents at work and a bounded event log, and polls
 * `/api/system/metrics` while the WebSocket is unreachable. Other stores get events
 * through `on(type, handler)` (see stores/dispatcher.ts), never through this store's state.
 */
import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { useWebSocket, type UseWebSocketReturn, type WebSocketStatus } from '@/composables/useWebSocket'
import { getSystemMetrics } from '@/api/system'
import { normalizeMetrics } from '@/utils/metrics'
import {
  TOPICS,
  type AgentUpdateEvent,
  type SystemHealthData,
  type SystemMetrics,
  type Topic,
  type WsClientMessage,
  type WsEnvelope,
  type WsEventMap,
  type WsEventType,
} from '@/types'

export const METRICS_HISTORY = 60
export const EVENT_LOG_SIZE = 200
const SEEN_SEQS = 2000
const CONTROL_TYPES = new Set<WsEventType>(['welcome', 'pong', 'resumed', 'error'])

export interface RealtimeOptions {
  url?: string
  heartbeatIntervalMs?: number
  heartbeatTimeoutMs?: number
  /** How long the WebSocket may be down before metrics are polled over HTTP. */
  pollAfterMs?: number
  pollIntervalMs?: number
  reconnectBaseMs?: number
  reconnectMaxMs?: number
}

export interface LoggedEvent {
  seq: number
  type: WsEventType
  topic: string | null
  ts: string
  data: unknown
}

export interface AgentState extends AgentUpdateEvent {
  updatedAt: number
}

/**
 * `resync` fires when events may have been lost (buffer overrun or server restart);
 * `unauthorized` when the server closed with 4401 (SPEC 11: the sign-in is gone).
 */
export type RealtimeEventName = WsEventType | 'resync' | 'unauthorized'
export const UNAUTHORIZED_CLOSE = 4401
type Handler = (data: unknown, envelope: WsEnvelope | null) => void

const DEFAULTS: Required<Omit<RealtimeOptions, 'url'>> = {
  heartbeatIntervalMs: 30_000,
  heartbeatTimeoutMs: 10_000,
  pollAfterMs: 5_000,
  pollIntervalMs: 5_000,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 30_000,
}

export const useRealtimeStore = defineStore('realtime', () => {
  const url = ref('')
  const socket = shallowRef<UseWebSocketReturn<WsEnvelope> | null>(null)
  const status = computed<WebSocketStatus>(() => socket.value?.status.value ?? 'CLOSED')
  const attempts = computed(() => socket.value?.attempts.value ?? 0)
  const nextRetryMs = computed(() => socket.value?.nextRetryMs.value ?? null)
  const clientId = ref<string | null>(null)
  const lastSeq = ref(0)
  const reconnects = ref(0)
  const missedEvents = ref(false)
  const topics = ref<Topic[]>([...TOPICS])
  const metrics = shallowRef<SystemMetrics | null>(null)
  const metricsHistory = shallowRef<SystemMetrics[]>([])
  const systemHealth = shallowRef<SystemHealthData | null>(null)
  const agents = ref<Record<string, AgentState>>({})
  const eventLog = shallowRef<LoggedEvent[]>([])
  const polling = ref(false)
  const lastError = ref<string | null>(null)

  const connected = computed(() => status.value === 'OPEN')
  const activeAgents = computed(() =>
    Object.values(agents.value).filter((a) => a.status === 'queued' || a.status === 'processing'),
  )

  const handlers = new Map<RealtimeEventName, Set<Handler>>()
  const seen = new Set<number>()
  let settings = { ...DEFAULTS }
  let pollStart: ReturnType<typeof setTimeout> | null = null
  let pollTimer: ReturnType<typeof setInterval> | null = null

  /** Listen to one event type; returns the function that stops listening. */
  function on<K extends WsEventType>(type: K | 'resync' | 'unauthorized', handler: (data: WsEventMap[K], envelope: WsEnvelope | null) => void) {
    const set = handlers.get(type) ?? new Set<Handler>()
    set.add(handler as Handler)
    handlers.set(type, set)
    return () => set.delete(handler as Handler)
  }

  function emit(type: RealtimeEventName, data: unknown, envelope: WsEnvelope | null) {
    for (const h of handlers.get(type) ?? []) {
      try {
        h(data, envelope)
      } catch (err) {
        console.error(`realtime handler for ${type} failed`, err)
      }
    }
  }

  function sendMessage(message: WsClientMessage): boolean {
    return socket.value?.send(message) ?? false
  }

  function remember(seq: number): boolean {
    if (seen.has(seq)) return false
    seen.add(seq)
    if (seen.size > SEEN_SEQS) {
      const oldest = seen.values().next().value
      if (oldest !== undefined) seen.delete(oldest)
    }
    if (seq > lastSeq.value) lastSeq.value = seq
    return true
  }

  function pushMetrics(m: SystemMetrics) {
    metrics.value = m
    const history = [...metricsHistory.value, m]
    metricsHistory.value = history.length > METRICS_HISTORY ? history.slice(-METRICS_HISTORY) : history
  }

  function trackAgent(data: AgentUpdateEvent) {
    const key = `${data.run_id}:${data.agent}`
    const now = Date.now()
    const next: Record<string, AgentState> = {}
    for (const [k, a] of Object.entries(agents.value)) {
      // finished agents stay visible for a minute, then leave the list
      if (a.status === 'queued' || a.status === 'processing' || now - a.updatedAt < 60_000) next[k] = a
    }
    next[key] = { ...data, updatedAt: now }
    agents.value = next
  }

  function onWelcome(data: WsEventMap['welcome']) {
    clientId.value = data.client_id ?? null
    const serverSeq = typeof data.seq === 'number' ? data.seq : 0
    if (serverSeq < lastSeq.value) {
      // the server restarted and its sequence began again: nothing to resume from
      seen.clear()
      lastSeq.value = serverSeq
      missedEvents.value = true
      emit('resync', { reason: 'server_restarted' }, null)
      return
    }
    if (lastSeq.value > 0) sendMessage({ type: 'resume', after_seq: lastSeq.value })
    else lastSeq.value = serverSeq
  }

  function handle(envelope: WsEnvelope) {
    if (!envelope || typeof envelope.type !== 'string') return
    const control = CONTROL_TYPES.has(envelope.type)
    if (!control && typeof envelope.seq === 'number' && !remember(envelope.seq)) return
    switch (envelope.type) {
      case 'welcome':
        onWelcome(envelope.data)
        break
      case 'resumed':
        if (envelope.data?.missed) {
          missedEvents.value = true
          emit('resync', { reason: 'missed' }, envelope)
        }
        break
      case 'system_metrics':
        pushMetrics(normalizeMetrics(envelope.data))
        break
      case 'system_health':
        systemHealth.value = envelope.data
        break
      case 'agent_update':
        trackAgent(envelope.data)
        break
      case 'error':
        lastError.value = envelope.data?.message ?? 'error'
        break
      default:
        break
    }
    if (!control) {
      const log = [...eventLog.value, { seq: envelope.seq, type: envelope.type, topic: envelope.topic, ts: envelope.ts, data: envelope.data }]
      eventLog.value = log.length > EVENT_LOG_SIZE ? log.slice(-EVENT_LOG_SIZE) : log
    }
    emit(envelope.type, envelope.data, envelope)
  }

  function onOpen(info: { reconnected: boolean }) {
    stopPolling()
    if (info.reconnected) reconnects.value += 1
    const dropped = TOPICS.filter((t) => !topics.value.includes(t))
    if (dropped.length) sendMessage({ type: 'unsubscribe', topics: dropped })
  }

  /** While the socket is down, metrics come over HTTP after `pollAfterMs`. */
  function schedulePolling() {
    if (pollStart || pollTimer) return
    pollStart = setTimeout(() => {
      pollStart = null
      startPolling()
    }, settings.pollAfterMs)
  }

  async function pollOnce() {
    try {
      pushMetrics(normalizeMetrics(await getSystemMetrics()))
    } catch (err) {
      lastError.value = err instanceof Error ? err.message : String(err)
    }
  }

  function startPolling() {
    if (pollTimer) return
    polling.value = true
    void pollOnce()
    pollTimer = setInterval(() => void pollOnce(), settings.pollIntervalMs)
  }

  function stopPolling() {
    if (pollStart) clearTimeout(pollStart)
    pollStart = null
    if (pollTimer) clearInterval(pollTimer)
    pollTimer = null
    polling.value = false
  }

  /** Connect (or reconnect with new options); a no-op while already connected to `url`. */
  function connect(options: RealtimeOptions = {}) {
    settings = { ...DEFAULTS, ...stripUndefined(options) }
    if (options.url) url.value = options.url
    if (!url.value) throw new Error('realtime: no WebSocket URL (load /api/config first)')
    disconnect()
    const ws = useWebSocket<WsEnvelope>(() => url.value, {
      immediate: false,
      reconnect: { baseDelayMs: settings.reconnectBaseMs, maxDelayMs: settings.reconnectMaxMs, jitter: 0.3 },
      heartbeat: { intervalMs: settings.heartbeatIntervalMs, timeoutMs: settings.heartbeatTimeoutMs },
      onOpen,
      onClose: (info) => {
        if (info.code === UNAUTHORIZED_CLOSE) emit('unauthorized', { reason: info.reason }, null)
        schedulePolling()
      },
      onMessage: handle,
    })
    socket.value = ws
    schedulePolling()
    ws.open()
  }

  function disconnect() {
    stopPolling()
    socket.value?.close()
    socket.value = null
  }

  /** Drop the connection and open a new one; resume carries over via `lastSeq`. */
  function restart() {
    if (!url.value) return
    connect({ ...settings, url: url.value })
  }

  function subscribe(list: Topic[]) {
    topics.value = [...new Set([...topics.value, ...list])]
    sendMessage({ type: 'subscribe', topics: list })
  }

  function unsubscribe(list: Topic[]) {
    topics.value = topics.value.filter((t) => !list.includes(t))
    sendMessage({ type: 'unsubscribe', topics: list })
  }

  function clearEventLog() {
    eventLog.value = []
  }

  return {
    url,
    status,
    connected,
    clientId,
    lastSeq,
    reconnects,
    attempts,
    nextRetryMs,
    missedEvents,
    topics,
    metrics,
    metricsHistory,
    systemHealth,
    agents,
    activeAgents,
    eventLog,
    polling,
    lastError,
    on,
    connect,
    disconnect,
    restart,
    subscribe,
    unsubscribe,
    sendMessage,
    clearEventLog,
    /** Exposed for tests and the dispatcher: feed one envelope as if it came from the server. */
    handle,
  }
})

function stripUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>
}
