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

/**
 * A number in the UI language, by the rules the answers' text uses (agents/report.py `fmt`):
 * EN/ZH 1,234.5, DE 1.234,5; four significant digits below 1000; tiny values (p-values) in
 * scientific notation, never rounded to 0. Whole numbers below 10,000 keep no separator
 * (3700, the year 2007).
 */
export function formatNumber(value: unknown, locale = 'en'): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '–' : String(value)
  if (!Number.isFinite(value)) return String(value)
  const magnitude = Math.abs(value)
  if (Number.isInteger(value)) return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, useGrouping: magnitude >= 10_000 }).format(value)
  if (magnitude < 0.001) return new Intl.NumberFormat(locale, { notation: 'scientific', maximumSignificantDigits: 2 }).format(value)
  if (magnitude >= 1000) return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(value)
}

const ISO_DATE = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?)?$/

/**
 * An ISO date or time in the UI language (4 Dec 2026 / 04.12.2026 / 2026年12月4日, with the
 * time to the minute or second it has); a time with a zone is shown in `timeZone` (the
 * browser's by default), one without as written. Anything else: null.
 */
export function formatDateText(text: string, locale = 'en', timeZone?: string): string | null {
  const m = ISO_DATE.exec(text.trim())
  if (!m) return null
  const [, y, mo, d, h, mi, sec, , zone] = m
  const withTime = h !== undefined && !(zone === undefined && h === '00' && mi === '00' && (sec ?? '00') === '00')
  const date = zone
    ? new Date(text.trim().replace(' ', 'T'))
    : new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0))
  if (Number.isNaN(date.getTime())) return null
  return new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    ...(withTime ? { timeStyle: sec !== undefined && sec !== '00' ? 'medium' : 'short' } : {}),
    ...(zone ? { timeZone } : {}),
  }).format(date)
}

/** A table cell: numbers and ISO dates in the UI language, objects as JSON, null as a dash. */
export function formatCell(value: unknown, locale = 'en', timeZone?: string): string {
  if (value === null || value === undefined) return '–'
  if (typeof value === 'number') return formatNumber(value, locale)
  if (typeof value === 'object') return JSON.stringify(value)
  if (typeof value === 'string') return formatDateText(value, locale, timeZone) ?? value
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
