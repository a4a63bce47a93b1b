/**
 * A clarification in a real browser against the real API and WebSocket server (SPEC 5):
 * an ambiguous question is asked back with candidates; a chip sends its label with the
 * run and the chosen value (not "question (label)"); the server answers the ORIGINAL
 * question with that choice bound; after a reload the conversation shows the same.
 *
 * The answer step needs a planner that honours `AnalysisRequest.bindings`.
 */
import { describe, expect, it } from 'vitest'
import { screenshot, useBrowserSuite } from './browser'
import { penguinsCsv } from './fixtures'
import { uploadViaApi, waitForFileReady } from './api'
import { formatNumber } from '@/components/format'
import { explain, testid, textbox, until } from './helpers'

const suite = useBrowserSuite()

/** "length" fits two numeric columns (bill_length_mm, flipper_length_mm): the agents must ask. */
const AMBIGUOUS = 'what is the average length by species'
const CHOSEN = 'flipper_length_mm'

/** The mean of `column` per species, computed from the fixture's CSV itself. */
function meansBySpecies(column: string): Record<string, number> {
  const [head, ...lines] = penguinsCsv().trim().split('\n')
  const names = head!.split(',')
  const at = names.indexOf(column)
  const sums: Record<string, [number, number]> = {}
  for (const line of lines) {
    const cells = line.split(',')
    const entry = (sums[cells[0]!] ??= [0, 0])
    entry[0] += Number(cells[at])
    entry[1] += 1
  }
  return Object.fromEntries(Object.entries(sums).map(([species, [sum, n]]) => [species, sum / n]))
}

interface StoredMessage {
  role: string
  content: string
  run_id: string | null
  metadata: Record<string, unknown>
}

describe('clarification', () => {
  it('a chip answers the original question with the chosen column, also after a reload', async () => {
    const file = await uploadViaApi(suite.backend.apiUrl, 'penguins-clarify.csv', penguinsCsv())
    await waitForFileReady(suite.backend.apiUrl, file.id)
    const created = await fetch(`${suite.backend.apiUrl}/api/chat/conversations`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Clarify', file_ids: [file.id] }),
    })
    expect(created.status).toBe(201)
    const conversationId = ((await created.json()) as { id: string }).id

    const o = await suite.open(`/chat/${conversationId}`)
    await textbox(o.page, 'chat-input').fill(AMBIGUOUS)
    await testid(o.page, 'chat-send').click()

    // Asked back, with the two columns as chips.
    const asked = testid(o.page, 'chat-message-assistant').first()
    const chips = asked.locator('[data-testid="clarification-candidate"]')
    await until('the clarification with its candidates', o, suite.backend, async () => (await chips.count()) === 2, 45_000)
    const values = await chips.evaluateAll((els) => els.map((el) => el.getAttribute('data-value')))
    expect(values.sort()).toEqual(['bill_length_mm', CHOSEN])
    const conversation = async () => {
      const response = await fetch(`${suite.backend.apiUrl}/api/chat/conversations/${conversationId}`)
      return ((await response.json()) as { messages: StoredMessage[] }).messages
    }
    const askedRun = (await conversation()).find((m) => m.role === 'assistant')!.run_id
    expect(askedRun).toBeTruthy()

    // The chip sends its label and the choice: never the old question with the label appended.
    const chip = asked.locator(`[data-testid="clarification-candidate"][data-value="${CHOSEN}"]`)
    const label = ((await chip.textContent()) ?? '').trim()
    const [sent] = await Promise.all([
      o.page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/chat/conversations/${conversationId}/messages`)),
      chip.click(),
    ])
    expect(sent.postDataJSON()).toEqual({ content: label, clarification: { run_id: askedRun, value: CHOSEN } })

    // The answer to the original question: the mean flipper length per species, its reading first.
    const expected = meansBySpecies(CHOSEN)
    const answer = testid(o.page, 'chat-message-assistant').nth(1)
    await until('the answer to the original question', o, suite.backend, async () => (await answer.getAttribute('data-status')) === 'completed', 45_000)
    const checkAnswer = async (turn: ReturnType<typeof testid>) => {
      expect(await turn.locator('[data-testid="clarification"]').count(), 'the answer asked back again').toBe(0)
      const table = turn.locator('[data-testid="result-table"]').first()
      await table.waitFor({ state: 'visible' })
      const text = (await table.textContent()) ?? ''
      for (const [species, mean] of Object.entries(expected)) {
        expect(text, `the answer lacks ${species}`).toContain(species)
        expect(text, `the answer lacks the mean ${mean} of ${species}`).toContain(formatNumber(mean, 'en'))
      }
      const reading = turn.locator('[data-testid="chat-interpretation"]')
      const html = await turn.innerHTML()
      if ((await reading.count()) > 0) {
        expect(html.indexOf('chat-interpretation')).toBeLessThan(html.indexOf('result-table'))
      } else {
        // the reading opens the answer's own text, which comes before the results
        expect(await turn.locator('[data-testid="chat-answer-text"]').count()).toBe(1)
        expect(html.indexOf('chat-answer-text')).toBeLessThan(html.indexOf('result-table'))
      }
    }
    await checkAnswer(answer)

    // The server ran the original question with the binding.
    const stored = await conversation()
    const reply = stored.find((m) => m.role === 'user' && m.content === label)!
    expect(reply.metadata.clarification).toMatchObject({ run_id: askedRun, value: CHOSEN })
    const run = (await (await fetch(`${suite.backend.apiUrl}/api/chat/runs/${reply.run_id}`)).json()) as {
      question: string
      result: { interpretation: string; ignored: string[]; needs_clarification: boolean }
    }
    expect(run.question).toBe(AMBIGUOUS)
    expect(run.result.needs_clarification).toBe(false)
    expect(run.result.interpretation).toContain(CHOSEN)
    await screenshot(o.page, 'chat-clarified')

    // After a reload: the question, the chips, the reply and the same answer, from the stored messages.
    await o.page.reload()
    const turns = testid(o.page, 'chat-message-assistant')
    await until('the stored conversation', o, suite.backend, async () => (await turns.count()) === 2)
    expect(await turns.first().locator('[data-testid="clarification-candidate"]').count()).toBe(2)
    const marked = turns.first().locator('[data-testid="clarification-candidate"][data-chosen="true"]')
    expect(await marked.getAttribute('data-value')).toBe(CHOSEN)
    const users = await testid(o.page, 'chat-message-user').allTextContents()
    expect(users.map((u) => u.includes(AMBIGUOUS) || u.includes(label))).toEqual([true, true])
    await checkAnswer(turns.nth(1))
    expect(o.errors, explain(o, suite.backend)).toEqual([])
  })
})
