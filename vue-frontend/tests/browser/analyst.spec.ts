/**
 * The analyst's answer in a real browser against the real API and WebSocket server:
 * numbers in the UI language, a chart that can be switched, sorted and downloaded, the
 * agents' trace, the export dialog, a conversation that opens at its latest answer,
 * renaming seen live in another tab, and an unknown conversation named as such.
 */
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { useBrowserSuite } from './browser'
import { penguinsCsv } from './fixtures'
import { uploadViaApi, waitForFileReady } from './api'
import { testid, until } from './helpers'

const suite = useBrowserSuite()

let conversationId = ''
const QUESTIONS = ['how many rows', 'average bill_length_mm by species', 'average flipper_length_mm by island', 'average bill_length_mm by species']

/** The mean bill length per species, from the fixture itself. */
function billMeans(): Record<string, number> {
  const [head, ...lines] = penguinsCsv().trim().split('\n')
  const at = head!.split(',').indexOf('bill_length_mm')
  const sums: Record<string, number[]> = {}
  for (const line of lines) {
    const cells = line.split(',')
    ;(sums[cells[0]!] ??= []).push(Number(cells[at]))
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]))
}

async function waitRun(runId: string): Promise<void> {
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    const run = await suite.api<{ status: string }>(`/api/chat/runs/${runId}`)
    if (!['queued', 'running'].includes(run.status)) return
    await new Promise((ok) => setTimeout(ok, 100))
  }
  throw new Error(`run ${runId} did not end`)
}

beforeAll(async () => {
  const file = await uploadViaApi(suite.backend.apiUrl, 'penguins.csv', penguinsCsv())
  await waitForFileReady(suite.backend.apiUrl, file.id)
  conversationId = (await suite.api<{ id: string }>('/api/chat/conversations', { method: 'POST', body: JSON.stringify({ file_ids: [file.id] }) })).id
  // a conversation long enough to open in the middle if it did not scroll
  for (const content of QUESTIONS) {
    const asked = await suite.api<{ run_id: string }>(`/api/chat/conversations/${conversationId}/messages`, { method: 'POST', body: JSON.stringify({ content }) })
    await waitRun(asked.run_id)
  }
}, 120_000)

/** The texts of the first column of the last grid of `id` on the page. */
async function firstColumn(page: Page, id: string): Promise<string[]> {
  return page.locator(`[data-testid="${id}"]`).last().locator('tbody tr td:first-child').allInnerTexts()
}

async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  const path = await file.path()
  return { name: file.suggestedFilename(), bytes: readFileSync(path) }
}

