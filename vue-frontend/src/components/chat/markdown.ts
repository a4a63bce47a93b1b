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

/**
 * `drawnTables`: the titles of the message's table results. The answer repeats each as
 * "**title** (n rows)" and a pipe table (for text exports); the result draws it, so that
 * paragraph and table are left out here and the reader sees each table once (issue 12).
 */
export function renderMarkdown(source: string, drawnTables: ReadonlySet<string> = new Set()): string {
  const env = {}
  const tokens = md.parse(source, env)
  if (drawnTables.size) {
    for (let i = tokens.length - 1; i >= 3; i--) {
      if (tokens[i]?.type !== 'table_open') continue
      const [open, inline, close] = [tokens[i - 3]!, tokens[i - 2]!, tokens[i - 1]!]
      if (open.type !== 'paragraph_open' || inline.type !== 'inline' || close.type !== 'paragraph_close') continue
      if (![...drawnTables].some((title) => inline.content.startsWith(`**${title}**`))) continue
      let end = i
      while (end < tokens.length && tokens[end]!.type !== 'table_close') end++
      tokens.splice(i - 3, end - i + 4)
      i -= 3 // the tokens before the paragraph are where they were
    }
  }
  return md.renderer.render(tokens, md.options, env)
}

/** The reading to show above an answer: none when the answer's text opens with it
 * already (the server writes it first, in italics), so that it is read once. */
export function readingToShow(interpretation: string | undefined, content: string): string {
  const text = interpretation?.trim() ?? ''
  return text && !content.trimStart().replace(/^[*_]+/, '').startsWith(text) ? text : ''
}
