/**
 * The analyst's workbench (issue 12): the SQL editor completes table and column names,
 * lists the tables with their columns and types, and keeps a history in this browser
 * that survives a reload; data sources are tested before saving and edited (German); an
 * upload's ingest warnings are shown with the file (German).
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './backend'
import { useBrowserSuite } from './browser'
import { uploadViaApi, waitForFileReady } from './api'
import { explain, testid, until } from './helpers'

const suite = useBrowserSuite()

const CSV = 'region,unit_price,sold\nnorth,1.5,3\nsouth,2.5,4\nnorth,3.5,5\n'

function makeSqlite(path: string): void {
  const code = `import sqlite3; c = sqlite3.connect(${JSON.stringify(path)}); c.execute("CREATE TABLE t (region TEXT, amount REAL)"); c.executemany("INSERT INTO t VALUES (?, ?)", [("N", 1.5), ("S", 2.5), ("W", 4.0)]); c.commit()`
  const run = spawnSync(join(ROOT, '.venv', 'bin', 'python'), ['-c', code], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
}

describe('workbench', () => {
  it('SQL editor (Chinese): column panel, completion of tables and columns, history kept over a reload', async () => {
    const file = await uploadViaApi(suite.backend.apiUrl, 'shop sales.csv', CSV)
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const o = await suite.open(undefined, { locale: 'zh-CN' })
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
      await until('the table offered', o, suite.backend, async () => (await options.allTextContents()).some((t) => t.startsWith(file.table_name)))
      await o.page.locator('.cm-tooltip-autocomplete li', { hasText: file.table_name }).first().click()
      // back to "SELECT |": a column of the named table, with its type
      for (let i = 0; i < ` FROM ${file.table_name}`.length; i++) await o.page.keyboard.press('ArrowLeft')
      await o.page.keyboard.type('unit')
      await until('the column offered with its type', o, suite.backend, async () =>
        (await options.allTextContents()).some((t) => t.includes('unit_price') && t.includes('DOUBLE')),
      )
      await o.page.keyboard.press('Enter')
      expect(await editor.textContent()).toBe(`SELECT unit_price FROM ${file.table_name}`)

      await o.page.keyboard.press('Control+Enter')
      await until('three rows', o, suite.backend, async () => (await testid(o.page, 'sql-count').textContent())?.includes('3') ?? false)

      // A second statement; then a reload: both are in the history, newest first.
      await editor.fill(`SELECT count(*) AS n FROM ${file.table_name}`)
      await testid(o.page, 'sql-run').click()
      await until('the count', o, suite.backend, async () => ((await testid(o.page, 'sql-result').textContent()) ?? '').includes('3'))
      await o.page.reload()
      const items = testid(o.page, 'sql-history').locator('[data-testid="sql-history-item"]')
      await until('the history after a reload', o, suite.backend, async () => (await items.count()) === 2)
      expect(await items.first().textContent()).toContain('count(*)')

      // Re-run the older one from the history: it is back in the editor and its result shown.
      await items.nth(1).locator('[data-testid="sql-history-run"]').click()
      await until('the re-run result', o, suite.backend, async () => (await testid(o.page, 'sql-result').locator('.el-table__row').count()) === 3)
      expect(await editor.textContent()).toBe(`SELECT unit_price FROM ${file.table_name}`)
      expect(await items.first().textContent()).toContain('unit_price')
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })

  it('data sources (German): test connection before saving, save, then edit the saved source', async () => {
    const db = join(suite.backend.sourcesDir, 'shop.db')
    makeSqlite(db)
    const o = await suite.open(undefined, { locale: 'de-DE' })
    try {
      await o.page.goto('/data')
      await testid(o.page, 'datasource-new').click()
      const form = testid(o.page, 'datasource-form')
      await form.waitFor()
      await form.locator('input[data-testid="datasource-name"], [data-testid="datasource-name"] input').fill('Laden')
      await form.locator('.el-radio-button', { hasText: 'SQL' }).first().click()
      const inputs = form.locator('.el-form-item')
      await inputs.filter({ hasText: 'Datenbank' }).locator('input').fill(`sqlite:///${db}`)
      const query = form.locator('textarea')
      await query.fill('SELECT * FROM missing')
      const outcome = testid(o.page, 'datasource-test-outcome')
      await testid(o.page, 'datasource-test').click()
      await until('the failed test explained', o, suite.backend, async () => ((await outcome.textContent()) ?? '').includes('konnten nicht abgerufen werden'))
      expect(await outcome.textContent()).toContain('missing')
      await query.fill('SELECT region, amount FROM t')
      expect((await outcome.textContent())?.trim(), 'a changed config clears the old outcome').toBe('')
      await testid(o.page, 'datasource-test').click()
      await until('the test worked', o, suite.backend, async () => ((await outcome.textContent()) ?? '').includes('Funktioniert: 3 Zeilen, 2 Spalten'))
      expect(await outcome.textContent()).toContain('region, amount')
      // nothing was saved by the tests
      expect(await testid(o.page, 'datasource-table').locator('.el-table__row').count()).toBe(0)

      await testid(o.page, 'datasource-save').click()
      const row = testid(o.page, 'datasource-table').locator('.el-table__row', { hasText: 'Laden' })
      await until('the source ready', o, suite.backend, async () => (await row.locator('[data-testid="datasource-state"]').getAttribute('data-state')) === 'ready')

      // Edit: the form opens filled in; a changed query makes a new version.
      await row.locator('[data-testid="datasource-edit"]').click()
      await until('the edit form filled in', o, suite.backend, async () => (await form.locator('textarea').inputValue()) === 'SELECT region, amount FROM t')
      expect(await form.locator('input[data-testid="datasource-name"], [data-testid="datasource-name"] input').inputValue()).toBe('Laden')
      await form.locator('textarea').fill("SELECT region, amount FROM t WHERE region <> 'W'")
      await testid(o.page, 'datasource-save').click()
      await until('version 2', o, suite.backend, async () => (await row.locator('td').nth(3).textContent())?.trim() === '2')
      const rows = await (await fetch(`${suite.backend.apiUrl}/api/query`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ sql: 'SELECT count(*) FROM laden' }),
      })).json()
      expect(rows.rows).toEqual([[2]])
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })

  it('ingest warnings and distributions (German): a decimal comma, and a header not split on its delimiter, are said with the file', async () => {
    const clean = await uploadViaApi(suite.backend.apiUrl, 'umsatz.csv', 'Region;Umsatz;Menge\nNord;1.234,50;3\nSüd;99,5;4\nWest;-0,25;5\n')
    const ragged = await uploadViaApi(suite.backend.apiUrl, 'kaputt.csv', 'Region;Umsatz;Menge\nNord;1.234,50;3\nSüd;99,5\nWest;-0,25;5\n')
    await waitForFileReady(suite.backend.apiUrl, clean.id)
    await waitForFileReady(suite.backend.apiUrl, ragged.id)
    const o = await suite.open(undefined, { locale: 'de-DE' })
    try {
      await o.page.goto('/files')
      const shown = async (name: string) => {
        await testid(o.page, 'files-table').locator('.el-table__row', { hasText: name }).locator('[data-testid="file-name"]').click()
        const drawer = o.page.locator('[data-testid="file-preview"]', { hasText: name })
        await drawer.locator('[data-testid="ingest-warnings"]').waitFor()
        const lines = await drawer.locator('[data-testid="ingest-warning"]').allTextContents()
        // the profile's distributions: top values of the text columns, a histogram of the numbers
        const profile = drawer.locator('[data-testid="file-profile"]')
        await profile.waitFor()
        const tops = await profile.locator('[data-testid="column-top-values"]').allTextContents()
        const histograms = await profile.locator('[data-testid="column-histogram"]').count()
        await o.page.keyboard.press('Escape')
        await drawer.waitFor({ state: 'hidden' })
        return { lines, tops, histograms }
      }
      const first = await shown('umsatz.csv')
      expect(first.lines).toEqual(['Zahlen mit Dezimalkomma bleiben Text in: Umsatz.'])
      expect(first.histograms).toBe(1) // Menge
      expect(first.tops).toHaveLength(2) // Region and Umsatz (text)
      for (const region of ['Nord', 'Süd', 'West']) expect(first.tops[0]).toContain(region)
      expect((await shown('kaputt.csv')).lines).toEqual([
        'Die Spalten wurden nicht an „;“ getrennt, das die Kopfzeile zu verwenden scheint (2 Spalten gelesen): Vorschau prüfen.',
      ])
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await o.context.close()
    }
  })
})
