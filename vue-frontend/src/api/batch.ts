import { request } from './client'
import type { BatchRequestItem, BatchResponse } from '@/types'

/** Up to 50 API requests in one call (SPEC 10); answers come back in the same order. */
export const MAX_BATCH = 50

export const postBatch = (requests: BatchRequestItem[], signal?: AbortSignal) =>
  request<BatchResponse>('/api/batch', { method: 'POST', body: { requests }, signal })
