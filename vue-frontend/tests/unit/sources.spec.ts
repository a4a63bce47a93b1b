// The data-source form's model and its "Test connection": parity with what the API takes.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { draftOf, emptyDraft, inputOf, isHeaderName, isSourceUrl } from '@/components/data/sourceDraft'
import { useSourceTest } from '@/composables/useSourceTest'
import type { DataSource } from '@/types'
import { apiError, json, mockFetch } from './helpers'

afterEach(() => vi.unstubAllGlobals())

const source = (over: Partial<DataSource>): DataSource => ({
  id: 's1',
  name: 'rates',
  type: 'url',
  config: { url: 'https://example.org/r.json', format: 'json', json_path: 'data.items', headers: { 'X-Token': '********' } },
  refresh_interval: 3600,
  status: 'failed',
  version: 0,
  last_refreshed: null,
  error: 'HTTP 401',
  ...over,
})

describe('source draft', () => {
  it('accepts every http(s) URL the server accepts, whatever the host', () => {
    for (const ok of ['http://127.0.0.1:1/x.csv', 'http://my-nas/data.csv', 'https://example.org/a?b=c', 'HTTP://EXAMPLE.ORG/x']) {
      expect(isSourceUrl(ok), ok).toBe(true)
    }
    for (const bad of ['', 'example.org/x.csv', 'ftp://host/x', 'http:// spaced.org/x', 'file:///etc/passwd', 'http://']) {
      expect(isSourceUrl(bad), bad).toBe(false)
    }
  })

  it('an existing url source becomes a draft and back without losing a field (the mask kept)', () => {
    const draft = draftOf(source({}))
    expect(draft).toMatchObject({ name: 'rates', type: 'url', format: 'json', jsonPath: 'data.items', refreshMinutes: 60 })
    expect(draft.headers).toEqual([{ name: 'X-Token', value: '********' }])
    expect(inputOf(draft)).toEqual({
      name: 'rates',
      type: 'url',
      config: { url: 'https://example.org/r.json', format: 'json', json_path: 'data.items', headers: { 'X-Token': '********' } },
      refresh_interval: 3600,
    })
  })

  it('leaves out blank optional fields: no json_path for CSV, no empty header rows', () => {
    const draft = { ...emptyDraft(), name: ' Sales ', type: 'url' as const, url: ' https://e.org/s.csv ', jsonPath: 'ignored' }
    draft.headers = [{ name: ' ', value: 'x' }]
    expect(inputOf(draft)).toEqual({ name: 'Sales', type: 'url', config: { url: 'https://e.org/s.csv', format: 'csv' }, refresh_interval: null })
  })

  it('sql and file sources round-trip', () => {
    const sql = source({ type: 'sql', config: { url: 'postgresql://u:***@db/shop', query: 'SELECT 1' }, refresh_interval: null })
    expect(inputOf(draftOf(sql))).toEqual({ name: 'rates', type: 'sql', config: { url: 'postgresql://u:***@db/shop', query: 'SELECT 1' }, refresh_interval: null })
    const file = source({ type: 'file', config: { file_id: 'f9' }, refresh_interval: 90 })
    expect(inputOf(draftOf(file))).toEqual({ name: 'rates', type: 'file', config: { file_id: 'f9' }, refresh_interval: 120 })
  })

  it('checks header names as HTTP does', () => {
    expect(isHeaderName('X-Api-Key')).toBe(true)
    expect(isHeaderName('Bad Name')).toBe(false)
    expect(isHeaderName('a:b')).toBe(false)
  })
})

describe('useSourceTest', () => {
  const input = { name: 'x', type: 'url' as const, config: { url: 'https://e.org/x.csv', format: 'csv' as const } }

  it('sends the config (and the source id when editing) and keeps the outcome', async () => {
    const fetch = mockFetch(() => json({ ok: false, error: { code: 'fetch_failed', message: 'HTTP 404' }, duration_ms: 3 }))
    const scope = effectScope()
    const test = scope.run(() => useSourceTest())!
    const result = await test.run(input, 's1')
    expect(result?.ok).toBe(false)
    expect(test.result.value?.error?.message).toBe('HTTP 404')
    const [url, init] = fetch.mock.calls[0]!
    expect(url).toBe('/api/datasources/test')
    expect(JSON.parse(String(init!.body))).toEqual({ type: 'url', config: input.config, datasource_id: 's1' })
    scope.stop()
  })

  it('a refused config is an error, not a result', async () => {
    mockFetch(() => apiError(422, 'forbidden_address'))
    const test = effectScope().run(() => useSourceTest())!
    expect(await test.run(input)).toBeNull()
    expect(test.error.value).toBe('forbidden_address happened')
    expect(test.result.value).toBeNull()
  })

  it('cancel aborts the request and says so; a new test aborts the previous one silently', async () => {
    const signals: AbortSignal[] = []
    mockFetch((_url, init) => {
      signals.push(init.signal!)
      return new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError'))))
    })
    const test = effectScope().run(() => useSourceTest())!
    const first = test.run(input)
    expect(test.testing.value).toBe(true)
    const second = test.run(input)
    expect(await first).toBeNull()
    expect(signals[0]!.aborted).toBe(true)
    expect(test.cancelled.value).toBe(false)
    expect(test.testing.value).toBe(true)
    test.cancel()
    expect(await second).toBeNull()
    expect(signals[1]!.aborted).toBe(true)
    expect(test.testing.value).toBe(false)
    expect(test.cancelled.value).toBe(true)
  })
})
