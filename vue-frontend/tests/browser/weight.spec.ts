/**
 * Weight: the bytes of JavaScript the home view transfers, counted from the browser's own
 * network events (the encoded body sizes, as they come over the wire), and the assets
 * served compressed. Printed so that the figure can be quoted; the goal is under 250 kB.
 */
import { describe, expect, it } from 'vitest'
import { useBrowserSuite } from './browser'

const suite = useBrowserSuite()

export const HOME_JS_BUDGET = 250_000

describe('weight', () => {
  it('the home view loads under 250 kB of JavaScript on the wire, compressed, without ECharts', async () => {
    const o = await suite.open()
    const scripts: { url: string; bytes: number; body: number; encoding: string }[] = []
    const pending: Promise<void>[] = []
    o.page.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return
      pending.push(
        (async () => {
          const sizes = await request.sizes()
          const response = await request.response()
          const encoding = (await response?.headerValue('content-encoding')) ?? 'identity'
          scripts.push({
            url: new URL(request.url()).pathname,
            bytes: sizes.responseBodySize + sizes.responseHeadersSize,
            body: sizes.responseBodySize,
            encoding,
          })
        })(),
      )
    })
    await o.page.goto('/', { waitUntil: 'networkidle' })
    await o.page.locator('[data-testid="home-view"], [data-testid="dashboard-view"]').first().waitFor()
    await o.page.waitForLoadState('networkidle')
    await Promise.all(pending)
    const total = scripts.reduce((n, s) => n + s.bytes, 0)
    console.log(`home view JavaScript on the wire: ${total} bytes in ${scripts.length} files`)
    for (const s of scripts.sort((a, b) => b.bytes - a.bytes)) console.log(`  ${s.bytes}\t${s.encoding}\t${s.url}`)
    expect(scripts.length).toBeGreaterThan(0)
    expect(scripts.filter((s) => /echarts/i.test(s.url)).map((s) => s.url), 'ECharts loaded for a view without a chart').toEqual([])
    expect(scripts.filter((s) => s.encoding === 'identity' && s.body > 1024).map((s) => s.url), 'uncompressed scripts').toEqual([])
    expect(total).toBeLessThan(HOME_JS_BUDGET)
    expect(o.errors).toEqual([])
    await o.context.close()
  })
})
