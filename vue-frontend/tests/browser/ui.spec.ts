/**
 * The UI in a real browser (Debian's Chromium) against the real API and WebSocket server:
 * upload, chat with a streamed answer, live metrics, reconnect after a WebSocket restart,
 * data sources with SQL, and screenshots of the main pages at desktop and phone sizes.
 */
import { describe, expect, it } from 'vitest'
import { PHONE, screenshot, useBrowserSuite } from './browser'
import { EXPECTED_MEANS, PENGUIN_ROWS, penguinsCsv, writeCsv } from './fixtures'
import { uploadViaApi, waitForFileReady } from './api'
import { formatNumber } from '@/components/format'
import { explain, testid, textbox, until } from './helpers'

const suite = useBrowserSuite()

describe('files', () => {
  it('uploads a CSV by drag-and-drop input and lists it with its row count', async () => {
    const o = await suite.open('/files')
    const csv = writeCsv(suite.backend.dataDir, 'penguins-upload.csv', penguinsCsv())
    await testid(o.page, 'file-drop').locator('input[type=file]').setInputFiles(csv)
    const row = testid(o.page, 'files-table').locator('.el-table__row', { hasText: 'penguins-upload.csv' })
    await until('the uploaded file listed with its row count', o, suite.backend, async () => {
      return (await row.locator('[data-testid="file-rows"]').first().textContent())?.trim() === String(PENGUIN_ROWS)
    })
    expect(await row.count()).toBe(1)
    await screenshot(o.page, 'files')

    // Its preview: the first rows and the column profile.
    await row.locator('[data-testid="file-name"]').click()
    const preview = testid(o.page, 'file-preview-table')
    await until('the preview rows', o, suite.backend, async () => (await preview.locator('.el-table__row').count()) > 0)
    expect(await preview.textContent()).toContain('Gentoo')
    const drawer = o.page.locator('.el-drawer', { has: preview })
    await until('the column profile', o, suite.backend, async () => ((await drawer.textContent()) ?? '').includes('Nulls'))
    await screenshot(o.page, 'file-preview')
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })
})

describe('chat', () => {
  it('streams an answer with its table and chart for a question about an uploaded CSV', async () => {
    const file = await uploadViaApi(suite.backend.apiUrl, 'penguins.csv', penguinsCsv())
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const o = await suite.open('/chat')
    await testid(o.page, 'conversation-new').click()
    const dialog = o.page.locator('.el-dialog', { has: testid(o.page, 'attach-files') })
    await dialog.locator('.el-checkbox', { hasText: 'penguins.csv' }).first().click()
    await dialog.locator('[data-testid="attach-apply"]').click()
    await textbox(o.page, 'chat-input').fill('average body mass by species')
    await testid(o.page, 'chat-send').click()

    const answer = testid(o.page, 'chat-message-assistant').last()
    await until('a completed answer', o, suite.backend, async () => (await answer.getAttribute('data-status')) === 'completed', 45_000)
    const table = answer.locator('[data-testid="result-table"]').first()
    await table.waitFor({ state: 'visible' })
    const text = (await table.textContent()) ?? ''
    for (const [species, mean] of Object.entries(EXPECTED_MEANS)) {
      expect(text, `table lacks ${species}`).toContain(species)
      const shown = formatNumber(mean, 'en')
      expect(text, `table lacks the mean ${shown} of ${species}`).toContain(shown)
    }
    const chart = answer.locator('[data-testid="result-chart"] canvas').first()
    await chart.waitFor({ state: 'visible' })
    const box = await chart.boundingBox()
    expect(box?.width ?? 0).toBeGreaterThan(100)
    expect(box?.height ?? 0).toBeGreaterThan(100)
    expect(await answer.locator('[data-testid="answer-plan"]').count()).toBe(1)
    await screenshot(o.page, 'chat')
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })
})

