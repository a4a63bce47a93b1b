import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { elementPlusOnDemand } from './vite.config'

/** Unit tests: stores, composables and the API client, in jsdom, without a server. */
export default defineConfig({
  // Element Plus resolved per component as in the build (the types file is the build's to write)
  plugins: [vue(), elementPlusOnDemand({ dts: false })],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/__tests__/*.spec.ts', 'tests/unit/**/*.spec.ts', 'tests/components/**/*.spec.ts'],
    restoreMocks: true,
    // the style imports the resolver adds (element-plus/es/.../style/css) must go through Vite, not Node
    server: { deps: { inline: ['element-plus'] } },
    testTimeout: 10000,
  },
})