describe('the analyst\'s answer', () => {
  it('opens at the latest answer; German numbers; a chart switched, sorted and downloaded; the trace', async () => {
    const o = await suite.open(`/chat/${conversationId}`, { locale: 'de-DE', uiLocale: true })
    const { page } = o
    await until('four answers with the last chart', o, suite.backend, async () => (await testid(page, 'chat-message-assistant').count()) === 4 && (await testid(page, 'echart').count()) >= 2)
    // at the end of the conversation, after the charts were drawn
    await until('scrolled to the latest answer', o, suite.backend, async () =>
      page.evaluate(() => {
        const el = document.querySelector('[data-testid="chat-messages"]') as HTMLElement
        return el.scrollHeight > el.clientHeight + 200 && el.scrollHeight - el.scrollTop - el.clientHeight < 50
      }),
    )

    const last = testid(page, 'chat-message-assistant').last()
    const means = billMeans()
    const gentoo = new Intl.NumberFormat('de', { maximumSignificantDigits: 4 }).format(means.Gentoo!)
    expect(gentoo).toContain(',')
    expect(await last.locator('[data-testid="result-table-grid"]').innerText()).toContain(gentoo)

    // the chart: as a table, sorted largest first, the CSV of what it shows
    const card = last.locator('[data-testid="chart-card"]')
    await card.locator('[data-testid="chart-type-table"]').click()
    await until('the chart as a table', o, suite.backend, async () => (await card.getAttribute('data-type')) === 'table')
    await card.locator('[data-testid="chart-sort"]').click()
    await page.locator('[data-testid="chart-sort-desc"]:visible').click()
    const order = Object.entries(means).sort((a, b) => b[1] - a[1]).map(([k]) => k)
    await until('largest first', o, suite.backend, async () => JSON.stringify(await firstColumn(page, 'chart-table')) === JSON.stringify(order))
    await card.locator('[data-testid="chart-download"]').click()
    const csv = await download(page, () => page.locator('[data-testid="chart-download-csv"]:visible').click())
    const rows = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(csv.name).toMatch(/\.csv$/)
    expect(rows[0]).toBe(`Kategorie,${rows[0]!.split(',')[1]}`)
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(order)
    expect(Number(rows[1]!.split(',')[1])).toBeCloseTo(means[order[0]!]!, 6)

    // a line chart, downloaded as a PNG
    await card.locator('[data-testid="chart-type-line"]').click()
    await card.locator('[data-testid="echart"] canvas').waitFor()
    await card.locator('[data-testid="chart-download"]').click()
    const png = await download(page, () => page.locator('[data-testid="chart-download-png"]:visible').click())
    expect(png.name).toMatch(/\.png$/)
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))

    // the agents' steps stay, folded, with their timings
    const trace = last.locator('[data-testid="agent-trace"]')
    expect(await trace.getAttribute('open')).toBeNull()
    await trace.locator('summary').click()
    expect(await trace.locator('summary').innerText()).toMatch(/Schritte der Agenten \(\d+\)/)
    expect(await trace.locator('[data-testid="agent-trace-step"]').count()).toBeGreaterThan(1)
    expect(o.errors).toEqual([])
  })

  it('renames a conversation, seen live in another tab; exports with the chosen options', async () => {
    const other = await suite.open('/chat', { locale: 'en-US', uiLocale: true })
    await testid(other.page, 'conversation-list').waitFor()
    const o = await suite.open(`/chat/${conversationId}`, { locale: 'en-US', uiLocale: true })
    const { page } = o
    // named after its first question
    await until('titled by the first question', o, suite.backend, async () => (await testid(page, 'chat-title').innerText()) === QUESTIONS[0])
    await testid(page, 'conversation-rename').click()
    const input = page.locator('.el-message-box input')
    await input.fill('   ')
    await page.locator('.el-message-box .el-button--primary').click()
    await page.locator('.el-message-box', { hasText: 'Enter a name' }).waitFor()
    await input.fill('Bill lengths')
    await page.locator('.el-message-box .el-button--primary').click()
    await until('renamed here', o, suite.backend, async () => (await testid(page, 'chat-title').innerText()) === 'Bill lengths')
    await until('renamed in the other tab', other, suite.backend, async () => (await testid(other.page, 'conversation-item').allInnerTexts()).some((t) => t.includes('Bill lengths')))

    await testid(page, 'export-open').click()
    const dialog = page.locator('[data-testid="export-dialog"]')
    await dialog.locator('[data-testid="export-lang-de"]').click()
    await dialog.locator('[data-testid="export-charts"]').click()
    const href = new URL((await testid(page, 'export-download').getAttribute('href'))!, suite.backend.apiUrl)
    expect(Object.fromEntries(href.searchParams)).toEqual({ format: 'pdf', lang: 'de', charts: 'false' })
    const pdf = await download(page, () => testid(page, 'export-download').click())
    expect(pdf.name).toMatch(/^conversation-bill-lengths-.*\.pdf$/)
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect([...o.errors, ...other.errors]).toEqual([])
  })

  it('says "not found" for an unknown conversation, in English and Chinese', async () => {
    for (const [locale, title] of [['en-US', 'Conversation not found'], ['zh-CN', '找不到对话']] as const) {
      const o = await suite.open('/chat/no-such-conversation', { locale, uiLocale: true })
      const missing = testid(o.page, 'chat-not-found')
      await missing.waitFor()
      expect(await missing.innerText()).toContain(title)
      expect(await missing.innerText()).toContain('no-such-conversation')
      expect(await testid(o.page, 'chat-input').count()).toBe(0)
      // console errors of the 404 itself are the API's answer, not the page's
      expect(o.errors.filter((e) => !e.includes('404'))).toEqual([])
    }
  })
})
