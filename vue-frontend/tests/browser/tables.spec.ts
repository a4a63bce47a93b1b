/**
 * Tables people can work with, in English and German: the file preview pages, sorts and
 * filters (fetching only the page shown); the SQL editor says when the row limit cut a
 * result ("the first N of M rows") and downloads the result as CSV; a German CSV read
 * with the wrong separator is read again from the file drawer with `;` and a decimal comma.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useBrowserSuite } from './browser'
import { uploadViaApi, waitForFileReady } from './api'
import { explain, testid, until } from './helpers'

const suite = useBrowserSuite()

/** 120 rows: id 0..119, a label that says whether the id is even, a price of id × 10. */
function numbersCsv(): string {
  const lines = ['id,parity,price']
  for (let i = 0; i < 120; i++) lines.push(`${i},${i % 2 ? 'odd' : 'even'},${i * 10}`)
  return lines.join('\n') + '\n'
}

describe('tables', () => {
  it('English: the file preview pages, sorts and filters; only the page shown is fetched', async () => {
    const file = await uploadViaApi(suite.backend.apiUrl, 'numbers.csv', numbersCsv())
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const o = await suite.open(undefined, { locale: 'en-US' })
    try {
      const previews: string[] = []
      o.page.on('request', (r) => {
        if (r.url().includes('/preview')) previews.push(decodeURIComponent(new URL(r.url()).search))
      })
      await o.page.goto('/files')
      const row = testid(o.page, 'files-table').locator('.el-table__row', { hasText: 'numbers.csv' })
      await row.waitFor()
      expect(previews, 'a preview fetched for a list nobody opened').toEqual([])

      await row.locator('[data-testid="file-name"]').click()
      const table = testid(o.page, 'file-preview-table')
      const firstCell = () => table.locator('.el-table__body .el-table__row').first().locator('td').first().textContent()
      await until('the first page', o, suite.backend, async () => (await table.locator('.el-table__body .el-table__row').count()) === 50)
      const pager = testid(o.page, 'file-preview-pager')
      expect(await pager.textContent()).toContain('120')

      await pager.locator('.el-pager li', { hasText: /^3$/ }).click()
      await until('page 3 (rows 100..119)', o, suite.backend, async () => (await firstCell())?.trim() === '100')

      // sort by price, descending: a click on the heading's "descending" caret
      await table.locator('th', { hasText: 'price' }).locator('.sort-caret.descending').click()
      await until('the most expensive first', o, suite.backend, async () => (await firstCell())?.trim() === '119')

      await o.page.locator('input[data-testid="file-preview-filter"], [data-testid="file-preview-filter"] input').first().fill('odd')
      await until('only odd rows, counted', o, suite.backend, async () =>
        ((await testid(o.page, 'file-preview-count').textContent()) ?? '').includes('60 of 120 rows match'),
      )
      expect((await firstCell())?.trim()).toBe('119')
      expect(previews.at(-1)).toContain('sort=-price')
      expect(previews.at(-1)).toContain('q=odd')
      expect(previews.every((q) => /limit=50/.test(q))).toBe(true)
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })

  it('German: a file read again with a semicolon and a decimal comma shows numbers', async () => {
    const csv = 'Region;Umsatz\nNord;1.234,50\nSüd;99,5\n'
    const file = await uploadViaApi(suite.backend.apiUrl, 'umsatz.csv', csv)
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const o = await suite.open(undefined, { locale: 'de-DE' })
    try {
      await o.page.goto('/files')
      const row = testid(o.page, 'files-table').locator('.el-table__row', { hasText: 'umsatz.csv' })
      await row.locator('[data-testid="file-name"]').click()
      await testid(o.page, 'ingest-warnings').waitFor()
      const reread = testid(o.page, 'reread')
      await reread.locator('.el-collapse-item__header').click()
      const choose = async (id: string, label: string) => {
        await testid(o.page, id).click()
        await o.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: new RegExp(`^${label}$`) }).click()
        // the list fades out: the next one opens only when it is gone (both hold a ",")
        await until('the option list closed', o, suite.backend, async () => (await o.page.locator('.el-select-dropdown:visible').count()) === 0)
      }
      await choose('reread-delimiter', ';')
      await choose('reread-decimal', ',')
      await testid(o.page, 'reread-apply').click()
      const outcome = testid(o.page, 'reread-outcome')
      await until('the re-read confirmed', o, suite.backend, async () => ((await outcome.textContent()) ?? '').includes('Neu eingelesen: 2 Zeilen, 2 Spalten'))
      // the grid shows the new reading: two columns, the amount a German number
      const table = testid(o.page, 'file-preview-table')
      await until('the amount as a number', o, suite.backend, async () =>
        ((await table.locator('.el-table__body .el-table__row').first().textContent()) ?? '').includes('1.234,5'),
      )
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })

  it('German: the SQL editor says the limit cut the result, and downloads it as CSV', async () => {
    const file = await uploadViaApi(suite.backend.apiUrl, 'zahlen.csv', numbersCsv())
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const o = await suite.open(undefined, { locale: 'de-DE' })
    try {
      await o.page.goto('/data')
      const input = o.page.locator('[data-testid="sql-input"] .cm-content')
      await input.fill(`SELECT id, parity FROM ${file.table_name} ORDER BY id`)
      const limit = o.page.locator('.sql__bar .el-input-number input')
      await limit.fill('25')
      await limit.press('Tab')
      await testid(o.page, 'sql-run').click()
      const count = testid(o.page, 'sql-count')
      await until('the cut result announced', o, suite.backend, async () => ((await count.textContent()) ?? '').includes('Die ersten 25 von 120 Zeilen'))
      expect(await testid(o.page, 'sql-result').locator('.el-table__body .el-table__row').count()).toBe(25)

      const [download] = await Promise.all([o.page.waitForEvent('download'), testid(o.page, 'sql-download').click()])
      expect(download.suggestedFilename()).toBe('query-result.csv')
      const text = readFileSync((await download.path())!, 'utf8')
      const lines = text.replace(/^\uFEFF/, '').trim().split('\r\n')
      expect(lines[0]).toBe('id,parity')
      expect(lines.slice(1, 3)).toEqual(['0,even', '1,odd'])
      expect(lines.length).toBe(26)
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })
})
