/**
 * Route guards (SPEC 11): in `users` mode a visitor who is not signed in goes to the
 * sign-in page (and back afterwards); admin pages show 403 to everyone else; pages
 * that only make sense with a user (API tokens) are not offered in `local` mode.
 */
import type { NavigationGuard, RouteLocationRaw } from 'vue-router'
import { safeRedirect } from '@/stores/auth'

declare module 'vue-router' {
  interface RouteMeta {
    /** Shown without signing in (the sign-in page, 403). */
    public?: boolean
    /** Admins only. */
    admin?: boolean
    /** Only with a real user (`users` mode). */
    usersOnly?: boolean
    /** Without the app's shell (navigation, header). */
    bare?: boolean
  }
}

/** What the guard needs of the auth store. */
export interface GuardAuth {
  init(): Promise<void>
  readonly mode: 'local' | 'users' | null
  readonly authenticated: boolean
  readonly isAdmin: boolean
}

export function createAuthGuard(auth: GuardAuth): NavigationGuard {
  return async (to): Promise<boolean | RouteLocationRaw> => {
    try {
      await auth.init()
    } catch {
      return true // the API did not answer: the page shows that; the server guards its data anyway
    }
    if (to.name === 'signin') {
      if (auth.mode === 'local' || (auth.mode === 'users' && auth.authenticated)) return safeRedirect(to.query.redirect)
      return true
    }
    if (to.meta.public) return true
    if (!auth.authenticated) return { name: 'signin', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
    if (to.meta.usersOnly && auth.mode !== 'users') return '/'
    if (to.meta.admin && !auth.isAdmin) return { name: 'forbidden', query: { from: to.fullPath } }
    return true
  }
}
