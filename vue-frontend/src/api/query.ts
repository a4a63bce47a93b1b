import { request } from './client'
import type { Preview, QueryRequest } from '@/types'

/** Read-only SQL over every file and data source (SPEC 4). */
export const runQuery = (input: QueryRequest, signal?: AbortSignal) =>
  request<Preview>('/api/query', { method: 'POST', body: input, signal })
