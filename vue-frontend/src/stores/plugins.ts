/**
 * The plugins store: the registry (built-in tools, HTTP plugins, MCP servers), each
 * plugin's statistics, and the execution log with its filters, kept current by the
 * `plugin_execution` events of the WebSocket.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as api from '@/api/plugins'
import { ApiError } from '@/api/client'
import type { Execution, ExecutionFilters, Plugin, PluginManifest, PluginStats } from '@/types'

/** Whether an execution belongs in a log shown with these filters. */
export function matches(execution: Execution, filters: ExecutionFilters): boolean {
  return (
    (!filters.plugin_id || execution.plugin_id === filters.plugin_id) &&
    (!filters.status || execution.status === filters.status) &&
    (!filters.assistant_id || execution.assistant_id === filters.assistant_id)
  )
}

/** A built-in plugin that is an analysis tool (an assistant lists those as `tools`). */
export const isAnalysisTool = (plugin: Plugin) => plugin.kind === 'builtin' && plugin.manifest.analysis_tool === true

const LOG_SIZE = 200

/** An execution that will not change any more. */
export const isFinished = (execution: Pick<Execution, 'status'>) => execution.status === 'completed' || execution.status === 'failed'

/** Keeps the newer of two states of one execution: a late `running` never undoes `completed`. */
export function newer(kept: Execution | undefined, next: Execution): Execution {
  if (!kept) return next
  if (isFinished(kept) && !isFinished(next)) return kept
  return { ...kept, ...next }
}

export const usePluginsStore = defineStore('plugins', () => {
  const plugins = ref<Plugin[]>([])
  const stats = ref<Record<string, PluginStats>>({})
  const executions = ref<Execution[]>([])
  const executionTotal = ref(0)
  const executionFilters = ref<ExecutionFilters>({})
  /** Executions the chat shows inline, by id: from `plugin_execution` events and GETs. */
  const tracked = ref<Record<string, Execution>>({})
  const loading = ref(false)
  const error = ref<string | null>(null)

  const byId = computed(() => Object.fromEntries(plugins.value.map((p) => [p.id, p])))
  const tools = computed(() => plugins.value.filter(isAnalysisTool))
  /** What can be assigned to an assistant: every plugin but the analysis tools. */
  const assignable = computed(() => plugins.value.filter((p) => !isAnalysisTool(p)))

  async function loadPlugins() {
    loading.value = true
    error.value = null
    try {
      plugins.value = (await api.listPlugins()).items
      return plugins.value
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
      throw err
    } finally {
      loading.value = false
    }
  }

  function upsert(plugin: Plugin) {
    const i = plugins.value.findIndex((p) => p.id === plugin.id)
    if (i === -1) plugins.value.push(plugin)
    else plugins.value[i] = plugin
  }

  async function savePlugin(manifest: PluginManifest, id?: string) {
    const plugin = id ? await api.updatePlugin(id, manifest) : await api.createPlugin(manifest)
    upsert(plugin)
    return plugin
  }

  async function deletePlugin(id: string) {
    try {
      await api.deletePlugin(id)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err
    }
    plugins.value = plugins.value.filter((p) => p.id !== id)
    delete stats.value[id]
  }

  async function loadStats(id: string) {
    stats.value[id] = await api.pluginStats(id)
    return stats.value[id]
  }

  async function loadExecutions(filters: ExecutionFilters = executionFilters.value, page = 1) {
    executionFilters.value = { ...filters }
    const result = await api.listExecutions({ ...filters, page, per_page: 50 })
    executions.value = result.items
    executionTotal.value = result.total
    return result.items
  }

  function track(execution: Execution) {
    tracked.value[execution.id] = newer(tracked.value[execution.id], execution)
    return tracked.value[execution.id]!
  }

  /** One execution from the API, kept in `tracked` (the chat's inline status). */
  async function fetchExecution(id: string) {
    return track(await api.getExecution(id))
  }

  /** A `plugin_execution` event: the log shows it at once, new ones first. */
  function applyExecution(execution: Execution) {
    if (!execution?.id) return
    track(execution)
    const i = executions.value.findIndex((e) => e.id === execution.id)
    if (!matches(execution, executionFilters.value)) {
      if (i !== -1) executions.value.splice(i, 1)
      return
    }
    if (i !== -1) executions.value[i] = { ...executions.value[i], ...execution }
    else {
      executions.value = [execution, ...executions.value].slice(0, LOG_SIZE)
      executionTotal.value += 1
    }
  }

  return {
    plugins,
    byId,
    tools,
    assignable,
    stats,
    executions,
    executionTotal,
    executionFilters,
    tracked,
    loading,
    error,
    loadPlugins,
    savePlugin,
    deletePlugin,
    loadStats,
    loadExecutions,
    applyExecution,
    track,
    fetchExecution,
    getExecution: api.getExecution,
    executePlugin: api.executePlugin,
  }
})
