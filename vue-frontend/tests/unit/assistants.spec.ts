// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { fromTemplate, parseTemplateFile, reorder, useAssistantsStore } from '@/stores/assistants'
import { matches, usePluginsStore } from '@/stores/plugins'
import { useChatStore } from '@/stores/chat'
import { buildManifest, splitArgs, type PluginDraft } from '@/components/plugins/manifest'
import type { Assignment, Execution, Template } from '@/types'
import { apiError, json, mockFetch } from './helpers'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

const template = (over: Partial<Template> = {}): Template => ({
  id: 'builtin-statistician',
  name: 'Statistician',
  description: 'tests',
  instructions: 'report p-values',
  tools: ['correlation', 'describe'],
  defaults: { language: 'auto', detail: 'detailed', chart: 'auto' },
  planner: 'rules',
  example_questions: ['Is price correlated with carat?'],
  visibility: 'shared',
  owner_id: null,
  category: 'statistics',
  tags: ['statistics', 'p-values'],
  is_builtin: true,
  ...over,
})

const link = (plugin_id: string, sort_order: number): Assignment => ({
  assistant_id: 'a1',
  plugin_id,
  plugin: { name: plugin_id },
  is_enabled: true,
  sort_order,
  config_override: {},
  created_at: '',
})

const page = <T>(items: T[]) => json({ items, total: items.length, page: 1, per_page: 100 })

