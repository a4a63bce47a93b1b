/**
 * The data store: data sources and their versions, create/refresh/delete, data previews
 * and SQL queries. Previews and versions sit in a small cache that a `data_update` for
 * the source drops, so what is shown is never older than the last refresh.
 */
import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { useLocalStorage } from '@vueuse/core'
import * as dsApi from '@/api/datasources'
import { listTables, runQuery } from '@/api/query'
import { ApiError, isAbortError } from '@/api/client'
import { TtlCache } from '@/utils/cache'
import type { DataSource, DataSourceInput, DataUpdateData, DatasetVersion, Preview, SqlTable } from '@/types'
import { useAuthStore } from './auth'

export interface QueryHistoryEntry {
  sql: string
  at: number
  rows: number | null
  error: string | null
}

export const HISTORY_SIZE = 50
/** Where this browser keeps its SQL history (local only: it never reaches the server). */
export const HISTORY_KEY = 'datapulse.sql.history'

/** The history with `entry` first: a statement run again moves up instead of repeating. */
export function addToHistory(history: QueryHistoryEntry[], entry: QueryHistoryEntry, size = HISTORY_SIZE): QueryHistoryEntry[] {
  const key = entry.sql.trim()
  return [entry, ...history.filter((h) => h.sql.trim() !== key)].slice(0, size)
}

export const useDataStore = defineStore('data', () => {
  const sources = ref<DataSource[]>([])
  const total = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const versions = ref<Record<string, DatasetVersion[]>>({})
  const previews = shallowRef<Record<string, Preview>>({})
  const previewLoading = ref<Record<string, boolean>>({})
  const queryResult = shallowRef<Preview | null>(null)
  const queryError = shallowRef<ApiError | null>(null)
  const queryRunning = ref(false)
  const queryHistory = useLocalStorage<QueryHistoryEntry[]>(HISTORY_KEY, [])
  const tables = ref<SqlTable[]>([])
  /** Bumped by each data_update: views watch it to reload what they show. */
  const revision = ref<Record<string, number>>({})
  const cache = new TtlCache<Preview | DatasetVersion[]>(50, 60_000)
  let queryController: AbortController | null = null

  const byId = computed(() => Object.fromEntries(sources.value.map((s) => [s.id, s])))

  async function fetchSources(page = 1, perPage = 100) {
    loading.value = true
    error.value = null
    try {
      const result = await dsApi.listDataSources({ page, per_page: perPage })
      sources.value = result.items
      total.value = result.total
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      loading.value = false
    }
  }

  function upsert(source: DataSource) {
    const i = sources.value.findIndex((s) => s.id === source.id)
    if (i === -1) {
      sources.value.unshift(source)
      total.value += 1
    } else sources.value[i] = { ...sources.value[i], ...source }
  }

  function forget(id: string) {
    const before = sources.value.length
    sources.value = sources.value.filter((s) => s.id !== id)
    if (sources.value.length !== before) total.value = Math.max(0, total.value - 1)
    invalidate(id)
    delete versions.value[id]
  }

  function invalidate(id: string) {
    cache.invalidate(`${id}:`)
    const next = { ...previews.value }
    delete next[id]
    previews.value = next
    revision.value[id] = (revision.value[id] ?? 0) + 1
  }

  async function createSource(input: DataSourceInput) {
    const source = await dsApi.createDataSource(input)
    upsert(source)
    return source
  }

  async function updateSource(id: string, input: Partial<DataSourceInput>) {
    const source = await dsApi.updateDataSource(id, input)
    upsert(source)
    invalidate(id)
    return source
  }

  /** Refresh now; `signal` stops waiting (the server finishes the fetch it started). */
  async function refreshSource(id: string, signal?: AbortSignal) {
    const source = await dsApi.refreshDataSource(id, signal)
    upsert(source)
    return source
  }

  async function deleteSource(id: string) {
    try {
      await dsApi.deleteDataSource(id)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err
    }
    forget(id)
  }

  async function loadVersions(id: string, force = false): Promise<DatasetVersion[]> {
    const key = `${id}:versions`
    const hit = force ? undefined : (cache.get(key) as DatasetVersion[] | undefined)
    if (hit) return (versions.value[id] = hit)
    const list = await dsApi.dataSourceVersions(id)
    cache.set(key, list)
    versions.value[id] = list
    return list
  }

  /** Rows of a source, from the cache while no data_update said they changed. */
  async function loadData(id: string, offset = 0, limit = 50, force = false): Promise<Preview> {
    const key = `${id}:data:${offset}:${limit}`
    const hit = force ? undefined : (cache.get(key) as Preview | undefined)
    if (hit) {
      previews.value = { ...previews.value, [id]: hit }
      return hit
    }
    previewLoading.value[id] = true
    try {
      const preview = await dsApi.dataSourceData(id, offset, limit)
      cache.set(key, preview)
      previews.value = { ...previews.value, [id]: preview }
      return preview
    } finally {
      delete previewLoading.value[id]
    }
  }

  /** Run read-only SQL; a newer query cancels the one still running. */
  async function query(sql: string, limit = 1000): Promise<Preview | null> {
    queryController?.abort()
    const controller = new AbortController()
    queryController = controller
    queryRunning.value = true
    queryError.value = null
    const entry: QueryHistoryEntry = { sql, at: Date.now(), rows: null, error: null }
    try {
      const result = await runQuery({ sql, limit }, controller.signal)
      queryResult.value = result
      entry.rows = result.rows.length
      return result
    } catch (err) {
      if (isAbortError(err)) return null
      queryError.value = err instanceof ApiError ? err : new ApiError(0, 'query_failed', String(err))
      queryResult.value = null
      entry.error = queryError.value.message
      return null
    } finally {
      if (queryController === controller) {
        queryRunning.value = false
        queryController = null
      }
      if (!controller.signal.aborted) queryHistory.value = addToHistory(queryHistory.value, entry)
    }
  }

  function clearHistory() {
    queryHistory.value = []
  }

  /** The tables SQL can use, with their columns; a failure keeps the last list. */
  async function fetchTables(): Promise<SqlTable[]> {
    try {
      tables.value = await listTables()
    } catch {
      // the editor still works without completion; the list stays as it was
    }
    return tables.value
  }

  function cancelQuery() {
    queryController?.abort()
  }

  /** Live `data_update` from the WebSocket: new state, and the cached rows dropped. */
  function applyDataUpdate(update: DataUpdateData) {
    const source = update?.datasource
    if (!source?.id) return
    // made private again: gone for whoever may no longer read it (the owner keeps it)
    if (update.action === 'hidden' && useAuthStore().keepsPrivate(source.owner_id)) return
    if (update.action === 'deleted' || update.action === 'hidden') {
      forget(source.id)
      return
    }
    upsert(source)
    invalidate(source.id)
  }

  function clearCache() {
    cache.clear()
    previews.value = {}
  }

  return {
    sources,
    total,
    byId,
    loading,
    error,
    versions,
    previews,
    previewLoading,
    queryResult,
    queryError,
    queryRunning,
    queryHistory,
    tables,
    revision,
    fetchSources,
    createSource,
    updateSource,
    refreshSource,
    deleteSource,
    loadVersions,
    loadData,
    query,
    cancelQuery,
    clearHistory,
    fetchTables,
    applyDataUpdate,
    invalidate,
    clearCache,
    /** For tests and the status view: how many entries the cache holds. */
    cacheSize: () => cache.size,
  }
})
