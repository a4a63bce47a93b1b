/**
 * The analyst's workbench (issue 12): the SQL editor completes table and column names,
 * lists the tables with their columns and types, and keeps a history in this browser
 * that survives a reload; English and Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startBackend, type Backend } from './backend'
import { DESKTOP, launchBrowser, openPage } from './browser'
import { uploadViaApi, waitForFileReady } from './api'
import { explain, testid, until } from './helpers'

let backend: Backend
let browser: Browser

beforeAll(async () => {
  backend = await startBackend()
  browser = await launchBrowser()
}, 90_000)

afterAll(async () => {
  await browser?.close()
  await backend?.stop()
}, 30_000)

const CSV = 'region,unit_price,sold\nnorth,1.5,3\nsouth,2.5,4\nnorth,3.5,5\n'

describe('workbench', () => {
  it('SQL editor (Chinese): column panel, completion of tables and columns, history kept over a reload', async () => {
    const file = await uploadViaApi(backend.apiUrl, 'shop sales.csv', CSV)
    await waitForFileReady(backend.apiUrl, file.id)
    const o = await openPage(browser, backend.apiUrl, DESKTOP, 'zh-CN')
    try {
      await o.page.goto('/data')
      // The side panel: the table, its columns and their types.
      const panel = testid(o.page, 'sql-schema')
      const table = panel.locator('[data-testid="sql-schema-table"]', { hasText: file.table_name })
      await table.waitFor()
      expect(await table.textContent()).toContain('文件')
      await table.locator('summary').click()
      expect(await table.locator('li').allTextContents()).toEqual(['regionVARCHAR', 'unit_priceDOUBLE', 'soldBIGINT'])

      // Completion: a table name from its first letters, a column of that table as a bare word.
      const editor = o.page.locator('[data-testid="sql-input"] .cm-content')
      await editor.click()
      await o.page.keyboard.type(`SELECT  FROM ${file.table_name.slice(0, 4)}`)
      const options = o.page.locator('.cm-tooltip-autocomplete li')
      await until('the table offered', o, backend, async () => (await options.allTextContents()).some((t) => t.startsWith(file.table_name)))
      await o.page.locator('.cm-tooltip-autocomplete li', { hasText: file.table_name }).first().click()
      // back to "SELECT |": a column of the named table, with its type
      for (let i = 0; i < ` FROM ${file.table_name}`.length; i++) await o.page.keyboard.press('ArrowLeft')
      await o.page.keyboard.type('unit')
      await until('the column offered with its type', o, backend, async () =>
        (await options.allTextContents()).some((t) => t.includes('unit_price') && t.includes('DOUBLE')),
      )
      await o.page.keyboard.press('Enter')
      expect(await editor.textContent()).toBe(`SELECT unit_price FROM ${file.table_name}`)

      await o.page.keyboard.press('Control+Enter')
      await until('three rows', o, backend, async () => (await testid(o.page, 'sql-count').textContent())?.includes('3') ?? false)

      // A second statement; then a reload: both are in the history, newest first.
      await editor.fill(`SELECT count(*) AS n FROM ${file.table_name}`)
      await testid(o.page, 'sql-run').click()
      await until('the count', o, backend, async () => ((await testid(o.page, 'sql-result').textContent()) ?? '').includes('3'))
      await o.page.reload()
      const items = testid(o.page, 'sql-history').locator('[data-testid="sql-history-item"]')
      await until('the history after a reload', o, backend, async () => (await items.count()) === 2)
      expect(await items.first().textContent()).toContain('count(*)')

      // Re-run the older one from the history: it is back in the editor and its result shown.
      await items.nth(1).locator('[data-testid="sql-history-run"]').click()
      await until('the re-run result', o, backend, async () => (await testid(o.page, 'sql-result').locator('.el-table__row').count()) === 3)
      expect(await editor.textContent()).toBe(`SELECT unit_price FROM ${file.table_name}`)
      expect(await items.first().textContent()).toContain('unit_price')
      expect(o.errors, explain(o, backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })
})
