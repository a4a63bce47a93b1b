/**
 * Notices about data sources that inform: one per source and change of state (it started
 * failing, it works again), never one per retry, worded in the UI language, and gone by
 * themselves. The state comes from two places that may both report one change (the
 * source's own `data_update` and the server's `notification`); the last settled state of
 * each source decides whether there is anything new to say.
 */
import type { DataSource, NotificationLevel } from '@/types'

export type SettledState = 'ready' | 'failed'
export type NoticeKind = 'sourceFailed' | 'sourceRecovered'

export interface SourceNotice {
  kind: NoticeKind
  level: NotificationLevel
  datasourceId: string
  name: string
  error: string | null
}

export interface SourceState {
  id: string
  name?: string | null
  status?: string | null
  error?: string | null
}

export const NOTICE_TIMEOUT_MS = 8000

function settled(status: string | null | undefined): SettledState | null {
  return status === 'ready' || status === 'failed' ? status : null
}

export interface SourceNotices {
  /** What the list says now: remembered without a notice (the UI did not see a change). */
  seed: (sources: readonly Pick<DataSource, 'id' | 'status'>[]) => void
  /** A live report of one source; the notice, when its settled state changed. */
  observe: (source: SourceState) => SourceNotice | null
  forget: (id: string) => void
  /** The last settled state known of a source. */
  state: (id: string) => SettledState | undefined
}

export function createSourceNotices(): SourceNotices {
  const last = new Map<string, SettledState>()
  const names = new Map<string, string>()

  function seed(sources: readonly Pick<DataSource, 'id' | 'status'>[]): void {
    for (const s of sources) {
      const state = settled(s.status)
      if (state) last.set(s.id, state)
    }
  }

  function observe(source: SourceState): SourceNotice | null {
    if (!source.id) return null
    if (source.name) names.set(source.id, source.name)
    const next = settled(source.status)
    if (!next) return null // refreshing: not a state to report
    const before = last.get(source.id)
    last.set(source.id, next)
    if (before === next) return null
    const name = names.get(source.id) ?? source.id
    if (next === 'failed') return { kind: 'sourceFailed', level: 'error', datasourceId: source.id, name, error: source.error ?? null }
    // working from the start is no news; working again after failing is
    if (before === 'failed') return { kind: 'sourceRecovered', level: 'success', datasourceId: source.id, name, error: null }
    return null
  }

  function forget(id: string): void {
    last.delete(id)
    names.delete(id)
  }

  return { seed, observe, forget, state: (id) => last.get(id) }
}
