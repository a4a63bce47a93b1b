/**
 * A deliberately small Markdown renderer for answers: headings, paragraphs, lists, pipe
 * tables, code, bold and italic. Everything is HTML-escaped first, so the output is safe
 * for v-html whatever the text holds.
 */

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim())
}

const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/

export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const out: string[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (/^```/.test(line)) {
      const code: string[] = []
      i += 1
      while (i < lines.length && !/^```/.test(lines[i] ?? '')) code.push(lines[i++] ?? '')
      i += 1
      out.push(`<pre><code>${escapeHtml(code.join('\n'))}</code></pre>`)
    } else if (/^#{1,6}\s/.test(line)) {
      const level = Math.min(6, (line.match(/^#+/)?.[0].length ?? 1) + 2)
      out.push(`<h${level}>${inline(line.replace(/^#+\s*/, ''))}</h${level}>`)
      i += 1
    } else if (line.includes('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const head = cells(line)
      i += 2
      const body: string[][] = []
      while (i < lines.length && (lines[i] ?? '').includes('|')) body.push(cells(lines[i++] ?? ''))
      out.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>` +
          body.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join('')}</tr>`).join('') +
          '</tbody></table>',
      )
    } else if (/^\s*([-*]|\d+\.)\s+/.test(line)) {
      const ordered = /^\s*\d+\./.test(line)
      const items: string[] = []
      while (i < lines.length && /^\s*([-*]|\d+\.)\s+/.test(lines[i] ?? '')) {
        items.push(`<li>${inline((lines[i++] ?? '').replace(/^\s*([-*]|\d+\.)\s+/, ''))}</li>`)
      }
      out.push(ordered ? `<ol>${items.join('')}</ol>` : `<ul>${items.join('')}</ul>`)
    } else if (line.trim() === '') {
      i += 1
    } else {
      const para: string[] = []
      while (i < lines.length && (lines[i] ?? '').trim() !== '' && !/^(#{1,6}\s|```|\s*([-*]|\d+\.)\s+)/.test(lines[i] ?? '')) {
        if ((lines[i] ?? '').includes('|') && TABLE_RULE.test(lines[i + 1] ?? '')) break
        para.push(inline(lines[i++] ?? ''))
      }
      out.push(`<p>${para.join('<br>')}</p>`)
    }
  }
  return out.join('\n')
}
