// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useDataStore } from '@/stores/data'
import type { DataSource } from '@/types'
import { apiError, json, mockFetch } from './helpers'

const source = (version = 1): DataSource => ({
  id: 's1',
  name: 'sales',
  type: 'url',
  config: { url: 'https://example.org/s.csv', format: 'csv' },
  refresh_interval: null,
  status: 'ready',
  version,
  last_refreshed: '2026-01-01T00:00:00Z',
  error: null,
})

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('data store', () => {
  it('serves data previews from the cache until a data_update drops them', async () => {
    let version = 1
    const fetch = mockFetch((url) => {
      if (url.includes('/s1/data')) return json({ columns: ['v'], rows: [[version]], total_rows: 1 })
      if (url.endsWith('/versions')) return json({ items: [{ id: `v${version}`, version, rows: 1, columns: 1, created_at: '' }], total: 1, page: 1, per_page: 50 })
      return apiError(404, 'not_found')
    })
    const data = useDataStore()
    expect((await data.loadData('s1')).rows).toEqual([[1]])
    expect((await data.loadData('s1')).rows).toEqual([[1]])
    await data.loadVersions('s1')
    await data.loadVersions('s1')
    expect(fetch).toHaveBeenCalledTimes(2) // one each, then cached

    version = 2
    data.applyDataUpdate({ action: 'updated', datasource: source(2) })
    expect(data.byId.s1!.version).toBe(2)
    expect(data.revision.s1).toBe(1)
    expect((await data.loadData('s1')).rows).toEqual([[2]])
    expect((await data.loadVersions('s1')).map((v) => v.version)).toEqual([2])
    expect(fetch).toHaveBeenCalledTimes(4)
  })

  it('a data_update for another source keeps this one cached', async () => {
    const fetch = mockFetch(() => json({ columns: [], rows: [], total_rows: 0 }))
    const data = useDataStore()
    await data.loadData('s1')
    data.applyDataUpdate({ action: 'updated', datasource: { ...source(), id: 's2' } })
    await data.loadData('s1')
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('a deleted source leaves the list and the cache', async () => {
    mockFetch(() => json({ columns: [], rows: [], total_rows: 0 }))
    const data = useDataStore()
    data.applyDataUpdate({ action: 'created', datasource: source() })
    await data.loadData('s1')
    expect(data.cacheSize()).toBe(1)
    data.applyDataUpdate({ action: 'deleted', datasource: source() })
    expect(data.sources).toEqual([])
    expect(data.cacheSize()).toBe(0)
  })

  it('runs SQL and keeps a refused statement as a typed error', async () => {
    mockFetch((_url, init) =>
      String(init.body).includes('drop')
        ? apiError(400, 'statement_not_allowed')
        : json({ columns: ['n'], rows: [[3]], total_rows: 1 }),
    )
    const data = useDataStore()
    expect(await data.query('select count(*) as n from sales')).toMatchObject({ rows: [[3]] })
    expect(await data.query('drop table sales')).toBeNull()
    expect(data.queryError).toMatchObject({ status: 400, code: 'statement_not_allowed' })
    expect(data.queryHistory.map((h) => [h.rows, h.error])).toEqual([
      [null, 'statement_not_allowed happened'],
      [1, null],
    ])
  })

  it('create, refresh and delete keep the list in step', async () => {
    mockFetch((url, init) => {
      if (init.method === 'POST' && url === '/api/datasources') return json(source(), 201)
      if (url.endsWith('/refresh')) return json({ ...source(2), status: 'refreshing' }, 202)
      if (init.method === 'DELETE') return new Response(null, { status: 204 })
      return apiError(404, 'not_found')
    })
    const data = useDataStore()
    await data.createSource({ name: 'sales', type: 'url', config: { url: 'https://example.org/s.csv', format: 'csv' } })
    expect(data.total).toBe(1)
    await data.refreshSource('s1')
    expect(data.byId.s1!.status).toBe('refreshing')
    await data.deleteSource('s1')
    expect(data.sources).toEqual([])
    expect(data.total).toBe(0)
  })
})
