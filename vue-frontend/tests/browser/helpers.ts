/** Small helpers shared by the browser specs: test ids, text boxes, polling with context. */
import type { Page } from 'playwright-core'
import type { Backend } from './backend'
import type { OpenPage } from './browser'

export function testid(page: Page, id: string) {
  return page.locator(`[data-testid="${id}"]`)
}

/** Fails with what the page and the servers said, so a red test explains itself. */
export function explain(o: OpenPage, backend: Backend): string {
  return `\npage errors:\n${o.errors.join('\n') || '(none)'}\nserver log tail:\n${backend.logTail(30)}`
}

/** Polls `check` until it holds; the deadline is generous, the poll is what makes it fast. */
export async function until(
  what: string,
  o: OpenPage,
  backend: Backend,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return
    await o.page.waitForTimeout(200)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}${explain(o, backend)}`)
}

/** The text box of an Element Plus input: its test id lands on the <input> itself or on a wrapper. */
export function textbox(page: Page, id: string) {
  const sel = `[data-testid="${id}"]`
  return page.locator(`input${sel}, textarea${sel}, ${sel} input, ${sel} textarea`).first()
}
