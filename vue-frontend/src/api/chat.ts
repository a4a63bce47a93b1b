import { apiUrl, request } from './client'
import type { ChatSearchHit, ChatSearchQuery, ClarificationChoice, Conversation, ConversationInput, ExportOptions, Page, PageQuery, Run, SendMessageResponse } from '@/types'

const base = '/api/chat'
const conv = (id: string) => `${base}/conversations/${encodeURIComponent(id)}`
const run = (id: string) => `${base}/runs/${encodeURIComponent(id)}`

export const listConversations = (query: PageQuery = {}, signal?: AbortSignal) =>
  request<Page<Conversation>>(`${base}/conversations`, { query: { ...query }, signal })

/** Full-text search over the messages of every conversation the user may read. */
export const searchMessages = (query: ChatSearchQuery, signal?: AbortSignal) =>
  request<Page<ChatSearchHit>>(`${base}/search`, { query: { ...query }, signal })

export const getConversation = (id: string, signal?: AbortSignal) => request<Conversation>(conv(id), { signal })

export const createConversation = (input: ConversationInput = {}) =>
  request<Conversation>(`${base}/conversations`, { method: 'POST', body: input })

/** Switch a conversation's assistant (null: none) or rename it (SPEC 12). */
export const changeConversation = (id: string, change: { assistant_id?: string | null; title?: string }) =>
  request<Conversation>(conv(id), { method: 'PATCH', body: change })

export const deleteConversation = (id: string) => request<void>(conv(id), { method: 'DELETE' })

/** Ask a question; with `clarification` the message answers that run's clarification (SPEC 5). */
export const sendMessage = (conversationId: string, content: string, clarification?: ClarificationChoice) =>
  request<SendMessageResponse>(`${conv(conversationId)}/messages`, {
    method: 'POST',
    body: clarification ? { content, clarification } : { content },
  })

export const getRun = (runId: string, signal?: AbortSignal) => request<Run>(run(runId), { signal })

export const cancelRun = (runId: string) => request<Run | { status: string }>(`${run(runId)}/cancel`, { method: 'POST' })

/** The run's SSE stream; followed with fetch so that `Last-Event-ID` can be sent. */
export const runEventsUrl = (runId: string) => apiUrl(`${run(runId)}/events`)

export const batchQuestions = (conversationId: string, questions: string[]) =>
  request<{ runs: SendMessageResponse[] } & Record<string, unknown>>(`${base}/batch`, {
    method: 'POST',
    body: { conversation_id: conversationId, questions },
  })

export const exportUrl = (conversationId: string, options: ExportOptions) =>
  apiUrl(`${conv(conversationId)}/export`, {
    format: options.format,
    roles: options.roles,
    timestamps: options.timestamps,
    metadata: options.metadata,
    lang: options.lang,
    charts: options.charts,
    tables: options.tables,
    from: options.from || undefined,
    to: options.to || undefined,
  })