describe('assistants store', () => {
  it('moving an assignment writes only the orders that changed', async () => {
    const puts: Array<{ url: string; body: unknown }> = []
    mockFetch((url, init) => {
      if (init.method === 'PUT') {
        const body = JSON.parse(String(init.body)) as { sort_order: number }
        puts.push({ url, body })
        const pid = decodeURIComponent(url.split('/').pop()!)
        return json(link(pid, body.sort_order))
      }
      return page([link('p1', 0), link('p2', 1), link('p3', 2)])
    })
    const store = useAssistantsStore()
    await store.loadAssignments('a1')
    await store.move('a1', 2, 0)
    expect(store.assignments.a1!.map((a) => a.plugin_id)).toEqual(['p3', 'p1', 'p2'])
    expect(puts.map((p) => [p.url.split('/').pop(), p.body])).toEqual([
      ['p3', { sort_order: 0 }],
      ['p1', { sort_order: 1 }],
      ['p2', { sort_order: 2 }],
    ])
    // a move that changes nothing writes nothing
    puts.length = 0
    await store.move('a1', 1, 1)
    expect(puts).toEqual([])
  })

  it('reorder clamps the target and ignores an unknown source', () => {
    const items = [link('a', 0), link('b', 1)]
    expect(reorder(items, 0, 9).map((o) => o.plugin_id)).toEqual(['b', 'a'])
    expect(reorder(items, 5, 0).map((o) => o.plugin_id)).toEqual(['a', 'b'])
  })

  it('assigns a plugin after the last one and keeps the list in order', async () => {
    const bodies: unknown[] = []
    mockFetch((_url, init) => {
      if (init.method === 'POST') {
        const body = JSON.parse(String(init.body)) as { plugin_id: string; sort_order: number }
        bodies.push(body)
        return json(link(body.plugin_id, body.sort_order), 201)
      }
      return page([link('p2', 5), link('p1', 0)])
    })
    const store = useAssistantsStore()
    await store.loadAssignments('a1')
    expect(store.assignments.a1!.map((a) => a.plugin_id)).toEqual(['p1', 'p2'])
    await store.assign('a1', 'img')
    expect(bodies).toEqual([{ plugin_id: 'img', sort_order: 6, is_enabled: true }])
    expect(store.assignments.a1!.map((a) => a.plugin_id)).toEqual(['p1', 'p2', 'img'])
  })

  it('an assistant made from a template copies its fields and names the template', () => {
    const input = fromTemplate(template())
    expect(input).toMatchObject({ template_id: 'builtin-statistician', name: 'Statistician', tools: ['correlation', 'describe'] })
    input.tools!.push('sql')
    expect(template().tools).toEqual(['correlation', 'describe'])
  })

  it('collects categories and tags from the unfiltered gallery only', async () => {
    const all = [template(), template({ id: 'b', category: 'business', tags: ['kpi'] })]
    const calls: string[] = []
    mockFetch((url) => {
      calls.push(url)
      return page(url.includes('category=business') ? [all[1]] : all)
    })
    const store = useAssistantsStore()
    await store.loadTemplates()
    expect(store.categories).toEqual(['business', 'statistics'])
    expect(store.tags).toEqual(['kpi', 'p-values', 'statistics'])
    await store.loadTemplates({ category: 'business' })
    expect(store.templates.map((t) => t.id)).toEqual(['b'])
    expect(store.categories).toEqual(['business', 'statistics'])
    expect(calls[1]).toContain('category=business')
  })

  it('imports a template file and refuses text that is not one JSON object', async () => {
    const fetch = mockFetch((_url, init) => json({ ...template({ id: 'c1', is_builtin: false }), ...(JSON.parse(String(init.body)) as object) }, 201))
    const store = useAssistantsStore()
    const created = await store.importTemplate('{"format": "datapulse-template/1", "name": "Mine"}')
    expect(created.name).toBe('Mine')
    expect(store.templates.map((t) => t.id)).toEqual(['c1'])
    expect(() => parseTemplateFile('not json')).toThrow(/Not a JSON file/)
    expect(() => parseTemplateFile('[1]')).toThrow(/one JSON object/)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('a 422 of the import reaches the caller with the field it names', async () => {
    mockFetch(() => json({ error: { code: 'validation_error', message: "The template is invalid at 'defaults.detail'", details: {} } }, 422))
    const store = useAssistantsStore()
    await expect(store.importTemplate('{"name": "x", "defaults": {"detail": "huge"}}')).rejects.toThrow(/defaults.detail/)
    expect(store.templates).toEqual([])
  })

  it('deleting an assistant that is already gone still removes it', async () => {
    mockFetch((_url, init) => (init.method === 'DELETE' ? apiError(404, 'not_found') : page([{ ...template(), id: 'a1', template_id: null, created_at: '', updated_at: '' }])))
    const store = useAssistantsStore()
    await store.loadAssistants()
    expect(store.byId.a1?.name).toBe('Statistician')
    await store.deleteAssistant('a1')
    expect(store.assistants).toEqual([])
  })
})

const execution = (over: Partial<Execution> = {}): Execution => ({
  id: 'e1',
  plugin_id: 'p1',
  assistant_id: 'a1',
  run_id: null,
  function_name: 'echo',
  status: 'running',
  input_parameters: {},
  output_result: null,
  execution_time_ms: null,
  attempts: 1,
  error_message: null,
  cost: 0,
  created_at: '2026-01-01T00:00:00Z',
  ...over,
})

describe('plugins store', () => {
  it('plugin_execution events update the log within its filters', async () => {
    mockFetch(() => page([]))
    const store = usePluginsStore()
    await store.loadExecutions({ status: 'completed' })
    store.applyExecution(execution())
    expect(store.executions).toEqual([])
    store.applyExecution(execution({ status: 'completed', execution_time_ms: 12 }))
    expect(store.executions.map((e) => e.status)).toEqual(['completed'])
    expect(store.executionTotal).toBe(1)
    store.applyExecution(execution({ id: 'e2', status: 'completed' }))
    expect(store.executions.map((e) => e.id)).toEqual(['e2', 'e1'])
    // an execution that leaves the filter leaves the log
    store.applyExecution(execution({ id: 'e2', status: 'failed' }))
    expect(store.executions.map((e) => e.id)).toEqual(['e1'])
  })

  it('matches each filter', () => {
    expect(matches(execution(), {})).toBe(true)
    expect(matches(execution(), { plugin_id: 'p2' })).toBe(false)
    expect(matches(execution(), { assistant_id: 'a1', status: 'running' })).toBe(true)
  })

  it('tells analysis tools from assignable plugins', async () => {
    const plugin = (id: string, kind: string, analysis: boolean) => ({ id, name: id, kind, manifest: { analysis_tool: analysis }, functions: [] })
    mockFetch(() => page([plugin('builtin-correlation', 'builtin', true), plugin('builtin-image_generation', 'builtin', false), plugin('h1', 'http', false)]))
    const store = usePluginsStore()
    await store.loadPlugins()
    expect(store.tools.map((p) => p.id)).toEqual(['builtin-correlation'])
    expect(store.assignable.map((p) => p.id)).toEqual(['builtin-image_generation', 'h1'])
  })
})

const draft = (over: Partial<PluginDraft> = {}): PluginDraft => ({
  name: 'weather',
  kind: 'http',
  description: '',
  endpoint: 'https://example.org/w',
  authHeader: '',
  authSecret: '',
  timeoutS: 5,
  retries: 1,
  transport: 'stdio',
  command: '',
  args: '',
  url: '',
  functions: '[{"name": "now", "description": "d", "parameters": {"type": "object"}}]',
  ...over,
})

describe('plugin manifest form', () => {
  it('sends the secret only with its header, and never an empty one', () => {
    expect(buildManifest(draft()).auth).toBeUndefined()
    expect(buildManifest(draft({ authHeader: 'X-Key' })).auth).toBeUndefined()
    expect(buildManifest(draft({ authHeader: 'X-Key', authSecret: 's3' })).auth).toEqual({ header: 'X-Key', secret: 's3' })
    expect(buildManifest(draft()).functions![0]!.name).toBe('now')
  })

  it('names the functions field when its JSON is broken', () => {
    expect(() => buildManifest(draft({ functions: '[{' }))).toThrow(/^functions:/)
    expect(() => buildManifest(draft({ functions: '{}' }))).toThrow(/^functions:/)
  })

  it('builds MCP manifests for stdio and streamable HTTP', () => {
    expect(buildManifest(draft({ kind: 'mcp', command: 'python', args: 'server.py --name "my tool"' }))).toEqual({
      name: 'weather',
      kind: 'mcp',
      command: 'python',
      args: ['server.py', '--name', 'my tool'],
    })
    expect(buildManifest(draft({ kind: 'mcp', transport: 'url', url: 'https://m.example/mcp' }))).toEqual({ name: 'weather', kind: 'mcp', url: 'https://m.example/mcp' })
    expect(splitArgs("a 'b c' d")).toEqual(['a', 'b c', 'd'])
  })
})

describe('chat store: the conversation\'s assistant', () => {
  it('switches with a PATCH and keeps the answer in the list', async () => {
    const conv = { id: 'c1', title: 'T', file_ids: [], datasource_ids: [], assistant_id: null, created_at: '' }
    const sent: Array<{ method?: string; body: unknown }> = []
    mockFetch((_url, init) => {
      if (init.method === 'PATCH') {
        const body = JSON.parse(String(init.body)) as { assistant_id: string | null }
        sent.push({ method: init.method, body })
        return body.assistant_id === 'nope' ? apiError(404, 'unknown_assistant') : json({ ...conv, ...body })
      }
      return json({ items: [conv], total: 1, page: 1, per_page: 50 })
    })
    const chat = useChatStore()
    await chat.loadConversations()
    await chat.setAssistant('c1', 'a1')
    expect(chat.conversations[0]!.assistant_id).toBe('a1')
    await expect(chat.setAssistant('c1', 'nope')).rejects.toThrow(/unknown_assistant/)
    expect(chat.conversations[0]!.assistant_id).toBe('a1')
    await chat.setAssistant('c1', null)
    expect(chat.conversations[0]!.assistant_id).toBeNull()
    expect(sent.map((s) => s.body)).toEqual([{ assistant_id: 'a1' }, { assistant_id: 'nope' }, { assistant_id: null }])
  })
})
