// @vitest-environment node
// The chat search: the request it sends, paging, a newer search cancelling an older one,
// typing debounced, errors shown; and the snippet cut into text and marks.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useChatSearchStore } from '@/stores/chatSearch'
import { segments } from '@/utils/highlight'
import { apiError, json, mockFetch } from './helpers'

const hit = (id: string) => ({
  conversation: { id: 'c1', title: 'Umsatz' },
  message: { id, role: 'assistant', created_at: '2026-03-01T12:00:00Z' },
  snippet: 'Der Jahresumsatz stieg',
  highlights: [[8, 12]],
})

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('chat search store', () => {
  it('sends the trimmed query with its filters and keeps the page of hits', async () => {
    const urls: string[] = []
    mockFetch((url) => {
      urls.push(url)
      return json({ items: [hit('m1')], total: 21, page: 2, per_page: 20 })
    })
    const search = useChatSearchStore()
    search.query = '  umsatz  '
    search.role = 'assistant'
    search.range = ['2026-03-01', '2026-03-31']
    await search.search(2)
    const params = new URL(urls[0]!, 'http://x').searchParams
    expect(new URL(urls[0]!, 'http://x').pathname).toBe('/api/chat/search')
    expect(Object.fromEntries(params)).toEqual({
      q: 'umsatz',
      role: 'assistant',
      from: '2026-03-01',
      to: '2026-03-31',
      page: '2',
      per_page: '20',
    })
    expect(search.hits.map((h) => h.message.id)).toEqual(['m1'])
    expect([search.total, search.page, search.loading, search.error]).toEqual([21, 2, false, null])
  })

  it('leaves an open side of the date range out', async () => {
    const urls: string[] = []
    mockFetch((url) => {
      urls.push(url)
      return json({ items: [], total: 0, page: 1, per_page: 20 })
    })
    const search = useChatSearchStore()
    search.query = 'x'
    search.range = ['', '2026-03-31']
    await search.search()
    const params = new URL(urls[0]!, 'http://x').searchParams
    expect([params.get('from'), params.get('to')]).toEqual([null, '2026-03-31'])
  })

  it('asks nothing for a blank query and clears the hits', async () => {
    const fetch = mockFetch(() => json({ items: [hit('m1')], total: 1, page: 1, per_page: 20 }))
    const search = useChatSearchStore()
    search.query = 'umsatz'
    await search.search()
    search.query = '   '
    await search.search()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect([search.hits, search.total, search.active]).toEqual([[], 0, false])
  })

  it('debounces typing: one request after the pause, for the last text', async () => {
    const queries: string[] = []
    mockFetch((url) => {
      queries.push(new URL(url, 'http://x').searchParams.get('q') ?? '')
      return json({ items: [], total: 0, page: 1, per_page: 20 })
    })
    const search = useChatSearchStore()
    for (const text of ['u', 'um', 'ums']) {
      search.query = text
      search.schedule(300)
      await vi.advanceTimersByTimeAsync(100)
    }
    expect(queries).toEqual([])
    await vi.advanceTimersByTimeAsync(300)
    expect(queries).toEqual(['ums'])
  })

  it('lets a newer search win over an older one still running', async () => {
    let release: (r: Response) => void = () => undefined
    mockFetch((url) => {
      const q = new URL(url, 'http://x').searchParams.get('q')
      if (q === 'old') return new Promise<Response>((resolve) => (release = resolve))
      return json({ items: [hit('new')], total: 1, page: 1, per_page: 20 })
    })
    const search = useChatSearchStore()
    search.query = 'old'
    const first = search.search()
    search.query = 'new'
    await search.search()
    release(json({ items: [hit('old')], total: 1, page: 1, per_page: 20 }))
    await first
    expect(search.hits.map((h) => h.message.id)).toEqual(['new'])
    expect(search.loading).toBe(false)
  })

  it("shows the server's error message and no hits", async () => {
    mockFetch(() => apiError(422, 'validation_error'))
    const search = useChatSearchStore()
    search.query = 'x'
    await search.search()
    expect(search.error).toBe('validation_error happened')
    expect(search.hits).toEqual([])
  })
})

describe('snippet segments', () => {
  it('cuts the snippet into plain and marked text', () => {
    expect(segments('Der Jahresumsatz stieg', [[8, 12]])).toEqual([
      { text: 'Der Jahr', mark: false },
      { text: 'esum', mark: true },
      { text: 'satz stieg', mark: false },
    ])
  })

  it('counts code points like the server: an emoji before a match does not shift it', () => {
    expect(segments('📈 平均价格 up', [[2, 6]])).toEqual([
      { text: '📈 ', mark: false },
      { text: '平均价格', mark: true },
      { text: ' up', mark: false },
    ])
  })

  it('keeps markup as text, and ignores offsets out of order, overlapping or out of range', () => {
    expect(segments('<b>x</b>', [[3, 4]])).toEqual([
      { text: '<b>', mark: false },
      { text: 'x', mark: true },
      { text: '</b>', mark: false },
    ])
    expect(segments('abcdef', [[4, 9], [0, 2], [1, 3], [7, 8]])).toEqual([
      { text: 'ab', mark: true },
      { text: 'c', mark: true },
      { text: 'd', mark: false },
      { text: 'ef', mark: true },
    ])
  })
})
