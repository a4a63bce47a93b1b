/**
 * A Server-Sent Events parser fed with text chunks in any split: an event may arrive over
 * many chunks and a chunk may end in the middle of a line or between `\r` and `\n`.
 * Follows the WHATWG event-stream rules: `id`, `event`, `data` (joined by newlines),
 * `retry`, comment lines starting with `:`; an event is dispatched on a blank line.
 */

export interface SseMessage {
  id: string | null
  event: string
  data: string
  retry: number | null
}

export class SseParser {
  private buffer = ''
  private pendingCR = false
  private data: string[] = []
  private event = ''
  private id: string | null = null
  private retry: number | null = null
  /** The last `id:` seen, which the browser would send back as Last-Event-ID. */
  lastEventId: string | null = null

  constructor(private readonly onMessage: (message: SseMessage) => void) {}

  feed(chunk: string): void {
    let text = chunk
    if (this.pendingCR) {
      this.pendingCR = false
      if (text.startsWith('\n')) text = text.slice(1)
    }
    this.buffer += text
    let start = 0
    for (let i = 0; i < this.buffer.length; i++) {
      const ch = this.buffer[i]
      if (ch !== '\n' && ch !== '\r') continue
      this.line(this.buffer.slice(start, i))
      if (ch === '\r') {
        if (i + 1 === this.buffer.length) this.pendingCR = true
        else if (this.buffer[i + 1] === '\n') i++
      }
      start = i + 1
    }
    this.buffer = this.buffer.slice(start)
  }

  /** At end of stream an unterminated event is dropped, as the spec says. */
  end(): void {
    this.buffer = ''
    this.data = []
    this.event = ''
    this.id = null
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch()
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    switch (field) {
      case 'data':
        this.data.push(value)
        break
      case 'event':
        this.event = value
        break
      case 'id':
        if (!value.includes('\0')) {
          this.id = value
          this.lastEventId = value
        }
        break
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value)
        break
      default:
        break
    }
  }

  private dispatch(): void {
    if (this.data.length === 0) {
      this.event = ''
      this.id = null
      return
    }
    const message: SseMessage = {
      id: this.id ?? this.lastEventId,
      event: this.event || 'message',
      data: this.data.join('\n'),
      retry: this.retry,
    }
    this.data = []
    this.event = ''
    this.id = null
    this.onMessage(message)
  }
}
