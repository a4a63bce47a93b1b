/**
 * The chat search in a real browser against the real API (SPEC 5): German and Chinese
 * questions are found by part of a word, the match is marked, markup in a message is
 * shown as text (nothing runs), and a hit opens its conversation at that message; in the
 * German UI the role and date filters narrow the hits, counted in German.
 */
import { describe, expect, it } from 'vitest'
import { useBrowserSuite } from './browser'
import { testid, until } from './helpers'

const suite = useBrowserSuite()

async function post(path: string, body: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${suite.backend.apiUrl}${path}`, {
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
    const o = await suite.open()
    await o.page.goto('/chat')
    const box = o.page.locator('input[data-testid="chat-search-input"], [data-testid="chat-search-input"] input').first()
    await box.fill('UMSATZ')
    const hit = testid(o.page, 'chat-search-hit').first()
    await until('a hit for UMSATZ', o, suite.backend, async () => (await hit.count()) === 1)
    const snippet = testid(o.page, 'chat-search-snippet').first()
    expect(await snippet.locator('mark').allTextContents()).toEqual(['umsatz'])
    expect(await snippet.textContent()).toContain('<img src=x onerror="window.__xss=1">')
    expect(await o.page.locator('[data-testid="chat-search"] img').count()).toBe(0)

    await box.fill('价格')
    await until('a hit for 价格', o, suite.backend, async () => (await snippet.locator('mark').allTextContents()).join() === '价格')

    // the answer may quote the question: open the question's hit
    await testid(o.page, 'chat-search-hit').filter({ hasText: 'You' }).first().click()
    await until('the URL of the message', o, suite.backend, async () => {
      const url = new URL(o.page.url())
      return url.pathname === `/chat/${conv.id}` && url.searchParams.get('message') === asked.message_id
    })
    const message = o.page.locator(`[data-message-id="${asked.message_id}"]`)
    await until('the message outlined', o, suite.backend, async () => (await message.getAttribute('class'))?.includes('chat__found') ?? false)
    expect(await o.page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(o.errors).toEqual([])
  })

  it('German UI: the role and date filters narrow the hits, counted in German', async () => {
    const conv = await post('/api/chat/conversations', { title: 'Umsätze' })
    await post(`/api/chat/conversations/${conv.id}/messages`, { content: 'Wie viele Zeilen hat die Tabelle zum Quartalsumsatz?' })
    const o = await suite.open(undefined, { locale: 'de-DE' })
    await o.page.goto('/chat')
    const box = o.page.locator('input[data-testid="chat-search-input"], [data-testid="chat-search-input"] input').first()
    expect(await box.getAttribute('placeholder')).toBe('Nachrichten durchsuchen')
    await box.fill('quartalsumsatz')
    const count = testid(o.page, 'chat-search-count')
    await until('the question found', o, suite.backend, async () => /^\s*\d+ Treffer\s*$/.test((await count.textContent()) ?? ''))
    // only the questions ("Sie"): one hit, the question
    await testid(o.page, 'chat-search-role').click()
    await o.page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^Sie$/ }).click()
    await until('one question', o, suite.backend, async () => ((await count.textContent()) ?? '').trim() === '1 Treffer')
    // up to a day long past: nothing
    await testid(o.page, 'chat-search-to').fill('2001-01-01')
    await until('no hit before 2001', o, suite.backend, async () =>
      ((await testid(o.page, 'chat-search-none').textContent().catch(() => '')) ?? '').includes('Keine Nachricht passt'),
    )
    expect(o.errors).toEqual([])
  })
})
