/**
 * The auth store (SPEC 11 in the UI): the mode from /api/config, the session from
 * /api/auth/me, X-CSRF-Token on changes only, one renewal on 401 (refresh token first,
 * else the session), the tabs told on sign-out and on a sign-in as someone else, and a
 * full page load to the sign-in page whenever this tab must drop its data.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setAuthEnvironment, signInUrl, safeRedirect, useAuthStore } from '@/stores/auth'
import { ApiError, request, setAuthHooks, upload } from '@/api/client'
import { signInErrorKey } from '@/components/auth/signInError'
import type { AuthSignal } from '@/utils/authChannel'
import { apiError, json, mockFetch } from './helpers'

const ANA = { id: '2', email: 'ana@example.com', name: 'Ana', role: 'analyst', disabled: false }
const BOB = { id: '3', email: 'bob@example.com', name: 'Bob', role: 'viewer', disabled: false }
const me = (user: object, csrf = 'csrf-1') => json({ ...user, auth_mode: 'users', csrf_token: csrf, scopes: ['read', 'write'] })
const signedIn = (user: object, n = 1) =>
  json({ user, access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: 900, csrf_token: `csrf-${n}` })

let navigated: string[]
let posted: AuthSignal[]
let deliver: (signal: AuthSignal) => void
let here: string

beforeEach(() => {
  setActivePinia(createPinia())
  navigated = []
  posted = []
  here = '/files'
  setAuthEnvironment({
    navigate: (url) => navigated.push(url),
    location: () => here,
    openChannel: (onSignal) => {
      deliver = onSignal
      return { post: (s) => posted.push(s), close: () => undefined }
    },
  })
})

afterEach(() => {
  setAuthEnvironment(null)
  setAuthHooks(null)
  vi.unstubAllGlobals()
})

/** A scripted server: /api/config in users mode, then per path and method. */
function server(routes: Record<string, (init: RequestInit) => Response>) {
  return mockFetch((url, init) => {
    const path = new URL(url, 'http://x').pathname
    const key = `${init.method ?? 'GET'} ${path}`
    if (path === '/api/config') return json({ ws_url: 'ws://x/ws', auth_mode: 'users', languages: ['en'] })
    const route = routes[key]
    if (!route) throw new Error(`unexpected ${key}`)
    return route(init)
  })
}

function header(init: RequestInit | undefined, name: string): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.[name]
}

