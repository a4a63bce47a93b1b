import { request } from './client'
import type { Preview, QueryRequest, SqlTable } from '@/types'

/** Read-only SQL over every file and data source (SPEC 4). */
export const runQuery = (input: QueryRequest, signal?: AbortSignal) =>
  request<Preview>('/api/query', { method: 'POST', body: input, signal })

/** The tables SQL can use, with their columns and types (for completion and the side panel). */
export const listTables = async (signal?: AbortSignal) =>
  (await request<{ tables: SqlTable[] }>('/api/query/tables', { signal })).tables
