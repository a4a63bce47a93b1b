import { defineConfig } from 'vitest/config'
import browser from './vitest.browser.config'

/** `npm run docs:screenshots`: the README's pictures (tests/docs), not part of `make test`. */
export default defineConfig({ ...browser, test: { ...browser.test, include: ['tests/docs/**/*.docs.ts'] } })
