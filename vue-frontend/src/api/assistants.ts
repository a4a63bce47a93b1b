/** Templates, assistants, their plugin assignments and a conversation's assistant (SPEC 12). */
import { request } from './client'
import type {
  Assignment,
  AssignmentChange,
  Assistant,
  AssistantInput,
  Page,
  PageQuery,
  Template,
  TemplateFile,
  TemplateFilters,
  TemplateInput,
} from '@/types'

const templates = '/api/templates'
const template = (id: string) => `${templates}/${encodeURIComponent(id)}`
const assistants = '/api/assistants'
const assistant = (id: string) => `${assistants}/${encodeURIComponent(id)}`
const assignment = (id: string, pluginId: string) => `${assistant(id)}/plugins/${encodeURIComponent(pluginId)}`

export const listTemplates = (filters: TemplateFilters & PageQuery = {}, signal?: AbortSignal) =>
  request<Page<Template>>(templates, { query: { per_page: 100, ...filters }, signal })

export const getTemplate = (id: string) => request<Template>(template(id))

export const createTemplate = (input: Partial<TemplateInput> & { name: string }) =>
  request<Template>(templates, { method: 'POST', body: input })

export const updateTemplate = (id: string, input: Partial<TemplateInput>) =>
  request<Template>(template(id), { method: 'PUT', body: input })

export const deleteTemplate = (id: string) => request<void>(template(id), { method: 'DELETE' })

export const exportTemplate = (id: string) => request<TemplateFile>(`${template(id)}/export`)

export const importTemplate = (file: unknown) => request<Template>(`${templates}/import`, { method: 'POST', body: file })

export const listAssistants = (query: PageQuery = {}, signal?: AbortSignal) =>
  request<Page<Assistant>>(assistants, { query: { per_page: 100, ...query }, signal })

export const getAssistant = (id: string) => request<Assistant>(assistant(id))

export const createAssistant = (input: AssistantInput) => request<Assistant>(assistants, { method: 'POST', body: input })

export const updateAssistant = (id: string, input: AssistantInput) =>
  request<Assistant>(assistant(id), { method: 'PUT', body: input })

export const deleteAssistant = (id: string) => request<void>(assistant(id), { method: 'DELETE' })

export const listAssignments = (id: string) => request<Page<Assignment>>(`${assistant(id)}/plugins`)

export const assignPlugin = (id: string, pluginId: string, change: AssignmentChange = {}) =>
  request<Assignment>(`${assistant(id)}/plugins`, { method: 'POST', body: { plugin_id: pluginId, ...change } })

export const changeAssignment = (id: string, pluginId: string, change: AssignmentChange) =>
  request<Assignment>(assignment(id, pluginId), { method: 'PUT', body: change })

export const unassignPlugin = (id: string, pluginId: string) => request<void>(assignment(id, pluginId), { method: 'DELETE' })
