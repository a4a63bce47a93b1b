/**
 * Keeps the plugin executions of the chat's answers live (SPEC 12): `plugin_execution`
 * events of the WebSocket update them as they happen; an execution a plan names but the
 * page never saw (a conversation opened later) is fetched once; while the socket is not
 * open, the unfinished ones are polled (GET /api/plugin-executions/<id>) every `pollMs`.
 */
import { computed, onBeforeUnmount, onMounted, watch, type Ref } from 'vue'
import { isFinished, usePluginsStore } from '@/stores/plugins'
import { useRealtimeStore } from '@/stores/realtime'
import { planExecutionIds, pluginCalls, type PluginCallView } from '@/components/chat/pluginCalls'
import type { ChatTurn } from '@/components/chat/ChatMessage.vue'

export function useChatExecutions(turns: Ref<ChatTurn[]>, options: { pollMs?: number } = {}) {
  const store = usePluginsStore()
  const realtime = useRealtimeStore()
  const pollMs = options.pollMs ?? 2000
  const asked = new Set<string>()
  const names = computed(() => Object.fromEntries(store.plugins.map((p) => [p.id, p.name])))

  function callsOf(turn: ChatTurn): PluginCallView[] {
    return pluginCalls(turn.plan, turn.runId, store.tracked, names.value)
  }

  function fetchOnce(id: string) {
    if (asked.has(id)) return
    asked.add(id)
    store.fetchExecution(id).catch(() => asked.delete(id))
  }

  watch(
    () => turns.value.flatMap((turn) => planExecutionIds(turn.plan)),
    (ids) => ids.filter((id) => !store.tracked[id]).forEach(fetchOnce),
    { immediate: true },
  )

  /** The unfinished executions the answers show, fetched again (only with the socket down). */
  async function poll() {
    if (realtime.connected) return
    const shown = turns.value.flatMap((turn) => callsOf(turn).flatMap((c) => (c.execution && !isFinished(c.execution) ? [c.execution.id] : [])))
    await Promise.allSettled([...new Set(shown)].map((id) => store.fetchExecution(id)))
  }

  let off: (() => void) | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  onMounted(() => {
    off = realtime.on('plugin_execution', (execution) => {
      if (execution?.id) store.track(execution)
    })
    timer = setInterval(() => void poll(), pollMs)
  })
  onBeforeUnmount(() => {
    off?.()
    if (timer) clearInterval(timer)
  })

  return { callsOf, poll }
}
