/**
 * One page of a file's rows as the preview grid shows it: page and page size, a sort column
 * (either way) and a text filter, each change loading that page (a newer load cancels an
 * older one). Only the page shown is fetched.
 */
import { computed, ref, shallowRef, type ComputedRef, type Ref, type ShallowRef } from 'vue'
import { previewFile } from '@/api/files'
import { isAbortError } from '@/api/client'
import type { Preview } from '@/types'

export type SortOrder = 'ascending' | 'descending' | null

export interface UsePreviewPageReturn {
  data: ShallowRef<Preview | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  page: Ref<number>
  pageSize: Ref<number>
  sortColumn: Ref<string | null>
  sortOrder: Ref<SortOrder>
  filter: Ref<string>
  /** Rows the current filter keeps (all rows without one). */
  rowCount: ComputedRef<number>
  open: (fileId: string) => Promise<void>
  load: () => Promise<void>
  setPage: (page: number, size?: number) => Promise<void>
  setSort: (column: string | null, order: SortOrder) => Promise<void>
  setFilter: (text: string) => Promise<void>
  close: () => void
}

export function usePreviewPage(initialSize = 50): UsePreviewPageReturn {
  const data = shallowRef<Preview | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const page = ref(1)
  const pageSize = ref(initialSize)
  const sortColumn = ref<string | null>(null)
  const sortOrder = ref<SortOrder>(null)
  const filter = ref('')
  let fileId: string | null = null
  let controller: AbortController | null = null

  const rowCount = computed(() => data.value?.matching_rows ?? data.value?.total_rows ?? 0)

  async function load(): Promise<void> {
    if (!fileId) return
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    const sort = sortColumn.value && sortOrder.value ? `${sortOrder.value === 'descending' ? '-' : ''}${sortColumn.value}` : undefined
    try {
      data.value = await previewFile(fileId, (page.value - 1) * pageSize.value, pageSize.value, mine.signal, {
        sort,
        q: filter.value.trim() || undefined,
      })
    } catch (err) {
      if (isAbortError(err)) return
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      if (controller === mine) loading.value = false
    }
  }

  async function open(id: string): Promise<void> {
    fileId = id
    page.value = 1
    sortColumn.value = null
    sortOrder.value = null
    filter.value = ''
    data.value = null
    await load()
  }

  async function setPage(next: number, size = pageSize.value): Promise<void> {
    pageSize.value = size
    page.value = Math.max(1, next)
    await load()
  }

  async function setSort(column: string | null, order: SortOrder): Promise<void> {
    sortColumn.value = order ? column : null
    sortOrder.value = column ? order : null
    page.value = 1
    await load()
  }

  async function setFilter(text: string): Promise<void> {
    filter.value = text
    page.value = 1
    await load()
  }

  function close(): void {
    controller?.abort()
    fileId = null
    data.value = null
    loading.value = false
    error.value = null
  }

  return { data, loading, error, page, pageSize, sortColumn, sortOrder, filter, rowCount, open, load, setPage, setSort, setFilter, close }
}
