import { ApiError, request, requestDirect } from './client'
import type { Health } from '@/types'

/**
 * `/api/health` answers 503 with a Health body when unhealthy: that is a result, not a
 * failure. A probe goes out once, bypassing retries and the circuit breaker, so that it
 * sees recovery as soon as it happens.
 */
export async function getHealth(signal?: AbortSignal): Promise<Health> {
  try {
    return await requestDirect<Health>('/api/health', { signal })
  } catch (err) {
    const body = err instanceof ApiError ? (err.details.body as Health | undefined) : undefined
    if (err instanceof ApiError && err.status === 503 && body && typeof body.status === 'string') return body
    throw err
  }
}

export const getAgentsHealth = (signal?: AbortSignal) => request<Record<string, unknown>>('/api/health/agents', { signal })
export const getDependencies = (signal?: AbortSignal) =>
  request<Record<string, unknown>>('/api/health/dependencies', { signal })
