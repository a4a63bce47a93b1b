// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useFileStore } from '@/stores/file'
import { useAuthStore } from '@/stores/auth'
import type { FileInfo } from '@/types'
import { json, mockFetch } from './helpers'

const file = (id: string, extra: Partial<FileInfo> = {}): FileInfo => ({
  id,
  name: `${id}.csv`,
  table_name: id,
  size: 100,
  type: 'csv',
  checksum: `sum-${id}`,
  status: 'ready',
  rows: 3,
  columns: 2,
  created_at: '2026-01-01T00:00:00Z',
  ...extra,
})
const preview = { columns: ['a'], rows: [[1]], total_rows: 1 }

/** An XMLHttpRequest double: the test drives progress, the answer or the abort. */
class FakeXhr {
  static all: FakeXhr[] = []
  upload = { onprogress: null as ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null }
  status = 0
  statusText = ''
  responseText = ''
  url = ''
  sentBody: FormData | null = null
  onload: (() => void) | null = null
  onerror: (() => void) | null = null
  onabort: (() => void) | null = null
  constructor() {
    FakeXhr.all.push(this)
  }
  open(_method: string, url: string) {
    this.url = url
  }
  setRequestHeader() {}
  getResponseHeader() {
    return null
  }
  send(body: FormData) {
    this.sentBody = body
  }
  abort() {
    this.onabort?.()
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ loaded, total, lengthComputable: true })
  }
  respond(status: number, body: unknown) {
    this.status = status
    this.responseText = JSON.stringify(body)
    this.onload?.()
  }
}

beforeEach(() => {
  setActivePinia(createPinia())
  FakeXhr.all = []
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
})
afterEach(() => vi.unstubAllGlobals())

