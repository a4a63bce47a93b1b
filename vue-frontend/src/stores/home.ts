/**
 * The home store: what the start page shows, the recent files and conversations, the file
 * the suggested questions are about (with its column profile), and starting a conversation
 * with that file and one question.
 */
import { computed, ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import * as filesApi from '@/api/files'
import * as chatApi from '@/api/chat'
import { isAbortError } from '@/api/client'
import { useAuthStore } from './auth'
import { useChatStore } from './chat'
import type { Conversation, FileInfo, FileUpdateData } from '@/types'

export const RECENT = 5

export const useHomeStore = defineStore('home', () => {
  const recentFiles = ref<FileInfo[]>([])
  const recentConversations = ref<Conversation[]>([])
  const filesTotal = ref(0)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const selectedId = ref<string | null>(null)
  /** The selected file as `GET /api/files/<id>` answered, with its schema. */
  const detail = shallowRef<FileInfo | null>(null)
  const detailLoading = ref(false)
  const starting = ref(false)
  let detailController: AbortController | null = null

  const selected = computed(() => recentFiles.value.find((f) => f.id === selectedId.value) ?? null)
  const readyFiles = computed(() => recentFiles.value.filter((f) => f.status === 'ready'))

  async function load(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const [files, conversations] = await Promise.all([
        filesApi.listFiles({ page: 1, per_page: RECENT, sort: '-created_at' }),
        chatApi.listConversations({ page: 1, per_page: RECENT }),
      ])
      recentFiles.value = files.items
      filesTotal.value = files.total
      recentConversations.value = conversations.items
      const keep = selectedId.value && files.items.some((f) => f.id === selectedId.value && f.status === 'ready')
      if (!keep) await select(readyFiles.value[0]?.id ?? null)
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    } finally {
      loading.value = false
    }
  }

  /**
   * Choose the file the suggestions are about; its profile is loaded (a newer choice wins).
   * `reload` fetches it again; the questions shown stay until the new profile is there.
   */
  async function select(id: string | null, reload = false): Promise<void> {
    selectedId.value = id
    detailController?.abort()
    if (!id) {
      detail.value = null
      return
    }
    if (!reload && detail.value?.id === id) return
    const mine = new AbortController()
    detailController = mine
    detailLoading.value = true
    try {
      detail.value = await filesApi.getFile(id, mine.signal)
    } catch (err) {
      if (!isAbortError(err)) detail.value = null
    } finally {
      if (detailController === mine) detailLoading.value = false
    }
  }

  /** A live `file_update`: the list follows, and a file that just became ready is offered. */
  function applyFileUpdate(update: FileUpdateData): void {
    const file = update?.file
    if (!file?.id) return
    const i = recentFiles.value.findIndex((f) => f.id === file.id)
    if (update.action === 'hidden' && useAuthStore().keepsPrivate(file.owner_id)) return
    if (update.action === 'deleted' || update.action === 'hidden') {
      if (i !== -1) recentFiles.value.splice(i, 1)
      filesTotal.value = Math.max(0, filesTotal.value - (i !== -1 ? 1 : 0))
      if (selectedId.value === file.id) void select(readyFiles.value[0]?.id ?? null)
      return
    }
    const before = i !== -1 ? recentFiles.value[i] : undefined
    if (i !== -1) recentFiles.value[i] = file
    else if (update.action === 'created') {
      recentFiles.value.unshift(file)
      recentFiles.value.splice(RECENT)
      filesTotal.value += 1
    }
    if (file.status !== 'ready') return
    const justReady = before === undefined ? update.action === 'created' : before.status !== 'ready'
    const changed = before !== undefined && (before.checksum !== file.checksum || before.rows !== file.rows || before.columns !== file.columns)
    if (justReady && selectedId.value !== file.id) void select(file.id)
    else if (selectedId.value === file.id && (changed || justReady)) void select(file.id, true) // its profile changed
    else if (!selectedId.value) void select(file.id)
  }

  /** An uploaded file (from the upload's own answer): listed and, once ready, suggested. */
  function addUploaded(file: FileInfo): void {
    applyFileUpdate({ action: recentFiles.value.some((f) => f.id === file.id) ? 'updated' : 'created', file })
  }

  /**
   * A new conversation about `fileId` that asks `question`; `open` (the caller's navigation
   * to it) runs between creating it and sending the question. Its id.
   */
  async function ask(fileId: string, question: string, open: (id: string) => Promise<unknown> = async () => undefined): Promise<string> {
    const chat = useChatStore()
    starting.value = true
    try {
      const conv = (await chat.createConversation({ title: question.slice(0, 60), file_ids: [fileId] }))!
      await open(conv.id)
      await chat.sendMessage(question, conv.id)
      return conv.id
    } finally {
      starting.value = false
    }
  }

  return {
    recentFiles,
    recentConversations,
    filesTotal,
    loading,
    error,
    selectedId,
    selected,
    readyFiles,
    detail,
    detailLoading,
    starting,
    load,
    select,
    applyFileUpdate,
    addUploaded,
    ask,
  }
})
