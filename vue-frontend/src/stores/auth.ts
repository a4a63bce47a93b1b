/**
 * Who is signed in (SPEC 11). In `users` mode the browser proves itself with the HttpOnly
 * session cookie plus `X-CSRF-Token` on changes; the access and refresh tokens of the
 * sign-in stay in this tab's memory only (never in storage a script could read later)
 * and serve one thing: renewing the sign-in once when an answer says 401.
 *
 * Signing out, a sign-in as someone else in another tab, or a sign-in that ended all
 * leave through a full page load to the sign-in page: that drops every store, every
 * view's state and every cache of this tab at once, so nothing of the previous user's
 * private work can stay on screen, and the WebSocket is opened again with the new
 * cookie. The other tabs hear of it on a BroadcastChannel (utils/authChannel.ts).
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { ApiError, setAuthHooks } from '@/api/client'
import { getMe, login, logout, refreshSignIn } from '@/api/auth'
import { openAuthChannel, type AuthChannel, type AuthSignal } from '@/utils/authChannel'
import { useAppStore } from './app'
import type { AuthMode, AuthUser, HttpMethod, Me, UserRole, SignIn } from '@/types'

export const SIGN_IN_PATH = '/signin'
const SAFE_METHODS: ReadonlySet<HttpMethod | 'HEAD'> = new Set(['GET', 'HEAD'])

/** What the store does to the page; tests replace it. */
export interface AuthEnvironment {
  /** A full page load (drops every store of this tab). */
  navigate(url: string): void
  /** The path (with query) this tab shows, to come back to after signing in. */
  location(): string
  openChannel(onSignal: (signal: AuthSignal) => void): AuthChannel
}

const browserEnvironment: AuthEnvironment = {
  navigate: (url) => window.location.replace(url),
  location: () => `${window.location.pathname}${window.location.search}${window.location.hash}`,
  openChannel: openAuthChannel,
}
let environment: AuthEnvironment = browserEnvironment

export function setAuthEnvironment(env: Partial<AuthEnvironment> | null): void {
  environment = env ? { ...browserEnvironment, ...env } : browserEnvironment
}

/** Only a path of this site is a place to go back to (never `//evil.example`). */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/'
  if (path === SIGN_IN_PATH || path.startsWith(`${SIGN_IN_PATH}?`)) return '/'
  return path
}

export function signInUrl(redirect?: string | null): string {
  const back = redirect ? safeRedirect(redirect) : '/'
  return back === '/' ? SIGN_IN_PATH : `${SIGN_IN_PATH}?redirect=${encodeURIComponent(back)}`
}

function userOf(source: AuthUser | Me): AuthUser {
  const { id, email, name, role, disabled, created_at, last_login_at } = source
  return { id, email, name, role, disabled, created_at, last_login_at }
}

