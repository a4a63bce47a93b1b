/**
 * A chat run as the UI knows it, and how each of its SSE events (SPEC 5) changes it and
 * the assistant message it writes into. Plain functions over plain objects: no Vue, no
 * network, so the rules (progress never goes back, a cancelled run stays cancelled) are
 * tested on their own.
 */
import type { EventStreamStatus, StreamEvent } from '@/composables/useEventStream'
import type {
  AgentUpdateData,
  Clarification,
  ClarificationChoice,
  Message,
  PlanStep,
  Result,
  RunCompletedData,
  RunError,
  RunEventMap,
  RunEventName,
  RunStatus,
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
  /** What the run asks back, when it could not tell what the question means. */
  clarification: Clarification | null
  interpretation: string
  ignored: string[]
  /** The clarification this run's question answered, sent again by a retry. */
  choice: ClarificationChoice | null
  durationMs: number | null
}

/** The run's clarification: its own, or one built from the older `candidates` list. */
export function clarificationOf(data: Pick<RunCompletedData, 'needs_clarification' | 'candidates' | 'clarification'>): Clarification | null {
  if (data.clarification) return data.clarification
  if (!data.needs_clarification) return null
  return { slot: 'column', about: '', candidates: (data.candidates ?? []).map((c) => ({ label: c, value: c })) }
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'interrupted'])

/** A run in one of these states gets no more events. */
export function isTerminal(status: RunStatus): boolean {
  return TERMINAL.has(status)
}

/** The id of the local assistant message a run writes into. */
export const runMessageId = (runId: string): string => `run-${runId}`

export function newRunState(
  conversationId: string,
  runId: string,
  question: string,
  lastEventId: string | null = null,
  choice: ClarificationChoice | null = null,
): RunState {
  return {
    runId,
    conversationId,
    messageId: runMessageId(runId),
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
    clarification: null,
    interpretation: '',
    ignored: [],
    choice,
    durationMs: null,
  }
}

/** The empty assistant message shown while the run streams its answer. */
export function placeholderMessage(runId: string): Message {
  return {
    id: runMessageId(runId),
    role: 'assistant',
    content: '',
    run_id: runId,
    results: [],
    created_at: new Date().toISOString(),
    metadata: { plan: [], streaming: true },
  }
}

/** Agent progress: the stored `agent_update` payload, from the run's SSE stream or (without its
 *  `run_id`) from the WebSocket's copy of the same event. */
export function mergeAgentUpdate(run: RunState, data: AgentUpdateData): void {
  const before = run.agents[data.agent]
  // never move progress backwards when the two channels interleave
  if (before && before.status === 'completed' && data.status !== 'failed') return
  run.agents[data.agent] = { ...before, ...data, progress: Math.max(data.progress ?? 0, data.status === 'completed' ? 100 : 0) }
}

/** The final answer (from `run_completed` or the stored run): the message shows it in full. */
export function completeRun(run: RunState, data: RunCompletedData, message?: Message): void {
  run.status = 'completed'
  run.answer = data.answer ?? run.text
  run.results = data.results ?? run.results
  run.plan = data.plan ?? []
  run.durationMs = data.duration_ms ?? null
  run.needsClarification = !!data.needs_clarification
  run.candidates = data.candidates ?? []
  run.clarification = clarificationOf(data)
  run.interpretation = data.interpretation ?? ''
  run.ignored = data.ignored ?? []
  if (!message) return
  message.content = run.answer
  message.results = run.results
  message.metadata = {
    ...message.metadata,
    plan: run.plan,
    streaming: false,
    duration_ms: run.durationMs,
    needs_clarification: run.needsClarification,
    candidates: run.candidates,
    clarification: run.clarification,
    interpretation: run.interpretation,
    ignored: run.ignored,
  }
}

type TypedRunEvent = { [K in RunEventName]: { event: K; data: RunEventMap[K] } }[RunEventName]

/** Apply one SSE event of the run; unknown event names are ignored. */
export function applyRunEvent(run: RunState, e: StreamEvent, message?: Message): void {
  if (e.id !== null) run.lastEventId = String(e.id)
  const ev = { event: e.event, data: e.data } as TypedRunEvent
  switch (ev.event) {
    case 'run_started':
      // Stored with the run while it is still queued: its first agent_update starts it.
      for (const agent of ev.data.agents ?? []) run.agents[agent] ??= { agent, status: 'queued', progress: 0, message: '' }
      break
    case 'agent_update':
      mergeAgentUpdate(run, ev.data)
      if (run.status === 'queued') run.status = 'running'
      break
    case 'delta':
      run.text += ev.data.text ?? ''
      if (message) message.content = run.text
      break
    case 'result':
      run.results = [...run.results, ev.data]
      if (message) message.results = run.results
      break
    case 'run_completed':
      completeRun(run, ev.data, message)
      break
    case 'run_failed':
      run.status = run.status === 'cancelled' ? 'cancelled' : 'failed'
      run.error = ev.data.error ?? { code: 'run_failed', message: 'The run failed' }
      if (message) message.metadata = { ...message.metadata, streaming: false, error: run.error }
      break
    default:
      break
  }
}
