// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useHomeStore } from '@/stores/home'
import { useChatStore } from '@/stores/chat'
import { controlledSse, json, mockFetch } from './helpers'
import type { FileInfo } from '@/types'

function file(id: string, extra: Partial<FileInfo> = {}): FileInfo {
  return { id, name: `${id}.csv`, table_name: id, size: 1, type: 'csv', checksum: id, status: 'ready', rows: 3, columns: 2, created_at: '', ...extra }
}
const schema = { columns: [{ name: 'region', dtype: 'VARCHAR', nulls: 0, unique: 2 }, { name: 'sales', dtype: 'DOUBLE', nulls: 0, unique: 3 }] }

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  useChatStore().stopAll()
  vi.unstubAllGlobals()
})

describe('home store', () => {
  it('lists the recent files and conversations and profiles the newest ready file', async () => {
    const fetch = mockFetch((url) => {
      if (url.startsWith('/api/files?')) return json({ items: [file('new', { status: 'processing' }), file('old')], total: 2, page: 1, per_page: 5 })
      if (url.startsWith('/api/chat/conversations')) return json({ items: [{ id: 'c1', title: 'q', file_ids: [], datasource_ids: [], created_at: '' }], total: 1, page: 1, per_page: 5 })
      if (url === '/api/files/old') return json({ ...file('old'), schema })
      return json({})
    })
    const home = useHomeStore()
    await home.load()
    expect(home.recentFiles.map((f) => f.id)).toEqual(['new', 'old'])
    expect(home.recentConversations.map((c) => c.id)).toEqual(['c1'])
    expect(home.selectedId).toBe('old') // the processing one cannot be asked about yet
    expect(home.detail?.schema).toEqual(schema)
    const listUrl = new URL(String(fetch.mock.calls[0]![0]), 'http://x')
    expect(Object.fromEntries(listUrl.searchParams)).toEqual({ page: '1', per_page: '5', sort: '-created_at' })

    // the new file becomes ready: it is offered
    home.applyFileUpdate({ action: 'updated', file: file('new') })
    await vi.waitFor(() => expect(home.selectedId).toBe('new'))
    home.applyFileUpdate({ action: 'deleted', file: file('new') })
    expect(home.recentFiles.map((f) => f.id)).toEqual(['old'])
    await vi.waitFor(() => expect(home.selectedId).toBe('old'))
  })

  it('asks a question in a new conversation about the chosen file', async () => {
    const sse = controlledSse()
    const posts: Array<{ url: string; body: unknown }> = []
    mockFetch((url, init) => {
      if (init.method === 'POST') posts.push({ url, body: JSON.parse(String(init.body)) })
      if (url === '/api/chat/conversations') return json({ id: 'c9', title: 't', file_ids: ['f1'], datasource_ids: [], created_at: '' }, 201)
      if (url === '/api/chat/conversations/c9/messages') return json({ message_id: 'm1', run_id: 'r1', events_url: '' }, 202)
      if (url === '/api/chat/runs/r1/events') return sse.response
      return json({})
    })
    const id = await useHomeStore().ask('f1', 'average sales by region')
    expect(id).toBe('c9')
    expect(posts).toEqual([
      { url: '/api/chat/conversations', body: { title: 'average sales by region', file_ids: ['f1'] } },
      { url: '/api/chat/conversations/c9/messages', body: { content: 'average sales by region' } },
    ])
    sse.end()
  })
})

describe('home store, live updates', () => {
  it('an update that changes nothing keeps the questions shown (no reload under the pointer)', async () => {
    const fetch = mockFetch((url) => {
      if (url.startsWith('/api/files?')) return json({ items: [file('a')], total: 1, page: 1, per_page: 5 })
      if (url.startsWith('/api/chat/conversations')) return json({ items: [], total: 0, page: 1, per_page: 5 })
      if (url === '/api/files/a') return json({ ...file('a'), schema })
      return json({})
    })
    const home = useHomeStore()
    await home.load()
    const profile = home.detail
    home.applyFileUpdate({ action: 'updated', file: file('a') })
    expect(home.detail).toBe(profile)
    expect(fetch.mock.calls.filter((c) => String(c[0]) === '/api/files/a')).toHaveLength(1)
    // new content: the profile is fetched again, the old one shown meanwhile
    home.applyFileUpdate({ action: 'updated', file: file('a', { checksum: 'changed', rows: 9 }) })
    expect(home.detail).toBe(profile)
    await vi.waitFor(() => expect(fetch.mock.calls.filter((c) => String(c[0]) === '/api/files/a')).toHaveLength(2))
  })
})