describe('file store', () => {
  it('lists with filters and pagination and fetches no preview that is not shown', async () => {
    const fetch = mockFetch((url) =>
      url.startsWith('/api/files?') ? json({ items: [file('a'), file('b', { status: 'processing' })], total: 2, page: 1, per_page: 20 }) : json(preview),
    )
    const store = useFileStore()
    await store.setFilters({ search: 'sa', type: 'csv', minSize: 10, maxSize: 5000, sort: 'name' })
    const listUrl = new URL(String(fetch.mock.calls[0]![0]), 'http://x')
    expect(Object.fromEntries(listUrl.searchParams)).toEqual({
      page: '1', per_page: '20', search: 'sa', type: 'csv', min_size: '10', max_size: '5000', sort: 'name',
    })
    expect(store.items.map((f) => f.id)).toEqual(['a', 'b'])
    expect(fetch.mock.calls.map((c) => String(c[0])).filter((u) => u.includes('/preview'))).toEqual([])
    // asked for (prefetch: true), only the ready file's preview is fetched ahead
    await store.fetchFiles({ prefetch: true })
    await vi.waitFor(() => expect(store.previews.a).toEqual(preview))
    expect(fetch.mock.calls.map((c) => String(c[0])).filter((u) => u.includes('/preview'))).toEqual(['/api/files/a/preview?offset=0&limit=20'])
    expect(store.previews.b).toBeUndefined()
  })

  it('applies live file_update events: created, updated, deleted', () => {
    const store = useFileStore()
    store.items = [file('a'), file('b')]
    store.total = 2
    store.previews.a = preview
    store.applyFileUpdate({ action: 'created', file: file('c') })
    expect(store.items.map((f) => f.id)).toEqual(['c', 'a', 'b'])
    expect(store.total).toBe(3)
    // a second delivery of the same event changes nothing
    store.applyFileUpdate({ action: 'created', file: file('c') })
    expect(store.total).toBe(3)
    store.applyFileUpdate({ action: 'updated', file: file('a', { rows: 99, checksum: 'new' }) })
    expect(store.items.find((f) => f.id === 'a')!.rows).toBe(99)
    expect(store.previews.a).toBeUndefined() // stale preview dropped
    store.applyFileUpdate({ action: 'deleted', file: file('b') })
    expect(store.items.map((f) => f.id)).toEqual(['c', 'a'])
    expect(store.total).toBe(2)
  })

  it('a file shared with this user just now (an update of a file not listed) loads the list again', async () => {
    const fetch = mockFetch(() => json({ items: [file('shared', { visibility: 'shared' })], total: 1, page: 1, per_page: 20 }))
    const store = useFileStore()
    store.applyFileUpdate({ action: 'updated', file: file('private', { visibility: 'private' }) })
    expect(fetch).not.toHaveBeenCalled() // an admin's view of someone's private change: not ours to list
    store.applyFileUpdate({ action: 'updated', file: file('shared', { visibility: 'shared' }) })
    await vi.waitFor(() => expect(store.items.map((f) => f.id)).toEqual(['shared']))
    expect(String(fetch.mock.calls[0]![0])).toContain('/api/files')
  })

  it('a file made private again leaves the list of who may no longer read it, not its owner\'s', () => {
    const store = useFileStore()
    const auth = useAuthStore()
    auth.mode = 'users'
    auth.user = { id: '7', email: 'b@x', name: 'Bob', role: 'analyst', disabled: false, created_at: '', last_login_at: null }
    store.items = [file('mine', { owner_id: '7' }), file('theirs', { owner_id: '3', visibility: 'shared' })]
    store.total = 2
    store.applyFileUpdate({ action: 'hidden', file: { id: 'mine', owner_id: '7' } as never })
    expect(store.items.map((f) => f.id)).toEqual(['mine', 'theirs'])
    store.applyFileUpdate({ action: 'hidden', file: { id: 'theirs', owner_id: '3' } as never })
    expect(store.items.map((f) => f.id)).toEqual(['mine'])
    expect(store.total).toBe(1)
    // an admin keeps it
    auth.user = { ...auth.user, role: 'admin' }
    store.items = [file('theirs', { owner_id: '3' })]
    store.applyFileUpdate({ action: 'hidden', file: { id: 'theirs', owner_id: '3' } as never })
    expect(store.items.map((f) => f.id)).toEqual(['theirs'])
  })

  it('a created file that does not match the filters is not listed', () => {
    const store = useFileStore()
    store.filters.search = 'sales'
    store.applyFileUpdate({ action: 'created', file: file('other') })
    store.filters.search = ''
    store.filters.maxSize = 50
    store.applyFileUpdate({ action: 'created', file: file('big', { size: 1000 }) })
    expect(store.items).toEqual([])
    expect(store.total).toBe(0)
  })

  it('uploads each file with its own progress, and cancel stops one', async () => {
    const store = useFileStore()
    const done = store.upload([new File(['a,b\n1,2\n'], 'one.csv'), new File(['x\n'], 'two.csv')])
    expect(FakeXhr.all).toHaveLength(2)
    const [one, two] = FakeXhr.all as [FakeXhr, FakeXhr]
    expect(one.url).toBe('/api/files')
    expect((one.sentBody!.get('file') as File).name).toBe('one.csv')
    one.progress(50, 200)
    expect(store.uploads[0]).toMatchObject({ status: 'uploading', progress: 25 })
    store.cancelUpload(store.uploads[1]!.id)
    one.respond(201, { files: [file('one')] })
    const results = await done
    expect(results.map((u) => u.status)).toEqual(['done', 'cancelled'])
    expect(store.items.map((f) => f.id)).toEqual(['one'])
    expect(two.status).toBe(0) // never answered: the request was aborted
  })

  it('an upload refused by the server shows its error', async () => {
    const store = useFileStore()
    const done = store.upload([new File([''], 'empty.csv')])
    FakeXhr.all[0]!.respond(422, { error: { code: 'invalid_content', message: 'The file is empty', details: {} } })
    const [item] = await done
    expect(item).toMatchObject({ status: 'error', error: 'The file is empty' })
  })

  it('batch delete removes what succeeded and returns what failed', async () => {
    mockFetch((_url, init) => {
      expect(JSON.parse(String(init.body))).toEqual({ operation: 'delete', ids: ['a', 'b'] })
      return json({ results: [{ id: 'a', ok: true, status: 204 }, { id: 'b', ok: false, status: 404, error: { code: 'not_found', message: 'gone' } }] })
    })
    const store = useFileStore()
    store.items = [file('a'), file('b'), file('c')]
    store.total = 3
    store.selected = ['a', 'b']
    const failed = await store.batchDelete()
    expect(failed.map((r) => r.id)).toEqual(['b'])
    expect(store.items.map((f) => f.id)).toEqual(['b', 'c'])
    expect(store.selected).toEqual(['b'])
    expect(store.total).toBe(2)
  })

  it('a list error is kept for the view', async () => {
    mockFetch(() => json({ error: { code: 'dependency_down', message: 'database down', details: {} } }, 503))
    const store = useFileStore()
    await store.fetchFiles()
    expect(store.error).toBe('database down')
    expect(store.loading).toBe(false)
  })
})
