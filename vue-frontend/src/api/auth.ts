/** SPEC 11 in the API: sign-in, users (admins), personal API tokens, the audit log, sharing. */
import { apiUrl, request, requestDirect, toQueryString } from './client'
import type {
  ApiToken,
  AuditEntry,
  AuditQuery,
  AuthUser,
  CreatedApiToken,
  Me,
  Page,
  ShareableKind,
  SignIn,
  TokenInput,
  UserInput,
  UserPatch,
  Visibility,
} from '@/types'

// The sign-in calls go out once, without the retrying transport: a wrong password is
// not retried, and a 401 here never triggers a renewal (client.needsRenewal).
export const login = (email: string, password: string) =>
  requestDirect<SignIn>('/api/auth/login', { method: 'POST', body: { email, password } })
export const refreshSignIn = (refreshToken: string) =>
  requestDirect<SignIn>('/api/auth/refresh', { method: 'POST', body: { refresh_token: refreshToken } })
export const logout = (headers: Record<string, string> = {}) =>
  requestDirect<void>('/api/auth/logout', { method: 'POST', headers })
export const getMe = () => requestDirect<Me>('/api/auth/me')

export const listUsers = (query: { page?: number; per_page?: number; search?: string } = {}) =>
  request<Page<AuthUser>>('/api/users', { query })
export const createUser = (body: UserInput) => request<AuthUser>('/api/users', { method: 'POST', body })
export const updateUser = (id: string, body: UserPatch) =>
  request<AuthUser>(`/api/users/${encodeURIComponent(id)}`, { method: 'PATCH', body })
/** `transferTo`: the admin who gets the user's data; null deletes it. */
export const deleteUser = (id: string, transferTo: string | null) =>
  request<void>(`/api/users/${encodeURIComponent(id)}`, {
    method: 'DELETE',
    query: transferTo ? { data: 'transfer', transfer_to: transferTo } : { data: 'delete' },
  })

export const listTokens = (query: { page?: number; per_page?: number } = {}) =>
  request<Page<ApiToken>>('/api/tokens', { query })
export const createToken = (body: TokenInput) => request<CreatedApiToken>('/api/tokens', { method: 'POST', body })
export const revokeToken = (id: string) =>
  request<void>(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' })

export const listAudit = (query: AuditQuery = {}) => request<Page<AuditEntry>>('/api/audit', { query: { ...query } })
/** The same filters as CSV (the browser downloads it with the session cookie). */
export const auditCsvUrl = (query: AuditQuery = {}) => apiUrl(`/api/audit?${toQueryString({ ...query, format: 'csv', page: undefined, per_page: undefined })}`)

const SHARE_PATHS: Record<ShareableKind, string> = {
  file: '/api/files/',
  datasource: '/api/datasources/',
  conversation: '/api/chat/conversations/',
}

export const setVisibility = <T = unknown>(kind: ShareableKind, id: string, visibility: Visibility) =>
  request<T>(`${SHARE_PATHS[kind]}${encodeURIComponent(id)}`, { method: 'PATCH', body: { visibility } })
