/**
 * The file store: uploads with per-file progress and cancel, the filtered and paginated
 * list, previews (fetched when one is shown, never ahead by default), batch delete, and
 * live `file_update` events applied to the list.
 */
import { computed, reactive, ref } from 'vue'
import { defineStore } from 'pinia'
import * as filesApi from '@/api/files'
import { ApiError, isAbortError } from '@/api/client'
import type { FileBatchResult, FileInfo, FileListQuery, FileUpdateData, Preview } from '@/types'
import { useAuthStore } from './auth'

export type UploadStatus = 'queued' | 'uploading' | 'done' | 'error' | 'cancelled'

export interface UploadItem {
  id: string
  name: string
  size: number
  progress: number
  status: UploadStatus
  error: string | null
  result: FileInfo | null
}

export interface FileFilters {
  search: string
  type: string
  minSize: number | null
  maxSize: number | null
  sort: string
}

export const PREVIEW_ROWS = 20
const PREFETCH_CONCURRENCY = 2
const UPLOAD_CONCURRENCY = 3

/** Does a file belong in the list as filtered now? (for live `created` events) */
export function matchesFilters(file: FileInfo, f: FileFilters): boolean {
  if (f.search && !file.name.toLowerCase().includes(f.search.toLowerCase())) return false
  if (f.type && file.type !== f.type) return false
  if (f.minSize !== null && file.size < f.minSize) return false
  if (f.maxSize !== null && file.size > f.maxSize) return false
  return true
}

