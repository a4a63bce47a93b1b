import { ApiError } from '@/api/client'

/** The message key of a failed sign-in (SPEC 11 codes; a wait comes with `{seconds}`). */
export function signInErrorKey(err: unknown): string {
  if (!(err instanceof ApiError)) return 'auth.errors.failed'
  if (err.code === 'account_locked') return err.retryAfterMs !== null ? 'auth.errors.lockedFor' : 'auth.errors.locked'
  if (err.code === 'rate_limited' || err.status === 429) return err.retryAfterMs !== null ? 'auth.errors.rateLimitedFor' : 'auth.errors.rateLimited'
  if (err.code === 'invalid_credentials' || err.status === 401) return 'auth.errors.wrongPassword'
  if (err.code === 'account_disabled') return 'auth.errors.disabled'
  if (err.code === 'local_mode') return 'auth.errors.localMode'
  if (err.isNetworkError) return 'auth.errors.network'
  return 'auth.errors.failed'
}
