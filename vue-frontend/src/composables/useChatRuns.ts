/**
 * The runs that answer the chat's questions: one RunState per run, each followed over SSE
 * (`useRunStream`) into its state and into its assistant message in `messages`, which the
 * chat store owns. Agents' progress may also come from the WebSocket (`applyAgentUpdate`).
 */
import { computed, ref, type ComputedRef, type Ref } from 'vue'
import * as chatApi from '@/api/chat'
import { ApiError } from '@/api/client'
import type { StreamEvent, EventStreamStatus } from '@/composables/useEventStream'
import { useRunStream, type UseRunStreamReturn } from '@/composables/useRunStream'
import {
  applyRunEvent as applyEvent,
  completeRun,
  isTerminal,
  mergeAgentUpdate,
  newRunState,
  placeholderMessage,
  runMessageId,
  type RunState,
} from '@/stores/runState'
import type { AgentUpdateEvent, ClarificationChoice, Message, Run } from '@/types'

export interface UseChatRunsReturn {
  runs: Ref<Record<string, RunState>>
  /** Runs not yet completed, failed, cancelled or interrupted. */
  activeRuns: ComputedRef<RunState[]>
  /** Some run's stream is open or opening. */
  streaming: ComputedRef<boolean>
  startRun: (
    conversationId: string,
    runId: string,
    question: string,
    lastEventId?: string | null,
    choice?: ClarificationChoice | null,
  ) => void
  follow: (runId: string, lastEventId?: string | null) => void
  followUnanswered: (conversationId: string, list: Message[]) => Promise<void>
  applyRunEvent: (runId: string, event: StreamEvent) => void
  applyAgentUpdate: (data: AgentUpdateEvent) => void
  cancel: (runId: string) => Promise<void>
  stop: (runId: string) => void
  forgetConversation: (conversationId: string) => void
  reconnectAll: () => void
  stopAll: () => void
}

/** The clarification a stored user message answered (sent again by a retry of its run). */
export function choiceOf(message: Message): ClarificationChoice | null {
  const choice = message.metadata?.clarification as Partial<ClarificationChoice> | undefined
  return choice?.run_id && choice.value !== undefined ? { run_id: choice.run_id, value: choice.value } : null
}

/** The run ids that already have an assistant message among these. */
export function answeredRunIds(list: Message[]): Set<string | null> {
  return new Set(list.filter((m) => m.role === 'assistant').map((m) => m.run_id))
}

export function useChatRuns(messages: Ref<Record<string, Message[]>>): UseChatRunsReturn {
  const runs = ref<Record<string, RunState>>({})
  const streams = new Map<string, UseRunStreamReturn>()

  const activeRuns = computed(() => Object.values(runs.value).filter((r) => !isTerminal(r.status)))
  const streaming = computed(() => activeRuns.value.some((r) => r.streamStatus === 'open' || r.streamStatus === 'connecting'))

  function messageOf(run: RunState): Message | undefined {
    return messages.value[run.conversationId]?.find((m) => m.id === run.messageId)
  }

  /** Show an (empty) answer for the run and follow its events from `lastEventId` on. */
  function startRun(
    conversationId: string,
    runId: string,
    question: string,
    lastEventId: string | null = null,
    choice: ClarificationChoice | null = null,
  ) {
    const list = (messages.value[conversationId] ??= [])
    const existing = list.find((m) => m.id === runMessageId(runId))
    if (!existing) list.push(placeholderMessage(runId))
    runs.value[runId] = newRunState(conversationId, runId, question, lastEventId, choice)
    // resuming: the text before lastEventId is what the message already shows
    if (existing && lastEventId !== null) runs.value[runId]!.text = existing.content
    follow(runId, lastEventId)
  }

  /** (Re)open the run's event stream from where it stopped. */
  function follow(runId: string, lastEventId: string | null = runs.value[runId]?.lastEventId ?? null) {
    stop(runId)
    const stream = useRunStream(runId, {
      lastEventId,
      onEvent: (e) => applyRunEvent(runId, e),
      onError: (err) => {
        const run = runs.value[runId]
        if (run && !isTerminal(run.status)) run.error = err
      },
      onSettled: (info) => settle(runId, info),
    })
    streams.set(runId, stream)
    const run = runs.value[runId]
    // a ref stored in reactive state is unwrapped on read: the run shows the stream's live status
    if (run) run.streamStatus = stream.status as unknown as EventStreamStatus
    void stream.open()
  }

  /** The stream gave up before a final event: take the run's end from the server. */
  function settle(runId: string, info: Run) {
    const run = runs.value[runId]
    if (!run || isTerminal(run.status)) return
    const message = messageOf(run)
    run.status = info.status
    if (info.result) completeRun(run, info.result, message)
    if (info.error) run.error = info.error
    if (message && isTerminal(run.status)) message.metadata = { ...message.metadata, streaming: false, ...(run.error ? { error: run.error } : {}) }
  }

  /** After a reload, a question whose run is still going is followed again from its start. */
  async function followUnanswered(conversationId: string, list: Message[]) {
    const answered = answeredRunIds(list)
    for (const m of list) {
      if (m.role !== 'user' || !m.run_id || answered.has(m.run_id) || runs.value[m.run_id]) continue
      try {
        const info = await chatApi.getRun(m.run_id)
        if (!isTerminal(info.status)) startRun(conversationId, m.run_id, m.content, null, choiceOf(m))
      } catch {
        /* an unknown run has nothing to follow */
      }
    }
  }

  function applyRunEvent(runId: string, event: StreamEvent) {
    const run = runs.value[runId]
    if (run) applyEvent(run, event, messageOf(run))
  }

  /** Agent progress from the WebSocket: only for runs this page follows. */
  function applyAgentUpdate(data: AgentUpdateEvent) {
    const { run_id: runId, ...update } = data
    const run = runs.value[runId]
    if (run) mergeAgentUpdate(run, update)
  }

  /** Ask the server to stop the run; one that had already ended (409) counts as stopped. */
  async function cancel(runId: string) {
    try {
      await chatApi.cancelRun(runId)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 409)) throw err
    }
    const run = runs.value[runId]
    if (run && !isTerminal(run.status)) run.status = 'cancelled'
  }

  function stop(runId: string) {
    const stream = streams.get(runId)
    streams.delete(runId)
    stream?.close()
  }

  /** The conversation is gone: stop following its runs and forget them. */
  function forgetConversation(conversationId: string) {
    for (const run of Object.values(runs.value)) {
      if (run.conversationId !== conversationId) continue
      stop(run.runId)
      delete runs.value[run.runId]
    }
  }

  /** Reopen the streams of unfinished runs (after a network drop or on demand). */
  function reconnectAll() {
    for (const run of activeRuns.value) follow(run.runId)
  }

  function stopAll() {
    for (const runId of [...streams.keys()]) stop(runId)
  }

  return {
    runs,
    activeRuns,
    streaming,
    startRun,
    follow,
    followUnanswered,
    applyRunEvent,
    applyAgentUpdate,
    cancel,
    stop,
    forgetConversation,
    reconnectAll,
    stopAll,
  }
}
