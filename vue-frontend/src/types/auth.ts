/** Shapes of SPEC 11: users, sign-in, API tokens, the audit log, visibility. */

export type AuthMode = 'local' | 'users'
export type UserRole = 'admin' | 'analyst' | 'viewer'
export type Visibility = 'private' | 'shared'
export const ROLES: readonly UserRole[] = ['admin', 'analyst', 'viewer']

export interface AuthUser {
  id: string
  email: string
  name: string
  role: UserRole
  disabled: boolean
  created_at?: string | null
  last_login_at?: string | null
}

/** `GET /api/auth/me`. */
export interface Me extends AuthUser {
  auth_mode: AuthMode
  csrf_token: string | null
  scopes: string[]
}

/** `POST /api/auth/login` and `/refresh`. */
export interface SignIn {
  user: AuthUser
  access_token: string
  refresh_token: string
  expires_in: number
  csrf_token: string
}

export interface UserInput {
  email: string
  password: string
  role: UserRole
  name?: string
}

export type UserPatch = Partial<Pick<AuthUser, 'email' | 'name' | 'role' | 'disabled'>> & { password?: string }

export type TokenScope = 'read' | 'write'

export interface ApiToken {
  id: string
  name: string
  prefix: string
  scopes: TokenScope[]
  created_at: string
  expires_at: string | null
  last_used_at: string | null
  revoked: boolean
}

/** The creation answer: the only time the token itself is shown. */
export interface CreatedApiToken extends ApiToken {
  token: string
}

export interface TokenInput {
  name: string
  scopes: TokenScope[]
  expires_at?: string | null
}

export interface AuditEntry {
  id: number
  at: string
  user_id: string | number | null
  action: string
  object_type: string | null
  object_id: string | null
  status: number | null
  method: string | null
  path: string | null
  remote_addr: string | null
  details: Record<string, unknown>
  [extra: string]: unknown
}

export interface AuditQuery {
  user?: string
  action?: string
  object?: string
  /** ISO 8601 */
  from?: string
  to?: string
  page?: number
  per_page?: number
}

/** What a share control changes: `PATCH` on the object with `{visibility}`. */
export type ShareableKind = 'file' | 'datasource' | 'conversation'
