/**
 * Answers are Markdown: rendered by markdown-it with raw HTML disabled, so whatever the
 * text holds (an answer quotes the user's data) comes out escaped and is safe for v-html.
 * Links and images are switched off too: an answer never makes a clickable link or loads
 * a picture out of a value in the data. Headings start at h3 inside a chat bubble.
 */
import MarkdownIt from 'markdown-it'

const HEADING_OFFSET = 2

const md = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true })
md.disable(['link', 'image', 'autolink', 'html_inline', 'html_block'])
md.core.ruler.push('chat_headings', (state) => {
  for (const token of state.tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') {
      token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + HEADING_OFFSET)}`
    }
  }
})

export function renderMarkdown(source: string): string {
  return md.render(source)
}
