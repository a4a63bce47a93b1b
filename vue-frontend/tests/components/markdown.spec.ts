import { describe, expect, it } from 'vitest'
import { renderMarkdown } from '@/components/chat/markdown'

describe('renderMarkdown', () => {
  it('escapes HTML so an answer can never inject markup', () => {
    const html = renderMarkdown('<img src=x onerror=alert(1)> **<b>x</b>**')
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<strong>&lt;b&gt;x&lt;/b&gt;</strong>')
  })

  it('renders a pipe table with its header and rows', () => {
    const html = renderMarkdown('| species | mass |\n|---|---:|\n| Adelie | 3700 |\n| Gentoo | 5200 |')
    expect(html).toBe(
      '<table><thead><tr><th>species</th><th>mass</th></tr></thead><tbody>' +
        '<tr><td>Adelie</td><td>3700</td></tr><tr><td>Gentoo</td><td>5200</td></tr></tbody></table>',
    )
  })

  it('renders headings, lists, code and paragraphs', () => {
    const html = renderMarkdown('# Title\n\n- one\n- *two*\n\n1. first\n\n```\na < b\n```\ntext `code`\nmore')
    expect(html).toContain('<h3>Title</h3>')
    expect(html).toContain('<ul><li>one</li><li><em>two</em></li></ul>')
    expect(html).toContain('<ol><li>first</li></ol>')
    expect(html).toContain('<pre><code>a &lt; b</code></pre>')
    expect(html).toContain('<p>text <code>code</code><br>more</p>')
  })
})
