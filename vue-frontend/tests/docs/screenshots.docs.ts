/**
 * The README's pictures (issue 12): for English, German and Chinese the home with the
 * suggested questions, a chat answer with its table and chart, and the first page of the
 * conversation's PDF export, written to docs/ at the repository's root. Not a test: run
 * `npm run docs:screenshots` after `npm run build` when the UI changes. The PDF page is
 * rendered by pypdfium2 (requirements-dev.txt), in the project's virtualenv.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../browser/backend'
import { useBrowserSuite } from '../browser/browser'
import { penguinsCsv } from '../browser/fixtures'
import { uploadViaApi, waitForFileReady } from '../browser/api'
import { testid, until } from '../browser/helpers'

const suite = useBrowserSuite()

const DOCS = join(ROOT, 'docs')
const LANGUAGES = [
  { lang: 'en', locale: 'en-US', file: 'penguins.csv', question: 'average body_mass_g by species' },
  { lang: 'de', locale: 'de-DE', file: 'pinguine.csv', question: 'Durchschnitt von body_mass_g pro species' },
  { lang: 'zh', locale: 'zh-CN', file: '企鹅.csv', question: '每个 species 的 body_mass_g 平均值' },
] as const

/** Page 1 of a PDF as a PNG, drawn by PDFium at 1.5× (about 900 px wide for A4). */
function renderPdfPage(pdf: Buffer, png: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'datapulse-pdf-'))
  const path = join(dir, 'export.pdf')
  writeFileSync(path, pdf)
  const code = 'import sys, pypdfium2 as p; d = p.PdfDocument(sys.argv[1]); d[0].render(scale=1.5).to_pil().save(sys.argv[2])'
  execFileSync(join(ROOT, '.venv', 'bin', 'python'), ['-c', code, path, png])
}

describe('README screenshots', () => {
  for (const { lang, locale, file, question } of LANGUAGES) {
    it(`${lang}: home, a chat answer, a PDF page`, async () => {
      const uploaded = await uploadViaApi(suite.backend.apiUrl, file, penguinsCsv())
      await waitForFileReady(suite.backend.apiUrl, uploaded.id)
      const o = await suite.open(undefined, { locale })
      try {
        await o.page.goto('/')
        await until('the suggested questions', o, suite.backend, async () => (await testid(o.page, 'suggestion').count()) > 1)
        await o.page.mouse.move(0, 0)
        await o.page.screenshot({ path: join(DOCS, `home-${lang}.png`) })

        const conv = await suite.api<{ id: string }>('/api/chat/conversations', { method: 'POST', body: JSON.stringify({ file_ids: [uploaded.id] }) })
        await o.page.goto(`/chat/${conv.id}`)
        await o.page.locator('[data-testid="chat-input"] textarea, textarea[data-testid="chat-input"]').first().fill(question)
        await testid(o.page, 'chat-send').click()
        const answer = testid(o.page, 'chat-message-assistant').last()
        await until('the answer', o, suite.backend, async () => (await answer.getAttribute('data-status')) === 'completed', 60_000)
        await answer.locator('canvas').first().waitFor()
        await o.page.waitForTimeout(800) // the chart's entry animation
        await o.page.mouse.move(0, 0)
        await o.page.screenshot({ path: join(DOCS, `chat-${lang}.png`) })

        const pdf = await fetch(`${suite.backend.apiUrl}/api/chat/conversations/${conv.id}/export?format=pdf&lang=${lang}`)
        expect(pdf.status).toBe(200)
        renderPdfPage(Buffer.from(await pdf.arrayBuffer()), join(DOCS, `pdf-${lang}.png`))
      } finally {
        await o.context.close()
      }
    })
  }
})
