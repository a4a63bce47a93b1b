import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

/** Unit tests: stores, composables and the API client, in jsdom, without a server. */
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/__tests__/*.spec.ts', 'tests/unit/**/*.spec.ts', 'tests/components/**/*.spec.ts'],
    restoreMocks: true,
    testTimeout: 10000,
  },
})
