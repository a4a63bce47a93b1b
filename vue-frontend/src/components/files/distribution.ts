/** A column's distribution from its profile, as bars a small chart can draw (no ECharts). */
import type { ColumnProfile } from '@/types'
import { formatNumber } from '@/components/format'

export interface Bar {
  label: string
  count: number
  /** count / the largest count: the bar's length, 0..1 */
  share: number
}

export interface Distribution {
  kind: 'histogram' | 'top'
  bars: Bar[]
}

interface Bin {
  from: number
  to: number
  count: number
}
interface Top {
  value: unknown
  count: number
}

function bars(items: { label: string; count: number }[]): Bar[] {
  const most = Math.max(0, ...items.map((i) => i.count))
  return items.map((i) => ({ ...i, share: most ? i.count / most : 0 }))
}

/** The histogram (numbers) or the top values (text) of a profiled column; null when it has neither. */
export function distributionOf(column: ColumnProfile, locale: string, empty = '∅'): Distribution | null {
  const histogram = column.histogram as Bin[] | undefined
  if (Array.isArray(histogram) && histogram.length) {
    return {
      kind: 'histogram',
      bars: bars(histogram.map((b) => ({ label: `${formatNumber(b.from, locale)} – ${formatNumber(b.to, locale)}`, count: b.count }))),
    }
  }
  const top = column.top_values as Top[] | undefined
  if (Array.isArray(top) && top.length) {
    return { kind: 'top', bars: bars(top.map((v) => ({ label: v.value === '' ? empty : String(v.value), count: v.count }))) }
  }
  return null
}
