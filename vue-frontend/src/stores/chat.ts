/**
 * The chat store: the conversations and their messages, and sending a question. The runs
 * that answer the questions (followed over SSE, streamed text, results, agents' progress)
 * live in `useChatRuns`, whose state and actions this store hands on as its own.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as chatApi from '@/api/chat'
import { ApiError } from '@/api/client'
import { answeredRunIds, useChatRuns } from '@/composables/useChatRuns'
import type { ClarificationCandidate, ClarificationChoice, Conversation, ConversationInput, Message } from '@/types'

export type { RunState } from './runState'

export const useChatStore = defineStore('chat', () => {
  const conversations = ref<Conversation[]>([])
  const total = ref(0)
  const currentId = ref<string | null>(null)
  const messages = ref<Record<string, Message[]>>({})
  const loading = ref(false)
  const sending = ref(false)
  const error = ref<string | null>(null)
  /** The id in the URL names no conversation (404): the view says so instead of a blank page. */
  const notFound = ref(false)
  const chatRuns = useChatRuns(messages)
  const { runs } = chatRuns

  const current = computed(() => conversations.value.find((c) => c.id === currentId.value) ?? null)
  const currentMessages = computed(() => (currentId.value ? (messages.value[currentId.value] ?? []) : []))

  function fail(err: unknown): never {
    error.value = err instanceof Error ? err.message : String(err)
    throw err
  }

  async function loadConversations(page = 1, perPage = 50) {
    loading.value = true
    error.value = null
    try {
      const result = await chatApi.listConversations({ page, per_page: perPage })
      // the open conversation stays known even when it is not on this page
      const open = conversations.value.find((c) => c.id === currentId.value && !result.items.some((i) => i.id === c.id))
      conversations.value = open && !notFound.value ? [...result.items, open] : result.items
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
    notFound.value = false
    try {
      const conv = await chatApi.getConversation(id)
      upsertConversation(conv)
      const serverMessages = conv.messages ?? []
      // keep the local answers of runs the server has not written an answer for yet
      const answered = answeredRunIds(serverMessages)
      const local = (messages.value[id] ?? []).filter((m) => m.role === 'assistant' && m.run_id && !answered.has(m.run_id))
      messages.value[id] = [...serverMessages, ...local]
      await chatRuns.followUnanswered(id, serverMessages)
    } catch (err) {
      if (err instanceof ApiError && err.status === 404 && currentId.value === id) notFound.value = true
      fail(err)
    } finally {
      loading.value = false
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

  async function renameConversation(id: string, title: string) {
    try {
      upsertConversation(await chatApi.changeConversation(id, { title: title.trim() }))
    } catch (err) {
      fail(err)
    }
  }

  /** Switch the conversation's assistant (null: none): the next questions use it. */
  async function setAssistant(id: string, assistantId: string | null) {
    try {
      const conv = await chatApi.changeConversation(id, { assistant_id: assistantId })
      upsertConversation(conv)
      return conv
    } catch (err) {
      fail(err)
    }
  }

  /**
   * Re-list after a change elsewhere (another tab created, renamed or deleted one): the
   * calls of one burst of events become one request.
   */
  let reloadTimer: ReturnType<typeof setTimeout> | null = null
  function scheduleReload(delayMs = 250) {
    if (reloadTimer) clearTimeout(reloadTimer)
    reloadTimer = setTimeout(() => {
      reloadTimer = null
      void loadConversations().catch(() => undefined)
    }, delayMs)
  }

  async function deleteConversation(id: string) {
    try {
      await chatApi.deleteConversation(id)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) fail(err)
    }
    forget(id)
  }

  /** Drop a conversation that is gone (deleted here or in another tab). */
  function forget(id: string) {
    chatRuns.forgetConversation(id)
    if (conversations.value.some((c) => c.id === id)) total.value = Math.max(0, total.value - 1)
    conversations.value = conversations.value.filter((c) => c.id !== id)
    delete messages.value[id]
    if (currentId.value === id) currentId.value = null
  }

  /**
   * Send a question and follow its run; resolves when the run is started (not finished).
   * With `clarification` the message answers that run's clarification: the server asks the
   * original question again with the chosen value bound (SPEC 5).
   */
  async function sendMessage(
    content: string,
    conversationId: string | null = currentId.value,
    clarification: ClarificationChoice | null = null,
  ) {
    const text = content.trim()
    if (!text) throw new ApiError(422, 'empty_message', 'The message is empty')
    sending.value = true
    error.value = null
    try {
      const convId = conversationId ?? (await createConversation({ title: text.slice(0, 60) }))!.id
      const list = (messages.value[convId] ??= [])
      const now = new Date().toISOString()
      const metadata = clarification ? { clarification } : {}
      list.push({ id: `local-user-${Date.now()}`, role: 'user', content: text, run_id: null, results: [], created_at: now, metadata })
      const local = list[list.length - 1]!
      try {
        const answer = await chatApi.sendMessage(convId, text, clarification ?? undefined)
        local.id = answer.message_id ?? local.id
        local.run_id = answer.run_id
        chatRuns.startRun(convId, answer.run_id, text, null, clarification)
        return answer
      } catch (err) {
        // a refused message was never asked: it does not stay in the conversation
        messages.value[convId] = (messages.value[convId] ?? []).filter((m) => m !== local && m.id !== local.id)
        throw err
      }
    } catch (err) {
      fail(err)
    } finally {
      sending.value = false
    }
  }

  /**
   * Answer the clarification of run `runId` with one of its candidates: the label is what
   * the conversation shows, the value is what the server binds.
   */
  async function answerClarification(runId: string, candidate: ClarificationCandidate) {
    const conversationId = runs.value[runId]?.conversationId ?? conversationOfRun(runId) ?? currentId.value
    return sendMessage(candidate.label, conversationId, { run_id: runId, value: candidate.value })
  }

  function conversationOfRun(runId: string): string | null {
    for (const [id, list] of Object.entries(messages.value)) if (list.some((m) => m.run_id === runId)) return id
    return null
  }

  async function cancel(runId: string) {
    try {
      await chatRuns.cancel(runId)
    } catch (err) {
      fail(err)
    }
  }

  /** Ask the same question again as a new run. */
  async function retry(runId: string) {
    const run = runs.value[runId]
    if (!run) throw new ApiError(404, 'not_found', `Unknown run ${runId}`)
    chatRuns.stop(runId)
    return sendMessage(run.question, run.conversationId, run.choice)
  }

  return {
    conversations,
    total,
    currentId,
    current,
    messages,
    currentMessages,
    runs,
    activeRuns: chatRuns.activeRuns,
    streaming: chatRuns.streaming,
    loading,
    sending,
    error,
    notFound,
    loadConversations,
    scheduleReload,
    renameConversation,
    forget,
    openConversation,
    createConversation,
    setAssistant,
    deleteConversation,
    sendMessage,
    answerClarification,
    startRun: chatRuns.startRun,
    follow: chatRuns.follow,
    applyRunEvent: chatRuns.applyRunEvent,
    applyAgentUpdate: chatRuns.applyAgentUpdate,
    cancel,
    retry,
    reconnectAll: chatRuns.reconnectAll,
    stopAll: chatRuns.stopAll,
    exportUrl: chatApi.exportUrl,
  }
})
