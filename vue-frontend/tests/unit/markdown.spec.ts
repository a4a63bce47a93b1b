import { describe, expect, it } from 'vitest'
import { readingToShow, renderMarkdown } from '@/components/chat/markdown'

const ANSWER = [
  'The mean of **mass** by species: highest **Gentoo**.',
  '',
  '**mean_mass by species** (2 rows)',
  '',
  '| species | mean_mass |',
  '|---|---|',
  '| Adelie | 3,700.00 |',
  '',
  '**other** (1 rows)',
  '',
  '| k | v |',
  '|---|---|',
  '| only-here | 1 |',
].join('\n')

describe('answer markdown', () => {
  it('leaves out a table the results draw, with its title line, and keeps the others', () => {
    const html = renderMarkdown(ANSWER, new Set(['mean_mass by species']))
    expect(html).not.toContain('Adelie')
    expect(html).not.toContain('(2 rows)')
    expect(html).toContain('highest <strong>Gentoo</strong>')
    expect(html).toContain('only-here')
    expect(html.match(/<table>/g)).toHaveLength(1)
  })

  it('leaves out the last table too, and two drawn tables in a row', () => {
    const html = renderMarkdown(ANSWER, new Set(['mean_mass by species', 'other']))
    expect(html).not.toContain('<table>')
    expect(html).not.toContain('only-here')
    expect(html).toContain('highest <strong>Gentoo</strong>')
    expect(renderMarkdown(ANSWER, new Set(['other']))).not.toContain('only-here')
  })

  it('keeps every table when the results hold none, and escapes HTML', () => {
    const html = renderMarkdown(`${ANSWER}\n\n<img src=x onerror=alert(1)>`)
    expect(html.match(/<table>/g)).toHaveLength(2)
    expect(html).toContain('&lt;img')
  })
})

describe('the reading above an answer', () => {
  it('is shown once: not when the text opens with it, in italics or not', () => {
    expect(readingToShow('Gelesen als: Mittelwert', '*Gelesen als: Mittelwert*\n\nMittelwert von x')).toBe('')
    expect(readingToShow('Read as: mean', 'Read as: mean\n\n42')).toBe('')
    expect(readingToShow('Read as: mean', 'The mean is 42.')).toBe('Read as: mean')
    expect(readingToShow(undefined, 'x')).toBe('')
  })
})
