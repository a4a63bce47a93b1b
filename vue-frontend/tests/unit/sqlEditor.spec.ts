// The SQL editor's logic: what it completes, the side panel's filter, the local history.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { nextTick } from 'vue'
import { addToHistory, HISTORY_KEY, HISTORY_SIZE, useDataStore, type QueryHistoryEntry } from '@/stores/data'
import { columnsInScope, filterTables, sqlIdent, sqlSchema } from '@/components/data/sql/schema'
import type { SqlTable } from '@/types'
import { apiError, json, mockFetch } from './helpers'

const TABLES: SqlTable[] = [
  { name: 'sales', kind: 'file', id: 'f1', columns: [{ name: 'region', dtype: 'VARCHAR' }, { name: 'Unit Price', dtype: 'DOUBLE' }] },
  { name: 'feed', kind: 'datasource', id: 's1', columns: [{ name: 'v', dtype: 'BIGINT' }] },
]

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})
afterEach(() => vi.unstubAllGlobals())

describe('completion schema', () => {
  it('maps each table to its columns with the type as detail, in lang-sql schema shape', () => {
    const schema = sqlSchema(TABLES, (k) => `kind:${k}`)
    expect(Object.keys(schema)).toEqual(['sales', 'feed'])
    expect(schema.sales!.self).toEqual({ label: 'sales', detail: 'kind:file', type: 'type' })
    expect(schema.sales!.children).toEqual([
      { label: 'region', detail: 'VARCHAR', type: 'property' },
      { label: 'Unit Price', detail: 'DOUBLE', type: 'property' },
    ])
  })

  it('quotes names that SQL cannot write bare', () => {
    expect(sqlIdent('region')).toBe('region')
    expect(sqlIdent('Unit Price')).toBe('"Unit Price"')
    expect(sqlIdent('say "hi"')).toBe('"say ""hi"""')
    expect(sqlIdent('1st')).toBe('"1st"')
  })

  it('offers the columns of the tables the statement names, and only those', () => {
    expect(columnsInScope(TABLES, 'SELECT  FROM sales').map((c) => c.label)).toEqual(['region', '"Unit Price"'])
    expect(columnsInScope(TABLES, 'select * from FEED').map((c) => [c.label, c.detail])).toEqual([['v', 'BIGINT · feed']])
    expect(columnsInScope(TABLES, 'SELECT 1')).toEqual([])
    expect(columnsInScope(TABLES, 'SELECT * FROM salesman')).toEqual([])
  })

  it('filters tables by name, or by a column keeping only the matching columns', () => {
    expect(filterTables(TABLES, '').map((t) => t.name)).toEqual(['sales', 'feed'])
    expect(filterTables(TABLES, 'FEE').map((t) => t.name)).toEqual(['feed'])
    const byColumn = filterTables(TABLES, 'price')
    expect(byColumn.map((t) => [t.name, t.columns.map((c) => c.name)])).toEqual([['sales', ['Unit Price']]])
    expect(filterTables(TABLES, 'nothing')).toEqual([])
  })
})

describe('query history', () => {
  const entry = (sql: string, at: number): QueryHistoryEntry => ({ sql, at, rows: 1, error: null })

  it('puts a statement run again first instead of repeating it, and keeps at most HISTORY_SIZE', () => {
    let h = addToHistory([], entry('select 1', 1))
    h = addToHistory(h, entry('select 2', 2))
    h = addToHistory(h, entry(' select 1 ', 3))
    expect(h.map((e) => [e.sql, e.at])).toEqual([[' select 1 ', 3], ['select 2', 2]])
    for (let i = 0; i < HISTORY_SIZE + 5; i++) h = addToHistory(h, entry(`select ${i + 10}`, i + 10))
    expect(h).toHaveLength(HISTORY_SIZE)
    expect(h[0]!.sql).toBe(`select ${HISTORY_SIZE + 14}`)
  })

  it('is kept in this browser: a new page (store) reads what the last one ran', async () => {
    mockFetch(() => json({ columns: ['n'], rows: [[1]], total_rows: 1 }))
    await useDataStore().query('select 1 as n')
    await nextTick()
    expect(JSON.parse(localStorage.getItem(HISTORY_KEY)!).map((e: QueryHistoryEntry) => e.sql)).toEqual(['select 1 as n'])
    setActivePinia(createPinia())
    const again = useDataStore()
    expect(again.queryHistory.map((e) => [e.sql, e.rows])).toEqual([['select 1 as n', 1]])
    again.clearHistory()
    await nextTick()
    expect(JSON.parse(localStorage.getItem(HISTORY_KEY)!)).toEqual([])
  })
})

describe('tables', () => {
  it('loads the tables with their columns, and keeps the last list when the request fails', async () => {
    let fail = false
    const fetch = mockFetch((url) => (fail ? apiError(503, 'unavailable') : url === '/api/query/tables' ? json({ tables: TABLES }) : apiError(404, 'not_found')))
    const data = useDataStore()
    expect((await data.fetchTables()).map((t) => t.name)).toEqual(['sales', 'feed'])
    fail = true
    expect((await data.fetchTables()).map((t) => t.name)).toEqual(['sales', 'feed'])
    expect(fetch).toHaveBeenCalledTimes(2)
  })
})
