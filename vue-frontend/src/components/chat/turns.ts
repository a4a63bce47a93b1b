/** Turns a stored message (and the live run that writes it, if any) into what ChatMessage shows. */
import type { AgentUpdateData, Clarification, Message, PlanStep, Result, RunError, RunStatus, TraceStep } from '@/types'
import { clarificationOf } from '@/stores/runState'
import type { AgentRow } from '@/components/realtime/AgentList.vue'
import type { ChatTurn } from './ChatMessage.vue'

/** The parts of the chat store's RunState a turn needs. */
export interface RunView {
  status: RunStatus
  agents: Record<string, AgentUpdateData>
  plan: PlanStep[]
  results: Result[]
  error: RunError | null
  needsClarification: boolean
  candidates: string[]
  clarification: Clarification | null
  interpretation: string
  ignored: string[]
  durationMs: number | null
}

const TERMINAL = new Set<string>(['completed', 'failed', 'cancelled', 'interrupted'])

function meta<T>(message: Message, key: string): T | undefined {
  return (message.metadata as Record<string, unknown> | undefined)?.[key] as T | undefined
}

export function toTurn(message: Message, run: RunView | undefined): ChatTurn {
  if (message.role === 'user') return { id: message.id, role: 'user', content: message.content }
  const done = run !== undefined && TERMINAL.has(run.status)
  // stored answers (after a reload) carry the same fields in their metadata
  const clarification = done
    ? run.clarification
    : clarificationOf({
        clarification: meta<Clarification | null>(message, 'clarification'),
        needs_clarification: meta<boolean>(message, 'needs_clarification'),
        candidates: meta<string[]>(message, 'candidates'),
      })
  const agents: AgentRow[] = Object.values(run?.agents ?? {}).map((a) => ({
    key: a.agent,
    agent: a.agent,
    status: a.status,
    progress: a.progress ?? 0,
    message: a.message,
  }))
  const status = run?.status ?? meta<string>(message, 'status') ?? 'completed'
  // the stored trace once the answer is written; until then the live agents' reports
  const stored = meta<TraceStep[]>(message, 'trace')
  const trace: TraceStep[] = stored?.length
    ? stored
    : Object.values(run?.agents ?? {}).map((a) => ({ agent: a.agent, status: a.status, message: a.message, duration_ms: a.duration_ms ?? null }))
  const error = run?.error ?? meta<RunError>(message, 'error') ?? null
  return {
    id: message.id,
    role: 'assistant',
    content: message.content,
    status,
    streaming: run ? !TERMINAL.has(run.status) : false,
    agents,
    trace,
    results: message.results?.length ? message.results : (run?.results ?? []),
    plan: run?.plan.length ? run.plan : (meta<PlanStep[]>(message, 'plan') ?? []),
    needsClarification: run?.needsClarification || Boolean(meta<boolean>(message, 'needs_clarification')),
    candidates: run?.candidates.length ? run.candidates : (meta<string[]>(message, 'candidates') ?? []),
    clarification,
    interpretation: (done ? run.interpretation : meta<string>(message, 'interpretation')) ?? '',
    ignored: (done ? run.ignored : meta<string[]>(message, 'ignored')) ?? [],
    runId: message.run_id,
    error: error && status !== 'completed' ? error.message : null,
    durationMs: run?.durationMs ?? meta<number>(message, 'duration_ms') ?? null,
  }
}

/** The SSE side of the connection badge: streaming while any run's stream is open. */
export function sseState(streamStatuses: string[]): string {
  if (streamStatuses.includes('open')) return 'streaming'
  if (streamStatuses.includes('reconnecting')) return 'reconnecting'
  if (streamStatuses.includes('connecting')) return 'connecting'
  if (streamStatuses.includes('error')) return 'error'
  return 'idle'
}
