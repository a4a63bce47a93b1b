// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, parseRetryAfter, request, toQueryString } from '@/api/client'
import { getHealth } from '@/api/health'
import { runQuery } from '@/api/query'
import { dataSourceVersions } from '@/api/datasources'
import { json, mockFetch } from './helpers'

afterEach(() => vi.unstubAllGlobals())

describe('api client', () => {
  it('turns the backend error body into an ApiError with status, code, message and details', async () => {
    mockFetch(() => json({ error: { code: 'statement_not_allowed', message: 'Only SELECT', details: { sql: 'drop' } } }, 400))
    const err = await runQuery({ sql: 'drop table x' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'statement_not_allowed', message: 'Only SELECT', details: { sql: 'drop' } })
  })

  it('an answer that is not the error shape still becomes an ApiError', async () => {
    mockFetch(() => new Response('<html>Bad Gateway</html>', { status: 502, statusText: 'Bad Gateway' }))
    await expect(request('/api/files')).rejects.toMatchObject({ status: 502, code: 'http_502', message: 'Bad Gateway' })
  })

  it('a network failure is status 0, code network_error', async () => {
    mockFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const err = (await request('/api/files').catch((e: unknown) => e)) as ApiError
    expect(err.isNetworkError).toBe(true)
    expect(err.code).toBe('network_error')
  })

  it('sends JSON bodies and query strings, skipping empty values', async () => {
    const fetch = mockFetch(() => json({ ok: true }))
    await request('/api/files', { method: 'POST', body: { a: 1 }, query: { search: 'x y', type: '', page: 2, ids: ['a', 'b'] } })
    const [url, init] = fetch.mock.calls[0]! as [string, RequestInit]
    expect(url).toBe('/api/files?search=x+y&page=2&ids=a&ids=b')
    expect(init.body).toBe('{"a":1}')
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(toQueryString({ a: undefined, b: null })).toBe('')
  })

  it('204 resolves with undefined', async () => {
    mockFetch(() => new Response(null, { status: 204 }))
    await expect(request('/api/files/x', { method: 'DELETE' })).resolves.toBeUndefined()
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(null, now)).toBeNull()
  })

  it('an unhealthy 503 is read as a health result; another error is thrown', async () => {
    mockFetch(() => json({ status: 'unhealthy', checks: { database: { status: 'unhealthy' } } }, 503))
    await expect(getHealth()).resolves.toMatchObject({ status: 'unhealthy' })
    mockFetch(() => json({ error: { code: 'internal_error', message: 'boom' } }, 500))
    await expect(getHealth()).rejects.toMatchObject({ status: 500 })
  })

  it('versions are read from a page or a bare list', async () => {
    mockFetch(() => json({ items: [{ version: 2 }], total: 1, page: 1, per_page: 50 }))
    expect(await dataSourceVersions('s')).toEqual([{ version: 2 }])
    mockFetch(() => json([{ version: 3 }]))
    expect(await dataSourceVersions('s')).toEqual([{ version: 3 }])
  })
})