describe('auth store', () => {
  it('local mode: no sign-in, the built-in admin may do everything, nothing is asked of /me', async () => {
    const fetch = mockFetch(() => json({ ws_url: 'ws://x/ws', auth_mode: 'local', languages: ['en'] }))
    const auth = useAuthStore()
    await auth.init()
    expect(auth.mode).toBe('local')
    expect(auth.authenticated).toBe(true)
    expect(auth.isAdmin).toBe(true)
    expect(auth.canShare('1')).toBe(false) // nothing to share with
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('users mode without a session: not signed in; with one: the user, the role and the CSRF token', async () => {
    server({ 'GET /api/auth/me': () => apiError(401, 'unauthorized') })
    const out = useAuthStore()
    await out.init()
    expect(out.authenticated).toBe(false)

    setActivePinia(createPinia())
    server({ 'GET /api/auth/me': () => me(ANA) })
    const auth = useAuthStore()
    await auth.init()
    expect(auth.user?.email).toBe('ana@example.com')
    expect(auth.canWrite).toBe(true)
    expect(auth.isAdmin).toBe(false)
    expect(auth.canShare('2')).toBe(true)
    expect(auth.canShare('9')).toBe(false)
    expect(auth.canChange(null)).toBe(false)
    expect(auth.headers('POST')).toEqual({ 'X-CSRF-Token': 'csrf-1' })
    expect(auth.headers('GET')).toEqual({})
  })

  it('a viewer may not write: write actions are hidden, sharing too', async () => {
    server({ 'GET /api/auth/me': () => me(BOB) })
    const auth = useAuthStore()
    await auth.init()
    expect(auth.canWrite).toBe(false)
    expect(auth.canChange('3')).toBe(false)
    expect(auth.canShare('3')).toBe(false)
  })

  it('every request sends X-CSRF-Token on unsafe methods only (uploads too)', async () => {
    const seen: Array<[string, string | undefined]> = []
    server({
      'GET /api/auth/me': () => me(ANA, 'tok'),
      'GET /api/files': (init) => (seen.push(['GET', header(init, 'X-CSRF-Token')]), json({ items: [] })),
      'DELETE /api/files/1': (init) => (seen.push(['DELETE', header(init, 'X-CSRF-Token')]), new Response(null, { status: 204 })),
    })
    await useAuthStore().init()
    await request('/api/files')
    await request('/api/files/1', { method: 'DELETE' })
    expect(seen).toEqual([
      ['GET', undefined],
      ['DELETE', 'tok'],
    ])
    const xhrHeaders: Record<string, string> = {}
    class FakeXhr {
      status = 201
      responseText = '{"files": []}'
      upload = { onprogress: null }
      onload: (() => void) | null = null
      open() {}
      setRequestHeader(name: string, value: string) {
        xhrHeaders[name] = value
      }
      getResponseHeader() {
        return null
      }
      send() {
        this.onload?.()
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr)
    await upload('/api/files', new FormData())
    expect(xhrHeaders['X-CSRF-Token']).toBe('tok')
  })

  it('signs in: the answer becomes the session, the other tabs hear of it', async () => {
    server({
      'GET /api/auth/me': () => apiError(401, 'unauthorized'),
      'POST /api/auth/login': (init) => {
        expect(JSON.parse(String(init.body))).toEqual({ email: 'ana@example.com', password: 'pw-123456' })
        return signedIn(ANA)
      },
    })
    const auth = useAuthStore()
    await auth.init()
    const result = await auth.signIn('ana@example.com', 'pw-123456')
    expect(result).toEqual({ switched: false })
    expect(auth.authenticated).toBe(true)
    expect(auth.csrfToken).toBe('csrf-1')
    expect(auth.currentAccessToken()).toBe('access-1')
    expect(posted).toEqual([{ type: 'signed_in', user_id: '2' }])
    expect(navigated).toEqual([]) // nothing to drop: the router goes on
  })

  it('a 401 renews once with the refresh token and sends the request again', async () => {
    let files = 0
    const fetch = server({
      'GET /api/auth/me': () => apiError(401, 'unauthorized'),
      'POST /api/auth/login': () => signedIn(ANA),
      'POST /api/auth/refresh': (init) => {
        expect(JSON.parse(String(init.body))).toEqual({ refresh_token: 'refresh-1' })
        return signedIn(ANA, 2)
      },
      'POST /api/files/1/profile': (init) =>
        ++files === 1 ? apiError(401, 'invalid_token') : (expect(header(init, 'X-CSRF-Token')).toBe('csrf-2'), json({ ok: true })),
    })
    const auth = useAuthStore()
    await auth.init()
    await auth.signIn('ana@example.com', 'pw')
    await expect(request('/api/files/1/profile', { method: 'POST' })).resolves.toEqual({ ok: true })
    expect(files).toBe(2)
    expect(auth.csrfToken).toBe('csrf-2')
    expect(fetch.mock.calls.filter(([u]) => String(u).includes('/refresh'))).toHaveLength(1)
  })

  it('a 401 that renewing cannot heal sends this tab to the sign-in page, coming back here afterwards', async () => {
    server({
      'GET /api/auth/me': (() => {
        let n = 0
        return () => (++n === 1 ? me(ANA) : apiError(401, 'unauthorized'))
      })(),
      'GET /api/files': () => apiError(401, 'unauthorized'),
    })
    const auth = useAuthStore()
    await auth.init()
    await expect(request('/api/files')).rejects.toMatchObject({ status: 401 })
    expect(navigated).toEqual(['/signin?redirect=%2Ffiles'])
    expect(auth.user).toBeNull()
    expect(auth.currentAccessToken()).toBeNull()
  })

  it('a stale CSRF token (another tab signed in as the same user) is re-read and the change sent again', async () => {
    let posts = 0
    server({
      'GET /api/auth/me': (() => {
        let n = 0
        return () => me(ANA, ++n === 1 ? 'old' : 'new')
      })(),
      'POST /api/query': (init) =>
        ++posts === 1 ? apiError(403, 'csrf_failed') : (expect(header(init, 'X-CSRF-Token')).toBe('new'), json({ rows: [] })),
    })
    await useAuthStore().init()
    await expect(request('/api/query', { method: 'POST', body: { sql: 'select 1' } })).resolves.toEqual({ rows: [] })
    expect(navigated).toEqual([])
  })

  it('the cookie now belongs to someone else: this tab drops everything (a full load to sign-in)', async () => {
    server({
      'GET /api/auth/me': (() => {
        let n = 0
        return () => me(++n === 1 ? ANA : BOB)
      })(),
      'POST /api/files/1/profile': () => apiError(403, 'csrf_failed'),
    })
    await useAuthStore().init()
    await expect(request('/api/files/1/profile', { method: 'POST' })).rejects.toBeInstanceOf(ApiError)
    expect(navigated).toEqual(['/signin?redirect=%2Ffiles'])
  })

  it('signs out: the server ends the session, the other tabs are told, this tab leaves for sign-in', async () => {
    let loggedOut: string | undefined
    server({
      'GET /api/auth/me': () => me(ANA, 'tok'),
      'POST /api/auth/logout': (init) => ((loggedOut = header(init, 'X-CSRF-Token')), new Response(null, { status: 204 })),
    })
    const auth = useAuthStore()
    await auth.init()
    await auth.signOut()
    expect(loggedOut).toBe('tok')
    expect(posted).toEqual([{ type: 'signed_out' }])
    expect(navigated).toEqual(['/signin'])
    expect(auth.user).toBeNull()
  })

  it('a page already leaving for sign-in starts no second load (a 401 or a signal after signing out)', async () => {
    server({
      'GET /api/auth/me': (() => {
        let n = 0
        return () => (++n === 1 ? me(ANA) : apiError(401, 'unauthorized'))
      })(),
      'POST /api/auth/logout': () => new Response(null, { status: 204 }),
      'GET /api/files': () => apiError(401, 'unauthorized'),
    })
    const auth = useAuthStore()
    await auth.init()
    await auth.signOut()
    await expect(request('/api/files')).rejects.toMatchObject({ status: 401 }) // a poll still under way
    deliver({ type: 'signed_out' })
    expect(navigated).toEqual(['/signin']) // a second load would abort the first
  })

  it("another tab's signals: sign-out and another user drop this tab; the same user is kept", async () => {
    server({ 'GET /api/auth/me': () => me(ANA) })
    const auth = useAuthStore()
    await auth.init()
    deliver({ type: 'signed_in', user_id: '2' })
    expect(navigated).toEqual([])
    deliver({ type: 'signed_in', user_id: '3' })
    expect(navigated).toEqual(['/signin?redirect=%2Ffiles'])

    setActivePinia(createPinia())
    navigated = []
    server({ 'GET /api/auth/me': () => me(ANA) })
    await useAuthStore().init()
    here = '/chat/7'
    deliver({ type: 'signed_out' })
    expect(navigated).toEqual(['/signin?redirect=%2Fchat%2F7'])
  })

  it('a tab waiting on the sign-in page follows a sign-in in another tab to where it was going', async () => {
    server({ 'GET /api/auth/me': () => apiError(401, 'unauthorized') })
    await useAuthStore().init()
    here = '/signin?redirect=%2Fdata'
    deliver({ type: 'signed_in', user_id: '2' })
    expect(navigated).toEqual(['/data'])
    deliver({ type: 'signed_out' })
    expect(navigated).toEqual(['/data']) // nobody signed in here: nothing to drop
  })

  it('a sign-in as another user than this tab showed is a switch (the view then loads the page afresh)', async () => {
    server({
      'GET /api/auth/me': (() => {
        let n = 0
        return () => (++n === 1 ? me(ANA) : apiError(401, 'unauthorized'))
      })(),
      'GET /api/files': () => apiError(401, 'unauthorized'),
      'POST /api/auth/login': () => signedIn(BOB),
    })
    const auth = useAuthStore()
    await auth.init()
    await request('/api/files').catch(() => undefined) // Ana's session ended
    await expect(auth.signIn('bob@example.com', 'pw')).resolves.toEqual({ switched: true })
  })
})

describe('redirects and sign-in messages', () => {
  it('only paths of this site are places to go back to', () => {
    expect(safeRedirect('/files?x=1')).toBe('/files?x=1')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('/signin?redirect=/x')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
    expect(signInUrl('/')).toBe('/signin')
    expect(signInUrl('/data')).toBe('/signin?redirect=%2Fdata')
  })

  it('names wrong password, a locked account with its wait, and a rate limit', () => {
    expect(signInErrorKey(new ApiError(401, 'invalid_credentials', 'x'))).toBe('auth.errors.wrongPassword')
    expect(signInErrorKey(new ApiError(429, 'account_locked', 'x', {}, 900_000))).toBe('auth.errors.lockedFor')
    expect(signInErrorKey(new ApiError(429, 'account_locked', 'x'))).toBe('auth.errors.locked')
    expect(signInErrorKey(new ApiError(429, 'rate_limited', 'x', {}, 30_000))).toBe('auth.errors.rateLimitedFor')
    expect(signInErrorKey(new ApiError(403, 'account_disabled', 'x'))).toBe('auth.errors.disabled')
    expect(signInErrorKey(new ApiError(0, 'network_error', 'x'))).toBe('auth.errors.network')
    expect(signInErrorKey(new Error('x'))).toBe('auth.errors.failed')
  })
})
