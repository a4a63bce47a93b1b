/**
 * The chat search in a real browser against the real API (SPEC 5): German and Chinese
 * questions are found by part of a word, the match is marked, markup in a message is
 * shown as text (nothing runs), and a hit opens its conversation at that message; in the
 * German UI the role and date filters narrow the hits, counted in German.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startBackend, type Backend } from './backend'
import { launchBrowser, openPage, type OpenPage } from './browser'
import { testid, until } from './helpers'

let backend: Backend
let browser: Browser
const opened: OpenPage[] = []

beforeAll(async () => {
  backend = await startBackend()
  browser = await launchBrowser()
}, 90_000)

afterEach(async () => {
  await Promise.allSettled(opened.splice(0).map((o) => o.context.close()))
})

afterAll(async () => {
  await browser?.close()
  await backend?.stop()
}, 30_000)

async function post(path: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${backend.apiUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  })
  expect(response.status, await response.clone().text()).toBeLessThan(300)
  return (await response.json()) as Record<string, string>
}

describe('chat search', () => {
  it('finds German and Chinese by part of a word, marks it, shows markup as text, opens the message', async () => {
    const conv = await post('/api/chat/conversations', { title: 'Suche' })
    const asked = await post(`/api/chat/conversations/${conv.id}/messages`, {
      content: 'Wie hoch war der Jahresumsatz <img src=x onerror="window.__xss=1"> und der 平均价格?',
    })
    const o = await openPage(browser, backend.apiUrl)
    opened.push(o)
    await o.page.goto('/chat')
    const box = o.page.locator('input[data-testid="chat-search-input"], [data-testid="chat-search-input"] input').first()
    await box.fill('UMSATZ')
    const hit = testid(o.page, 'chat-search-hit').first()
    await until('a hit for UMSATZ', o, backend, async () => (await hit.count()) === 1)
    const snippet = testid(o.page, 'chat-search-snippet').first()
    expect(await snippet.locator('mark').allTextContents()).toEqual(['umsatz'])
    expect(await snippet.textContent()).toContain('<img src=x onerror="window.__xss=1">')
    expect(await o.page.locator('[data-testid="chat-search"] img').count()).toBe(0)

    await box.fill('价格')
    await until('a hit for 价格', o, backend, async () => (await snippet.locator('mark').allTextContents()).join() === '价格')

    // the answer may quote the question: open the question's hit
    await testid(o.page, 'chat-search-hit').filter({ hasText: 'You' }).first().click()
    await until('the URL of the message', o, backend, async () => {
      const url = new URL(o.page.url())
      return url.pathname === `/chat/${conv.id}` && url.searchParams.get('message') === asked.message_id
    })
    const message = o.page.locator(`[data-message-id="${asked.message_id}"]`)
    await until('the message outlined', o, backend, async () => (await message.getAttribute('class'))?.includes('chat__found') ?? false)
    expect(await o.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(o.errors).toEqual([])
  })

  it('German UI: the role and date filters narrow the hits, counted in German', async () => {
    const conv = await post('/api/chat/conversations', { title: 'Umsätze' })
    await post(`/api/chat/conversations/${conv.id}/messages`, { content: 'Wie viele Zeilen hat die Tabelle zum Quartalsumsatz?' })
    const o = await openPage(browser, backend.apiUrl, undefined, 'de-DE')
    opened.push(o)
    await o.page.goto('/chat')
    const box = o.page.locator('input[data-testid="chat-search-input"], [data-testid="chat-search-input"] input').first()
    expect(await box.getAttribute('placeholder')).toBe('Nachrichten durchsuchen')
    await box.fill('quartalsumsatz')
    const count = testid(o.page, 'chat-search-count')
    await until('the question found', o, backend, async () => /^\s*\d+ Treffer\s*$/.test((await count.textContent()) ?? ''))
    // only the questions ("Sie"): one hit, the question
    await testid(o.page, 'chat-search-role').click()
    await o.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^Sie$/ }).click()
    await until('one question', o, backend, async () => ((await count.textContent()) ?? '').trim() === '1 Treffer')
    // up to a day long past: nothing
    await testid(o.page, 'chat-search-to').fill('2001-01-01')
    await until('no hit before 2001', o, backend, async () =>
      ((await testid(o.page, 'chat-search-none').textContent().catch(() => '')) ?? '').includes('Keine Nachricht passt'),
    )
    expect(o.errors).toEqual([])
  })
})