export const useFileStore = defineStore('file', () => {
  const items = ref<FileInfo[]>([])
  const total = ref(0)
  const page = ref(1)
  const perPage = ref(20)
  const filters = reactive<FileFilters>({ search: '', type: '', minSize: null, maxSize: null, sort: '-created_at' })
  const loading = ref(false)
  const error = ref<string | null>(null)
  const uploads = ref<UploadItem[]>([])
  const previews = ref<Record<string, Preview>>({})
  const previewErrors = ref<Record<string, string>>({})
  const previewLoading = ref<Record<string, boolean>>({})
  const selected = ref<string[]>([])
  const controllers = new Map<string, AbortController>()
  let listController: AbortController | null = null
  let uploadSeq = 0

  const pageCount = computed(() => Math.max(1, Math.ceil(total.value / perPage.value)))
  const activeUploads = computed(() => uploads.value.filter((u) => u.status === 'queued' || u.status === 'uploading'))

  function query(): FileListQuery {
    return {
      page: page.value,
      per_page: perPage.value,
      search: filters.search || undefined,
      type: filters.type || undefined,
      min_size: filters.minSize ?? undefined,
      max_size: filters.maxSize ?? undefined,
      sort: filters.sort || undefined,
    }
  }

  /**
   * Load the current page; a newer call cancels an older one still in flight. Previews are
   * fetched only when shown (`loadPreview`); `prefetch: true` fetches those in view ahead.
   */
  async function fetchFiles(options: { prefetch?: boolean } = {}) {
    listController?.abort()
    const controller = new AbortController()
    listController = controller
    loading.value = true
    error.value = null
    try {
      const result = await filesApi.listFiles(query(), controller.signal)
      items.value = result.items
      total.value = result.total
      selected.value = selected.value.filter((id) => result.items.some((f) => f.id === id))
      if (options.prefetch === true) void prefetchPreviews()
    } catch (err) {
      if (isAbortError(err)) return
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      if (listController === controller) {
        loading.value = false
        listController = null
      }
    }
  }

  /** Change filters (back to page 1) and reload. */
  function setFilters(next: Partial<FileFilters>) {
    Object.assign(filters, next)
    page.value = 1
    return fetchFiles()
  }

  function setPage(n: number, size = perPage.value) {
    perPage.value = size
    page.value = Math.max(1, n)
    return fetchFiles()
  }

  async function loadPreview(id: string, force = false): Promise<Preview | null> {
    if (!force && previews.value[id]) return previews.value[id]!
    if (previewLoading.value[id]) return null
    previewLoading.value[id] = true
    try {
      const preview = await filesApi.previewFile(id, 0, PREVIEW_ROWS)
      previews.value[id] = preview
      delete previewErrors.value[id]
      return preview
    } catch (err) {
      previewErrors.value[id] = err instanceof Error ? err.message : String(err)
      return null
    } finally {
      delete previewLoading.value[id]
    }
  }

  /** Fetch ahead the previews of the ready files in view, a couple at a time. */
  async function prefetchPreviews(ids: string[] = items.value.filter((f) => f.status === 'ready').map((f) => f.id)) {
    const queue = ids.filter((id) => !previews.value[id] && !previewLoading.value[id])
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await loadPreview(id)
    }
    await Promise.all(Array.from({ length: Math.min(PREFETCH_CONCURRENCY, queue.length) }, worker))
  }

  function upsert(file: FileInfo, atTop = true) {
    const i = items.value.findIndex((f) => f.id === file.id)
    if (i !== -1) {
      const old = items.value[i]!
      items.value[i] = file
      if (old.checksum !== file.checksum || old.status !== file.status || old.updated_at !== file.updated_at) delete previews.value[file.id]
      return false
    }
    if (atTop) items.value.unshift(file)
    else items.value.push(file)
    if (items.value.length > perPage.value) items.value.pop()
    return true
  }

  function remove(id: string) {
    const before = items.value.length
    items.value = items.value.filter((f) => f.id !== id)
    selected.value = selected.value.filter((s) => s !== id)
    delete previews.value[id]
    return items.value.length !== before
  }

  /** Live `file_update` from the WebSocket. */
  function applyFileUpdate(update: FileUpdateData) {
    const file = update?.file
    if (!file?.id) return
    // made private again: gone for whoever may no longer read it (the owner keeps it)
    if (update.action === 'hidden' && useAuthStore().keepsPrivate(file.owner_id)) return
    if (update.action === 'deleted' || update.action === 'hidden') {
      if (remove(file.id)) total.value = Math.max(0, total.value - 1)
      return
    }
    const known = items.value.some((f) => f.id === file.id)
    if (known) {
      // a changed file's stale preview is dropped; the view that shows it loads it again
      upsert(file)
      return
    }
    if (update.action === 'created' && matchesFilters(file, filters)) {
      total.value += 1
      if (page.value === 1) upsert(file)
      return
    }
    // shared with this user just now (SPEC 11: the event reaches only who may read it):
    // the list is loaded again, so that the file lands where its sort puts it
    if (update.action === 'updated' && file.visibility === 'shared' && matchesFilters(file, filters)) void fetchFiles()
  }

  async function uploadOne(item: UploadItem, file: File) {
    const controller = new AbortController()
    controllers.set(item.id, controller)
    item.status = 'uploading'
    try {
      const result = await filesApi.uploadFiles(file, {
        signal: controller.signal,
        onProgress: (p) => (item.progress = p.percent),
      })
      item.progress = 100
      item.status = 'done'
      item.result = result.files[0] ?? null
      for (const f of result.files) if (!items.value.some((x) => x.id === f.id)) (upsert(f), (total.value += 1))
    } catch (err) {
      if (isAbortError(err)) item.status = 'cancelled'
      else {
        item.status = 'error'
        item.error = err instanceof Error ? err.message : String(err)
      }
    } finally {
      controllers.delete(item.id)
    }
  }

  /** Upload each file on its own request, so each has its progress and can be cancelled. */
  async function upload(files: File[]): Promise<UploadItem[]> {
    const batch = files.map((f) =>
      reactive<UploadItem>({ id: `up-${++uploadSeq}`, name: f.name, size: f.size, progress: 0, status: 'queued', error: null, result: null }),
    )
    uploads.value.push(...batch)
    const pairs = batch.map((item, i) => [uploads.value.find((u) => u.id === item.id)!, files[i]!] as const)
    const worker = async () => {
      for (let next = pairs.shift(); next; next = pairs.shift()) {
        if (next[0].status === 'cancelled') continue
        await uploadOne(next[0], next[1])
      }
    }
    await Promise.all(Array.from({ length: Math.min(UPLOAD_CONCURRENCY, pairs.length) }, worker))
    return batch.map((b) => uploads.value.find((u) => u.id === b.id)!)
  }

  function cancelUpload(id: string) {
    const item = uploads.value.find((u) => u.id === id)
    if (!item) return
    if (item.status === 'queued') item.status = 'cancelled'
    controllers.get(id)?.abort()
  }

  function clearFinishedUploads() {
    uploads.value = uploads.value.filter((u) => u.status === 'queued' || u.status === 'uploading')
  }

  /** Delete many files; the ones that fail stay listed and are returned. */
  async function batchDelete(ids: string[] = selected.value): Promise<FileBatchResult[]> {
    if (!ids.length) return []
    const answer = await filesApi.batchFiles('delete', ids)
    const results = answer.results ?? []
    for (const r of results) {
      const ok = r.ok ?? (typeof r.status === 'number' ? r.status < 300 : r.status === 'deleted' || r.status === 'ok')
      if (ok && remove(r.id)) total.value = Math.max(0, total.value - 1)
    }
    return results.filter((r) => !(r.ok ?? (typeof r.status === 'number' ? r.status < 300 : r.status === 'deleted' || r.status === 'ok')))
  }

  async function deleteOne(id: string) {
    try {
      await filesApi.deleteFile(id)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err
    }
    if (remove(id)) total.value = Math.max(0, total.value - 1)
  }

  return {
    items,
    total,
    page,
    perPage,
    pageCount,
    filters,
    loading,
    error,
    uploads,
    activeUploads,
    previews,
    previewErrors,
    previewLoading,
    selected,
    fetchFiles,
    setFilters,
    setPage,
    loadPreview,
    prefetchPreviews,
    applyFileUpdate,
    upload,
    cancelUpload,
    clearFinishedUploads,
    batchDelete,
    deleteOne,
    downloadUrl: filesApi.downloadUrl,
  }
})
