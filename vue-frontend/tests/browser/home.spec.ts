/**
 * The home view in English and German: upload from the home, recent files and
 * conversations, questions generated from the file's columns in the UI language, one click
 * to a conversation that answers it; the system monitor on its own page.
 */
import { describe, expect, it } from 'vitest'
import { screenshot, useBrowserSuite } from './browser'
import { penguinsCsv, writeCsv } from './fixtures'
import { uploadViaApi, waitForFileReady } from './api'
import { explain, testid, until } from './helpers'
import { createI18n } from 'vue-i18n'
import en from '@/locales/en.json'
import de from '@/locales/de.json'
import { schemaColumns, suggestQuestions, suggestionText } from '@/components/home/suggestions'
import type { FileInfo } from '@/types'

const suite = useBrowserSuite()

/** The questions the UI must offer for `file` in `locale`, made by the same generator. */
function expectedQuestions(file: FileInfo, locale: 'en' | 'de'): string[] {
  const i18n = createI18n({ legacy: false, locale, messages: { en, de } })
  return suggestQuestions(schemaColumns(file), file.rows).map((s) => suggestionText(s, (k, p) => i18n.global.t(k, p)))
}

async function profiled(id: string): Promise<FileInfo> {
  await waitForFileReady(suite.backend.apiUrl, id)
  return (await (await fetch(`${suite.backend.apiUrl}/api/files/${id}`)).json()) as FileInfo
}

describe('home', () => {
  it('English: uploads from the home, suggests questions from the columns, answers one in a new conversation', async () => {
    const o = await suite.open('/', { locale: 'en-US' })
    await testid(o.page, 'home-view').waitFor()
    expect(await o.page.locator('h1').textContent()).toBe('Start with your data')
    await testid(o.page, 'suggestions-empty').waitFor()

    const csv = writeCsv(suite.backend.dataDir, 'penguins-home.csv', penguinsCsv())
    await testid(o.page, 'file-drop').locator('input[type=file]').setInputFiles(csv)
    const listed = testid(o.page, 'home-file').filter({ hasText: 'penguins-home.csv' })
    await until('the upload in the recent files', o, suite.backend, async () => (await listed.count()) === 1)

    const list = (await (await fetch(`${suite.backend.apiUrl}/api/files?search=penguins-home`)).json()) as { items: FileInfo[] }
    const file = await profiled(list.items[0]!.id)
    const expected = expectedQuestions(file, 'en')
    const chips = testid(o.page, 'suggestion')
    await until('suggestions from the columns', o, suite.backend, async () => (await chips.count()) === expected.length)
    const texts = (await chips.allTextContents()).map((s) => s.trim())
    expect(texts).toEqual(expected)
    expect(texts[0]).toMatch(/^average \S+ by (species|island|sex)$/)
    await screenshot(o.page, 'home-en')

    // One click: a conversation about that file, asked and answered.
    const question = ((await chips.and(o.page.locator('[data-kind="countBy"]')).textContent()) ?? '').trim()
    expect(question).toMatch(/^how many rows per \S+$/)
    await chips.and(o.page.locator('[data-kind="countBy"]')).click()
    await until('the chat page of the new conversation', o, suite.backend, async () => /\/chat\/[^/]+$/.test(o.page.url()))
    const answer = testid(o.page, 'chat-message-assistant').last()
    await until('a completed answer', o, suite.backend, async () => (await answer.getAttribute('data-status')) === 'completed', 45_000)
    const table = answer.locator('[data-testid="result-table"]').first()
    await table.waitFor()
    expect(await table.locator('.el-table__row').count()).toBeGreaterThan(1)
    const convId = o.page.url().split('/').pop()!
    const conv = (await (await fetch(`${suite.backend.apiUrl}/api/chat/conversations/${convId}`)).json()) as { file_ids: string[] }
    expect(conv.file_ids).toEqual([file.id])

    // Back home: the conversation is among the recent ones.
    await testid(o.page, 'nav-home').click()
    await until('the conversation listed', o, suite.backend, async () =>
      ((await testid(o.page, 'home-conversations').textContent()) ?? '').includes(question),
    )
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })

  it('German: the questions are German, answered in German; the monitor is under System', async () => {
    const uploaded = await uploadViaApi(suite.backend.apiUrl, 'pinguine.csv', penguinsCsv())
    await waitForFileReady(suite.backend.apiUrl, uploaded.id)
    const o = await suite.open('/', { locale: 'de-DE' })
    await testid(o.page, 'home-view').waitFor()
    expect(await o.page.locator('h1').textContent()).toBe('Mit Ihren Daten beginnen')
    // the newest ready file is the one asked about
    await until('the file named above the questions', o, suite.backend, async () =>
      ((await testid(o.page, 'home-view').textContent()) ?? '').includes('Fragen zu pinguine.csv'),
    )
    const chips = testid(o.page, 'suggestion')
    await until('German suggestions', o, suite.backend, async () => (await chips.count()) > 1)
    const texts = (await chips.allTextContents()).map((s) => s.trim())
    const file = await profiled(uploaded.id)
    expect(texts).toEqual(expectedQuestions(file, 'de'))
    expect(texts[0]).toMatch(/^Durchschnitt von \S+ pro \S+$/)
    await screenshot(o.page, 'home-de')

    await chips.first().click()
    const answer = testid(o.page, 'chat-message-assistant').last()
    try {
      await until('the chat page of the new conversation', o, suite.backend, async () => /\/chat\/[^/]+$/.test(o.page.url()))
    } catch (err) {
      const toasts = await o.page.locator('.el-notification').allTextContents()
      throw new Error(`${(err as Error).message}\nURL ${o.page.url()}\ntoasts: ${toasts.join(' | ')}`)
    }
    try {
      await until('a completed answer', o, suite.backend, async () => (await answer.getAttribute('data-status')) === 'completed', 45_000)
    } catch (err) {
      const status = await answer.getAttribute('data-status').catch(() => '?')
      const text = await answer.textContent().catch(() => '?')
      throw new Error(`${(err as Error).message}\nanswer status ${status}: ${text}\nURL ${o.page.url()}`)
    }
    expect(await answer.locator('[data-testid="result-table"]').count()).toBeGreaterThan(0)

    await testid(o.page, 'nav-system').click()
    await testid(o.page, 'dashboard-view').waitFor()
    expect(o.page.url()).toMatch(/\/system$/)
    expect(await testid(o.page, 'nav-system').textContent()).toContain('System')
    expect(await testid(o.page, 'nav-home').textContent()).toContain('Start')
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })
})
