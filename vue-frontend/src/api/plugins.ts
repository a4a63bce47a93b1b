/** The plugin registry, executions and their log, function detection (SPEC 12). */
import { apiUrl, request } from './client'
import type { DetectedCall, Execution, ExecutionFilters, Page, PageQuery, Plugin, PluginManifest, PluginStats } from '@/types'

const plugins = '/api/plugins'
const plugin = (id: string) => `${plugins}/${encodeURIComponent(id)}`
const executions = '/api/plugin-executions'

export const listPlugins = (query: PageQuery & { kind?: string } = {}, signal?: AbortSignal) =>
  request<Page<Plugin>>(plugins, { query: { per_page: 100, ...query }, signal })

export const getPlugin = (id: string) => request<Plugin>(plugin(id))

export const createPlugin = (manifest: PluginManifest) => request<Plugin>(plugins, { method: 'POST', body: manifest })

/** Without `auth` the stored secret is kept. */
export const updatePlugin = (id: string, manifest: PluginManifest) =>
  request<Plugin>(plugin(id), { method: 'PUT', body: manifest })

export const deletePlugin = (id: string) => request<void>(plugin(id), { method: 'DELETE' })

export const pluginStats = (id: string) => request<PluginStats>(`${plugin(id)}/stats`)

export const executePlugin = (id: string, functionName: string, parameters: Record<string, unknown>, assistantId?: string) =>
  request<{ execution_id: string }>(`${plugin(id)}/execute`, {
    method: 'POST',
    body: { function_name: functionName, parameters, ...(assistantId ? { assistant_id: assistantId } : {}) },
  })

export const listExecutions = (filters: ExecutionFilters & PageQuery = {}, signal?: AbortSignal) =>
  request<Page<Execution>>(executions, { query: { ...filters }, signal })

export const getExecution = (id: string) => request<Execution>(`${executions}/${encodeURIComponent(id)}`)

export const detectFunctions = (assistantId: string, message: string) =>
  request<{ calls: DetectedCall[] }>('/api/chat/detect-functions', { method: 'POST', body: { assistant_id: assistantId, message } })

/** Where an image result's `url` points when it is relative to the API. */
export const resultUrl = (url: string) => (/^https?:/.test(url) ? url : apiUrl(url))

/** Runs a detected call (SPEC 12); the plugin is the call's, or the assistant's that has the function. */
export const executeFunction = (call: Pick<DetectedCall, 'function_name' | 'parameters'> & { plugin_id?: string }, assistantId?: string) =>
  request<{ execution_id: string }>('/api/chat/execute-function', {
    method: 'POST',
    body: { function_name: call.function_name, parameters: call.parameters, ...(call.plugin_id ? { plugin_id: call.plugin_id } : {}), ...(assistantId ? { assistant_id: assistantId } : {}) },
  })
