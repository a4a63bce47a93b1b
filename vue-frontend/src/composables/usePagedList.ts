/** One page of a list the API pages (SPEC 2): items, total, loading, the error, reload. */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { Page } from '@/types'

export interface PagedList<T> {
  items: ShallowRef<T[]>
  total: Ref<number>
  page: Ref<number>
  perPage: Ref<number>
  loading: Ref<boolean>
  error: Ref<string | null>
  load: () => Promise<void>
}

export function usePagedList<T>(fetchPage: (page: number, perPage: number) => Promise<Page<T>>, perPage = 50): PagedList<T> {
  const items = shallowRef<T[]>([])
  const total = ref(0)
  const page = ref(1)
  const size = ref(perPage)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    try {
      const answer = await fetchPage(page.value, size.value)
      if (mine !== generation) return // a newer load answers instead
      items.value = answer.items
      total.value = answer.total
    } catch (err) {
      if (mine === generation) error.value = err instanceof Error ? err.message : String(err)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  return { items, total, page, perPage: size, loading, error, load }
}
