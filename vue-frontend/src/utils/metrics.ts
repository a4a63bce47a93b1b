/** Read system metrics from the shapes a server may send (`cpu_percent`, `cpu.percent`, `cpu`). */
import type { ResourceUsage, SystemMetrics } from '@/types'

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

function usage(raw: Record<string, unknown>, name: string): ResourceUsage {
  const value = raw[name]
  const flat = num(raw[`${name}_percent`])
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>
    return { ...obj, percent: num(obj.percent) ?? num(obj.usage) ?? flat ?? 0 }
  }
  return { percent: num(value) ?? flat ?? 0 }
}

export function normalizeMetrics(raw: Record<string, unknown>): SystemMetrics {
  const source = (raw.metrics && typeof raw.metrics === 'object' ? raw.metrics : raw) as Record<string, unknown>
  return {
    ...source,
    ts: typeof source.ts === 'string' ? source.ts : typeof source.timestamp === 'string' ? source.timestamp : new Date().toISOString(),
    cpu: usage(source, 'cpu'),
    memory: usage(source, 'memory'),
    disk: usage(source, 'disk'),
  }
}