describe('dashboard', () => {
  it("shows the system metrics moving", async () => {
    const o = await suite.open('/system')
    const cpu = testid(o.page, 'metric-cpu')
    // An event in the live feed opens in a dialog with all its data.
    await testid(o.page, 'ws-status').waitFor()
    await until('the WebSocket open', o, suite.backend, async () => (await testid(o.page, 'ws-status').getAttribute('data-state')) === 'open')
    await uploadViaApi(suite.backend.apiUrl, 'feed-probe.csv', 'x,y\n1,2\n')
    const feedItem = testid(o.page, 'event-item').filter({ hasText: 'File feed-probe.csv created' }).first()
    await until('the upload in the live feed', o, suite.backend, async () => (await feedItem.count()) > 0)
    await feedItem.click()
    await until('the event detail', o, suite.backend, async () => ((await testid(o.page, 'event-detail').textContent()) ?? '').includes('"file_update"'))
    await o.page.keyboard.press('Escape')
    await until('a first metrics sample', o, suite.backend, async () => ((await cpu.getAttribute('data-value')) ?? '') !== '')
    const samples = new Set<string>()
    const stamps = new Set<string>()
    for (let i = 0; i < 8; i++) {
      samples.add(
        [await cpu.getAttribute('data-value'), await testid(o.page, 'metric-memory').getAttribute('data-value')].join('/'),
      )
      stamps.add((await testid(o.page, 'metrics-updated').textContent()) ?? '')
      await o.page.waitForTimeout(500)
    }
    expect(stamps.size, `metrics time did not move: ${[...stamps].join(', ')}`).toBeGreaterThan(1)
    expect(samples.size, `metric values did not move: ${[...samples].join(', ')}`).toBeGreaterThan(1)
    await testid(o.page, 'ws-status').waitFor()
    expect(await testid(o.page, 'ws-status').getAttribute('data-state')).toBe('open')
    await screenshot(o.page, 'dashboard')

    // Language and theme switch at once, everywhere.
    await testid(o.page, 'language-switch').click()
    await testid(o.page, 'language-de').click()
    await until('German navigation', o, suite.backend, async () => (await testid(o.page, 'nav-files').textContent())?.includes('Dateien') ?? false)
    await testid(o.page, 'theme-toggle').click()
    expect(await o.page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    await o.page.waitForTimeout(600)
    await screenshot(o.page, 'dashboard-dark-de')
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })

  it('reconnects after the WebSocket server restarts and shows events published after it', async () => {
    expect(suite.backend.wsError, 'the WebSocket server did not start').toBeNull()
    const o = await suite.open('/system')
    const indicator = testid(o.page, 'connection-indicator')
    await until('the WebSocket open', o, suite.backend, async () => (await indicator.getAttribute('data-state')) === 'open')

    await suite.backend.killWs()
    await until('the UI to notice the dropped connection', o, suite.backend, async () => (await indicator.getAttribute('data-state')) !== 'open')
    await suite.backend.startWs()
    await until('the UI to reconnect', o, suite.backend, async () => (await indicator.getAttribute('data-state')) === 'open', 45_000)

    const name = `after-restart-${Date.now()}.csv`
    await uploadViaApi(suite.backend.apiUrl, name, 'a,b\n1,2\n3,4\n')
    const item = testid(o.page, 'event-item').filter({ hasText: name })
    try {
      await until(`the file_update of ${name} in the event feed`, o, suite.backend, async () => (await item.count()) > 0, 20_000)
    } catch (err) {
      // Tell a UI that missed the event from a server that never got it.
      const ws = await (await fetch(`http://127.0.0.1:${suite.backend.wsPort}/health`)).text()
      throw new Error(`${(err as Error).message}\nWebSocket server /health after the upload: ${ws}`)
    }
    // The WebSocket was down for a moment: the browser logs the failed connection attempts.
    const unexpected = o.errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e))
    expect(unexpected, explain(o, suite.backend)).toEqual([])
  })
})

