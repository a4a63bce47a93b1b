/** The route guards: sign-in first (and back), 403 for admin pages, no token page in local mode. */
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createAuthGuard, type GuardAuth } from '@/router/guards'

const Empty = { render: () => null }

function routerFor(auth: GuardAuth) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Empty },
      { path: '/files', name: 'files', component: Empty },
      { path: '/signin', name: 'signin', component: Empty, meta: { public: true, bare: true } },
      { path: '/forbidden', name: 'forbidden', component: Empty, meta: { public: true } },
      { path: '/account/tokens', name: 'tokens', component: Empty, meta: { usersOnly: true } },
      { path: '/admin/users', name: 'users', component: Empty, meta: { admin: true } },
    ],
  })
  const guard = createAuthGuard(auth)
  router.beforeEach((to, from) => guard(to, from, () => undefined))
  return router
}

function auth(mode: GuardAuth['mode'], authenticated: boolean, isAdmin = false, init = () => Promise.resolve()): GuardAuth {
  return { mode, authenticated, isAdmin, init }
}

async function land(a: GuardAuth, path: string): Promise<string> {
  const router = routerFor(a)
  await router.push(path)
  return router.currentRoute.value.fullPath
}

describe('auth guard', () => {
  it('not signed in: every page goes to sign-in, which leads back afterwards', async () => {
    expect(await land(auth('users', false), '/files?q=1')).toBe('/signin?redirect=/files?q=1')
    expect(await land(auth('users', false), '/')).toBe('/signin')
    expect(await land(auth('users', false), '/forbidden')).toBe('/forbidden')
  })

  it('signed in: the sign-in page forwards to where the visitor was going (never off-site)', async () => {
    expect(await land(auth('users', true), '/signin?redirect=%2Ffiles')).toBe('/files')
    expect(await land(auth('users', true), '/signin?redirect=%2F%2Fevil.example')).toBe('/')
    expect(await land(auth('local', true, true), '/signin')).toBe('/')
  })

  it('admin pages: 403 for analysts and viewers, open to admins and in local mode', async () => {
    expect(await land(auth('users', true, false), '/admin/users')).toBe('/forbidden?from=/admin/users')
    expect(await land(auth('users', true, true), '/admin/users')).toBe('/admin/users')
    expect(await land(auth('local', true, true), '/admin/users')).toBe('/admin/users')
  })

  it('the API token page needs a real user: local mode goes home', async () => {
    expect(await land(auth('local', true, true), '/account/tokens')).toBe('/')
    expect(await land(auth('users', true), '/account/tokens')).toBe('/account/tokens')
  })

  it('waits for the auth store, and lets the page say so when the API does not answer', async () => {
    let ready = false
    const slow = auth('users', true, false, () => new Promise((ok) => setTimeout(() => ((ready = true), ok()), 10)))
    expect(await land(slow, '/files')).toBe('/files')
    expect(ready).toBe(true)
    expect(await land(auth(null, false, false, () => Promise.reject(new Error('down'))), '/files')).toBe('/files')
  })
})
