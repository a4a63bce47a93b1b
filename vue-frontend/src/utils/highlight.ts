/**
 * A search snippet cut into plain and marked pieces, to be rendered as text (never as
 * HTML: the snippet is message text). Offsets count code points, as the server does, so
 * an emoji before a match does not shift the mark.
 */
export interface Segment {
  text: string
  mark: boolean
}

export function segments(snippet: string, highlights: ReadonlyArray<readonly [number, number]>): Segment[] {
  const chars = Array.from(snippet)
  const out: Segment[] = []
  let at = 0
  const sorted = [...highlights].sort((a, b) => a[0] - b[0])
  for (const [rawStart, rawEnd] of sorted) {
    const start = Math.max(at, Math.min(rawStart, chars.length))
    const end = Math.min(Math.max(rawEnd, start), chars.length)
    if (end <= start) continue
    if (start > at) out.push({ text: chars.slice(at, start).join(''), mark: false })
    out.push({ text: chars.slice(start, end).join(''), mark: true })
    at = end
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(''), mark: false })
  return out
}
