/**
 * The one place where realtime events reach the other stores, each through its public
 * action (`applyFileUpdate`, `applyDataUpdate`, `applyAgentUpdate`, `notify`).
 */
import type { useAppStore } from './app'
import type { useChatStore } from './chat'
import type { useDataStore } from './data'
import type { useFileStore } from './file'
import type { useRealtimeStore } from './realtime'

export interface DispatchTargets {
  realtime: ReturnType<typeof useRealtimeStore>
  file: ReturnType<typeof useFileStore>
  data: ReturnType<typeof useDataStore>
  chat: ReturnType<typeof useChatStore>
  app: ReturnType<typeof useAppStore>
}

/** Wire the realtime events; returns the function that unwires them all. */
export function wireRealtime({ realtime, file, data, chat, app }: DispatchTargets): () => void {
  const offs = [
    realtime.on('file_update', (d) => file.applyFileUpdate(d)),
    realtime.on('data_update', (d) => data.applyDataUpdate(d)),
    realtime.on('agent_update', (d) => chat.applyAgentUpdate(d)),
    realtime.on('notification', (d) => app.notify({ level: d.level, title: d.title, message: d.message })),
    // events may have been lost: reload what the lists show
    realtime.on('resync', () => {
      void file.fetchFiles({ prefetch: false })
      data.clearCache()
      void data.fetchSources()
    }),
  ]
  return () => offs.forEach((off) => off())
}
