/**
 * The plugin calls of one answer with their executions (SPEC 12), for the inline status:
 * the plan's `plugin:<name>` steps name their execution (`execution_id`); while the run
 * is still going there is no plan yet, so the executions of the run (`run_id` of the
 * `plugin_execution` events) are shown on their own.
 */
import type { Execution, PlanStep } from '@/types'

export interface PluginCallView {
  key: string
  /** `plugin.function` */
  label: string
  /** null until its state is known (a GET or an event). */
  execution: Execution | null
}

const PREFIX = 'plugin:'

/** The execution ids the plan names. */
export function planExecutionIds(plan: PlanStep[] | undefined): string[] {
  return (plan ?? []).flatMap((step) => (step.tool.startsWith(PREFIX) && typeof step.execution_id === 'string' ? [step.execution_id] : []))
}

export function pluginCalls(
  plan: PlanStep[] | undefined,
  runId: string | null | undefined,
  tracked: Record<string, Execution>,
  pluginNames: Record<string, string> = {},
): PluginCallView[] {
  const ofRun = runId
    ? Object.values(tracked)
        .filter((e) => e.run_id === runId)
        .sort((a, b) => a.created_at.localeCompare(b.created_at))
    : []
  const used = new Set<string>()
  const out: PluginCallView[] = []
  ;(plan ?? []).forEach((step, i) => {
    if (!step.tool.startsWith(PREFIX)) return
    const fn = String(step.args.function ?? '')
    const id = typeof step.execution_id === 'string' ? step.execution_id : null
    // a plan written before steps named their execution: the run's execution of that function
    const execution = id ? (tracked[id] ?? null) : (ofRun.find((e) => !used.has(e.id) && e.function_name === fn) ?? null)
    if (execution) used.add(execution.id)
    if (id) used.add(id)
    out.push({ key: id ?? `step-${i}`, label: `${step.tool.slice(PREFIX.length)}.${fn}`, execution })
  })
  for (const e of ofRun) {
    if (used.has(e.id)) continue
    out.push({ key: e.id, label: `${pluginNames[e.plugin_id] ?? e.plugin_id}.${e.function_name}`, execution: e })
  }
  return out
}
