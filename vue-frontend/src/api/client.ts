/**
 * The one HTTP client: every API module goes through `request()`, which turns a non-2xx
 * answer into an `ApiError` carrying the backend's `{error: {code, message, details}}`.
 */
import type { ApiErrorBody, HttpMethod } from '@/types'

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[]
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  method?: HttpMethod
  query?: Query
  /** Sent as JSON unless it is FormData, Blob or a string. */
  body?: unknown
  headers?: Record<string, string>
  signal?: AbortSignal
}

/** An answer that is not 2xx, or no answer at all (`status` 0, code `network_error`). */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: Record<string, unknown>
  /** From `Retry-After` (seconds or an HTTP date), when the server sent one. */
  readonly retryAfterMs: number | null

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    retryAfterMs: number | null = null,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
    this.retryAfterMs = retryAfterMs
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } }
  }
}

let apiBase = ''

/** Prefix for every path; empty means same origin (the API serves the UI). */
export function setApiBase(base: string): void {
  apiBase = base.replace(/\/+$/, '')
}

export function apiUrl(path: string, query?: Query): string {
  const qs = query ? toQueryString(query) : ''
  return `${apiBase}${path}${qs ? (path.includes('?') ? '&' : '?') + qs : ''}`
}

export function toQueryString(query: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) value.forEach((v) => params.append(key, String(v)))
    else params.append(key, String(value))
  }
  return params.toString()
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000)
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException ? err.name === 'AbortError' : (err as { name?: string })?.name === 'AbortError'
}

/** Build the ApiError of a non-2xx response, whatever its body looks like. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'))
  let body: unknown = null
  try {
    const text = await response.text()
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  const err = (body as Partial<ApiErrorBody> | null)?.error
  if (err && typeof err.code === 'string') {
    return new ApiError(response.status, err.code, err.message ?? response.statusText, err.details ?? {}, retryAfter)
  }
  const details = body === null ? {} : { body }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`, details, retryAfter)
}

/**
 * What a signed-in browser adds to requests (SPEC 11): `X-CSRF-Token` on unsafe methods
 * (the HttpOnly session cookie goes by itself), and one renewal when an answer says the
 * sign-in is gone or stale. Installed by the auth store; none in `local` mode.
 */
export interface AuthHooks {
  headers(method: HttpMethod): Record<string, string>
  /** The request failed with 401 (or 403 `csrf_failed`): renew once; true sends it again. */
  renew(err: ApiError): Promise<boolean>
}
let authHooks: AuthHooks | null = null

export function setAuthHooks(hooks: AuthHooks | null): void {
  authHooks = hooks
}

/** Whether a failure may be healed by renewing the sign-in (never for the sign-in calls themselves). */
export function needsRenewal(err: ApiError, path: string): boolean {
  if (path.startsWith('/api/auth/')) return false
  return err.status === 401 || (err.status === 403 && err.code === 'csrf_failed')
}

function encodeBody(body: unknown, headers: Record<string, string>): BodyInit | undefined {
  if (body === undefined) return undefined
  if (body instanceof FormData || body instanceof Blob || typeof body === 'string') return body
  headers['Content-Type'] = 'application/json'
  return JSON.stringify(body)
}

/** What every API module's call goes through; the app store installs its retrying one. */
export type Transport = <T>(path: string, options: RequestOptions) => Promise<T>
let transport: Transport | null = null

/** Route `request()` through `t` (retries, circuit breaker); null goes back to direct. */
export function setTransport(t: Transport | null): void {
  transport = t
}

/** Send one request through the installed transport (the app store's `apiRequest` once started). */
export function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return transport ? transport<T>(path, options) : requestDirect<T>(path, options)
}

/** One attempt, no transport: resolve with the parsed JSON (undefined for 204), reject with ApiError. */
export async function requestDirect<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  if (!text) return undefined as T
  const type = response.headers.get('Content-Type') ?? ''
  return (type.includes('json') || /^[[{]/.test(text.trim()) ? JSON.parse(text) : text) as T
}

/** Like `request` but hands back the raw Response (downloads, streams). */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  try {
    return await sendOnce(path, options)
  } catch (err) {
    if (!(err instanceof ApiError) || !authHooks || !needsRenewal(err, path)) throw err
    if (!(await authHooks.renew(err))) throw err
    return sendOnce(path, options)
  }
}

async function sendOnce(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json', ...authHooks?.headers(method), ...options.headers }
  const init: RequestInit = {
    method,
    headers,
    body: encodeBody(options.body, headers),
    signal: options.signal,
    credentials: 'same-origin',
  }
  let response: Response
  try {
    response = await fetch(apiUrl(path, options.query), init)
  } catch (err) {
    if (isAbortError(err)) throw err
    throw new ApiError(0, 'network_error', (err as Error)?.message || 'Network error')
  }
  if (!response.ok) throw await errorFromResponse(response)
  return response
}

export interface UploadProgress {
  loaded: number
  total: number
  percent: number
}

export interface UploadOptions {
  onProgress?: (progress: UploadProgress) => void
  signal?: AbortSignal
  query?: Query
}

/** Multipart upload with progress: fetch cannot report upload progress, XMLHttpRequest can. */
export async function upload<T>(path: string, form: FormData, options: UploadOptions = {}): Promise<T> {
  try {
    return await uploadOnce<T>(path, form, options)
  } catch (err) {
    if (!(err instanceof ApiError) || !authHooks || !needsRenewal(err, path)) throw err
    if (!(await authHooks.renew(err))) throw err
    return uploadOnce<T>(path, form, options)
  }
}

function uploadOnce<T>(path: string, form: FormData, options: UploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const abort = () => xhr.abort()
    if (options.signal?.aborted) {
      reject(new DOMException('Upload aborted', 'AbortError'))
      return
    }
    options.signal?.addEventListener('abort', abort, { once: true })
    const done = () => options.signal?.removeEventListener('abort', abort)
    xhr.open('POST', apiUrl(path, options.query))
    xhr.setRequestHeader('Accept', 'application/json')
    for (const [name, value] of Object.entries(authHooks?.headers('POST') ?? {})) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (!options.onProgress) return
      const total = event.lengthComputable ? event.total : 0
      options.onProgress({ loaded: event.loaded, total, percent: total ? Math.round((event.loaded / total) * 100) : 0 })
    }
    xhr.onload = () => {
      done()
      let body: unknown = null
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as T)
        return
      }
      const err = (body as Partial<ApiErrorBody> | null)?.error
      const retryAfter = parseRetryAfter(xhr.getResponseHeader('Retry-After'))
      reject(
        err && typeof err.code === 'string'
          ? new ApiError(xhr.status, err.code, err.message ?? '', err.details ?? {}, retryAfter)
          : new ApiError(xhr.status, `http_${xhr.status}`, xhr.statusText || `HTTP ${xhr.status}`, {}, retryAfter),
      )
    }
    xhr.onerror = () => {
      done()
      reject(new ApiError(0, 'network_error', 'Network error during upload'))
    }
    xhr.onabort = () => {
      done()
      reject(new DOMException('Upload aborted', 'AbortError'))
    }
    xhr.send(form)
  })
}
