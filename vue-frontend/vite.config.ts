import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { precompress } from './vite.precompress'

/**
 * Element Plus on demand: each `<el-*>` tag and `v-loading` in a template becomes an import
 * of that component and its CSS, so a view's chunk carries only what it uses. Our own
 * components stay explicit imports (`dirs: []`); `src/components.d.ts` types the tags for
 * vue-tsc. Script-side services (ElMessageBox, ElNotification) import their style by hand.
 */
export function elementPlusOnDemand(options: { dts: boolean }) {
  return Components({
    dirs: [],
    resolvers: [ElementPlusResolver({ importStyle: 'css' })],
    dts: options.dts ? 'src/components.d.ts' : false,
  })
}

/**
 * The framework, which every page needs, in one long-cached chunk; ECharts in its own.
 * Element Plus and its helpers are left to Rollup, which puts each part in the chunk of
 * the views that use it, so the start page loads only the components of the shell.
 */
function manualChunks(id: string): string | undefined {
  if (!id.includes('node_modules')) return undefined
  if (/node_modules\/(echarts|zrender|vue-echarts)\//.test(id)) return 'echarts'
  if (/node_modules\/(@vue|vue|vue-router|pinia|vue-i18n|@intlify)\//.test(id)) return 'vendor'
  return undefined
}

/** The API the dev server proxies to: FLASK_PORT comes from run_server.py --with-frontend. */
const apiTarget = process.env.DATAPULSE_API_URL ?? `http://127.0.0.1:${process.env.FLASK_PORT ?? '5000'}`

export default defineConfig({
  plugins: [vue(), elementPlusOnDemand({ dts: true }), precompress()],
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
