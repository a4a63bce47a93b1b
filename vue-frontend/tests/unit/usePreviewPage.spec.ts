// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest'
import { usePreviewPage } from '@/composables/usePreviewPage'
import { json, mockFetch } from './helpers'

afterEach(() => vi.unstubAllGlobals())

describe('usePreviewPage', () => {
  it('fetches only the page shown, with its sort and filter', async () => {
    const fetch = mockFetch((url) =>
      json({ columns: ['a'], rows: [[1]], total_rows: 120, ...(url.includes('q=') ? { matching_rows: 7 } : {}) }),
    )
    const grid = usePreviewPage(50)
    await grid.open('f1')
    expect(grid.rowCount.value).toBe(120)
    await grid.setPage(3)
    await grid.setSort('price', 'descending')
    await grid.setFilter(' Ideal ')
    expect(grid.rowCount.value).toBe(7)
    await grid.setPage(2, 20)
    const urls = fetch.mock.calls.map((c) => decodeURIComponent(String(c[0])))
    expect(urls).toEqual([
      '/api/files/f1/preview?offset=0&limit=50',
      '/api/files/f1/preview?offset=100&limit=50',
      '/api/files/f1/preview?offset=0&limit=50&sort=-price', // a new order starts at page 1
      '/api/files/f1/preview?offset=0&limit=50&sort=-price&q=Ideal',
      '/api/files/f1/preview?offset=20&limit=20&sort=-price&q=Ideal',
    ])
    await grid.setSort('price', null) // the third click on a heading: unsorted
    expect(decodeURIComponent(String(fetch.mock.calls.at(-1)![0]))).toBe('/api/files/f1/preview?offset=0&limit=20&q=Ideal')
  })

  it('a newer load wins over an older one still in flight, and an error is kept', async () => {
    let calls = 0
    mockFetch(async () => {
      calls++
      if (calls === 3) return json({ error: { code: 'unknown_column', message: 'No column', details: {} } }, 400)
      return json({ columns: ['a'], rows: [[calls]], total_rows: 2 })
    })
    const grid = usePreviewPage(10)
    const first = grid.open('f1')
    const second = grid.setPage(2)
    await Promise.all([first, second])
    expect(grid.data.value?.rows).toEqual([[2]])
    await grid.setSort('nope', 'ascending')
    expect(grid.error.value).toBe('No column')
    expect(grid.loading.value).toBe(false)
  })
})
