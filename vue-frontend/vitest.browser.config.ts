import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'

/**
 * Browser tests: playwright-core drives Debian's Chromium (/usr/bin/chromium, never a
 * downloaded browser) against the real API and WebSocket server that the tests start
 * themselves (tests/browser/backend.ts). Run `npm run build` first: the API serves dist/.
 */
export default defineConfig({
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  test: {
    environment: 'node',
    include: ['tests/browser/**/*.spec.ts'],
    passWithNoTests: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
    retry: 0,
  },
})
