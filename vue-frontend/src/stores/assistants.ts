/**
 * The assistants store: the template gallery (filters by category, tag and search), the
 * assistants made from templates or from scratch, and each assistant's plugin
 * assignments (enable, order, configuration override). Templates travel as JSON files.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import * as api from '@/api/assistants'
import { ApiError } from '@/api/client'
import type { Assignment, AssignmentChange, Assistant, AssistantInput, Template, TemplateFilters, TemplateInput } from '@/types'

/** The sort orders after moving the item at `from` to `to`: 0, 1, 2… in the new order. */
export function reorder<T extends { plugin_id: string }>(items: readonly T[], from: number, to: number): { plugin_id: string; sort_order: number }[] {
  const next = [...items]
  if (from < 0 || from >= next.length) return next.map((item, i) => ({ plugin_id: item.plugin_id, sort_order: i }))
  const [moved] = next.splice(from, 1)
  next.splice(Math.max(0, Math.min(to, next.length)), 0, moved!)
  return next.map((item, i) => ({ plugin_id: item.plugin_id, sort_order: i }))
}

/** A template file's text as a document to import; a clear local error for what is not JSON. */
export function parseTemplateFile(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new ApiError(422, 'invalid_json', `Not a JSON file: ${(err as Error).message}`)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ApiError(422, 'invalid_json', 'A template file holds one JSON object.')
  }
  return value as Record<string, unknown>
}

/** What a template gives an assistant made from it, before the user customises it. */
export function fromTemplate(template: Template): AssistantInput {
  return {
    template_id: template.id,
    name: template.name,
    description: template.description,
    instructions: template.instructions,
    tools: [...template.tools],
    defaults: { ...template.defaults },
    planner: template.planner,
    example_questions: [...template.example_questions],
  }
}

const byOrder = (a: Assignment, b: Assignment) => a.sort_order - b.sort_order || a.plugin_id.localeCompare(b.plugin_id)

export const useAssistantsStore = defineStore('assistants', () => {
  const templates = ref<Template[]>([])
  const filters = ref<TemplateFilters>({})
  const assistants = ref<Assistant[]>([])
  const assignments = ref<Record<string, Assignment[]>>({})
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Every category and tag seen in an unfiltered list, for the filter menus. */
  const categories = ref<string[]>([])
  const tags = ref<string[]>([])

  const byId = computed(() => Object.fromEntries(assistants.value.map((a) => [a.id, a])))

  async function guarded<T>(work: () => Promise<T>): Promise<T> {
    loading.value = true
    error.value = null
    try {
      return await work()
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
      throw err
    } finally {
      loading.value = false
    }
  }

  async function loadTemplates(next: TemplateFilters = filters.value) {
    filters.value = { ...next }
    return guarded(async () => {
      const page = await api.listTemplates(filters.value)
      templates.value = page.items
      if (!filters.value.category && !filters.value.tag && !filters.value.search) {
        categories.value = [...new Set(page.items.map((t) => t.category))].sort()
        tags.value = [...new Set(page.items.flatMap((t) => t.tags))].sort()
      }
      return page.items
    })
  }

  function upsertTemplate(template: Template) {
    const i = templates.value.findIndex((t) => t.id === template.id)
    if (i === -1) templates.value.push(template)
    else templates.value[i] = template
    if (!categories.value.includes(template.category)) categories.value = [...categories.value, template.category].sort()
    tags.value = [...new Set([...tags.value, ...template.tags])].sort()
  }

  async function saveTemplate(input: Partial<TemplateInput> & { name: string }, id?: string) {
    const template = id ? await api.updateTemplate(id, input) : await api.createTemplate(input)
    upsertTemplate(template)
    return template
  }

  async function deleteTemplate(id: string) {
    await api.deleteTemplate(id)
    templates.value = templates.value.filter((t) => t.id !== id)
  }

  /** The template as the text of a JSON file. */
  async function exportTemplate(id: string): Promise<string> {
    return JSON.stringify(await api.exportTemplate(id), null, 2)
  }

  async function importTemplate(text: string) {
    const template = await api.importTemplate(parseTemplateFile(text))
    upsertTemplate(template)
    return template
  }

  async function loadAssistants() {
    return guarded(async () => {
      assistants.value = (await api.listAssistants()).items
      return assistants.value
    })
  }

  function upsertAssistant(assistant: Assistant) {
    const i = assistants.value.findIndex((a) => a.id === assistant.id)
    if (i === -1) assistants.value.unshift(assistant)
    else assistants.value[i] = assistant
  }

  async function createAssistant(input: AssistantInput) {
    const assistant = await api.createAssistant(input)
    upsertAssistant(assistant)
    return assistant
  }

  async function updateAssistant(id: string, input: AssistantInput) {
    const assistant = await api.updateAssistant(id, input)
    upsertAssistant(assistant)
    return assistant
  }

  async function deleteAssistant(id: string) {
    try {
      await api.deleteAssistant(id)
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 404)) throw err
    }
    assistants.value = assistants.value.filter((a) => a.id !== id)
    delete assignments.value[id]
  }

  async function loadAssignments(id: string) {
    const page = await api.listAssignments(id)
    assignments.value[id] = [...page.items].sort(byOrder)
    return assignments.value[id]
  }

  function putAssignment(assignment: Assignment) {
    const list = (assignments.value[assignment.assistant_id] ?? []).filter((a) => a.plugin_id !== assignment.plugin_id)
    assignments.value[assignment.assistant_id] = [...list, assignment].sort(byOrder)
  }

  /** Assign a plugin at the end of the list. */
  async function assign(id: string, pluginId: string) {
    const list = assignments.value[id] ?? []
    const sortOrder = list.length ? Math.max(...list.map((a) => a.sort_order)) + 1 : 0
    const assignment = await api.assignPlugin(id, pluginId, { sort_order: sortOrder, is_enabled: true })
    putAssignment(assignment)
    return assignment
  }

  async function change(id: string, pluginId: string, change: AssignmentChange) {
    const assignment = await api.changeAssignment(id, pluginId, change)
    putAssignment(assignment)
    return assignment
  }

  async function unassign(id: string, pluginId: string) {
    await api.unassignPlugin(id, pluginId)
    assignments.value[id] = (assignments.value[id] ?? []).filter((a) => a.plugin_id !== pluginId)
  }

  /** Move an assignment to position `to`; only the ones whose order changed are written. */
  async function move(id: string, from: number, to: number) {
    const list = assignments.value[id] ?? []
    const orders = reorder(list, from, to)
    const changed = orders.filter((o) => list.find((a) => a.plugin_id === o.plugin_id)?.sort_order !== o.sort_order)
    for (const o of changed) await change(id, o.plugin_id, { sort_order: o.sort_order })
    return assignments.value[id]
  }

  return {
    templates,
    filters,
    categories,
    tags,
    assistants,
    assignments,
    byId,
    loading,
    error,
    loadTemplates,
    saveTemplate,
    deleteTemplate,
    exportTemplate,
    importTemplate,
    loadAssistants,
    createAssistant,
    updateAssistant,
    deleteAssistant,
    loadAssignments,
    assign,
    change,
    unassign,
    move,
  }
})
