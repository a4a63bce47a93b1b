/** Test doubles: a scripted fetch, a fake WebSocket, SSE bodies delivered in chosen chunks. */
import { vi } from 'vitest'

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

export function apiError(status: number, code: string, headers: Record<string, string> = {}): Response {
  return json({ error: { code, message: `${code} happened`, details: {} } }, status, headers)
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>

/** Replace fetch; each call goes to `handler`; calls are recorded. */
export function mockFetch(handler: Handler) {
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    if (init.signal?.aborted) throw new DOMException('Aborted', 'AbortError')
    return handler(String(input), init)
  })
  vi.stubGlobal('fetch', fn)
  return fn
}

/** A fetch that answers the scripted responses in order (errors are thrown). */
export function scriptFetch(...answers: Array<Response | Error | (() => Response)>) {
  let i = 0
  return mockFetch(() => {
    const a = answers[Math.min(i++, answers.length - 1)]!
    if (a instanceof Error) throw a
    return typeof a === 'function' ? a() : a
  })
}

/** An SSE response whose body arrives in exactly these chunks; `hold` keeps it open. */
export function sseResponse(chunks: string[], options: { hold?: boolean; fail?: boolean } = {}): Response {
  const encoder = new TextEncoder()
  const queue = [...chunks]
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift()
      if (next !== undefined) controller.enqueue(encoder.encode(next))
      else if (options.fail) controller.error(new TypeError('network dropped'))
      else if (!options.hold) controller.close()
      else return new Promise<void>(() => undefined) // stays open
    },
  })
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })
}

export function sseEvent(id: number, event: string, data: unknown): string {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`
}

/** A WebSocket double: tests drive open/message/close by hand. */
export class FakeWebSocket {
  static instances: FakeWebSocket[] = []
  static reset() {
    FakeWebSocket.instances = []
  }
  static last(): FakeWebSocket {
    return FakeWebSocket.instances[FakeWebSocket.instances.length - 1]!
  }

  readyState = 0
  sent: string[] = []
  closedWith: { code?: number; reason?: string } | null = null
  onopen: ((ev: Event) => unknown) | null = null
  onmessage: ((ev: MessageEvent) => unknown) | null = null
  onclose: ((ev: CloseEvent) => unknown) | null = null
  onerror: ((ev: Event) => unknown) | null = null

  constructor(public url: string) {
    FakeWebSocket.instances.push(this)
  }

  send(data: string) {
    this.sent.push(data)
  }

  sentJson(): Array<Record<string, unknown>> {
    return this.sent.map((s) => JSON.parse(s) as Record<string, unknown>)
  }

  close(code?: number, reason?: string) {
    this.closedWith = { code, reason }
    this.readyState = 3
  }

  // --- driven by the test ---
  serverOpen() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  serverSend(message: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }))
  }

  serverClose(code = 1006, reason = '') {
    this.readyState = 3
    this.onclose?.({ code, reason } as CloseEvent)
  }
}

export function envelope(type: string, seq: number, data: unknown, topic: string | null = null) {
  return { type, topic, seq, ts: '2026-01-01T00:00:00Z', data }
}

/** Let pending promise callbacks run (with fake timers too). */
export async function flush(times = 5) {
  for (let i = 0; i < times; i++) await Promise.resolve()
}

/** An SSE response the test writes into piece by piece. */
export function controlledSse() {
  const encoder = new TextEncoder()
  let ctrl!: ReadableStreamDefaultController<Uint8Array>
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      ctrl = controller
    },
  })
  return {
    response: new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } }),
    push: (text: string) => ctrl.enqueue(encoder.encode(text)),
    end: () => ctrl.close(),
    fail: () => ctrl.error(new TypeError('network dropped')),
  }
}
