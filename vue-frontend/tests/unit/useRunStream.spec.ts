// @vitest-environment node
// One run's SSE stream: its events, its end, and asking the server when it ends too soon.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { StreamEvent } from '@/composables/useEventStream'
import { isFinalRunEvent, useRunStream } from '@/composables/useRunStream'
import type { Run } from '@/types'
import { apiError, controlledSse, flush, json, mockFetch, sseEvent, sseResponse } from './helpers'

afterEach(() => {
  vi.unstubAllGlobals()
})

const storedRun = { id: 'r1', conversation_id: 'c1', status: 'completed', result: { answer: 'done', results: [], plan: [], duration_ms: 1 } }

function follow(lastEventId: string | null = null) {
  const events: StreamEvent[] = []
  const settled: Run[] = []
  const errors: Array<{ code: string; message: string }> = []
  const stream = useRunStream('r1', {
    lastEventId,
    reconnect: false,
    onEvent: (e) => events.push(e),
    onError: (e) => errors.push(e),
    onSettled: (run) => settled.push(run),
  })
  return { stream, events, settled, errors }
}

describe('useRunStream', () => {
  it('passes the events on and is done after the final one, without asking the server', async () => {
    const fetch = mockFetch((url) =>
      url === '/api/chat/runs/r1/events'
        ? sseResponse([sseEvent(1, 'delta', { text: 'a' }), sseEvent(2, 'run_completed', { answer: 'a' }), sseEvent(3, 'delta', { text: 'late' })], { hold: true })
        : apiError(404, 'not_found'),
    )
    const { stream, events, settled } = follow()
    await stream.open()
    expect(events.map((e) => [e.id, e.event])).toEqual([
      [1, 'delta'],
      [2, 'run_completed'],
    ])
    expect(stream.finished.value).toBe(true)
    expect(stream.status.value).toBe('closed')
    expect(stream.lastEventId.value).toBe('2')
    expect(settled).toEqual([])
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('resumes after lastEventId', async () => {
    const fetch = mockFetch(() => sseResponse([sseEvent(5, 'run_failed', { error: { code: 'x', message: 'y' } })]))
    const { stream } = follow('4')
    await stream.open()
    expect((fetch.mock.calls[0]![1]!.headers as Record<string, string>)['Last-Event-ID']).toBe('4')
  })

  it('a stream that ends before a final event reports the error and settles from the stored run', async () => {
    const calls: string[] = []
    mockFetch((url) => {
      calls.push(url)
      if (url === '/api/chat/runs/r1/events') return sseResponse([sseEvent(1, 'delta', { text: 'a' })])
      if (url === '/api/chat/runs/r1') return json(storedRun)
      return apiError(404, 'not_found')
    })
    const { stream, events, settled, errors } = follow()
    await stream.open()
    expect(events).toHaveLength(1)
    expect(stream.finished.value).toBe(false)
    expect(stream.status.value).toBe('error')
    expect(errors).toEqual([{ code: 'stream_dropped', message: 'The stream ended before its final event' }])
    expect(settled).toEqual([storedRun])
    expect(calls).toEqual(['/api/chat/runs/r1/events', '/api/chat/runs/r1'])
  })

  it('a refused stream reports the API error code', async () => {
    mockFetch((url) => (url.endsWith('/events') ? apiError(404, 'run_not_found') : json(storedRun)))
    const { stream, errors, settled } = follow()
    await stream.open()
    expect(errors).toEqual([{ code: 'run_not_found', message: 'run_not_found happened' }])
    expect(settled).toHaveLength(1)
  })

  it('when the server cannot say how the run ended, nothing is settled and open() still resolves', async () => {
    mockFetch((url) => (url.endsWith('/events') ? apiError(404, 'not_found') : apiError(500, 'internal_error')))
    const { stream, settled, errors } = follow()
    await expect(stream.open()).resolves.toBeUndefined()
    expect(errors).toHaveLength(1)
    expect(settled).toEqual([])
  })

  it('a stream closed while the server is asked settles nothing', async () => {
    let answer!: (r: Response) => void
    mockFetch((url) => (url.endsWith('/events') ? apiError(404, 'not_found') : new Promise<Response>((ok) => (answer = ok))))
    const { stream, settled } = follow()
    const opened = stream.open()
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'))
    stream.close()
    answer(json(storedRun))
    await opened
    expect(settled).toEqual([])
  })

  it('reopening leaves the first open() without a settle of its own', async () => {
    const first = controlledSse()
    const second = controlledSse()
    const streams = [first, second]
    const calls: string[] = []
    mockFetch((url) => {
      calls.push(url)
      return url.endsWith('/events') ? streams.shift()!.response : json(storedRun)
    })
    const { stream, events, settled } = follow()
    const opened = stream.open()
    await flush()
    const reopened = stream.open()
    await opened
    expect(calls).toEqual(['/api/chat/runs/r1/events', '/api/chat/runs/r1/events'])
    second.push(sseEvent(1, 'run_completed', { answer: 'ok' }))
    await reopened
    expect(events.map((e) => e.event)).toEqual(['run_completed'])
    expect(settled).toEqual([])
  })

  it('knows the final events', () => {
    expect(isFinalRunEvent({ id: 1, event: 'run_completed', data: {} })).toBe(true)
    expect(isFinalRunEvent({ id: 1, event: 'run_failed', data: {} })).toBe(true)
    expect(isFinalRunEvent({ id: 1, event: 'delta', data: {} })).toBe(false)
  })
})
