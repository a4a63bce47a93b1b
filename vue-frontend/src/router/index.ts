import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'

/** Every view is its own lazy chunk: the first page loads only what it shows. */
export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('@/views/HomeView.vue') },
  { path: '/system', name: 'system', component: () => import('@/views/DashboardView.vue') },
  { path: '/files', name: 'files', component: () => import('@/views/FilesView.vue') },
  { path: '/data', name: 'data', component: () => import('@/views/DataView.vue') },
  { path: '/chat/:id?', name: 'chat', component: () => import('@/views/ChatView.vue') },
  { path: '/assistants', name: 'assistants', component: () => import('@/views/AssistantsView.vue') },
  { path: '/plugins', name: 'plugins', component: () => import('@/views/PluginsView.vue') },
  { path: '/settings', name: 'settings', component: () => import('@/views/SettingsView.vue') },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

export default router
