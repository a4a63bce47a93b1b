/**
 * Notices about a failing data source, in two tabs at once (Chinese and English): one notice
 * per change of state however often it is retried, in the tab's language, below the header,
 * gone by itself; the source's row and the nav show the failure until it works again.
 */
import { spawnSync } from 'node:child_process'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from './backend'
import { screenshot, useBrowserSuite, type OpenPage } from './browser'
import { explain, testid, until } from './helpers'

const suite = useBrowserSuite()

function makeSqlite(path: string): void {
  const code = `import sqlite3; c = sqlite3.connect(${JSON.stringify(path)}); c.execute("CREATE TABLE t (region TEXT, amount REAL)"); c.executemany("INSERT INTO t VALUES (?, ?)", [("N", 1.5), ("S", 2.5)]); c.commit()`
  const run = spawnSync(join(ROOT, '.venv', 'bin', 'python'), ['-c', code], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(run.stderr)
}

const toasts = (o: OpenPage) => o.page.locator('.el-notification')

/**
 * Every toast title the page has shown so far, recorded as it is added to the DOM: counting
 * does not depend on whether a toast has closed by itself before the test looked.
 */
async function recordToasts(o: OpenPage): Promise<void> {
  await o.page.addInitScript(() => {
    const seen: string[] = []
    const tops: number[] = []
    Object.assign(window, { __toasts: seen, __toastTops: tops })
    new MutationObserver((records) => {
      for (const r of records)
        for (const node of r.addedNodes) {
          if (!(node instanceof HTMLElement)) continue
          const titles = node.matches('.el-notification') ? [node] : [...node.querySelectorAll('.el-notification')]
          for (const t of titles) {
            seen.push((t.querySelector('.el-notification__title')?.textContent ?? '').trim())
            tops.push((t as HTMLElement).getBoundingClientRect().top)
          }
        }
    }).observe(document, { childList: true, subtree: true })
  })
}

async function toastTitles(o: OpenPage): Promise<string[]> {
  return o.page.evaluate(() => [...(window as unknown as { __toasts: string[] }).__toasts])
}

describe('notices', () => {
  it('a source failing on every retry: one localised notice per tab, below the header, auto-closed; row and nav carry the state', async () => {
    const db = join(suite.backend.sourcesDir, 'sales.db')
    makeSqlite(db)
    const source = await suite.api<{ id: string; status: string }>('/api/datasources', {
      method: 'POST',
      body: JSON.stringify({ name: 'Sales', type: 'sql', config: { url: `sqlite:///${db}`, query: 'SELECT * FROM t' } }),
    })
    expect(source.status).toBe('ready')

    const zh = await suite.open(undefined, { locale: 'zh-CN' })
    const en = await suite.open(undefined, { locale: 'en-US' })
    try {
      await Promise.all([recordToasts(zh), recordToasts(en)])
      await zh.page.goto('/data')
      await en.page.goto('/')
      for (const o of [zh, en]) {
        await until('the WebSocket open', o, suite.backend, async () => (await testid(o.page, 'connection-indicator').getAttribute('data-state')) === 'open')
      }
      const row = testid(zh.page, 'datasource-table').locator('.el-table__row', { hasText: 'Sales' })
      await until('the source listed ready', zh, suite.backend, async () => (await row.locator('[data-testid="datasource-state"]').getAttribute('data-state')) === 'ready')

      renameSync(db, `${db}.away`)
      for (let i = 0; i < 3; i++) {
        const after = await suite.api<{ status: string }>(`/api/datasources/${source.id}/refresh`, { method: 'POST' })
        expect(after.status).toBe('failed')
      }
      await until('the Chinese notice', zh, suite.backend, async () => (await toastTitles(zh)).length > 0)
      await until('the English notice', en, suite.backend, async () => (await toastTitles(en)).length > 0)
      // the retries' events have all arrived once the row shows the third failure's state
      await until('the row marked failed', zh, suite.backend, async () => (await row.locator('[data-testid="datasource-state"]').getAttribute('data-state')) === 'failed')
      expect(await toastTitles(zh)).toEqual(['数据源 Sales 刷新失败'])
      expect(await toastTitles(en)).toEqual(['Data source Sales failed'])
      expect(await row.getAttribute('class')).toContain('is-failed')
      expect(await row.locator('[data-testid="datasource-error"]').count()).toBe(1)
      for (const o of [zh, en]) {
        expect((await testid(o.page, 'nav-data-alert').textContent())?.trim()).toBe('1')
        // never over the header's controls: where the toast was when it appeared
        const header = await o.page.locator('.shell__header').boundingBox()
        const tops = await o.page.evaluate(() => [...(window as unknown as { __toastTops: number[] }).__toastTops])
        expect(tops.length).toBe(1)
        expect(tops[0]).toBeGreaterThanOrEqual(header!.y + header!.height)
      }
      await screenshot(zh.page, 'notice-zh')

      // gone by itself
      await until('the notice closed by itself', zh, suite.backend, async () => (await toasts(zh).count()) === 0, 15_000)
      expect(await testid(zh.page, 'nav-data-alert').count()).toBe(1) // the nav keeps the state

      // works again: one more notice, and the marks are gone
      renameSync(`${db}.away`, db)
      expect((await suite.api<{ status: string }>(`/api/datasources/${source.id}/refresh`, { method: 'POST' })).status).toBe('ready')
      await until('the recovery notice', en, suite.backend, async () => (await toastTitles(en)).includes('Data source Sales works again'))
      await until('the recovery notice in Chinese', zh, suite.backend, async () => (await toastTitles(zh)).includes('数据源 Sales 已恢复'))
      await until('the nav mark gone', en, suite.backend, async () => (await testid(en.page, 'nav-data-alert').count()) === 0)
      expect(await toastTitles(en)).toEqual(['Data source Sales failed', 'Data source Sales works again'])
      expect(await toastTitles(zh)).toEqual(['数据源 Sales 刷新失败', '数据源 Sales 已恢复'])
      for (const o of [zh, en]) expect(o.errors, explain(o, suite.backend)).toEqual([])
    } finally {
      await Promise.allSettled([zh.context.close(), en.context.close()])
    }
  })
})
