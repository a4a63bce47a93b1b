// @vitest-environment node
// Pure store and protocol logic: no DOM needed, and node starts much faster than jsdom.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { SseParser, type SseMessage } from '@/utils/sse'
import { useEventStream, type StreamEvent } from '@/composables/useEventStream'
import { apiError, mockFetch, sseEvent, sseResponse } from './helpers'

function parseAll(chunks: string[]): SseMessage[] {
  const out: SseMessage[] = []
  const p = new SseParser((m) => out.push(m))
  chunks.forEach((c) => p.feed(c))
  return out
}

describe('SseParser', () => {
  const stream =
    ': keep-alive\n\n' +
    'id: 1\nevent: run_started\ndata: {"run_id":"r"}\n\n' +
    'id: 2\r\nevent: delta\r\ndata: {"text":"Hel"}\r\n\r\n' +
    'id: 3\revent: delta\rdata: {"text":"lo"}\r\r' +
    'id: 4\nevent: note\ndata: line one\ndata: line two\n\n'
  const expected = [
    { id: '1', event: 'run_started', data: '{"run_id":"r"}' },
    { id: '2', event: 'delta', data: '{"text":"Hel"}' },
    { id: '3', event: 'delta', data: '{"text":"lo"}' },
    { id: '4', event: 'note', data: 'line one\nline two' },
  ]

  it('parses a whole stream with LF, CRLF and CR line ends and multi-line data', () => {
    expect(parseAll([stream]).map(({ id, event, data }) => ({ id, event, data }))).toEqual(expected)
  })

  it('gives the same events however the stream is split into chunks', () => {
    for (let size = 1; size <= 7; size++) {
      const chunks = stream.match(new RegExp(`[\\s\\S]{1,${size}}`, 'g'))!
      expect(parseAll(chunks).map(({ id, event, data }) => ({ id, event, data }))).toEqual(expected)
    }
    // every single split point, including between \r and \n
    for (let cut = 1; cut < stream.length; cut++) {
      const got = parseAll([stream.slice(0, cut), stream.slice(cut)])
      expect(got.map((m) => m.data)).toEqual(expected.map((m) => m.data))
    }
  })

  it('defaults the event name, reads retry, and drops an unterminated event', () => {
    const out = parseAll(['retry: 3000\ndata: x\n\n', 'data: never finished'])
    expect(out).toEqual([{ id: null, event: 'message', data: 'x', retry: 3000 }])
  })
})

const final = (e: StreamEvent) => e.event === 'run_completed' || e.event === 'run_failed'

describe('useEventStream', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(Math, 'random').mockReturnValue(0)
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('resumes with Last-Event-ID after a drop and drops replayed duplicates', async () => {
    const seenHeaders: Array<string | undefined> = []
    let call = 0
    mockFetch((_url, init) => {
      seenHeaders.push((init.headers as Record<string, string>)['Last-Event-ID'])
      call++
      if (call === 1) return sseResponse([sseEvent(1, 'run_started', {}), sseEvent(2, 'delta', { text: 'Hel' }).slice(0, 20)], { fail: true })
      // the server replays from 1 (as if it ignored the header) and goes on
      return sseResponse([
        sseEvent(1, 'run_started', {}),
        sseEvent(2, 'delta', { text: 'Hel' }),
        sseEvent(3, 'delta', { text: 'lo' }),
        sseEvent(4, 'run_completed', { answer: 'Hello' }),
      ])
    })
    const events: StreamEvent[] = []
    const s = useEventStream('/api/chat/runs/r/events', { isFinal: final, onEvent: (e) => events.push(e) })
    const done = s.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(s.status.value).toBe('reconnecting')
    expect(s.lastEventId.value).toBe('1')
    await vi.advanceTimersByTimeAsync(500)
    await done
    expect(seenHeaders).toEqual([undefined, '1'])
    expect(events.map((e) => e.id)).toEqual([1, 2, 3, 4])
    expect(events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text).join('')).toBe('Hello')
    expect(s.duplicates.value).toBe(1)
    expect(s.status.value).toBe('closed')
  })

  it('a stream that ends cleanly before its final event is resumed too', async () => {
    let call = 0
    const fetch = mockFetch(() =>
      ++call === 1 ? sseResponse([sseEvent(1, 'delta', { text: 'a' })]) : sseResponse([sseEvent(2, 'run_completed', {})]),
    )
    const events: StreamEvent[] = []
    const s = useEventStream('/e', { isFinal: final, onEvent: (e) => events.push(e) })
    const done = s.open()
    await vi.advanceTimersByTimeAsync(500)
    await done
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(events.map((e) => e.event)).toEqual(['delta', 'run_completed'])
  })

  it('does not reconnect after the final event', async () => {
    const fetch = mockFetch(() => sseResponse([sseEvent(1, 'run_failed', { error: { code: 'x', message: 'y' } })], { hold: true }))
    const s = useEventStream('/e', { isFinal: final })
    await s.open()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(s.status.value).toBe('closed')
  })

  it('a 404 is final: no retry, status error', async () => {
    const fetch = mockFetch(() => apiError(404, 'not_found'))
    const onError = vi.fn()
    const s = useEventStream('/e', { isFinal: final, onError })
    await s.open()
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(s.status.value).toBe('error')
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ status: 404, code: 'not_found' }))
  })

  it('backs off between attempts and gives up after the retries', async () => {
    const fetch = mockFetch(() => apiError(503, 'down'))
    const s = useEventStream('/e', { isFinal: final, reconnect: { retries: 2, baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 } })
    const done = s.open()
    await vi.advanceTimersByTimeAsync(99)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(200)
    await done
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(s.status.value).toBe('error')
  })

  it('close() aborts the request and stops for good', async () => {
    const fetch = mockFetch(() => sseResponse([sseEvent(1, 'delta', { text: 'a' })], { hold: true }))
    const s = useEventStream('/e', { isFinal: final })
    const done = s.open()
    await vi.advanceTimersByTimeAsync(0)
    expect(s.status.value).toBe('open')
    s.close()
    await done
    await vi.advanceTimersByTimeAsync(60_000)
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(s.status.value).toBe('closed')
  })
})
