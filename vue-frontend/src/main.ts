import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus components and their CSS come on demand (vite.config.ts); the theme
// variables (light in base.css, dark for `html.dark`) apply to every page.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/dark/css-vars.css'

import App from '@/App.vue'
import router from '@/router'
import { i18n } from '@/i18n'

const app = createApp(App)
app.use(createPinia())
app.use(router)
app.use(i18n)
app.mount('#app')
