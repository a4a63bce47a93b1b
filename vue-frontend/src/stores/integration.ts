/**
 * The integration store starts the others in order (app: config and health; then the
 * realtime connection; then the event wiring), stops them in reverse, reports one
 * overall status and restarts the realtime and chat connections on demand.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import { useAppStore } from './app'
import { useChatStore } from './chat'
import { useDataStore } from './data'
import { useFileStore } from './file'
import { useRealtimeStore, type RealtimeOptions } from './realtime'
import { useAuthStore } from './auth'
import { wireRealtime } from './dispatcher'

export type Phase = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed'
export type OverallStatus = 'idle' | 'starting' | 'ready' | 'degraded' | 'offline' | 'error'

export interface StartOptions {
  realtime?: RealtimeOptions
  healthIntervalMs?: number
}

export const useIntegrationStore = defineStore('integration', () => {
  const phase = ref<Phase>('idle')
  const steps = ref<string[]>([])
  const error = ref<string | null>(null)
  let unwire: (() => void) | null = null
  let unwatchAuth: (() => void) | null = null

  const app = useAppStore()
  const realtime = useRealtimeStore()
  const chat = useChatStore()
  const file = useFileStore()
  const data = useDataStore()
  const auth = useAuthStore()

  const status = computed<OverallStatus>(() => {
    if (phase.value === 'idle' || phase.value === 'stopped') return 'idle'
    if (phase.value === 'starting' || phase.value === 'stopping') return 'starting'
    if (phase.value === 'failed') return 'error'
    if (!app.online || !app.reachable) return 'offline'
    if (app.healthStatus === 'unhealthy') return 'error'
    if (!realtime.connected || app.healthStatus === 'degraded' || Object.keys(app.circuits).length) return 'degraded'
    return 'ready'
  })

  function step(name: string) {
    steps.value.push(name)
  }

  async function start(options: StartOptions = {}) {
    if (phase.value === 'starting' || phase.value === 'running') return
    phase.value = 'starting'
    steps.value = []
    error.value = null
    try {
      await app.start({ healthIntervalMs: options.healthIntervalMs })
      step('app')
      unwire = wireRealtime({ realtime, file, data, chat, app })
      // the WebSocket refused the session (4401): find out whether the sign-in still holds
      unwatchAuth = realtime.on('unauthorized', () => void auth.renew())
      step('dispatcher')
      // the sources' states, for the nav and for telling a change from a retry
      void data.fetchSources()
      const url = options.realtime?.url ?? app.config?.ws_url
      if (url) {
        const hb = app.config?.heartbeat_interval
        realtime.connect({ heartbeatIntervalMs: hb ? hb * 1000 : undefined, ...options.realtime, url })
        step('realtime')
      } else {
        error.value = 'No WebSocket URL in the configuration: live updates are off'
      }
      phase.value = 'running'
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
      phase.value = 'failed'
    }
  }

  /** Reverse order: streams, socket, wiring, app. */
  function stop() {
    if (phase.value === 'idle' || phase.value === 'stopped') return
    phase.value = 'stopping'
    chat.stopAll()
    step('stop:chat')
    realtime.disconnect()
    step('stop:realtime')
    unwire?.()
    unwire = null
    unwatchAuth?.()
    unwatchAuth = null
    step('stop:dispatcher')
    app.stop()
    step('stop:app')
    phase.value = 'stopped'
  }

  function restartRealtime() {
    realtime.restart()
  }

  function restartChat() {
    chat.reconnectAll()
  }

  function restartConnections() {
    restartRealtime()
    restartChat()
  }

  return { phase, steps, error, status, start, stop, restartRealtime, restartChat, restartConnections }
})
