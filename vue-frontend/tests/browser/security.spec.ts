/**
 * The security headers in a real browser (issue 11 row 17): the built UI and the offline
 * docs page run under their Content-Security-Policy with no violation, and no page of the
 * platform can be framed.
 */
import { describe, expect, it } from 'vitest'
import { useBrowserSuite } from './browser'

const suite = useBrowserSuite()

async function visit(path: string, ready: string) {
  const o = await suite.open()
  const violations: string[] = []
  await o.page.exposeFunction('reportViolation', (text: string) => violations.push(text))
  await o.page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { reportViolation: (t: string) => void }).reportViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      )
    })
  })
  const response = await o.page.goto(path)
  await o.page.locator(ready).first().waitFor({ state: 'visible', timeout: 20_000 })
  await o.page.waitForTimeout(1_000) // let the WebSocket connect and the first data arrive
  const headers = response?.headers() ?? {}
  await o.context.close()
  return { headers, violations, errors: o.errors }
}

describe('security headers', () => {
  it('runs the built UI under its CSP with no violation and a live WebSocket', async () => {
    const { headers, violations, errors } = await visit('/', '#app *')
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['x-frame-options']).toBe('DENY')
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(violations).toEqual([])
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([])
  })

  it('runs the offline docs page under its CSP with no violation', async () => {
    const { headers, violations, errors } = await visit('/api/docs', '.swagger-ui .opblock')
    expect(headers['content-security-policy']).toContain("script-src 'self' 'sha256-")
    expect(violations).toEqual([])
    expect(errors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([])
  })

  it('cannot be framed by another page', async () => {
    const o = await suite.open()
    await o.page.setContent(`<iframe id="f" src="${suite.backend.apiUrl}/"></iframe>`)
    await o.page.waitForTimeout(2_000)
    const frame = o.page.frames().find((f) => f.url().startsWith(suite.backend.apiUrl))
    const loaded = frame ? await frame.locator('#app').count().catch(() => 0) : 0
    await o.context.close()
    expect(loaded).toBe(0)
  })
})
