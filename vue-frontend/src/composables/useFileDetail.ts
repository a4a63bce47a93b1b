/**
 * One file with its column profile (`GET /api/files/<id>`): the list leaves the schema
 * out, the preview drawer shows it. Kept out of the file store, which lists and uploads.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { getFile } from '@/api/files'
import { isAbortError } from '@/api/client'
import type { FileInfo } from '@/types'

export interface UseFileDetailReturn {
  detail: ShallowRef<FileInfo | null>
  loading: Ref<boolean>
  error: Ref<string | null>
  load: (id: string) => Promise<void>
  clear: () => void
}

export function useFileDetail(): UseFileDetailReturn {
  const detail = shallowRef<FileInfo | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let controller: AbortController | null = null

  async function load(id: string): Promise<void> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      detail.value = await getFile(id, mine.signal)
    } catch (err) {
      if (isAbortError(err)) return
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      if (controller === mine) loading.value = false
    }
  }

  function clear(): void {
    controller?.abort()
    detail.value = null
    error.value = null
    loading.value = false
  }

  return { detail, loading, error, load, clear }
}
