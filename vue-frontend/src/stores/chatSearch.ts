/**
 * Searching the chat's messages (`GET /api/chat/search`): the query and its filters, the
 * current page of hits; a newer search cancels the one still running.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as chatApi from '@/api/chat'
import { isAbortError } from '@/api/client'
import type { ChatSearchHit, ChatSearchQuery, Role } from '@/types'

export const SEARCH_PAGE = 20
export const MAX_QUERY = 200

export const useChatSearchStore = defineStore('chatSearch', () => {
  const query = ref('')
  const role = ref<Role | ''>('')
  /** [from, to] as `YYYY-MM-DD` ('' leaves that side open); the server includes the whole `to` day. */
  const range = ref<[string, string] | null>(null)
  const hits = ref<ChatSearchHit[]>([])
  const total = ref(0)
  const page = ref(1)
  const loading = ref(false)
  const error = ref<string | null>(null)
  let controller: AbortController | null = null
  let timer: ReturnType<typeof setTimeout> | null = null

  const active = computed(() => query.value.trim().length > 0)

  function request(toPage: number): ChatSearchQuery {
    const out: ChatSearchQuery = { q: query.value.trim().slice(0, MAX_QUERY), page: toPage, per_page: SEARCH_PAGE }
    if (role.value) out.role = role.value
    const [from, to] = range.value ?? ['', '']
    if (from) out.from = from
    if (to) out.to = to
    return out
  }

  /** Run the search for `toPage`; an empty query clears the hits instead. */
  async function search(toPage = 1): Promise<void> {
    controller?.abort()
    if (!active.value) {
      clear()
      return
    }
    const mine = new AbortController()
    controller = mine
    loading.value = true
    error.value = null
    try {
      const answer = await chatApi.searchMessages(request(toPage), mine.signal)
      if (controller !== mine) return // a newer search (or a clear) took over
      hits.value = answer.items
      total.value = answer.total
      page.value = answer.page
    } catch (err) {
      if (isAbortError(err) || controller !== mine) return
      error.value = err instanceof Error ? err.message : String(err)
      hits.value = []
      total.value = 0
    } finally {
      if (controller === mine) {
        loading.value = false
        controller = null
      }
    }
  }

  /** Search page 1 after `delay` ms (typing waits for a pause; a filter searches at once). */
  function schedule(delay = 300): void {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      void search(1)
    }, delay)
  }

  function clear(): void {
    if (timer) clearTimeout(timer)
    timer = null
    controller?.abort()
    controller = null
    hits.value = []
    total.value = 0
    page.value = 1
    loading.value = false
    error.value = null
  }

  return { query, role, range, hits, total, page, loading, error, active, search, schedule, clear }
})
