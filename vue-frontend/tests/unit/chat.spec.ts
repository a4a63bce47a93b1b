// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useChatStore } from '@/stores/chat'
import { apiError, controlledSse, json, mockFetch, sseEvent } from './helpers'

const conversation = { id: 'c1', title: 'Sales', file_ids: [], datasource_ids: [], created_at: '2026-01-01T00:00:00Z' }
const table = { kind: 'table', title: 'Top', columns: ['region', 'total'], rows: [['north', 10]] }
const chart = { kind: 'chart', title: 'Totals', spec: { series: [] } }

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
  vi.spyOn(Math, 'random').mockReturnValue(0)
})
afterEach(() => {
  useChatStore().stopAll()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

/** The API of SPEC 5 with one run whose SSE streams are handed out in order. */
function server(streams: Array<ReturnType<typeof controlledSse>>) {
  const calls: Array<{ url: string; method: string; lastEventId?: string }> = []
  const fetch = mockFetch((url, init) => {
    const method = init.method ?? 'GET'
    calls.push({ url, method, lastEventId: (init.headers as Record<string, string>)?.['Last-Event-ID'] })
    if (url === '/api/chat/conversations' && method === 'POST') return json(conversation, 201)
    if (url === '/api/chat/conversations/c1/messages') return json({ message_id: 'm1', run_id: 'r1', events_url: '/api/chat/runs/r1/events' }, 202)
    if (url === '/api/chat/runs/r1/events') return streams.shift()!.response
    if (url === '/api/chat/runs/r1/cancel') return json({ status: 'cancelled' })
    if (url === '/api/chat/runs/r1') return json({ id: 'r1', conversation_id: 'c1', status: 'failed', error: { code: 'x', message: 'gone' } })
    return apiError(404, 'not_found')
  })
  return { fetch, calls }
}

/** A question whose first stream delivered events 1 and 2 ('a', 'b'); `second` is the next stream. */
async function askAndReceiveTwoDeltas() {
  const first = controlledSse()
  const second = controlledSse()
  const { calls } = server([first, second])
  const chat = useChatStore()
  await chat.createConversation()
  await chat.sendMessage('q')
  await vi.advanceTimersByTimeAsync(0)
  first.push(sseEvent(1, 'delta', { text: 'a' }) + sseEvent(2, 'delta', { text: 'b' }))
  await vi.advanceTimersByTimeAsync(0)
  return { first, second, calls, chat }
}

describe('chat store', () => {
  it('sends a message and appends the streamed answer as it arrives', async () => {
    const sse = controlledSse()
    server([sse])
    const chat = useChatStore()
    await chat.createConversation({ title: 'Sales' })
    await chat.sendMessage('top regions?')
    await vi.advanceTimersByTimeAsync(0)
    const assistant = () => chat.currentMessages.find((m) => m.role === 'assistant')!
    expect(chat.currentMessages[0]).toMatchObject({ role: 'user', content: 'top regions?', id: 'm1', run_id: 'r1' })
    expect(chat.runs.r1!.streamStatus).toBe('open')
    expect(chat.streaming).toBe(true)

    sse.push(sseEvent(1, 'run_started', { run_id: 'r1', conversation_id: 'c1', agents: ['planner', 'analyst'] }))
    sse.push(sseEvent(2, 'agent_update', { agent: 'planner', status: 'processing', progress: 50, message: 'planning' }))
    sse.push(sseEvent(3, 'delta', { text: 'North ' }).slice(0, 25)) // half an event
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1!.status).toBe('running')
    expect(chat.runs.r1!.agents.planner).toMatchObject({ progress: 50, status: 'processing' })
    expect(chat.runs.r1!.agents.analyst).toMatchObject({ status: 'queued' })
    expect(assistant().content).toBe('')

    sse.push(sseEvent(3, 'delta', { text: 'North ' }).slice(25))
    await vi.advanceTimersByTimeAsync(0)
    expect(assistant().content).toBe('North ')
    sse.push(sseEvent(4, 'delta', { text: 'leads.' }) + sseEvent(5, 'result', table) + sseEvent(6, 'result', chart))
    await vi.advanceTimersByTimeAsync(0)
    expect(assistant().content).toBe('North leads.')
    expect(assistant().results.map((r) => r.kind)).toEqual(['table', 'chart'])

    const plan = [{ tool: 'group_aggregate', args: { by: 'region' } }]
    sse.push(sseEvent(7, 'run_completed', { answer: '**North** leads.', results: [table, chart], plan, duration_ms: 12 }))
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1!.status).toBe('completed')
    expect(assistant().content).toBe('**North** leads.')
    expect(assistant().metadata).toMatchObject({ plan, streaming: false, duration_ms: 12 })
    expect(chat.activeRuns).toEqual([])
    expect(chat.runs.r1!.streamStatus).toBe('closed')
  })

  it('reopening a conversation follows a run still going and keeps answered ones', async () => {
    const sse = controlledSse()
    const calls: string[] = []
    mockFetch((url) => {
      calls.push(url)
      if (url === '/api/chat/conversations/c1')
        return json({
          ...conversation,
          messages: [
            { id: 'u1', role: 'user', content: 'first?', run_id: 'r0', results: [], created_at: '' },
            { id: 'a1', role: 'assistant', content: 'done', run_id: 'r0', results: [], created_at: '' },
            { id: 'u2', role: 'user', content: 'second?', run_id: 'r1', results: [], created_at: '' },
          ],
        })
      if (url === '/api/chat/runs/r1') return json({ id: 'r1', conversation_id: 'c1', status: 'running' })
      if (url === '/api/chat/runs/r1/events') return sse.response
      return apiError(404, 'not_found')
    })
    const chat = useChatStore()
    await chat.openConversation('c1')
    await vi.advanceTimersByTimeAsync(0)
    expect(calls).not.toContain('/api/chat/runs/r0')
    sse.push(sseEvent(1, 'delta', { text: 'partial' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.currentMessages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'first?'],
      ['assistant', 'done'],
      ['user', 'second?'],
      ['assistant', 'partial'],
    ])
  })

  it('resumes a dropped stream with Last-Event-ID and shows no piece twice', async () => {
    const { first, second, calls, chat } = await askAndReceiveTwoDeltas()
    first.fail()
    await vi.advanceTimersByTimeAsync(500)
    // the server replays event 2 again before going on
    second.push(sseEvent(2, 'delta', { text: 'b' }) + sseEvent(3, 'delta', { text: 'c' }) + sseEvent(4, 'run_completed', { answer: 'abc', results: [], plan: [], duration_ms: 1 }))
    await vi.advanceTimersByTimeAsync(0)
    const events = calls.filter((c) => c.url.endsWith('/events'))
    expect(events.map((c) => c.lastEventId)).toEqual([undefined, '2'])
    expect(chat.runs.r1!.text).toBe('abc')
    expect(chat.runs.r1!.status).toBe('completed')
  })

  it('cancel asks the server and marks the run cancelled', async () => {
    const sse = controlledSse()
    const { calls } = server([sse])
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('q')
    await chat.cancel('r1')
    expect(calls).toContainEqual(expect.objectContaining({ url: '/api/chat/runs/r1/cancel', method: 'POST' }))
    expect(chat.runs.r1!.status).toBe('cancelled')
    sse.push(sseEvent(1, 'run_failed', { error: { code: 'cancelled', message: 'Cancelled' } }))
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1!.status).toBe('cancelled')
  })

  it('retry sends the same question again as a new run', async () => {
    const sse = controlledSse()
    const { calls } = server([sse, controlledSse()])
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('how many rows?')
    sse.push(sseEvent(1, 'run_failed', { error: { code: 'boom', message: 'failed' } }))
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1!.status).toBe('failed')
    await chat.retry('r1')
    expect(calls.filter((c) => c.url.endsWith('/messages'))).toHaveLength(2)
    expect(chat.currentMessages.filter((m) => m.role === 'user').map((m) => m.content)).toEqual(['how many rows?', 'how many rows?'])
  })

  it('agent updates from the WebSocket never move a finished agent back', async () => {
    server([controlledSse()])
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('q')
    chat.applyAgentUpdate({ run_id: 'r1', agent: 'analyst', status: 'completed', progress: 100, message: '' })
    chat.applyAgentUpdate({ run_id: 'r1', agent: 'analyst', status: 'processing', progress: 60, message: '' })
    expect(chat.runs.r1!.agents.analyst).toMatchObject({ status: 'completed', progress: 100 })
    chat.applyAgentUpdate({ run_id: 'unknown', agent: 'x', status: 'processing', progress: 1, message: '' })
    expect(Object.keys(chat.runs)).toEqual(['r1'])
  })

  it('an empty message is refused without a request', async () => {
    const { fetch } = server([])
    const chat = useChatStore()
    await expect(chat.sendMessage('   ', 'c1')).rejects.toMatchObject({ code: 'empty_message' })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a run whose stream is refused takes its end from the server, and its message stops streaming', async () => {
    mockFetch((url) => {
      if (url === '/api/chat/conversations' || url === '/api/chat/conversations/c1/messages')
        return url.endsWith('messages') ? json({ message_id: 'm1', run_id: 'r1', events_url: '' }, 202) : json(conversation, 201)
      if (url === '/api/chat/runs/r1/events') return apiError(404, 'not_found')
      if (url === '/api/chat/runs/r1') return json({ id: 'r1', conversation_id: 'c1', status: 'failed', error: { code: 'x', message: 'gone' } })
      return apiError(404, 'not_found')
    })
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('q')
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1).toMatchObject({ status: 'failed', error: { code: 'x', message: 'gone' }, streamStatus: 'error' })
    expect(chat.currentMessages.find((m) => m.role === 'assistant')!.metadata).toMatchObject({ streaming: false, error: { code: 'x' } })
    expect(chat.activeRuns).toEqual([])
  })

  it('a run the server cannot report on keeps the stream error and can be followed again', async () => {
    const sse = controlledSse()
    let refuse = true
    mockFetch((url) => {
      if (url === '/api/chat/conversations') return json(conversation, 201)
      if (url === '/api/chat/conversations/c1/messages') return json({ message_id: 'm1', run_id: 'r1', events_url: '' }, 202)
      if (url === '/api/chat/runs/r1/events') return refuse ? apiError(403, 'forbidden') : sse.response
      return apiError(500, 'internal_error')
    })
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('q')
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1).toMatchObject({ status: 'queued', error: { code: 'forbidden' }, streamStatus: 'error' })
    expect(chat.activeRuns.map((r) => r.runId)).toEqual(['r1'])
    refuse = false
    chat.reconnectAll()
    await vi.advanceTimersByTimeAsync(0)
    sse.push(sseEvent(1, 'delta', { text: 'back' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.runs.r1!.streamStatus).toBe('open')
    expect(chat.currentMessages.find((m) => m.role === 'assistant')!.content).toBe('back')
  })

  it('reconnectAll follows the unfinished runs again from their last event', async () => {
    const { second, calls, chat } = await askAndReceiveTwoDeltas()
    chat.reconnectAll()
    await vi.advanceTimersByTimeAsync(0)
    second.push(sseEvent(2, 'delta', { text: 'b' }) + sseEvent(3, 'run_completed', { answer: 'ab!', results: [], plan: [], duration_ms: 1 }))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.filter((c) => c.url.endsWith('/events')).map((c) => c.lastEventId)).toEqual([undefined, '2'])
    expect(chat.runs.r1!.text).toBe('ab')
    expect(chat.runs.r1!.status).toBe('completed')
    chat.reconnectAll()
    expect(calls.filter((c) => c.url.endsWith('/events'))).toHaveLength(2)
  })

  it('deleting a conversation stops and forgets its runs; an already deleted one is fine', async () => {
    const sse = controlledSse()
    const { calls } = server([sse])
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('q')
    await vi.advanceTimersByTimeAsync(0)
    expect(chat.streaming).toBe(true)
    await chat.deleteConversation('c1')
    expect(calls).toContainEqual(expect.objectContaining({ url: '/api/chat/conversations/c1', method: 'DELETE' }))
    expect(chat.runs).toEqual({})
    expect(chat.streaming).toBe(false)
    expect(chat.conversations).toEqual([])
    expect(chat.currentId).toBeNull()
    expect(chat.messages.c1).toBeUndefined()
    // its stream was cancelled: nothing more can arrive
    expect(() => sse.push(sseEvent(1, 'delta', { text: 'late' }))).toThrow()
  })

  it('a failing delete surfaces the error and keeps the conversation', async () => {
    mockFetch((url, init) => {
      if (url === '/api/chat/conversations' && init.method === 'POST') return json(conversation, 201)
      return apiError(500, 'internal_error')
    })
    const chat = useChatStore()
    await chat.createConversation()
    await expect(chat.deleteConversation('c1')).rejects.toMatchObject({ status: 500 })
    expect(chat.error).toBe('internal_error happened')
    expect(chat.conversations.map((c) => c.id)).toEqual(['c1'])
  })

  it('cancelling a run that already ended (409) is no error; another failure is', async () => {
    let status = 409
    mockFetch((url) => {
      if (url === '/api/chat/conversations') return json(conversation, 201)
      if (url === '/api/chat/conversations/c1/messages') return json({ message_id: 'm1', run_id: 'r1', events_url: '' }, 202)
      if (url === '/api/chat/runs/r1/events') return controlledSse().response
      if (url === '/api/chat/runs/r1/cancel') return apiError(status, 'conflict')
      return apiError(404, 'not_found')
    })
    const chat = useChatStore()
    await chat.createConversation()
    await chat.sendMessage('q')
    status = 500
    await expect(chat.cancel('r1')).rejects.toMatchObject({ status: 500 })
    expect(chat.error).toBe('conflict happened')
    expect(chat.runs.r1!.status).toBe('queued')
    status = 409
    await chat.cancel('r1')
    expect(chat.runs.r1!.status).toBe('cancelled')
  })

  it('retrying an unknown run is refused', async () => {
    const { fetch } = server([])
    await expect(useChatStore().retry('nope')).rejects.toMatchObject({ status: 404, code: 'not_found' })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('reopening a conversation leaves finished and unknown runs alone', async () => {
    const calls: string[] = []
    mockFetch((url) => {
      calls.push(url)
      if (url === '/api/chat/conversations/c1')
        return json({
          ...conversation,
          messages: [
            { id: 'u1', role: 'user', content: 'done?', run_id: 'r0', results: [], created_at: '' },
            { id: 'u2', role: 'user', content: 'lost?', run_id: 'r9', results: [], created_at: '' },
          ],
        })
      if (url === '/api/chat/runs/r0') return json({ id: 'r0', conversation_id: 'c1', status: 'completed' })
      return apiError(404, 'not_found')
    })
    const chat = useChatStore()
    await chat.openConversation('c1')
    expect(calls).toEqual(['/api/chat/conversations/c1', '/api/chat/runs/r0', '/api/chat/runs/r9'])
    expect(chat.runs).toEqual({})
    expect(chat.currentMessages.map((m) => m.id)).toEqual(['u1', 'u2'])
    expect(chat.error).toBeNull()
  })

  it('startRun with a last event id resumes the answer the message already shows', async () => {
    const { second, calls, chat } = await askAndReceiveTwoDeltas()
    chat.startRun('c1', 'r1', 'q', '2')
    await vi.advanceTimersByTimeAsync(0)
    second.push(sseEvent(3, 'delta', { text: 'c' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(calls.filter((c) => c.url.endsWith('/events')).map((c) => c.lastEventId)).toEqual([undefined, '2'])
    expect(chat.currentMessages.filter((m) => m.role === 'assistant').map((m) => m.content)).toEqual(['abc'])
    expect(chat.runs.r1!.text).toBe('abc')
  })

  it('a failing send surfaces the API error', async () => {
    mockFetch(() => apiError(422, 'validation_error'))
    const chat = useChatStore()
    await expect(chat.sendMessage('q', 'c1')).rejects.toMatchObject({ status: 422 })
    expect(chat.error).toBe('validation_error happened')
  })
})
