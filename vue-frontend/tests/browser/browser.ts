/**
 * Debian's Chromium driven by playwright-core: never a downloaded browser.
 * Pages collect console errors and failed requests so a test can show what went wrong.
 * `useBrowserSuite` is the set-up every spec shares: the backend, the browser, its pages.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { startBackend, UI_DIR, type Backend } from './backend'

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
  // Self-hosted means offline: any request to another host is a bug. Watched, not
  // intercepted: `context.route` pauses every request of the context until this process
  // lets it through, which shifts when requests leave. (The chat image's stall of issue 14
  // came with and without it: a request sent on the socket of a just-ended event stream,
  // which werkzeug was draining before its close; fixed in datapulse/chat/sse.py.)
  context.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url())
    const network = protocol === 'http:' || protocol === 'https:'
    if (network && hostname !== '127.0.0.1' && hostname !== 'localhost') {
      errors.push(`external request: ${request.url()}`)
    }
  })
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

export interface SuiteOptions {
  /** Settings for this spec's backend (a plugin's fake service, users mode), or a function
   *  giving them, called when the backend starts (after the spec's own earlier beforeAll). */
  env?: Record<string, string> | (() => Record<string, string>)
  /** Pages stay open from one test to the next (closed after the last one). */
  keepPages?: boolean
}

export interface OpenOptions {
  viewport?: { width: number; height: number }
  /** The browser's language (Accept-Language, navigator.language). */
  locale?: string
  /** Also the UI's chosen language (stored as the user's choice before the page loads). */
  uiLocale?: boolean
}

/** One spec's real backend and browser, and the pages its tests open. */
export interface BrowserSuite {
  readonly backend: Backend
  readonly browser: Browser
  /** A page in its own context (closed after the test), at `path` when one is given. */
  open(path?: string, options?: OpenOptions): Promise<OpenPage>
  /** A JSON call to the API; a status of 400 or more fails with the answer. */
  api<T>(path: string, init?: RequestInit): Promise<T>
}

/**
 * The set-up every browser spec shares: starts the backend and Chromium before the tests,
 * closes the pages after each test and stops both after the last one.
 */
export function useBrowserSuite(options: SuiteOptions = {}): BrowserSuite {
  let backend: Backend | undefined
  let browser: Browser | undefined
  const opened: OpenPage[] = []
  const closePages = () => Promise.allSettled(opened.splice(0).map((o) => o.context.close()))

  beforeAll(async () => {
    const env = typeof options.env === 'function' ? options.env() : options.env
    // Side by side: Chromium starts while the servers do (afterAll stops whichever started).
    const [started, launched] = await Promise.allSettled([startBackend({ env }), launchBrowser()])
    if (started.status === 'fulfilled') backend = started.value
    if (launched.status === 'fulfilled') browser = launched.value
    if (started.status === 'rejected') throw started.reason
    if (launched.status === 'rejected') throw launched.reason
  }, 90_000)
  // Open WebSocket clients of pages no test looks at any more would only load the servers.
  if (!options.keepPages) afterEach(closePages)
  afterAll(async () => {
    await closePages()
    await browser?.close()
    await backend?.stop()
  }, 30_000)

  const suite: BrowserSuite = {
    get backend() {
      if (!backend) throw new Error('the backend is not started yet (use it inside a test or hook)')
      return backend
    },
    get browser() {
      if (!browser) throw new Error('the browser is not started yet (use it inside a test or hook)')
      return browser
    },
    async open(path, { viewport = DESKTOP, locale = 'en-US', uiLocale = false } = {}) {
      const o = await openPage(suite.browser, suite.backend.apiUrl, viewport, locale)
      opened.push(o)
      if (uiLocale) await o.context.addInitScript((lang) => localStorage.setItem('datapulse.locale', lang), locale.slice(0, 2))
      if (path !== undefined) await o.page.goto(path)
      return o
    },
    async api<T>(path: string, init: RequestInit = {}): Promise<T> {
      const response = await fetch(`${suite.backend.apiUrl}${path}`, {
        ...init,
        headers: { 'Content-Type': 'application/json', ...init.headers },
      })
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} answered ${response.status}: ${await response.text()}`)
      return (await response.json()) as T
    },
  }
  return suite
}
