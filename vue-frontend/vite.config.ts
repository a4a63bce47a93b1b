import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

/** Split the heavy libraries into their own chunks so the main bundle stays small. */
function manualChunks(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined
  if (/node_modules\/(echarts|zrender|vue-echarts)\//.test(id)) return 'echarts'
  if (/node_modules\/(element-plus|@element-plus)\//.test(id)) return 'element-plus'
  return 'vendor'
}

/** The API the dev server proxies to: FLASK_PORT comes from run_server.py --with-frontend. */
const apiTarget = process.env.DATAPULSE_API_URL ?? `http://127.0.0.1:${process.env.FLASK_PORT ?? '5000'}`

export default defineConfig({
  plugins: [vue()],
  define: {
    // vue-i18n: Composition API only, no devtools hooks in the build
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: { manualChunks },
    },
  },
})