describe('data sources', () => {
  it('creates a file source and runs SQL over it', async () => {
    const file = await uploadViaApi(suite.backend.apiUrl, 'penguins-source.csv', penguinsCsv())
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const o = await suite.open('/data')
    await testid(o.page, 'datasource-new').click()
    const form = testid(o.page, 'datasource-form')
    await form.waitFor()
    // An empty form is refused in the browser, before any request.
    await testid(o.page, 'datasource-save').click()
    await form.locator('.el-form-item__error').first().waitFor()
    expect(await form.locator('.el-form-item__error').allTextContents()).toContain('Name is required')
    await textbox(o.page, 'datasource-name').fill('Penguins')
    await form.locator('[data-testid="datasource-file"]').click()
    await o.page.locator('.el-select-dropdown__item', { hasText: 'penguins-source.csv' }).first().click()
    await testid(o.page, 'datasource-save').click()
    const row = testid(o.page, 'datasource-table').locator('.el-table__row', { hasText: 'Penguins' })
    await until('the source listed and ready', o, suite.backend, async () => /ready/i.test((await row.textContent()) ?? ''))

    const sql = `SELECT species, COUNT(*) AS n FROM ${file.table_name} GROUP BY species ORDER BY species`
    await o.page.locator('[data-testid="sql-input"] .cm-content').fill(sql)
    await testid(o.page, 'sql-run').click()
    const result = testid(o.page, 'sql-result')
    await until('the query result', o, suite.backend, async () => (await result.locator('.el-table__row').count()) === 3)
    const text = (await result.textContent()) ?? ''
    for (const species of Object.keys(EXPECTED_MEANS)) expect(text).toContain(species)
    await screenshot(o.page, 'data')

    // The source's own rows and its first version.
    await row.locator('[data-testid="datasource-open"]').click()
    const rows = testid(o.page, 'datasource-preview-table')
    await until('the source preview', o, suite.backend, async () => (await rows.locator('.el-table__row').count()) > 0)
    await o.page.getByRole('tab', { name: 'Versions' }).click()
    await until('version 1 listed', o, suite.backend, async () => (await testid(o.page, 'datasource-versions').locator('.el-table__row').count()) >= 1)
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })
})

describe('settings', () => {
  it("shows the server's configuration and switches the theme from the form", async () => {
    const o = await suite.open('/settings')
    const config = testid(o.page, 'config-list')
    await until('the configuration', o, suite.backend, async () => ((await config.textContent()) ?? '').includes(`ws://127.0.0.1:${suite.backend.wsPort}/ws`))
    // Element Plus' CSS comes with each component (on demand): the lazy view's cards are styled,
    // and its theme variables follow the dark switch.
    const cardRadius = await o.page.evaluate(() => getComputedStyle(document.querySelector('.el-card')!).borderTopLeftRadius)
    expect(cardRadius).toBe('4px')
    const pageBackground = () => o.page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(await pageBackground()).toBe('rgb(242, 243, 245)')
    await testid(o.page, 'settings-theme').getByText('Dark').click()
    expect(await o.page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(true)
    expect(await pageBackground()).toBe('rgb(10, 10, 10)')
    await screenshot(o.page, 'settings')
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })
})

describe('screenshots', () => {
  it('renders every main page at phone size without horizontal overflow', async () => {
    // The conversation the chat test left behind, opened by its address.
    const list = (await (await fetch(`${suite.backend.apiUrl}/api/chat/conversations`)).json()) as { items: { id: string }[] }
    expect(list.items.length, 'no conversation to show: the chat test did not create one').toBeGreaterThan(0)
    for (const [path, name] of [
      ['/', 'home'],
      ['/system', 'dashboard'],
      ['/files', 'files'],
      [`/chat/${list.items[0]!.id}`, 'chat'],
      ['/data', 'data'],
    ] as const) {
      const o = await suite.open(path, { viewport: PHONE })
      await testid(o.page, `${name}-view`).waitFor()
      if (name === 'chat') await testid(o.page, 'chat-message-assistant').first().waitFor()
      await o.page.waitForTimeout(800)
      await screenshot(o.page, name)
      const overflow = await o.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, `${path} scrolls sideways on a phone`).toBeLessThanOrEqual(0)
      expect(o.errors, explain(o, suite.backend)).toEqual([])
    }
  })
})
