// @vitest-environment node
// Conversations: renaming, an unknown id, and re-listing after changes made elsewhere.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useChatStore } from '@/stores/chat'
import { nearBottom } from '@/composables/useStickToBottom'
import { toTurn } from '@/components/chat/turns'
import { apiError, json, mockFetch } from './helpers'

const c1 = { id: 'c1', title: '', file_ids: [], datasource_ids: [], created_at: '2026-01-01T00:00:00Z' }
const c2 = { id: 'c2', title: 'Older', file_ids: [], datasource_ids: [], created_at: '2025-01-01T00:00:00Z' }

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('conversations', () => {
  it('renames through PATCH and shows the new name in the list', async () => {
    const bodies: unknown[] = []
    mockFetch((url, init) => {
      if (url.startsWith('/api/chat/conversations?')) return json({ items: [c1, c2], total: 2, page: 1, per_page: 50, pages: 1 })
      if (url === '/api/chat/conversations/c1' && init.method === 'PATCH') {
        bodies.push(JSON.parse(String(init.body)))
        return json({ ...c1, title: 'Prices by island' })
      }
      return apiError(404, 'not_found')
    })
    const chat = useChatStore()
    await chat.loadConversations()
    await chat.renameConversation('c1', '  Prices by island ')
    expect(bodies).toEqual([{ title: 'Prices by island' }])
    expect(chat.conversations.map((c) => c.title)).toEqual(['Prices by island', 'Older'])
  })

  it('knows an unknown conversation id as not found, and forgets it on the next open', async () => {
    mockFetch((url) => (url === '/api/chat/conversations/c1' ? json({ ...c1, messages: [] }) : apiError(404, 'not_found')))
    const chat = useChatStore()
    await expect(chat.openConversation('nope')).rejects.toThrow()
    expect(chat.notFound).toBe(true)
    await chat.openConversation('c1')
    expect(chat.notFound).toBe(false)
    expect(chat.current?.id).toBe('c1')
  })

  it('re-lists once for a burst of changes, and drops a conversation deleted elsewhere', async () => {
    let lists = 0
    mockFetch((url) => {
      if (url.startsWith('/api/chat/conversations?')) {
        lists += 1
        return json({ items: lists === 1 ? [c1, c2] : [c2], total: lists === 1 ? 2 : 1, page: 1, per_page: 50, pages: 1 })
      }
      return apiError(404, 'not_found')
    })
    const chat = useChatStore()
    await chat.loadConversations()
    chat.currentId = 'c1'
    chat.forget('c1')
    expect(chat.currentId).toBeNull()
    expect(chat.total).toBe(1)
    chat.scheduleReload()
    chat.scheduleReload()
    chat.scheduleReload()
    await vi.advanceTimersByTimeAsync(300)
    expect(lists).toBe(2)
    expect(chat.conversations.map((c) => c.id)).toEqual(['c2'])
  })
})

describe('reading position and trace', () => {
  it('counts the last few pixels as the end', () => {
    expect(nearBottom(1000, 600, 400)).toBe(true)
    expect(nearBottom(1000, 560, 400)).toBe(true)
    expect(nearBottom(1000, 500, 400)).toBe(false)
  })

  it('an answer keeps its stored trace; a live run shows its agents with their timings', () => {
    const trace = [{ agent: 'planner', status: 'completed', message: 'language: de', duration_ms: 12.5 }]
    const stored = toTurn({ id: 'm', role: 'assistant', content: 'x', run_id: 'r', results: [], created_at: '', metadata: { trace } }, undefined)
    expect(stored.trace).toEqual(trace)
    const live = toTurn({ id: 'm', role: 'assistant', content: '', run_id: 'r', results: [], created_at: '', metadata: {} }, {
      status: 'completed',
      agents: { analyst: { agent: 'analyst', status: 'completed', progress: 100, message: 'done', duration_ms: 40 } },
      plan: [],
      results: [],
      error: null,
      needsClarification: false,
      candidates: [],
      clarification: null,
      interpretation: '',
      ignored: [],
      durationMs: 50,
    })
    expect(live.trace).toEqual([{ agent: 'analyst', status: 'completed', message: 'done', duration_ms: 40 }])
  })
})
