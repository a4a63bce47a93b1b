/** Assistants, templates, plugins and their executions (SPEC 12). */

export type AnswerLanguage = 'auto' | 'en' | 'de' | 'zh'
export type Detail = 'brief' | 'detailed'
export type ChartPreference = 'auto' | 'always' | 'never'
export type Planner = 'rules' | 'llm'

export interface PersonaDefaults {
  language?: AnswerLanguage
  detail?: Detail
  chart?: ChartPreference
}

/** The fields an assistant and a template share, as they are written. */
export interface PersonaInput {
  name: string
  description: string
  instructions: string
  tools: string[]
  defaults: PersonaDefaults
  planner: Planner
  example_questions: string[]
}

interface Persona extends PersonaInput {
  id: string
  visibility: string
  owner_id: string | null
}

export interface Template extends Persona {
  category: string
  tags: string[]
  is_builtin: boolean
  created_at?: string
  updated_at?: string
}

export interface TemplateInput extends PersonaInput {
  category: string
  tags: string[]
}

/** A template as `GET /api/templates/<id>/export` writes it and the import reads it. */
export interface TemplateFile extends Partial<TemplateInput> {
  format?: string
  name: string
}

export interface Assistant extends Persona {
  template_id: string | null
  created_at: string
  updated_at: string
}

export interface AssistantInput extends Partial<PersonaInput> {
  template_id?: string | null
}

export type PluginKind = 'builtin' | 'http' | 'mcp'

export interface PluginFunction {
  name: string
  description: string
  parameters: Record<string, unknown>
  keywords?: string[]
}

export interface Plugin {
  id: string
  name: string
  description: string
  kind: PluginKind
  is_builtin: boolean
  functions: PluginFunction[]
  /** The manifest without its secret: `auth` shows the header and whether a secret is set. */
  manifest: Record<string, unknown>
  owner_id: string | null
  visibility: string
  created_at: string
  updated_at: string
}

/** What `POST /api/plugins` takes: the manifest, the secret write-only. */
export interface PluginManifest {
  name: string
  kind: 'http' | 'mcp'
  description?: string
  functions?: PluginFunction[]
  keywords?: string[]
  endpoint?: string
  method?: 'POST' | 'PUT'
  auth?: { header: string; secret: string }
  timeout_s?: number
  retries?: number
  cost_per_call?: number
  command?: string
  args?: string[]
  url?: string
}

export interface Assignment {
  assistant_id: string
  plugin_id: string
  plugin: Partial<Plugin>
  is_enabled: boolean
  sort_order: number
  config_override: Record<string, unknown>
  created_at: string
}

export interface AssignmentChange {
  is_enabled?: boolean
  sort_order?: number
  config_override?: Record<string, unknown>
}

export type ExecutionStatus = 'pending' | 'running' | 'completed' | 'failed'

export interface Execution {
  id: string
  plugin_id: string
  assistant_id: string | null
  run_id: string | null
  function_name: string
  status: ExecutionStatus
  input_parameters: Record<string, unknown>
  output_result: unknown
  execution_time_ms: number | null
  attempts: number
  error_message: string | null
  cost: number
  created_at: string
  finished_at?: string | null
}

export interface ExecutionFilters {
  plugin_id?: string
  status?: ExecutionStatus | ''
  assistant_id?: string
}

interface Figures {
  executions: number
  completed: number
  failed: number
  success_rate: number | null
  p50_ms: number | null
  p95_ms: number | null
  cost: number
}

export interface PluginStats extends Figures {
  plugin_id: string
  per_assistant: (Figures & { assistant_id: string | null })[]
}

export interface DetectedCall {
  plugin_id: string
  function_name: string
  parameters: Record<string, unknown>
  confidence: number
}

export interface TemplateFilters {
  category?: string
  tag?: string
  search?: string
}
