/**
 * The data-source form's model: what the form holds (a flat draft), how a source becomes a
 * draft for Edit, and how a draft becomes what the API takes (SPEC 4) — every field the
 * API accepts for a type is one the form offers.
 */
import type { DataSource, DataSourceInput, DataSourceType, SqlSourceConfig, UrlSourceConfig } from '@/types'

export interface HeaderRow {
  name: string
  value: string
}

export interface SourceDraft {
  name: string
  type: DataSourceType
  fileId: string
  url: string
  format: 'csv' | 'json'
  jsonPath: string
  headers: HeaderRow[]
  sqlUrl: string
  query: string
  /** copy (the server's default: snapshot versions) or live (queries run in the database) */
  sqlMode: 'copy' | 'live'
  refreshMinutes: number
}

export function emptyDraft(): SourceDraft {
  return { name: '', type: 'file', fileId: '', url: '', format: 'csv', jsonPath: '', headers: [], sqlUrl: '', query: '', sqlMode: 'copy', refreshMinutes: 0 }
}

/** An existing source as a draft (its masked secrets stay masked: the API keeps the stored ones). */
export function draftOf(source: DataSource): SourceDraft {
  const draft = { ...emptyDraft(), name: source.name, type: source.type }
  draft.refreshMinutes = source.refresh_interval ? Math.max(1, Math.round(source.refresh_interval / 60)) : 0
  const config = source.config as Partial<UrlSourceConfig & SqlSourceConfig & { file_id: string }>
  if (source.type === 'file') draft.fileId = config.file_id ?? ''
  else if (source.type === 'url') {
    draft.url = config.url ?? ''
    draft.format = config.format === 'json' ? 'json' : 'csv'
    draft.jsonPath = config.json_path ?? ''
    draft.headers = Object.entries(config.headers ?? {}).map(([name, value]) => ({ name, value }))
  } else {
    draft.sqlUrl = config.url ?? ''
    draft.query = config.query ?? ''
    draft.sqlMode = config.mode === 'live' ? 'live' : 'copy'
  }
  return draft
}

/** The request body for a draft; blank optional fields are left out, blank header rows dropped. */
export function inputOf(draft: SourceDraft): DataSourceInput {
  const refresh_interval = draft.refreshMinutes > 0 ? Math.round(draft.refreshMinutes * 60) : null
  const name = draft.name.trim()
  if (draft.type === 'file') return { name, type: 'file', config: { file_id: draft.fileId }, refresh_interval }
  if (draft.type === 'url') {
    const headers = Object.fromEntries(draft.headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value]))
    const config: UrlSourceConfig = { url: draft.url.trim(), format: draft.format }
    if (draft.format === 'json' && draft.jsonPath.trim()) config.json_path = draft.jsonPath.trim()
    if (Object.keys(headers).length) config.headers = headers
    return { name, type: 'url', config, refresh_interval }
  }
  const live = draft.sqlMode === 'live' ? { mode: 'live' as const } : {} // copy is the server's default
  return { name, type: 'sql', config: { url: draft.sqlUrl.trim(), query: draft.query, ...live }, refresh_interval }
}

/**
 * Whether the server's URL check would take this address: http or https, a host, no
 * spaces. Any host: `http://127.0.0.1:1/x.csv` and `http://my-nas/data.csv` pass here (the
 * server decides what it may reach, with a message that says why).
 */
export function isSourceUrl(value: string): boolean {
  const text = value.trim()
  if (!text || /\s/.test(text)) return false
  try {
    const url = new URL(text)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== ''
  } catch {
    return false
  }
}

/** A header name as HTTP allows it (the server's rule). */
export function isHeaderName(name: string): boolean {
  return /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}$/.test(name)
}
