/**
 * The chat store: conversations and their messages, and the runs that answer them,
 * followed over SSE (`useEventStream`): streamed text is appended as it arrives, results
 * and the plan land on the assistant's message, agents' progress is kept per run.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as chatApi from '@/api/chat'
import { ApiError } from '@/api/client'
import { useEventStream, type EventStreamStatus, type StreamEvent, type UseEventStreamReturn } from '@/composables/useEventStream'
import {
  FINAL_RUN_EVENTS,
  type AgentUpdateData,
  type Conversation,
  type ConversationInput,
  type Message,
  type PlanStep,
  type Result,
  type RunCompletedData,
  type RunError,
  type RunEventMap,
  type RunStatus,
} from '@/types'

export interface RunState {
  runId: string
  conversationId: string
  /** The local assistant message this run writes into. */
  messageId: string
  question: string
  status: RunStatus
  streamStatus: EventStreamStatus
  agents: Record<string, AgentUpdateData>
  text: string
  results: Result[]
  plan: PlanStep[]
  answer: string | null
  error: RunError | null
  lastEventId: string | null
  needsClarification: boolean
  candidates: string[]
  durationMs: number | null
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'interrupted'])

export const useChatStore = defineStore('chat', () => {
  const conversations = ref<Conversation[]>([])
  const total = ref(0)
  const currentId = ref<string | null>(null)
  const messages = ref<Record<string, Message[]>>({})
  const runs = ref<Record<string, RunState>>({})
  const loading = ref(false)
  const sending = ref(false)
  const error = ref<string | null>(null)
  const streams = new Map<string, UseEventStreamReturn>()

  const current = computed(() => conversations.value.find((c) => c.id === currentId.value) ?? null)
  const currentMessages = computed(() => (currentId.value ? (messages.value[currentId.value] ?? []) : []))
  const activeRuns = computed(() => Object.values(runs.value).filter((r) => !TERMINAL.has(r.status)))
  const streaming = computed(() => activeRuns.value.some((r) => r.streamStatus === 'open' || r.streamStatus === 'connecting'))

  function fail(err: unknown): never {
    error.value = err instanceof Error ? err.message : String(err)
    throw err
  }

  async function loadConversations(page = 1, perPage = 50) {
    loading.value = true
    error.value = null
    try {
      const result = await chatApi.listConversations({ page, per_page: perPage })
      conversations.value = result.items
      total.value = result.total
    } catch (err) {
      fail(err)
    } finally {
      loading.value = false
    }
  }

  async function openConversation(id: string) {
    currentId.value = id
    loading.value = true
    error.value = null
    try {
      const conv = await chatApi.getConversation(id)
      upsertConversation(conv)
      const serverMessages = conv.messages ?? []
      // keep the local answers of runs the server has not written an answer for yet
      const answered = new Set(serverMessages.filter((m) => m.role === 'assistant').map((m) => m.run_id))
      const local = (messages.value[id] ?? []).filter((m) => m.role === 'assistant' && m.run_id && !answered.has(m.run_id))
      messages.value[id] = [...serverMessages, ...local]
      await followUnanswered(id, serverMessages, answered)
    } catch (err) {
      fail(err)
    } finally {
      loading.value = false
    }
  }

  /** After a reload, a question whose run is still going is followed again from its start. */
  async function followUnanswered(conversationId: string, list: Message[], answered: Set<string | null>) {
    for (const m of list) {
      if (m.role !== 'user' || !m.run_id || answered.has(m.run_id) || runs.value[m.run_id]) continue
      try {
        const info = await chatApi.getRun(m.run_id)
        if (!TERMINAL.has(info.status)) startRun(conversationId, m.run_id, m.content)
      } catch {
        /* an unknown run has nothing to follow */
      }
    }
  }

  function upsertConversation(conv: Conversation) {
    const { messages: _omit, ...rest } = conv
    void _omit
    const i = conversations.value.findIndex((c) => c.id === conv.id)
    if (i === -1) {
      conversations.value.unshift(rest)
      total.value += 1
    } else conversations.value[i] = { ...conversations.value[i], ...rest }
  }

  async function createConversation(input: ConversationInput = {}) {
    try {
      const conv = await chatApi.createConversation(input)
      upsertConversation(conv)
      messages.value[conv.id] = conv.messages ?? []
      currentId.value = conv.id
      return conv
    } catch (err) {
      fail(err)
    }
  }

  async function deleteConversation(id: string) {
    try {
      await chatApi.deleteConversation(id)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) fail(err)
    }
    for (const r of Object.values(runs.value)) if (r.conversationId === id) stopStream(r.runId)
    conversations.value = conversations.value.filter((c) => c.id !== id)
    total.value = Math.max(0, total.value - 1)
    delete messages.value[id]
    if (currentId.value === id) currentId.value = null
  }

  function assistantMessage(run: RunState): Message | undefined {
    return messages.value[run.conversationId]?.find((m) => m.id === run.messageId)
  }

  /** Send a question and follow its run; resolves when the run is started (not finished). */
  async function sendMessage(content: string, conversationId: string | null = currentId.value) {
    const text = content.trim()
    if (!text) throw new ApiError(422, 'empty_message', 'The message is empty')
    sending.value = true
    error.value = null
    try {
      const convId = conversationId ?? (await createConversation({ title: text.slice(0, 60) }))!.id
      const list = (messages.value[convId] ??= [])
      const now = new Date().toISOString()
      list.push({ id: `local-user-${Date.now()}`, role: 'user', content: text, run_id: null, results: [], created_at: now })
      const answer = await chatApi.sendMessage(convId, text)
      list[list.length - 1]!.id = answer.message_id ?? list[list.length - 1]!.id
      list[list.length - 1]!.run_id = answer.run_id
      startRun(convId, answer.run_id, text)
      return answer
    } catch (err) {
      fail(err)
    } finally {
      sending.value = false
    }
  }

  function startRun(conversationId: string, runId: string, question: string, lastEventId: string | null = null) {
    const messageId = `run-${runId}`
    const list = (messages.value[conversationId] ??= [])
    if (!list.some((m) => m.id === messageId)) {
      list.push({ id: messageId, role: 'assistant', content: '', run_id: runId, results: [], created_at: new Date().toISOString(), metadata: { plan: [], streaming: true } })
    }
    runs.value[runId] = {
      runId,
      conversationId,
      messageId,
      question,
      status: 'queued',
      streamStatus: 'idle',
      agents: {},
      text: '',
      results: [],
      plan: [],
      answer: null,
      error: null,
      lastEventId,
      needsClarification: false,
      candidates: [],
      durationMs: null,
    }
    follow(runId, lastEventId)
  }

  /** (Re)open the run's event stream from where it stopped. */
  function follow(runId: string, lastEventId: string | null = runs.value[runId]?.lastEventId ?? null) {
    stopStream(runId)
    const stream = useEventStream(chatApi.runEventsUrl(runId), {
      lastEventId,
      isFinal: (e) => (FINAL_RUN_EVENTS as readonly string[]).includes(e.event),
      onEvent: (e) => applyRunEvent(runId, e),
      onError: (err) => {
        const run = runs.value[runId]
        if (run && !TERMINAL.has(run.status)) run.error = { code: (err as ApiError).code ?? 'stream_failed', message: err.message }
      },
    })
    streams.set(runId, stream)
    const run = runs.value[runId]
    // a ref stored in reactive state is unwrapped on read: the run shows the stream's live status
    if (run) run.streamStatus = stream.status as unknown as EventStreamStatus
    void stream.open().finally(() => {
      if (run && !TERMINAL.has(run.status) && streams.get(runId) === stream) void settleFromServer(runId)
    })
  }

  /** The stream gave up before a final event: ask the server how the run ended. */
  async function settleFromServer(runId: string) {
    const run = runs.value[runId]
    if (!run) return
    try {
      const info = await chatApi.getRun(runId)
      run.status = info.status
      if (info.result) complete(run, info.result)
      if (info.error) run.error = info.error
    } catch {
      /* the run stays as it is; retry() or reconnect() can follow it again */
    }
  }

  function complete(run: RunState, data: RunCompletedData) {
    run.status = 'completed'
    run.answer = data.answer ?? run.text
    run.results = data.results ?? run.results
    run.plan = data.plan ?? []
    run.durationMs = data.duration_ms ?? null
    run.needsClarification = !!data.needs_clarification
    run.candidates = data.candidates ?? []
    const msg = assistantMessage(run)
    if (msg) {
      msg.content = run.answer
      msg.results = run.results
      msg.metadata = { ...msg.metadata, plan: run.plan, streaming: false, duration_ms: run.durationMs, needs_clarification: run.needsClarification, candidates: run.candidates }
    }
  }

  function applyRunEvent(runId: string, e: StreamEvent) {
    const run = runs.value[runId]
    if (!run) return
    if (e.id !== null) run.lastEventId = String(e.id)
    const msg = assistantMessage(run)
    switch (e.event as keyof RunEventMap) {
      case 'run_started':
        run.status = 'running'
        for (const agent of (e.data as RunEventMap['run_started']).agents ?? [])
          run.agents[agent] ??= { agent, status: 'queued', progress: 0, message: '' }
        break
      case 'agent_update':
        applyAgentUpdate({ ...(e.data as AgentUpdateData), run_id: runId })
        if (run.status === 'queued') run.status = 'running'
        break
      case 'delta': {
        const piece = (e.data as RunEventMap['delta']).text ?? ''
        run.text += piece
        if (msg) msg.content += piece
        break
      }
      case 'result': {
        const result = e.data as Result
        run.results = [...run.results, result]
        if (msg) msg.results = run.results
        break
      }
      case 'run_completed':
        complete(run, e.data as RunCompletedData)
        break
      case 'run_failed':
        run.status = run.status === 'cancelled' ? 'cancelled' : 'failed'
        run.error = (e.data as RunEventMap['run_failed']).error ?? { code: 'run_failed', message: 'The run failed' }
        if (msg) msg.metadata = { ...msg.metadata, streaming: false, error: run.error }
        break
      default:
        break
    }
  }

  /** Agent progress, from the run's SSE stream or the WebSocket's `agent_update`. */
  function applyAgentUpdate(data: AgentUpdateData) {
    const run = data.run_id ? runs.value[data.run_id] : undefined
    if (!run) return
    const before = run.agents[data.agent]
    // never move progress backwards when the two channels interleave
    if (before && before.status === 'completed' && data.status !== 'failed') return
    run.agents[data.agent] = { ...before, ...data, progress: Math.max(data.progress ?? 0, data.status === 'completed' ? 100 : 0) }
  }

  async function cancel(runId: string) {
    const run = runs.value[runId]
    try {
      await chatApi.cancelRun(runId)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) fail(err)
    }
    if (run && !TERMINAL.has(run.status)) run.status = 'cancelled'
  }

  /** Ask the same question again as a new run. */
  async function retry(runId: string) {
    const run = runs.value[runId]
    if (!run) throw new ApiError(404, 'not_found', `Unknown run ${runId}`)
    stopStream(runId)
    return sendMessage(run.question, run.conversationId)
  }

  function stopStream(runId: string) {
    const s = streams.get(runId)
    streams.delete(runId)
    s?.close()
  }

  /** Reopen the streams of unfinished runs (after a network drop or on demand). */
  function reconnectAll() {
    for (const run of activeRuns.value) follow(run.runId)
  }

  function stopAll() {
    for (const runId of [...streams.keys()]) stopStream(runId)
  }

  return {
    conversations,
    total,
    currentId,
    current,
    messages,
    currentMessages,
    runs,
    activeRuns,
    streaming,
    loading,
    sending,
    error,
    loadConversations,
    openConversation,
    createConversation,
    deleteConversation,
    sendMessage,
    startRun,
    follow,
    applyRunEvent,
    applyAgentUpdate,
    cancel,
    retry,
    reconnectAll,
    stopAll,
    exportUrl: chatApi.exportUrl,
  }
})
