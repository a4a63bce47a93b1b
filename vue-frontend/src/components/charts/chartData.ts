/**
 * A chart result as data people can work with: the categories and series read back out of
 * the agents' ECharts option, so that the chart can be sorted, drawn as another fitting
 * type, shown as a table and downloaded as CSV; and number formatting for the UI language
 * on the axes and in the tooltips of every chart. Pure functions: no ECharts import here,
 * so that this module stays out of the lazily loaded chart chunk's way.
 */
import { formatNumber } from '@/components/format'

export type ChartType = 'bar' | 'line' | 'pie' | 'table'
export type SortOrder = 'none' | 'desc' | 'asc'

export interface ChartSeries {
  name: string
  values: (number | null)[]
}

/** Categories with one or more value series: what a bar, line or pie chart draws. */
export interface ChartData {
  type: Exclude<ChartType, 'table'>
  title: string
  categories: string[]
  series: ChartSeries[]
  horizontal: boolean
}

type Spec = Record<string, unknown>

function asRecord(value: unknown): Spec | null {
  if (Array.isArray(value)) return asRecord(value[0])
  return value !== null && typeof value === 'object' ? (value as Spec) : null
}

function toNumber(value: unknown): number | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return toNumber((value as Spec).value)
  if (Array.isArray(value)) return toNumber(value.at(-1))
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return null
}

function titleOf(spec: Spec): string {
  const title = asRecord(spec.title)
  return typeof title?.text === 'string' ? title.text : ''
}

/**
 * The categories and series of a bar, line or pie option; null for the kinds that are
 * not a list of categories (scatter, heatmap, boxplot), which stay as drawn.
 */
export function chartData(spec: Spec): ChartData | null {
  const series = (Array.isArray(spec.series) ? spec.series : [spec.series]).map(asRecord).filter((s): s is Spec => s !== null)
  const first = series[0]
  if (!first) return null
  const kind = first.type
  if (kind === 'pie') {
    const data = Array.isArray(first.data) ? first.data.map(asRecord).filter((d): d is Spec => d !== null) : []
    return {
      type: 'pie',
      title: titleOf(spec),
      categories: data.map((d) => String(d.name ?? '')),
      series: [{ name: typeof first.name === 'string' ? first.name : 'value', values: data.map((d) => toNumber(d.value)) }],
      horizontal: false,
    }
  }
  if (kind !== 'bar' && kind !== 'line') return null
  if (series.some((s) => s.type !== kind)) return null
  const x = asRecord(spec.xAxis)
  const y = asRecord(spec.yAxis)
  const horizontal = y?.type === 'category' && x?.type !== 'category'
  const axis = horizontal ? y : x
  if (axis?.type !== 'category' || !Array.isArray(axis.data)) return null
  const categories = axis.data.map((c) => (c !== null && typeof c === 'object' ? String((c as Spec).value ?? '') : String(c ?? '')))
  return {
    type: kind,
    title: titleOf(spec),
    categories,
    series: series.map((s, i) => ({
      name: typeof s.name === 'string' && s.name ? s.name : `series ${i + 1}`,
      values: categories.map((_, j) => toNumber(Array.isArray(s.data) ? s.data[j] : null)),
    })),
    horizontal,
  }
}

/** The types a chart can be switched to: pie only for one series of values none below zero. */
export function fittingTypes(data: ChartData): ChartType[] {
  const types: ChartType[] = ['bar', 'line']
  const one = data.series.length === 1 ? data.series[0] : undefined
  if (one && one.values.every((v) => v === null || v >= 0) && data.categories.length <= 30) types.push('pie')
  types.push('table')
  return types
}

/** The categories reordered by the first series' values (missing values last). */
export function sortData(data: ChartData, order: SortOrder): ChartData {
  if (order === 'none') return data
  const key = data.series[0]?.values ?? []
  const sign = order === 'asc' ? 1 : -1
  const index = data.categories.map((_, i) => i)
  index.sort((a, b) => {
    const va = key[a] ?? null
    const vb = key[b] ?? null
    if (va === null || vb === null) return va === vb ? a - b : va === null ? 1 : -1
    return (va - vb) * sign || a - b
  })
  return {
    ...data,
    categories: index.map((i) => data.categories[i] ?? ''),
    series: data.series.map((s) => ({ ...s, values: index.map((i) => s.values[i] ?? null) })),
  }
}

