/** Chat shapes and the run's SSE events (SPEC 5). */
import type { Json } from './api'

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed' | 'cancelled' | 'interrupted'
export type AgentStatus = 'queued' | 'processing' | 'completed' | 'failed'
export type Role = 'user' | 'assistant'

export interface TableResult {
  kind: 'table'
  title: string
  columns: string[]
  rows: Json[][]
}
export interface ScalarResult {
  kind: 'scalar'
  name: string
  value: Json
}
export interface ChartResult {
  kind: 'chart'
  title: string
  /** An Apache ECharts option, passed to the chart as is. */
  spec: Record<string, unknown>
}
export interface TextResult {
  kind: 'text'
  text: string
}
/** A generated image (SPEC 12): `url` is served by the API. */
export interface ImageResult {
  kind: 'image'
  title: string
  url: string
  mime: string
}
export type Result = TableResult | ScalarResult | ChartResult | TextResult | ImageResult

export interface PlanStep {
  tool: string
  args: Record<string, unknown>
  [extra: string]: unknown
}

export interface Message {
  id: string
  conversation_id?: string
  role: Role
  content: string
  run_id: string | null
  results: Result[]
  created_at: string
  metadata?: Record<string, unknown>
  [extra: string]: unknown
}

export interface Conversation {
  id: string
  owner_id?: string | null
  visibility?: import('./auth').Visibility
  title: string
  file_ids: string[]
  datasource_ids: string[]
  template_id?: string | null
  assistant_id?: string | null
  created_at: string
  updated_at?: string
  messages?: Message[]
  [extra: string]: unknown
}

export interface ConversationInput {
  title?: string
  file_ids?: string[]
  datasource_ids?: string[]
  template_id?: string
  assistant_id?: string | null
}

export interface SendMessageResponse {
  message_id: string
  run_id: string
  events_url: string
}

export interface RunError {
  code: string
  message: string
}

export interface Run {
  id: string
  conversation_id: string
  message_id?: string | null
  status: RunStatus
  result?: RunCompletedData | null
  error?: RunError | null
  duration_ms?: number | null
  created_at?: string
  [extra: string]: unknown
}

/** `csv`: the result tables (a zip of CSVs); `transcript_csv`: one row per message. */
export type ExportFormat = 'json' | 'md' | 'txt' | 'csv' | 'transcript_csv' | 'pdf'

export type ExportLanguage = 'en' | 'de' | 'zh'

export interface ExportOptions {
  format: ExportFormat
  roles?: 'all' | 'user' | 'assistant'
  timestamps?: boolean
  metadata?: boolean
  /** The PDF's numbers, dates and own words; the server's default is the first question's language. */
  lang?: ExportLanguage
  /** false leaves the charts (tables) out of every format but `csv`. */
  charts?: boolean
  tables?: boolean
  /** `YYYY-MM-DD` (or an ISO time): only the messages from then on; '' or absent: no limit. */
  from?: string
  /** `YYYY-MM-DD` (that whole day included) or an ISO time (exclusive). */
  to?: string
}

// ---- SSE events of a run ----

export interface RunStartedData {
  run_id: string
  conversation_id: string
  agents: string[]
}
/** `agent_update` as the run stores and streams it over SSE (SPEC 5). */
export interface AgentUpdateData {
  agent: string
  status: AgentStatus
  progress: number
  message: string
  /** On an agent's last report: how long it worked, in ms. */
  duration_ms?: number | null
  [extra: string]: unknown
}
/** One agent's step as an answer keeps it (`metadata.trace`, run_completed `trace`). */
export interface TraceStep {
  agent: string
  status: string
  message: string
  duration_ms: number | null
}
/** The same event on the WebSocket (topic `agents`): the stored payload plus `run_id` (SPEC 6). */
export interface AgentUpdateEvent extends AgentUpdateData {
  run_id: string
}
export interface DeltaData {
  text: string
}
/** One reading the agents offer for what was unclear: `label` is shown, `value` is bound. */
export interface ClarificationCandidate {
  label: string
  value: string
}

/** What a run that asked back wants to know (SPEC 5): the open slot, its words, the candidates. */
export interface Clarification {
  slot: 'column' | 'reading' | 'value'
  about: string
  candidates: ClarificationCandidate[]
}

/** The answer to a clarification sent with a message: the run that asked and the chosen value. */
export interface ClarificationChoice {
  run_id: string
  value: string
}

export interface RunCompletedData {
  answer: string
  results: Result[]
  plan: PlanStep[]
  duration_ms: number
  /** The reading of the question, in the question's language (SPEC 5). */
  interpretation?: string
  /** The words of the question that did not become part of the plan. */
  ignored?: string[]
  needs_clarification?: boolean
  candidates?: string[]
  clarification?: Clarification | null
  [extra: string]: unknown
}
export interface RunFailedData {
  error: RunError
}

export interface RunEventMap {
  run_started: RunStartedData
  agent_update: AgentUpdateData
  delta: DeltaData
  result: Result
  run_completed: RunCompletedData
  run_failed: RunFailedData
}
export type RunEventName = keyof RunEventMap

/** One SSE event of a run, as parsed: `id` is the run's sequence number. */
export type RunEvent = {
  [K in RunEventName]: { id: number; event: K; data: RunEventMap[K] }
}[RunEventName]

export const FINAL_RUN_EVENTS: readonly RunEventName[] = ['run_completed', 'run_failed']

/** `GET /api/chat/search` (SPEC 5): every term in the message, in any case; filters. */
export interface ChatSearchQuery {
  q: string
  conversation_id?: string
  role?: Role
  /** ISO date or time, inclusive. */
  from?: string
  /** ISO date (that whole day included) or time (exclusive). */
  to?: string
  page?: number
  per_page?: number
}

/** One hit: `snippet` is plain text; `highlights` are [start, end) offsets in code points. */
export interface ChatSearchHit {
  conversation: { id: string; title: string }
  message: { id: string; role: Role; created_at: string }
  snippet: string
  highlights: Array<[number, number]>
}