export const useAuthStore = defineStore('auth', () => {
  const app = useAppStore()
  /** null until /api/config answered. */
  const mode = ref<AuthMode | null>(null)
  const user = ref<AuthUser | null>(null)
  const csrfToken = ref<string | null>(null)
  const scopes = ref<string[]>([])
  // memory only, and outside the reactive state (not in devtools, not serialised)
  let accessToken: string | null = null
  let refreshToken: string | null = null
  /** The last user this tab showed: a sign-in as someone else must drop their data. */
  let lastUserId: string | null = null
  let ready: Promise<void> | null = null
  let renewing: Promise<boolean> | null = null
  let channel: AuthChannel | null = null
  /** This page is on its way to the sign-in page (a full load): leave() has navigated. */
  let leaving = false

  const usersMode = computed(() => mode.value === 'users')
  const authenticated = computed(() => mode.value === 'local' || user.value !== null)
  const role = computed<UserRole | null>(() => (mode.value === 'local' ? 'admin' : (user.value?.role ?? null)))
  const isAdmin = computed(() => role.value === 'admin')
  /** Viewers read and ask; the server refuses their changes anyway, the UI hides them. */
  const canWrite = computed(() => role.value === 'admin' || role.value === 'analyst')

  /** Whether changing (deleting, editing) an object with this owner is offered: owner or admin. */
  function canChange(ownerId: string | null | undefined): boolean {
    if (mode.value !== 'users' || isAdmin.value) return true
    return canWrite.value && user.value !== null && ownerId != null && String(ownerId) === user.value.id
  }

  /** Whether an object made private again (`hidden`) stays readable here: local mode, its owner, an admin. */
  function keepsPrivate(ownerId: string | null | undefined): boolean {
    if (mode.value !== 'users' || isAdmin.value) return true
    return user.value !== null && ownerId != null && String(ownerId) === user.value.id
  }

  /** Whether the share control of an object is offered (`users` mode, owner or admin). */
  function canShare(ownerId: string | null | undefined): boolean {
    return usersMode.value && canChange(ownerId)
  }

  function headers(method: HttpMethod): Record<string, string> {
    return csrfToken.value && !SAFE_METHODS.has(method) ? { 'X-CSRF-Token': csrfToken.value } : {}
  }

  function setUser(next: AuthUser) {
    user.value = next
    lastUserId = next.id
    leaving = false
  }

  function applySignIn(answer: SignIn) {
    setUser(userOf(answer.user))
    csrfToken.value = answer.csrf_token
    accessToken = answer.access_token
    refreshToken = answer.refresh_token
  }

  function applyMe(me: Me) {
    setUser(userOf(me))
    csrfToken.value = me.csrf_token
    scopes.value = me.scopes
  }

  function forget() {
    user.value = null
    csrfToken.value = null
    accessToken = refreshToken = null
  }

  /** Leave this page for the sign-in page (a full load), coming back to `redirect` later. */
  function leave(redirect: string | null = environment.location()) {
    forget()
    // Once: a request answered 401 while the page is already leaving (a poll, a renewal
    // after signing out) must not start a second load, which aborts the first.
    if (leaving) return
    leaving = true
    environment.navigate(signInUrl(redirect))
  }

  function onSignal(signal: AuthSignal) {
    if (signal.type === 'signed_out') {
      if (user.value !== null) leave()
      return
    }
    if (user.value?.id === signal.user_id) return // the same user: the next change renews the CSRF token
    if (user.value === null) {
      // this tab waits on the sign-in page: follow the other tab in
      const here = new URL(environment.location(), 'http://x')
      environment.navigate(here.pathname === SIGN_IN_PATH ? safeRedirect(here.searchParams.get('redirect')) : environment.location())
      return
    }
    leave() // someone else now: drop this tab's data
  }

  function install() {
    setAuthHooks({ headers, renew })
    channel ??= environment.openChannel(onSignal)
  }

  async function load(): Promise<void> {
    const config = app.config ?? (await app.loadConfig())
    mode.value = config.auth_mode === 'users' ? 'users' : 'local'
    if (mode.value === 'local') return
    install()
    try {
      applyMe(await getMe())
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return
      throw err
    }
  }

  /** Learn the mode and, in `users` mode, who the session cookie belongs to (once). */
  function init(): Promise<void> {
    ready ??= load().catch((err: unknown) => {
      ready = null // the next navigation asks again
      throw err
    })
    return ready
  }

  /** Sign in; `switched` says this tab showed another user before (its data must go). */
  async function signIn(email: string, password: string): Promise<{ switched: boolean }> {
    const before = lastUserId
    const answer = await login(email, password)
    applySignIn(answer)
    channel?.post({ type: 'signed_in', user_id: answer.user.id })
    return { switched: before !== null && before !== answer.user.id }
  }

  async function signOut(): Promise<void> {
    try {
      await logout(headers('POST'))
    } catch {
      // the sign-in may be over already; the page is left all the same
    }
    channel?.post({ type: 'signed_out' })
    leave(null)
  }

  async function doRenew(): Promise<boolean> {
    const before = user.value?.id ?? null
    if (refreshToken) {
      const token = refreshToken
      refreshToken = null // a refresh token works once
      try {
        const answer = await refreshSignIn(token)
        if (before === null || answer.user.id === before) {
          applySignIn(answer)
          return true
        }
      } catch {
        // fall through: ask who the cookie belongs to
      }
    }
    try {
      const me = await getMe()
      if (before !== null && me.id !== before) {
        leave() // another tab signed in as someone else
        return false
      }
      applyMe(me)
      return true
    } catch {
      leave() // the sign-in ended (expired, revoked, user disabled)
      return false
    }
  }

  /**
   * A request answered 401 (or 403 `csrf_failed`): renew once with the refresh token,
   * else re-read the session (a new CSRF token after another tab's sign-in). Concurrent
   * failures share one renewal.
   */
  function renew(_err?: ApiError): Promise<boolean> {
    renewing ??= doRenew().finally(() => {
      renewing = null
    })
    return renewing
  }

  /** For scripts-style connections (the WebSocket's `{"type": "auth"}`), never stored. */
  function currentAccessToken(): string | null {
    return accessToken
  }

  return {
    mode,
    user,
    csrfToken,
    scopes,
    usersMode,
    authenticated,
    role,
    isAdmin,
    canWrite,
    canChange,
    canShare,
    keepsPrivate,
    headers,
    init,
    signIn,
    signOut,
    renew,
    leave,
    currentAccessToken,
  }
})