/** A short axis label in the UI language: 12,500 / 12.500, 1.5M / 1,5 Mio. */
export function axisNumber(value: number, locale: string): string {
  if (!Number.isFinite(value)) return String(value)
  if (Math.abs(value) >= 1_000_000) return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value)
  return formatNumber(value, locale)
}

function tooltipNumber(locale: string) {
  return (value: unknown) => (typeof value === 'number' ? formatNumber(value, locale) : Array.isArray(value) ? value.map((v) => formatNumber(v, locale)).join(', ') : formatNumber(value, locale))
}

/** The option that draws `data` as `type`, numbers in `locale`. */
export function buildOption(data: ChartData, type: Exclude<ChartType, 'table'>, locale: string): Spec {
  const label = (value: number) => axisNumber(value, locale)
  const valueFormatter = tooltipNumber(locale)
  if (type === 'pie') {
    const values = data.series[0]?.values ?? []
    return {
      title: { text: data.title },
      tooltip: { trigger: 'item', valueFormatter },
      series: [
        {
          type: 'pie',
          radius: '60%',
          name: data.series[0]?.name,
          data: data.categories.map((name, i) => ({ name, value: values[i] })),
        },
      ],
    }
  }
  const categoryAxis = { type: 'category', data: data.categories }
  const valueAxis = { type: 'value', axisLabel: { formatter: label } }
  return {
    title: { text: data.title },
    tooltip: { trigger: 'axis', valueFormatter },
    legend: { show: data.series.length > 1, top: 24 },
    xAxis: data.horizontal ? valueAxis : categoryAxis,
    yAxis: data.horizontal ? categoryAxis : valueAxis,
    series: data.series.map((s) => ({ name: s.name, type, data: s.values })),
  }
}

/**
 * Any option (a scatter, a heatmap) with its value axes and tooltips in `locale`; the
 * formatters the spec brings itself are kept.
 */
export function localiseOption(spec: Spec, locale: string): Spec {
  const label = (value: number) => axisNumber(value, locale)
  const axis = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(axis)
    const a = asRecord(value)
    if (!a || a.type !== 'value') return value
    const axisLabel = asRecord(a.axisLabel) ?? {}
    return axisLabel.formatter ? a : { ...a, axisLabel: { ...axisLabel, formatter: label } }
  }
  const tooltip = asRecord(spec.tooltip)
  const out: Spec = { ...spec }
  if (spec.xAxis) out.xAxis = axis(spec.xAxis)
  if (spec.yAxis) out.yAxis = axis(spec.yAxis)
  if (tooltip && !tooltip.formatter && !tooltip.valueFormatter) out.tooltip = { ...tooltip, valueFormatter: tooltipNumber(locale) }
  return out
}

/** The table a chart draws: the category column and one column per series. */
export function chartTable(data: ChartData, categoryName = 'category'): { columns: string[]; rows: unknown[][] } {
  return {
    columns: [categoryName, ...data.series.map((s) => s.name)],
    rows: data.categories.map((c, i) => [c, ...data.series.map((s) => s.values[i] ?? null)]),
  }
}

/** The points of a scatter option as x, y rows (the CSV of a chart that has no categories). */
export function scatterTable(spec: Spec): { columns: string[]; rows: unknown[][] } | null {
  const first = asRecord(spec.series)
  if (first?.type !== 'scatter' || !Array.isArray(first.data)) return null
  const name = (axis: unknown, fallback: string) => {
    const a = asRecord(axis)
    return typeof a?.name === 'string' && a.name ? a.name : fallback
  }
  const rows = first.data.filter((p): p is unknown[] => Array.isArray(p) && p.length >= 2).map((p) => [p[0], p[1]])
  return { columns: [name(spec.xAxis, 'x'), name(spec.yAxis, 'y')], rows }
}

/** A file name from a chart's title: `mean-price-by-island`. */
export function fileStem(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60)
  return slug || 'chart'
}
