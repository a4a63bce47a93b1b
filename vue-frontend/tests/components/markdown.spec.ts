import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '@/components/chat/markdown'

/** markdown-it puts a newline between block tags; the structure is what is checked. */
function compact(html: string): string {
  return html.replace(/>\s+</g, '><').replace(/<br>\s+/g, '<br>').trim()
}

describe('renderMarkdown', () => {
  it('escapes HTML so an answer can never inject markup', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<b>x</b>**')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<strong>&lt;b&gt;x&lt;/b&gt;</strong>')
  })

  it('makes no link or image out of the text, whatever its scheme', () => {
    const html = renderMarkdown('[click](javascript:alert(1)) ![x](http://x/y.png) <http://x> <script>alert(1)</script>')
    expect(html).not.toMatch(/<a |<img|<script/)
    expect(html).toContain('&lt;script&gt;')
  })

  it('renders a pipe table with its header and rows', () => {
    const html = compact(renderMarkdown('| species | mass |\n|---|---:|\n| Adelie | 3700 |\n| Gentoo | 5200 |'))
    expect(html).toBe(
      '<table><thead><tr><th>species</th><th style="text-align:right">mass</th></tr></thead><tbody>' +
        '<tr><td>Adelie</td><td style="text-align:right">3700</td></tr>' +
        '<tr><td>Gentoo</td><td style="text-align:right">5200</td></tr></tbody></table>',
    )
  })

  it('renders headings, lists, code and paragraphs', () => {
    const html = compact(renderMarkdown('# Title\n\n- one\n- *two*\n\n1. first\n\n```\na < b\n```\ntext `code`\nmore'))
    expect(html).toContain('<h3>Title</h3>')
    expect(html).toContain('<ul><li>one</li><li><em>two</em></li></ul>')
    expect(html).toContain('<ol><li>first</li></ol>')
    expect(html).toContain('<pre><code>a &lt; b\n</code></pre>')
    expect(html).toContain('<p>text <code>code</code><br>more</p>')
  })
})
