// Ingest warnings worded in the UI language from their codes and facts.
import { describe, expect, it } from 'vitest'
import { i18n, setLocale } from '@/i18n'
import { warningText, warningsOf } from '@/components/files/ingestWarnings'
import type { FileInfo, IngestWarning } from '@/types'

const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {})

const file = (schema: FileInfo['schema']): FileInfo => ({
  id: 'f', name: 'a.csv', table_name: 'a', size: 1, type: 'csv', checksum: '', status: 'ready', rows: 1, columns: 1, created_at: '', schema,
})

describe('ingest warnings', () => {
  it('are read from schema.warnings, and absent from an old or list-shaped schema', () => {
    const w: IngestWarning[] = [{ code: 'all_text' }]
    expect(warningsOf(file({ columns: [], warnings: w }))).toEqual(w)
    expect(warningsOf(file({ columns: [] }))).toEqual([])
    expect(warningsOf(file([]))).toEqual([])
    expect(warningsOf(null)).toEqual([])
  })

  it('word every code in English and German, with numbers in the locale', () => {
    const ragged: IngestWarning = { code: 'ragged_rows', rows: 12000, expected: 3, examples: [{ line: 3, fields: 2 }, { line: 10005, fields: 1 }], scanned: 50000, whole_file: false }
    setLocale('en')
    expect(warningText(ragged, t, 'en')).toBe('Rows without exactly 3 fields in the first 50,000: 12,000; missing fields were left empty (lines 3, 10,005).')
    expect(warningText({ code: 'decimal_comma', columns: ['Umsatz', 'Preis'] }, t, 'en')).toBe('Numbers with a decimal comma stay text in: Umsatz, Preis.')
    setLocale('de')
    expect(warningText(ragged, t, 'de')).toBe('Zeilen ohne genau 3 Felder unter den ersten 50.000: 12.000; fehlende Felder blieben leer (Zeilen 3, 10.005).')
    expect(warningText({ code: 'sheets_ignored', read: 'Umsatz', ignored: ['Kosten', 'Notizen'] }, t, 'de')).toBe(
      'Nur das Blatt „Umsatz“ wurde gelesen; nicht gelesen: Kosten, Notizen.',
    )
    expect(warningText({ code: 'encoding_fallback', encoding: 'latin-1' }, t, 'de')).toContain('latin-1')
    expect(warningText({ code: 'delimiter_doubt', delimiter: ';', columns: 2 }, t, 'de')).toBe(
      'Die Spalten wurden nicht an „;“ getrennt, das die Kopfzeile zu verwenden scheint (2 Spalten gelesen): Vorschau prüfen.',
    )
    expect(warningText({ code: 'something_new' }, t, 'de')).toBe('Hinweis beim Lesen: something_new')
    setLocale('en')
  })
})
