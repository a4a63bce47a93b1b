/**
 * The one place where realtime events reach the other stores, each through its public
 * action (`applyFileUpdate`, `applyDataUpdate`, `applyAgentUpdate`, `notify`). Data
 * sources' notices are worded here, once per change of state (see sourceNotices.ts).
 */
import { watch } from 'vue'
import { i18n } from '@/i18n'
import type { useAppStore } from './app'
import type { useChatStore } from './chat'
import type { useDataStore } from './data'
import type { useFileStore } from './file'
import type { useRealtimeStore } from './realtime'
import { NOTICE_TIMEOUT_MS, createSourceNotices, type SourceNotice, type SourceNotices } from './sourceNotices'

export interface DispatchTargets {
  realtime: ReturnType<typeof useRealtimeStore>
  file: ReturnType<typeof useFileStore>
  data: ReturnType<typeof useDataStore>
  chat: ReturnType<typeof useChatStore>
  app: ReturnType<typeof useAppStore>
}

export type Translate = (key: string, params: Record<string, unknown>) => string

const translate: Translate = (key, params) => i18n.global.t(key, params)

/** A source notice as the app store shows it, in the UI language of the moment. */
export function noticeMessage(notice: SourceNotice, t: Translate = translate) {
  return {
    level: notice.level,
    title: t(`notices.${notice.kind}`, { name: notice.name }),
    message: t(notice.kind === 'sourceFailed' ? 'notices.retrying' : 'notices.recovered', { name: notice.name }),
    timeoutMs: NOTICE_TIMEOUT_MS,
  }
}

/** Wire the realtime events; returns the function that unwires them all. */
export function wireRealtime(
  { realtime, file, data, chat, app }: DispatchTargets,
  notices: SourceNotices = createSourceNotices(),
  t: Translate = translate,
): () => void {
  const say = (notice: SourceNotice | null) => {
    if (notice) app.notify(noticeMessage(notice, t))
  }
  // what the list shows is known without a notice: only a change seen live is news
  const stopSeeding = watch(
    () => (data.sources ?? []).map((s) => `${s.id}:${s.status}`).join('|'),
    () => notices.seed(data.sources ?? []),
    { immediate: true },
  )
  const offs = [
    realtime.on('file_update', (d) => file.applyFileUpdate(d)),
    realtime.on('data_update', (d) => {
      data.applyDataUpdate(d)
      const source = d?.datasource
      if (!source?.id) return
      if (d.action === 'deleted') notices.forget(source.id)
      else say(notices.observe(source))
    }),
    realtime.on('agent_update', (d) => chat.applyAgentUpdate(d)),
    // conversations created, renamed or deleted (in this tab or another), or titled by
    // their first question: the list is loaded again
    realtime.on('activity', (d) => {
      const action = String(d?.action ?? '')
      if (action === 'conversation_deleted' && typeof d.conversation_id === 'string') chat.forget(d.conversation_id)
      if (action.startsWith('conversation_') || action === 'run_started') chat.scheduleReload()
    }),
    realtime.on('notification', (d) => {
      // a source's notification is one more report of its state: worded here, once
      if (typeof d.datasource_id === 'string') {
        const state = typeof d.state === 'string' ? d.state : d.level === 'error' ? 'failed' : null
        say(notices.observe({ id: d.datasource_id, name: typeof d.name === 'string' ? d.name : null, status: state }))
        return
      }
      app.notify({ level: d.level, title: d.title, message: d.message })
    }),
    // events may have been lost: reload what the lists show
    realtime.on('resync', () => {
      void file.fetchFiles({ prefetch: false })
      data.clearCache()
      void data.fetchSources()
      chat.scheduleReload(0)
    }),
  ]
  return () => {
    stopSeeding()
    offs.forEach((off) => off())
  }
}
