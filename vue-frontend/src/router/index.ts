import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import { createAuthGuard } from './guards'

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
  {
    path: '/signin',
    name: 'signin',
    component: () => import('@/views/SignInView.vue'),
    meta: { public: true, bare: true },
  },
  { path: '/forbidden', name: 'forbidden', component: () => import('@/views/ForbiddenView.vue'), meta: { public: true } },
  {
    path: '/account/tokens',
    name: 'tokens',
    component: () => import('@/views/TokensView.vue'),
    meta: { usersOnly: true },
  },
  { path: '/admin/users', name: 'users', component: () => import('@/views/UsersView.vue'), meta: { admin: true } },
  { path: '/admin/audit', name: 'audit', component: () => import('@/views/AuditView.vue'), meta: { admin: true } },
  { path: '/:pathMatch(.*)*', redirect: '/' },
]

const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
})

router.beforeEach((to, from) => createAuthGuard(useAuthStore())(to, from, () => undefined))

export default router
