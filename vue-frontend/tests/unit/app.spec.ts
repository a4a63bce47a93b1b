import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAppStore } from '@/stores/app'
import { ApiError } from '@/api/client'
import { listFiles } from '@/api/files'
import { apiError, json, mockFetch, scriptFetch } from './helpers'

beforeEach(() => {
  setActivePinia(createPinia())
  vi.useFakeTimers()
  vi.spyOn(Math, 'random').mockReturnValue(0) // no jitter: delays are exact
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('apiRequest retries', () => {
  it('retries 503 with exponential back-off and then succeeds', async () => {
    const fetch = scriptFetch(apiError(503, 'down'), apiError(503, 'down'), json({ ok: 1 }))
    const app = useAppStore()
    const result = app.apiRequest<{ ok: number }>('/api/files')
    await vi.advanceTimersByTimeAsync(0)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(499)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1) // first back-off: 500 ms
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(999)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1) // second back-off: 1000 ms
    await expect(result).resolves.toEqual({ ok: 1 })
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('jitter shortens the delay within the configured fraction', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(1)
    const fetch = scriptFetch(apiError(502, 'bad_gateway'), json({}))
    const app = useAppStore()
    const result = app.apiRequest('/api/files')
    await vi.advanceTimersByTimeAsync(349) // 500 * (1 - 0.3) = 350
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await result
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('honours Retry-After on 429 instead of its own back-off', async () => {
    const fetch = scriptFetch(apiError(429, 'rate_limited', { 'Retry-After': '3' }), json({ done: true }))
    const app = useAppStore()
    const result = app.apiRequest('/api/query', { method: 'POST', body: { sql: 'select 1' } })
    await vi.advanceTimersByTimeAsync(2999)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await expect(result).resolves.toEqual({ done: true })
  })

  it('retries network errors of a GET', async () => {
    const fetch = scriptFetch(new TypeError('Failed to fetch'), json([1]))
    const app = useAppStore()
    const result = app.apiRequest('/api/files')
    await vi.advanceTimersByTimeAsync(0)
    expect(app.reachable).toBe(false)
    await vi.advanceTimersByTimeAsync(500)
    await expect(result).resolves.toEqual([1])
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(app.reachable).toBe(true)
  })

  it.each([400, 404, 409, 413, 422])('never retries a %i', async (status) => {
    const fetch = scriptFetch(apiError(status, 'nope'), json({}))
    const app = useAppStore()
    await expect(app.apiRequest('/api/files/x')).rejects.toMatchObject({ status, code: 'nope' })
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('does not retry a POST after a network error unless asked', async () => {
    const fetch = scriptFetch(new TypeError('Failed to fetch'), json({}))
    const app = useAppStore()
    await expect(app.apiRequest('/api/files/batch', { method: 'POST', body: {} })).rejects.toMatchObject({ code: 'network_error' })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('gives up after the configured retries with the last error', async () => {
    const fetch = scriptFetch(apiError(504, 'timeout'))
    const app = useAppStore()
    const result = app.apiRequest('/api/files', { retry: { retries: 2 } })
    const assertion = expect(result).rejects.toMatchObject({ status: 504 })
    await vi.advanceTimersByTimeAsync(10_000)
    await assertion
    expect(fetch).toHaveBeenCalledTimes(3)
  })

  it('a Retry-After beyond the cap is not waited for', async () => {
    const fetch = scriptFetch(apiError(429, 'rate_limited', { 'Retry-After': '3600' }))
    const app = useAppStore()
    const err = await app.apiRequest('/api/files').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).retryAfterMs).toBe(3_600_000)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('an aborted request stops waiting for its retry', async () => {
    scriptFetch(apiError(503, 'down'))
    const app = useAppStore()
    const controller = new AbortController()
    const result = app.apiRequest('/api/files', { signal: controller.signal })
    const assertion = expect(result).rejects.toMatchObject({ name: 'AbortError' })
    await vi.advanceTimersByTimeAsync(100)
    controller.abort()
    await assertion
  })
})

describe('circuit breaker', () => {
  it('opens after repeated failures, fails fast, then lets one trial through', async () => {
    const fetch = scriptFetch(apiError(503, 'down'))
    const app = useAppStore()
    app.configureBreaker({ failureThreshold: 3, cooldownMs: 10_000 })
    for (let i = 0; i < 3; i++) await expect(app.apiRequest('/api/health', { retry: false })).rejects.toMatchObject({ status: 503 })
    expect(app.circuits['GET /api/health']).toBe('open')
    await expect(app.apiRequest('/api/health', { retry: false })).rejects.toMatchObject({ code: 'circuit_open' })
    expect(fetch).toHaveBeenCalledTimes(3)
    // another endpoint is not affected
    fetch.mockImplementation(async () => json({ ok: true }))
    await expect(app.apiRequest('/api/files', { retry: false })).resolves.toEqual({ ok: true })
    // after the cool-down one trial goes out and closes the circuit
    await vi.advanceTimersByTimeAsync(10_000)
    await expect(app.apiRequest('/api/health', { retry: false })).resolves.toEqual({ ok: true })
    expect(app.circuits['GET /api/health']).toBeUndefined()
  })

  it('a failed trial opens the circuit again', async () => {
    scriptFetch(apiError(500, 'boom'))
    const app = useAppStore()
    app.configureBreaker({ failureThreshold: 2, cooldownMs: 1000 })
    for (let i = 0; i < 2; i++) await app.apiRequest('/api/x', { retry: false }).catch(() => undefined)
    await vi.advanceTimersByTimeAsync(1000)
    expect(app.circuitState('GET /api/x')).toBe('half-open')
    await expect(app.apiRequest('/api/x', { retry: false })).rejects.toMatchObject({ status: 500 })
    await expect(app.apiRequest('/api/x', { retry: false })).rejects.toMatchObject({ code: 'circuit_open' })
  })

  it('4xx answers do not count as endpoint failures', async () => {
    scriptFetch(apiError(404, 'not_found'))
    const app = useAppStore()
    app.configureBreaker({ failureThreshold: 2 })
    for (let i = 0; i < 5; i++) await app.apiRequest('/api/files/x').catch(() => undefined)
    expect(app.circuits).toEqual({})
  })
})

describe('batch, notifications, health', () => {
  it('batchApiRequest splits into chunks of 50 and keeps the order', async () => {
    const bodies: Array<{ requests: Array<{ id: string; path: string }> }> = []
    mockFetch((_url, init) => {
      const body = JSON.parse(String(init.body)) as { requests: Array<{ id: string; path: string }> }
      bodies.push(body)
      // answer out of order, one failing
      const responses = [...body.requests].reverse().map((r) =>
        r.path.endsWith('/bad')
          ? { id: r.id, status: 404, body: { error: { code: 'not_found', message: 'gone' } } }
          : { id: r.id, status: 200, body: { path: r.path } },
      )
      return json({ responses })
    })
    const app = useAppStore()
    const calls = Array.from({ length: 60 }, (_, i) => ({ method: 'GET' as const, path: i === 7 ? '/api/bad' : `/api/files/${i}` }))
    const results = await app.batchApiRequest(calls)
    expect(bodies.map((b) => b.requests.length)).toEqual([50, 10])
    expect(results).toHaveLength(60)
    expect(results[3]).toMatchObject({ ok: true, status: 200, body: { path: '/api/files/3' } })
    expect(results[7]!.ok).toBe(false)
    expect(results[7]!.error).toMatchObject({ status: 404, code: 'not_found' })
  })

  it('a batch with writes is not sent again after a network error; a batch of reads is', async () => {
    const fetch = scriptFetch(new TypeError('Failed to fetch'), json({ responses: [{ id: '1', status: 200, body: {} }] }))
    const app = useAppStore()
    await expect(app.batchApiRequest([{ method: 'DELETE', path: '/api/files/a' }])).rejects.toMatchObject({ code: 'network_error' })
    expect(fetch).toHaveBeenCalledTimes(1)
    fetch.mockClear()
    let i = 0
    fetch.mockImplementation(async () => {
      if (i++ === 0) throw new TypeError('Failed to fetch')
      return json({ responses: [{ id: '1', status: 200, body: { ok: 1 } }] })
    })
    const reads = app.batchApiRequest([{ method: 'GET', path: '/api/files/a' }])
    await vi.advanceTimersByTimeAsync(500)
    await expect(reads).resolves.toMatchObject([{ ok: true, body: { ok: 1 } }])
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('notifications queue up and time out, errors stay', async () => {
    const app = useAppStore()
    app.notify({ title: 'saved', level: 'success' })
    app.notify({ title: 'broken', level: 'error' })
    expect(app.notifications.map((n) => n.title)).toEqual(['saved', 'broken'])
    await vi.advanceTimersByTimeAsync(5000)
    expect(app.notifications.map((n) => n.title)).toEqual(['broken'])
    app.dismiss(app.notifications[0]!.id)
    expect(app.notifications).toEqual([])
  })

  it('the health check runs periodically and reads a 503 body as unhealthy', async () => {
    const fetch = scriptFetch(
      json({ status: 'healthy', checks: {} }),
      json({ status: 'unhealthy', checks: { database: { status: 'unhealthy' } } }, 503),
    )
    const app = useAppStore()
    app.startHealthChecks(1000)
    await vi.advanceTimersByTimeAsync(0)
    expect(app.healthStatus).toBe('healthy')
    await vi.advanceTimersByTimeAsync(1000)
    expect(app.healthStatus).toBe('unhealthy')
    expect(fetch).toHaveBeenCalledTimes(2)
    app.stopHealthChecks()
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('tracks online and offline from the browser events once started', async () => {
    mockFetch((url) => (url.includes('config') ? json({ ws_url: 'ws://x/ws' }) : json({ status: 'healthy', checks: {} })))
    const app = useAppStore()
    await app.start()
    window.dispatchEvent(new Event('offline'))
    expect(app.online).toBe(false)
    window.dispatchEvent(new Event('online'))
    expect(app.online).toBe(true)
    expect(app.config?.ws_url).toBe('ws://x/ws')
    app.stop()
  })

  it('once started, every API module call goes through apiRequest (retries); after stop, directly', async () => {
    let listCalls = 0
    mockFetch((url) => {
      if (url === '/api/config') return json({ ws_url: '' })
      if (url === '/api/health') return json({ status: 'healthy', checks: {} })
      listCalls++
      return listCalls % 2 === 1 ? apiError(503, 'busy') : json({ items: [], total: 0, page: 1, per_page: 50 })
    })
    const app = useAppStore()
    await app.start()
    const page = listFiles()
    await vi.advanceTimersByTimeAsync(500)
    await expect(page).resolves.toMatchObject({ total: 0 })
    expect(listCalls).toBe(2)
    app.stop()
    await expect(listFiles()).rejects.toMatchObject({ status: 503 })
    expect(listCalls).toBe(3)
  })
})
