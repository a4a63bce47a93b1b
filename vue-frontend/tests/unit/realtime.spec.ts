// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useRealtimeStore, METRICS_HISTORY, EVENT_LOG_SIZE } from '@/stores/realtime'
import { FakeWebSocket, envelope, json, mockFetch } from './helpers'

const welcome = (seq: number) => envelope('welcome', seq, { client_id: 'c1', heartbeat_interval: 30, seq })

beforeEach(() => {
  setActivePinia(createPinia())
  FakeWebSocket.reset()
  vi.stubGlobal('WebSocket', FakeWebSocket)
  vi.useFakeTimers()
  vi.spyOn(Math, 'random').mockReturnValue(0)
})
afterEach(() => {
  useRealtimeStore().disconnect()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

function connect() {
  const rt = useRealtimeStore()
  rt.connect({ url: 'ws://test/ws', reconnectBaseMs: 1000, pollAfterMs: 3000, pollIntervalMs: 2000 })
  return rt
}

describe('realtime store', () => {
  it('a close with 4401 (the sign-in is gone, SPEC 11) is told to its listeners; other closes are not', async () => {
    const rt = connect()
    const told: unknown[] = []
    rt.on('unauthorized', (d) => told.push(d))
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverClose(1006, 'gone')
    expect(told).toEqual([])
    await vi.advanceTimersByTimeAsync(1000)
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverClose(4401, 'authentication required')
    expect(told).toEqual([{ reason: 'authentication required' }])
  })

  it('resumes from the last seq after every reconnect', async () => {
    const rt = connect()
    let ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend(welcome(10))
    expect(ws.sentJson()).toEqual([]) // first connection: nothing to resume
    ws.serverSend(envelope('activity', 11, { action: 'a', message: 'one' }, 'activity'))
    ws.serverSend(envelope('activity', 12, { action: 'a', message: 'two' }, 'activity'))
    expect(rt.lastSeq).toBe(12)
    ws.serverClose()
    expect(rt.status).toBe('CLOSED')
    await vi.advanceTimersByTimeAsync(1000)
    ws = FakeWebSocket.last()
    expect(FakeWebSocket.instances).toHaveLength(2)
    ws.serverOpen()
    ws.serverSend(welcome(15))
    expect(ws.sentJson()).toContainEqual({ type: 'resume', after_seq: 12 })
    expect(rt.reconnects).toBe(1)
    // the replay, with a live event interleaved ahead of it, loses nothing and repeats nothing
    ws.serverSend(envelope('activity', 15, { action: 'a', message: 'live' }, 'activity'))
    for (const seq of [13, 14, 15]) ws.serverSend(envelope('activity', seq, { action: 'a', message: `r${seq}` }, 'activity'))
    ws.serverSend(envelope('resumed', 15, { missed: false }))
    expect(rt.eventLog.map((e) => e.seq)).toEqual([11, 12, 15, 13, 14])
    // and the next drop resumes from the highest seq seen
    ws.serverClose()
    await vi.advanceTimersByTimeAsync(1000)
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverSend(welcome(15))
    expect(FakeWebSocket.last().sentJson()).toContainEqual({ type: 'resume', after_seq: 15 })
  })

  it('drops an event whose seq was already seen', () => {
    const rt = connect()
    const handler = vi.fn()
    rt.on('file_update', handler)
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend(welcome(0))
    const ev = envelope('file_update', 1, { action: 'created', file: { id: 'f1' } }, 'files')
    ws.serverSend(ev)
    ws.serverSend(ev)
    expect(handler).toHaveBeenCalledTimes(1)
  })

  it('a server that restarted (lower seq) triggers a resync instead of a resume', () => {
    const rt = connect()
    const resync = vi.fn()
    rt.on('resync', resync)
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend(welcome(0))
    ws.serverSend(envelope('activity', 40, { action: 'a', message: 'x' }))
    ws.serverClose()
    vi.advanceTimersByTime(1000)
    const again = FakeWebSocket.last()
    again.serverOpen()
    again.serverSend(welcome(2))
    expect(again.sentJson()).not.toContainEqual(expect.objectContaining({ type: 'resume' }))
    expect(resync).toHaveBeenCalledTimes(1)
    expect(rt.lastSeq).toBe(2)
    // events of the new sequence are not taken for duplicates
    again.serverSend(envelope('activity', 3, { action: 'a', message: 'new' }))
    expect(rt.eventLog.at(-1)?.seq).toBe(3)
  })

  it('a resumed message with missed=true asks the stores to resync', () => {
    const rt = connect()
    const resync = vi.fn()
    rt.on('resync', resync)
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverSend(envelope('resumed', 9, { missed: true }))
    expect(resync).toHaveBeenCalledTimes(1)
    expect(rt.missedEvents).toBe(true)
  })

  it('keeps the latest metrics and a bounded history', () => {
    const rt = connect()
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    for (let i = 1; i <= METRICS_HISTORY + 5; i++)
      ws.serverSend(envelope('system_metrics', i, { cpu: { percent: i }, memory: { percent: 50 }, disk_percent: 70 }, 'system'))
    expect(rt.metrics?.cpu.percent).toBe(METRICS_HISTORY + 5)
    expect(rt.metrics?.disk.percent).toBe(70)
    expect(rt.metricsHistory).toHaveLength(METRICS_HISTORY)
    expect(rt.metricsHistory[0]!.cpu.percent).toBe(6)
  })

  it('bounds the event log', () => {
    const rt = connect()
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    for (let i = 1; i <= EVENT_LOG_SIZE + 10; i++) ws.serverSend(envelope('activity', i, { action: 'a', message: String(i) }))
    expect(rt.eventLog).toHaveLength(EVENT_LOG_SIZE)
    expect(rt.eventLog[0]!.seq).toBe(11)
  })

  it('tracks active agents and their progress', () => {
    const rt = connect()
    const ws = FakeWebSocket.last()
    ws.serverOpen()
    ws.serverSend(envelope('agent_update', 1, { run_id: 'r1', agent: 'profiler', status: 'processing', progress: 40, message: '' }))
    ws.serverSend(envelope('agent_update', 2, { run_id: 'r1', agent: 'planner', status: 'queued', progress: 0, message: '' }))
    expect(rt.activeAgents.map((a) => [a.agent, a.progress])).toEqual([
      ['profiler', 40],
      ['planner', 0],
    ])
    ws.serverSend(envelope('agent_update', 3, { run_id: 'r1', agent: 'profiler', status: 'completed', progress: 100, message: '' }))
    expect(rt.activeAgents.map((a) => a.agent)).toEqual(['planner'])
  })

  it('subscriptions are sent and restored after a reconnect', async () => {
    const rt = connect()
    let ws = FakeWebSocket.last()
    ws.serverOpen()
    rt.unsubscribe(['system', 'activity'])
    expect(ws.sentJson()).toContainEqual({ type: 'unsubscribe', topics: ['system', 'activity'] })
    rt.subscribe(['activity'])
    expect(ws.sentJson()).toContainEqual({ type: 'subscribe', topics: ['activity'] })
    ws.serverClose()
    await vi.advanceTimersByTimeAsync(1000)
    ws = FakeWebSocket.last()
    ws.serverOpen()
    expect(ws.sentJson()).toEqual([{ type: 'unsubscribe', topics: ['system'] }])
  })

  it('polls /api/system/metrics while the WebSocket is down, and stops once it is back', async () => {
    const fetch = mockFetch(() => json({ cpu_percent: 12, memory_percent: 34, disk_percent: 56 }))
    const rt = connect()
    FakeWebSocket.last().serverClose()
    await vi.advanceTimersByTimeAsync(2999)
    expect(fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(rt.polling).toBe(true)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(String(fetch.mock.calls[0]![0])).toBe('/api/system/metrics')
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(rt.metrics?.cpu.percent).toBe(12)
    expect(rt.metrics?.memory.percent).toBe(34)
    FakeWebSocket.last().serverOpen()
    expect(rt.polling).toBe(false)
    await vi.advanceTimersByTimeAsync(10_000)
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('refuses to connect without a URL', () => {
    expect(() => useRealtimeStore().connect()).toThrow(/no WebSocket URL/)
  })
})
