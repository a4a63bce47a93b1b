// @vitest-environment node
// Answering a clarification (SPEC 5): the chip sends its label and the choice, never a
// question rebuilt from the old one; the same after a reload, where the state comes only
// from the stored messages.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useChatStore } from '@/stores/chat'
import { completeRun, newRunState, placeholderMessage } from '@/stores/runState'
import { apiError, controlledSse, json, mockFetch, sseEvent } from './helpers'

const conversation = { id: 'c1', title: 'Penguins', file_ids: ['f1'], datasource_ids: [], created_at: '2026-01-01T00:00:00Z' }
const clarification = {
  slot: 'column',
  about: 'length',
  candidates: [
    { label: 'bill length', value: 'bill_length_mm' },
    { label: 'flipper length', value: 'flipper_length_mm' },
  ],
}
const asked = {
  answer: '“length” could mean more than one column.',
  results: [],
  plan: [],
  duration_ms: 4,
  interpretation: '',
  ignored: ['length'],
  needs_clarification: true,
  candidates: ['bill length', 'flipper length'],
  clarification,
}
/** The conversation as GET returns it after a reload: the question and its clarification. */
const stored = {
  ...conversation,
  messages: [
    { id: 'm1', role: 'user', content: 'average length by species', run_id: 'r1', results: [], metadata: {}, created_at: '' },
    { id: 'm2', role: 'assistant', content: asked.answer, run_id: 'r1', results: [], metadata: { ...asked }, created_at: '' },
  ],
}

interface Call {
  url: string
  method: string
  body: unknown
}

function server(options: { refuse?: boolean; replying?: boolean } = {}) {
  const calls: Call[] = []
  const streams = new Map<string, ReturnType<typeof controlledSse>>()
  mockFetch((url, init) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, body: init.body ? JSON.parse(String(init.body)) : undefined })
    if (url === '/api/chat/conversations/c1' && method === 'GET') {
      if (!options.replying) return json(stored)
      const choice = { run_id: 'r1', slot: 'column', about: 'length', value: 'flipper_length_mm' }
      const reply = { id: 'm3', role: 'user', content: 'flipper length', run_id: 'r2', results: [], metadata: { clarification: choice }, created_at: '' }
      return json({ ...stored, messages: [...stored.messages, reply] })
    }
    if (url === '/api/chat/runs/r2' && method === 'GET') return json({ id: 'r2', conversation_id: 'c1', status: 'running' })
    if (url === '/api/chat/conversations/c1/messages') {
      if (options.refuse) return apiError(409, 'no_pending_clarification')
      const n = calls.filter((c) => c.url.endsWith('/messages')).length
      return json({ message_id: `m${n + 2}`, run_id: `r${n + 1}`, events_url: '' }, 202)
    }
    const events = /^\/api\/chat\/runs\/(\w+)\/events$/.exec(url)
    if (events) {
      const sse = controlledSse()
      streams.set(events[1]!, sse)
      return sse.response
    }
    return apiError(404, 'not_found')
  })
  return { calls, streams, posted: () => calls.filter((c) => c.url.endsWith('/messages')).map((c) => c.body) }
}

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => {
  useChatStore().stopAll()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('answering a clarification', () => {
  it('after a reload, a chip sends its label with the run and the value', async () => {
    const { posted } = server()
    const chat = useChatStore()
    await chat.openConversation('c1')
    const answer = chat.currentMessages.find((m) => m.id === 'm2')!
    expect(answer.metadata?.clarification).toEqual(clarification)
    await chat.answerClarification('r1', clarification.candidates[1]!)
    expect(posted()).toEqual([{ content: 'flipper length', clarification: { run_id: 'r1', value: 'flipper_length_mm' } }])
    const user = chat.currentMessages.find((m) => m.id === 'm3')!
    expect(user).toMatchObject({ role: 'user', content: 'flipper length', run_id: 'r2' })
    expect(chat.runs.r2).toMatchObject({ conversationId: 'c1', choice: { run_id: 'r1', value: 'flipper_length_mm' } })
  })

  it('the answer of the original question streams in with its reading', async () => {
    const { streams } = server()
    const chat = useChatStore()
    await chat.openConversation('c1')
    await chat.answerClarification('r1', clarification.candidates[1]!)
    await vi.advanceTimersByTimeAsync(0)
    const done = { answer: 'Mean flipper length by species.', results: [], plan: [], duration_ms: 5, interpretation: 'Read as: mean of flipper_length_mm by species', ignored: [], clarification: null }
    streams.get('r2')!.push(sseEvent(1, 'run_completed', done))
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r2).toMatchObject({ status: 'completed', clarification: null, interpretation: done.interpretation })
    const message = chat.currentMessages.find((m) => m.run_id === 'r2' && m.role === 'assistant')!
    expect(message.metadata).toMatchObject({ interpretation: done.interpretation, ignored: [], clarification: null })
  })

  it('a retry of the answer sends the same choice again', async () => {
    const { streams, posted } = server()
    const chat = useChatStore()
    await chat.openConversation('c1')
    await chat.answerClarification('r1', clarification.candidates[0]!)
    await vi.advanceTimersByTimeAsync(0)
    streams.get('r2')!.push(sseEvent(1, 'run_failed', { error: { code: 'boom', message: 'failed' } }))
    await vi.advanceTimersByTimeAsync(0)
    await chat.retry('r2')
    const choice = { content: 'bill length', clarification: { run_id: 'r1', value: 'bill_length_mm' } }
    expect(posted()).toEqual([choice, choice])
  })

  it('a reply still running at a reload is followed with its choice', async () => {
    server({ replying: true })
    const chat = useChatStore()
    await chat.openConversation('c1')
    expect(chat.runs.r2).toMatchObject({ status: 'queued', choice: { run_id: 'r1', value: 'flipper_length_mm' } })
  })

  it('a refused answer surfaces the error and leaves no message behind', async () => {
    server({ refuse: true })
    const chat = useChatStore()
    await chat.openConversation('c1')
    await expect(chat.answerClarification('r1', clarification.candidates[0]!)).rejects.toMatchObject({
      status: 409,
      code: 'no_pending_clarification',
    })
    expect(chat.currentMessages.map((m) => m.id)).toEqual(['m1', 'm2'])
  })

  it('a plain question sends no clarification', async () => {
    const { posted } = server()
    const chat = useChatStore()
    await chat.openConversation('c1')
    await chat.sendMessage('how many rows')
    expect(posted()).toEqual([{ content: 'how many rows' }])
  })
})

describe('completeRun', () => {
  it('keeps the clarification, the reading and the ignored words on the run and its message', () => {
    const run = newRunState('c1', 'r1', 'q')
    const message = placeholderMessage('r1')
    completeRun(run, asked as never, message)
    expect(run).toMatchObject({ clarification, interpretation: '', ignored: ['length'], needsClarification: true })
    expect(message.metadata).toMatchObject({ clarification, ignored: ['length'] })
  })

  it('builds the clarification from the candidates of a server that sends none', () => {
    const run = newRunState('c1', 'r1', 'q')
    completeRun(run, { answer: '?', results: [], plan: [], duration_ms: 1, needs_clarification: true, candidates: ['a'] })
    expect(run.clarification).toEqual({ slot: 'column', about: '', candidates: [{ label: 'a', value: 'a' }] })
    completeRun(run, { answer: '42', results: [], plan: [], duration_ms: 1 })
    expect(run.clarification).toBeNull()
  })
})
