/** Small display helpers shared by the components: numbers, sizes and times. */

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

export function formatNumber(value: unknown, locale = 'en'): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '–' : String(value)
  if (!Number.isFinite(value)) return String(value)
  // No separator in four-digit numbers (3700, the year 2007); 12,500 keeps it.
  return new Intl.NumberFormat(locale, {
    maximumFractionDigits: Number.isInteger(value) ? 0 : 4,
    useGrouping: Math.abs(value) >= 10_000,
  }).format(value)
}

/** A table cell: numbers formatted, objects as JSON, null as a dash. */
export function formatCell(value: unknown, locale = 'en'): string {
  if (value === null || value === undefined) return '–'
  if (typeof value === 'number') return formatNumber(value, locale)
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

export function formatTime(iso: string | null | undefined, locale = 'en'): string {
  if (!iso) return '–'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'medium' }).format(date)
}

export function formatClock(iso: string | null | undefined, locale = 'en'): string {
  if (!iso) return '–'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(date)
}

export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : `${value.toFixed(1)}%`
}
