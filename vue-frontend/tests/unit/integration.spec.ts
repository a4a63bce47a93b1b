// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useIntegrationStore } from '@/stores/integration'
import { useRealtimeStore } from '@/stores/realtime'
import { useFileStore } from '@/stores/file'
import { useDataStore } from '@/stores/data'
import { useAppStore } from '@/stores/app'
import { FakeWebSocket, envelope, json, mockFetch } from './helpers'

const config = { ws_url: 'ws://127.0.0.1:8765/ws', max_upload_bytes: 1, allowed_extensions: [], ws_max_message_bytes: 1, languages: ['en'], heartbeat_interval: 30 }

beforeEach(() => {
  setActivePinia(createPinia())
  FakeWebSocket.reset()
  vi.stubGlobal('WebSocket', FakeWebSocket)
  vi.useFakeTimers()
})
afterEach(() => {
  useIntegrationStore().stop()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function api() {
  return mockFetch((url) => {
    if (url === '/api/config') return json(config)
    if (url === '/api/health') return json({ status: 'healthy', checks: {} })
    if (url.startsWith('/api/files')) return json({ items: [], total: 0, page: 1, per_page: 20 })
    if (url.startsWith('/api/datasources')) return json({ items: [], total: 0, page: 1, per_page: 100 })
    return json({})
  })
}

describe('integration store', () => {
  it('starts app, dispatcher and realtime in order, and stops in reverse', async () => {
    const fetch = api()
    const integration = useIntegrationStore()
    expect(integration.status).toBe('idle')
    await integration.start()
    expect(integration.steps).toEqual(['app', 'dispatcher', 'realtime'])
    // the config was loaded before the socket was opened, with its URL
    expect(String(fetch.mock.calls[0]![0])).toBe('/api/config')
    expect(FakeWebSocket.last().url).toBe(config.ws_url)
    expect(integration.status).toBe('degraded') // socket not open yet
    FakeWebSocket.last().serverOpen()
    await vi.advanceTimersByTimeAsync(0)
    expect(integration.status).toBe('ready')
    integration.stop()
    expect(integration.steps.slice(3)).toEqual(['stop:chat', 'stop:realtime', 'stop:dispatcher', 'stop:app'])
    expect(FakeWebSocket.last().closedWith?.code).toBe(1000)
    expect(useAppStore().started).toBe(false)
    expect(integration.status).toBe('idle')
  })

  it('routes realtime events to the file and data stores, and not after stop', async () => {
    api()
    const integration = useIntegrationStore()
    await integration.start()
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    const file = { id: 'f1', name: 'a.csv', table_name: 'a', size: 1, type: 'csv', checksum: 'x', status: 'ready', rows: 1, columns: 1, created_at: '' }
    ws.serverSend(envelope('file_update', 1, { action: 'created', file }, 'files'))
    expect(useFileStore().items.map((f) => f.id)).toEqual(['f1'])
    ws.serverSend(envelope('data_update', 2, { action: 'created', datasource: { id: 's1', name: 's', status: 'ready' } }, 'data'))
    expect(useDataStore().sources.map((s) => s.id)).toEqual(['s1'])
    ws.serverSend(envelope('notification', 3, { level: 'warning', title: 'Disk', message: 'low' }, 'notifications'))
    expect(useAppStore().notifications.map((n) => n.title)).toContain('Disk')
    integration.stop()
    useRealtimeStore().handle(envelope('file_update', 4, { action: 'deleted', file }, 'files') as never)
    expect(useFileStore().items.map((f) => f.id)).toEqual(['f1'])
  })

  it('restartRealtime opens a new socket that resumes from the last seq', async () => {
    api()
    const integration = useIntegrationStore()
    await integration.start()
    const first = FakeWebSocket.last()
    first.serverOpen()
    first.serverSend(envelope('welcome', 5, { client_id: 'a', heartbeat_interval: 30, seq: 5 }))
    first.serverSend(envelope('activity', 6, { action: 'x', message: 'y' }))
    integration.restartRealtime()
    expect(first.closedWith).not.toBeNull()
    const second = FakeWebSocket.last()
    expect(second).not.toBe(first)
    second.serverOpen()
    second.serverSend(envelope('welcome', 6, { client_id: 'b', heartbeat_interval: 30, seq: 6 }))
    expect(second.sentJson()).toContainEqual({ type: 'resume', after_seq: 6 })
  })

  it('a server without a WebSocket URL still starts, without live updates', async () => {
    mockFetch((url) => (url === '/api/config' ? json({ ...config, ws_url: '' }) : json({ status: 'healthy', checks: {} })))
    const integration = useIntegrationStore()
    await integration.start()
    expect(integration.steps).toEqual(['app', 'dispatcher'])
    expect(integration.error).toMatch(/live updates are off/)
    expect(FakeWebSocket.instances).toHaveLength(0)
  })

  it('is offline when the API cannot be reached', async () => {
    mockFetch(() => {
      throw new TypeError('Failed to fetch')
    })
    const integration = useIntegrationStore()
    const started = integration.start()
    await vi.advanceTimersByTimeAsync(20_000)
    await started
    expect(integration.status).toBe('offline')
  })
})
