/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser.
 * Pages collect console errors and failed requests so a test can show what went wrong.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { UI_DIR } from './backend'

export const SCREENSHOTS = join(UI_DIR, 'screenshots')
export const DESKTOP = { width: 1440, height: 900 }
export const PHONE = { width: 390, height: 844 }

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

export interface OpenPage {
  context: BrowserContext
  page: Page
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[]
}

export async function openPage(
  browser: Browser,
  baseURL: string,
  viewport = DESKTOP,
  locale = 'en-US',
): Promise<OpenPage> {
  const context = await browser.newContext({ baseURL, viewport, locale, colorScheme: 'light' })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
  })
  // Self-hosted means offline: any request to another host is a bug.
  await context.route(
    (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
    (route) => {
      errors.push(`external request: ${route.request().url()}`)
      return route.abort()
    },
  )
  return { context, page, errors }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const size = page.viewportSize()
  const path = join(SCREENSHOTS, `${name}-${size?.width ?? 0}x${size?.height ?? 0}.png`)
  // No hover colours in the picture: the pointer rests in the corner.
  await page.mouse.move(0, 0)
  await page.screenshot({ path, fullPage: false })
  return path
}
