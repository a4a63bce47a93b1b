/** HTTP shapes of SPEC sections 2-4 and 8-10. Extra fields the server adds are allowed. */
import type { AuthMode, Visibility } from './auth'

/** One cell of a table; nested values arrive as JSON text or plain objects. */
export type Cell = string | number | boolean | null | Record<string, unknown> | unknown[]
/** Kept for readability in signatures; deliberately not recursive (keeps Vue's ref types shallow). */
export type Json = Cell

/** The one error body of every non-2xx answer (SPEC 2). */
export interface ApiErrorBody {
  error: {
    code: string
    message: string
    details?: Record<string, unknown>
  }
}

/** A paginated list (SPEC 2). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  per_page: number
}

export interface PageQuery {
  page?: number
  per_page?: number
}

// ---- files (SPEC 3) ----

export type FileStatus = 'processing' | 'ready' | 'failed'
export type FileType = 'csv' | 'tsv' | 'txt' | 'json' | 'jsonl' | 'ndjson' | 'xlsx' | 'parquet'

export interface ColumnProfile {
  name: string
  dtype: string
  nulls: number
  unique: number
  min?: number | string | null
  max?: number | string | null
  mean?: number | null
  samples?: Json[]
  [extra: string]: unknown
}

export interface FileInfo {
  id: string
  /** SPEC 11: the owner's user id (null: made in `local` mode) and who may read it. */
  owner_id?: string | null
  visibility?: Visibility
  name: string
  table_name: string
  size: number
  type: FileType | string
  checksum: string
  status: FileStatus
  rows: number | null
  columns: number | null
  created_at: string
  error?: string | null
  updated_at?: string | null
  schema?: { columns: ColumnProfile[]; warnings?: IngestWarning[]; options?: ReadOptions; [extra: string]: unknown } | ColumnProfile[] | null
}

/** How to read an upload again (POST /api/files/<id>/reread); left out = found by the reader. */
export interface ReadOptions {
  delimiter?: string
  decimal?: '.' | ','
  encoding?: 'utf-8' | 'latin-1'
  header?: boolean
  sheet?: string
}

/** What reading an upload chose on its own (`schema.warnings`); worded by the UI from `code`. */
export type IngestWarning =
  | { code: 'encoding_fallback'; encoding: string }
  | { code: 'all_text' }
  | { code: 'decimal_comma'; columns: string[] }
  | { code: 'ragged_rows'; rows: number; expected: number; examples: { line: number; fields: number }[]; scanned: number; whole_file: boolean }
  | { code: 'sheets_ignored'; read: string; ignored: string[] }
  | { code: 'delimiter_doubt'; delimiter: string; columns: number }
  | { code: string; [fact: string]: unknown }

export interface FileListQuery extends PageQuery {
  search?: string
  type?: string
  min_size?: number
  max_size?: number
  sort?: string
}

/** Tabular rows: `GET /api/files/<id>/preview`, data-source data and `POST /api/query`. */
export interface Preview {
  columns: string[]
  rows: Json[][]
  total_rows: number
  /** With a filter (`q`): how many rows match it. */
  matching_rows?: number
  /** SQL results: whether more rows exist than were returned. */
  truncated?: boolean
  [extra: string]: unknown
}

export interface PreviewOptions {
  /** A column to order by; `-name` orders descending. */
  sort?: string
  /** Only rows where some cell contains this text. */
  q?: string
}

export type BatchFileOperation = 'delete' | 'profile'

export interface FileBatchResult {
  id: string
  ok?: boolean
  status?: number | string
  error?: ApiErrorBody['error']
  [extra: string]: unknown
}

export interface FileBatchResponse {
  results: FileBatchResult[]
  [extra: string]: unknown
}

// ---- data sources (SPEC 4) ----

export type DataSourceType = 'file' | 'url' | 'sql'
export type DataSourceStatus = 'ready' | 'refreshing' | 'failed'

export interface FileSourceConfig {
  file_id: string
}
export interface UrlSourceConfig {
  url: string
  format: 'csv' | 'json'
  json_path?: string
  headers?: Record<string, string>
}
export interface SqlSourceConfig {
  url: string
  query: string
  /** copy (default): each refresh stores a version; live: queries run in the source database */
  mode?: 'copy' | 'live'
}
export type DataSourceConfig = FileSourceConfig | UrlSourceConfig | SqlSourceConfig

export interface DataSourceInput {
  name: string
  type: DataSourceType
  config: DataSourceConfig
  refresh_interval?: number | null
}

/** `POST /api/datasources/test`: a config tried without saving it. */
export interface DataSourceTestInput {
  type: DataSourceType
  config: DataSourceConfig
  /** When testing an edit: masked secrets sent back mean this source's stored ones. */
  datasource_id?: string
}

export interface DataSourceTestResult {
  ok: boolean
  rows?: number | null
  columns?: string[]
  sample?: Json[][]
  error?: { code: string; message: string } | null
  duration_ms: number
}

export interface DataSource {
  id: string
  owner_id?: string | null
  visibility?: Visibility
  name: string
  type: DataSourceType
  config: DataSourceConfig
  table_name?: string
  refresh_interval: number | null
  status: DataSourceStatus
  version: number
  last_refreshed: string | null
  error: string | null
  created_at?: string
  [extra: string]: unknown
}

export interface DatasetVersion {
  id: string
  datasource_id?: string
  version: number
  rows: number
  columns: number
  checksum?: string | null
  created_at: string
  schema?: unknown
  [extra: string]: unknown
}

export interface QueryRequest {
  sql: string
  limit?: number
}

/** `GET /api/query/tables`: a table SQL can use, with its columns (from the stored profile). */
export interface SqlTable {
  name: string
  kind: 'file' | 'datasource'
  id: string
  columns: { name: string; dtype: string }[]
}

// ---- health, config, batch (SPEC 8-10) ----

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy'

export interface HealthCheck {
  status: HealthStatus
  [extra: string]: unknown
}

export interface Health {
  status: HealthStatus
  checks: Record<string, HealthCheck>
}

/** `GET /api/config`: what the UI needs to know about the server. */
export interface FrontendConfig {
  api_url?: string
  ws_url: string
  max_upload_bytes: number
  allowed_extensions: string[]
  ws_max_message_bytes: number
  heartbeat_interval?: number
  metrics_interval?: number
  query_timeout_s?: number
  languages: string[]
  llm_enabled?: boolean
  /** SPEC 11: `users` asks for a sign-in; `local` is the one built-in admin. */
  auth_mode?: AuthMode
  redis_enabled?: boolean
  [extra: string]: unknown
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

export interface BatchRequestItem {
  id: string
  method: HttpMethod
  path: string
  body?: unknown
}

export interface BatchResponseItem<T = unknown> {
  id: string
  status: number
  headers: Record<string, string>
  /** JSON as JSON, text as a string; binary bodies (a PDF) as base64, see body_encoding. */
  body: T
  body_encoding?: 'base64'
}

export interface BatchResponse {
  responses: BatchResponseItem[]
}
