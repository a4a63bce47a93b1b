/** Ingest warnings in the UI language: one sentence per warning, from its code and facts. */
import type { FileInfo, IngestWarning } from '@/types'
import { formatNumber } from '@/components/format'

type Translate = (key: string, values?: Record<string, unknown>) => string

export function warningsOf(file: FileInfo | null): IngestWarning[] {
  const schema = file?.schema
  if (!schema || Array.isArray(schema)) return []
  return Array.isArray(schema.warnings) ? schema.warnings : []
}

/** The sentence for one warning; an unknown code still says something (its code). */
export function warningText(warning: IngestWarning, t: Translate, locale: string): string {
  const w = warning as Record<string, unknown>
  const list = (value: unknown) => (Array.isArray(value) ? value.map(String).join(', ') : '')
  switch (warning.code) {
    case 'encoding_fallback':
      return t('ingest.encoding', { encoding: String(w.encoding) })
    case 'all_text':
      return t('ingest.allText')
    case 'decimal_comma':
      return t('ingest.decimalComma', { columns: list(w.columns) })
    case 'ragged_rows': {
      const examples = Array.isArray(w.examples) ? (w.examples as { line: number; fields: number }[]) : []
      const lines = examples.slice(0, 5).map((e) => formatNumber(e.line, locale)).join(', ')
      const key = w.whole_file ? 'ingest.ragged' : 'ingest.raggedHead'
      return t(key, {
        n: formatNumber(Number(w.rows), locale),
        expected: formatNumber(Number(w.expected), locale),
        scanned: formatNumber(Number(w.scanned), locale),
        lines,
      })
    }
    case 'delimiter_doubt':
      return t('ingest.delimiterDoubt', { delimiter: w.delimiter === '\t' ? 'Tab' : String(w.delimiter), columns: formatNumber(Number(w.columns), locale) })
    case 'sheets_ignored':
      return t('ingest.sheets', { read: String(w.read), ignored: list(w.ignored) })
    default:
      return t('ingest.other', { code: warning.code })
  }
}
