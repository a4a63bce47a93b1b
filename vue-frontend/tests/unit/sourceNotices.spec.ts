// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createSourceNotices } from '@/stores/sourceNotices'
import { useIntegrationStore } from '@/stores/integration'
import { useAppStore } from '@/stores/app'
import { i18n } from '@/i18n'
import { FakeWebSocket, envelope, json, mockFetch } from './helpers'

describe('source notices', () => {
  it('one notice per change of state, none per retry', () => {
    const notices = createSourceNotices()
    notices.seed([{ id: 's1', status: 'ready' }])
    expect(notices.observe({ id: 's1', name: 'Sales', status: 'refreshing' })).toBeNull()
    expect(notices.observe({ id: 's1', name: 'Sales', status: 'failed', error: 'gone' })).toMatchObject({
      kind: 'sourceFailed',
      level: 'error',
      name: 'Sales',
      error: 'gone',
    })
    for (const status of ['refreshing', 'failed', 'refreshing', 'failed']) expect(notices.observe({ id: 's1', status })).toBeNull()
    expect(notices.observe({ id: 's1', status: 'ready' })).toMatchObject({ kind: 'sourceRecovered', level: 'success', name: 'Sales' })
    expect(notices.observe({ id: 's1', status: 'ready' })).toBeNull()
  })

  it('a new source that fails is news; one that works is not; a seeded failure is not repeated', () => {
    const notices = createSourceNotices()
    expect(notices.observe({ id: 'new', name: 'New', status: 'ready' })).toBeNull()
    expect(notices.observe({ id: 'bad', name: 'Bad', status: 'failed' })?.kind).toBe('sourceFailed')
    notices.seed([{ id: 'old', status: 'failed' }])
    expect(notices.observe({ id: 'old', status: 'failed' })).toBeNull()
    notices.forget('bad')
    expect(notices.state('bad')).toBeUndefined()
  })
})

describe('source notices through the realtime wiring', () => {
  const config = { ws_url: 'ws://127.0.0.1:8765/ws', max_upload_bytes: 1, allowed_extensions: [], ws_max_message_bytes: 1, languages: ['en'], heartbeat_interval: 30 }

  beforeEach(() => {
    setActivePinia(createPinia())
    FakeWebSocket.reset()
    vi.stubGlobal('WebSocket', FakeWebSocket)
    vi.useFakeTimers()
  })
  afterEach(() => {
    useIntegrationStore().stop()
    i18n.global.locale.value = 'en'
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('a failing source retried three times gives one localised, self-closing notice; working again one more', async () => {
    mockFetch((url) => {
      if (url === '/api/config') return json(config)
      if (url === '/api/health') return json({ status: 'healthy', checks: {} })
      if (url.startsWith('/api/datasources')) return json({ items: [{ id: 's1', name: 'Umsatz', status: 'ready' }], total: 1, page: 1, per_page: 100 })
      return json({})
    })
    i18n.global.locale.value = 'de'
    const integration = useIntegrationStore()
    await integration.start()
    await vi.advanceTimersByTimeAsync(0)
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    const app = useAppStore()
    let seq = 1
    const failing = (n: number) => {
      ws.serverSend(envelope('data_update', seq++, { action: 'updated', datasource: { id: 's1', name: 'Umsatz', status: 'refreshing' } }, 'data'))
      if (n === 1) {
        ws.serverSend(
          envelope('notification', seq++, { level: 'error', title: 'Data source refresh failed', message: 'Umsatz: x', datasource_id: 's1', name: 'Umsatz', state: 'failed' }, 'notifications'),
        )
      }
      ws.serverSend(envelope('data_update', seq++, { action: 'updated', datasource: { id: 's1', name: 'Umsatz', status: 'failed', error: 'x' } }, 'data'))
    }
    for (const n of [1, 2, 3]) failing(n)
    expect(app.notifications.map((n) => [n.level, n.title])).toEqual([['error', 'Datenquelle Umsatz fehlgeschlagen']])
    expect(app.notifications[0]!.timeoutMs).toBeGreaterThan(0)
    await vi.advanceTimersByTimeAsync(app.notifications[0]!.timeoutMs)
    expect(app.notifications).toEqual([])

    ws.serverSend(envelope('data_update', seq++, { action: 'updated', datasource: { id: 's1', name: 'Umsatz', status: 'ready' } }, 'data'))
    ws.serverSend(envelope('notification', seq++, { level: 'success', title: 'Data source recovered', message: '', datasource_id: 's1', name: 'Umsatz', state: 'ready' }, 'notifications'))
    expect(app.notifications.map((n) => n.title)).toEqual(['Datenquelle Umsatz funktioniert wieder'])
  })
})
