/** The plugin form's fields as the manifest of SPEC 12 (the server validates it again). */
import type { PluginFunction, PluginManifest } from '@/types'

export interface PluginDraft {
  name: string
  kind: 'http' | 'mcp'
  description: string
  endpoint: string
  authHeader: string
  /** Write-only: empty means "keep the stored secret" (or none). */
  authSecret: string
  timeoutS: number
  retries: number
  transport: 'stdio' | 'url'
  command: string
  args: string
  url: string
  /** The functions as JSON text: `[{"name", "description", "parameters"}]`. */
  functions: string
}

/** Split a command line's arguments on spaces, keeping quoted parts together. */
export function splitArgs(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '')
}

export function buildManifest(d: PluginDraft): PluginManifest {
  const base = { name: d.name.trim(), kind: d.kind, ...(d.description.trim() ? { description: d.description.trim() } : {}) }
  if (d.kind === 'mcp') {
    return d.transport === 'url'
      ? { ...base, url: d.url.trim() }
      : { ...base, command: d.command.trim(), ...(d.args.trim() ? { args: splitArgs(d.args) } : {}) }
  }
  let functions: unknown
  try {
    functions = JSON.parse(d.functions || '[]')
  } catch (err) {
    throw new Error(`functions: ${(err as Error).message}`)
  }
  if (!Array.isArray(functions)) throw new Error('functions: a JSON list of {"name", "description", "parameters"}')
  const manifest: PluginManifest = {
    ...base,
    endpoint: d.endpoint.trim(),
    functions: functions as PluginFunction[],
    timeout_s: d.timeoutS,
    retries: d.retries,
  }
  if (d.authHeader.trim() && d.authSecret) manifest.auth = { header: d.authHeader.trim(), secret: d.authSecret }
  return manifest
}
