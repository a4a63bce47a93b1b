import { request } from './client'

/** Raw metrics; `normalizeMetrics` (stores/metrics) reads the shapes servers send. */
export const getSystemMetrics = (signal?: AbortSignal) =>
  request<Record<string, unknown>>('/api/system/metrics', { signal })
