// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useWebSocket, type UseWebSocketOptions } from '@/composables/useWebSocket'
import { FakeWebSocket } from './helpers'

beforeEach(() => {
  FakeWebSocket.reset()
  vi.useFakeTimers()
  vi.spyOn(Math, 'random').mockReturnValue(0)
})
afterEach(() => vi.useRealTimers())

function make(extra: UseWebSocketOptions<{ type: string }> = {}) {
  return useWebSocket<{ type: string }>('ws://test/ws', {
    WebSocketImpl: FakeWebSocket,
    reconnect: { baseDelayMs: 1000, maxDelayMs: 8000, jitter: 0.5 },
    heartbeat: { intervalMs: 5000, timeoutMs: 2000 },
    ...extra,
  })
}

describe('useWebSocket', () => {
  it('opens, receives parsed messages and sends JSON', () => {
    const onMessage = vi.fn()
    const ws = make({ onMessage })
    expect(ws.status.value).toBe('CONNECTING')
    FakeWebSocket.last().serverOpen()
    expect(ws.status.value).toBe('OPEN')
    FakeWebSocket.last().serverSend({ type: 'hello' })
    expect(ws.data.value).toEqual({ type: 'hello' })
    expect(onMessage).toHaveBeenCalledWith({ type: 'hello' })
    expect(ws.send({ type: 'ping' })).toBe(true)
    expect(FakeWebSocket.last().sent).toContain('{"type":"ping"}')
  })

  it('reconnects with exponential back-off after each drop, capped', async () => {
    const ws = make()
    FakeWebSocket.last().serverClose()
    const delays: number[] = []
    for (let i = 0; i < 5; i++) {
      delays.push(ws.nextRetryMs.value!)
      await vi.advanceTimersByTimeAsync(ws.nextRetryMs.value!)
      FakeWebSocket.last().serverClose()
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000])
    expect(FakeWebSocket.instances).toHaveLength(6)
  })

  it('jitter spreads the delay below the exponential value', () => {
    vi.spyOn(Math, 'random').mockReturnValue(1)
    const ws = make()
    FakeWebSocket.last().serverClose()
    expect(ws.nextRetryMs.value).toBe(500)
  })

  it('resets the back-off after a successful open and tells onOpen it reconnected', async () => {
    const onOpen = vi.fn()
    const ws = make({ onOpen })
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().serverClose()
    await vi.advanceTimersByTimeAsync(1000)
    FakeWebSocket.last().serverClose()
    await vi.advanceTimersByTimeAsync(2000)
    FakeWebSocket.last().serverOpen()
    expect(onOpen).toHaveBeenLastCalledWith({ reconnected: true, attempts: 2 })
    expect(ws.attempts.value).toBe(0)
    FakeWebSocket.last().serverClose()
    expect(ws.nextRetryMs.value).toBe(1000)
  })

  it('a connection that stops answering pings is dropped and reopened', async () => {
    const onClose = vi.fn()
    const ws = make({ onClose })
    const first = FakeWebSocket.last()
    first.serverOpen()
    await vi.advanceTimersByTimeAsync(5000)
    expect(first.sentJson()).toEqual([{ type: 'ping' }])
    await vi.advanceTimersByTimeAsync(1999)
    expect(ws.status.value).toBe('OPEN')
    await vi.advanceTimersByTimeAsync(1)
    expect(first.closedWith).toEqual({ code: 4000, reason: 'heartbeat timeout' })
    expect(onClose).toHaveBeenCalledWith({ code: 4000, reason: 'heartbeat timeout', willReconnect: true })
    expect(ws.status.value).toBe('CLOSED')
    await vi.advanceTimersByTimeAsync(1000)
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('any answer within the timeout keeps the connection', async () => {
    const ws = make()
    const sock = FakeWebSocket.last()
    sock.serverOpen()
    for (let i = 0; i < 4; i++) {
      await vi.advanceTimersByTimeAsync(5000)
      sock.serverSend({ type: 'pong' })
    }
    expect(ws.status.value).toBe('OPEN')
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('close() stops reconnecting; open() starts again', async () => {
    const ws = make()
    FakeWebSocket.last().serverOpen()
    ws.close()
    expect(FakeWebSocket.last().closedWith?.code).toBe(1000)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
    ws.open()
    expect(FakeWebSocket.instances).toHaveLength(2)
  })

  it('gives up after the configured number of retries', async () => {
    const ws = make({ reconnect: { retries: 2, baseDelayMs: 10, maxDelayMs: 10, jitter: 0 } })
    for (let i = 0; i < 3; i++) {
      FakeWebSocket.last().serverClose()
      await vi.advanceTimersByTimeAsync(10)
    }
    expect(FakeWebSocket.instances).toHaveLength(3)
    expect(ws.status.value).toBe('CLOSED')
    expect(ws.nextRetryMs.value).toBeNull()
  })

  it('ignores frames that are not JSON', () => {
    const onMessage = vi.fn()
    make({ onMessage })
    FakeWebSocket.last().serverOpen()
    FakeWebSocket.last().onmessage?.(new MessageEvent('message', { data: 'not json' }))
    expect(onMessage).not.toHaveBeenCalled()
  })
})
