import { describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import en from '@/locales/en.json'
import de from '@/locales/de.json'
import zh from '@/locales/zh.json'
import type { ColumnProfile } from '@/types'
import { quoteColumn, schemaColumns, suggestQuestions, suggestionText } from '@/components/home/suggestions'

function col(name: string, dtype: string, unique: number, nulls = 0): ColumnProfile {
  return { name, dtype, unique, nulls }
}

const PENGUINS: ColumnProfile[] = [
  col('species', 'VARCHAR', 3),
  col('island', 'VARCHAR', 3),
  col('bill_length_mm', 'DOUBLE', 160, 2),
  col('body_mass_g', 'BIGINT', 94, 2),
  col('sex', 'VARCHAR', 2, 11),
  col('year', 'BIGINT', 3),
]

function texts(locale: 'en' | 'de' | 'zh', columns: ColumnProfile[], rows: number | null = 344): string[] {
  const i18n = createI18n({ legacy: false, locale, messages: { en, de, zh } })
  const t = (key: string, params: Record<string, string>) => i18n.global.t(key, params)
  return suggestQuestions(columns, rows).map((s) => suggestionText(s, t))
}

describe('suggested questions', () => {
  it('a numeric and a categorical column give "average <num> by <cat>", then counts, gaps and correlation', () => {
    expect(texts('en', PENGUINS)).toEqual([
      'average bill_length_mm by species',
      'how many rows per species',
      'how many values are missing in sex?',
      'correlation between bill_length_mm and body_mass_g',
      'average body_mass_g by island',
    ])
  })

  it('speaks the UI language, phrased as the planner reads it', () => {
    expect(texts('de', PENGUINS).slice(0, 3)).toEqual([
      'Durchschnitt von bill_length_mm pro species',
      'Wie viele Zeilen pro species?',
      'Wie viele Werte fehlen in sex?',
    ])
    expect(texts('zh', PENGUINS).slice(0, 4)).toEqual([
      '按species统计平均bill_length_mm',
      '每个species有多少行',
      'sex有多少缺失值？',
      'bill_length_mm和body_mass_g的相关性',
    ])
  })

  it('a date column gives "<num> per month"', () => {
    const sales = [col('order_date', 'DATE', 365), col('amount', 'DECIMAL(10,2)', 900), col('region', 'VARCHAR', 4)]
    expect(texts('en', sales, 1000).slice(0, 2)).toEqual(['average amount by region', 'average amount per month'])
    expect(texts('de', sales, 1000)[1]).toBe('Durchschnitt von amount pro Monat')
    expect(texts('zh', sales, 1000)[1]).toBe('每月的平均amount')
  })

  it('never averages identifiers or years, nor groups by a column with one value per row', () => {
    const columns = [col('id', 'BIGINT', 100), col('customer_id', 'INTEGER', 80), col('year', 'BIGINT', 5), col('email', 'VARCHAR', 100)]
    expect(suggestQuestions(columns, 100)).toEqual([{ kind: 'rows', params: {} }])
  })

  it('quotes names that are not one word, and reads both schema shapes', () => {
    expect(quoteColumn('Sales Amount')).toBe('`Sales Amount`')
    expect(quoteColumn('Umsatz_€')).toBe('`Umsatz_€`')
    expect(quoteColumn('体重')).toBe('体重')
    const cols = [col('Sales Amount', 'DOUBLE', 50), col('Store Region', 'VARCHAR', 4)]
    expect(texts('en', cols, 200)[0]).toBe('average `Sales Amount` by `Store Region`')
    expect(schemaColumns({ schema: { columns: cols } })).toEqual(cols)
    expect(schemaColumns({ schema: cols })).toEqual(cols)
    expect(schemaColumns({ schema: null })).toEqual([])
  })

  it('an empty schema still offers the row count, and at most five questions are made', () => {
    expect(suggestQuestions([])).toEqual([{ kind: 'rows', params: {} }])
    expect(suggestQuestions(PENGUINS, 344).length).toBeLessThanOrEqual(5)
  })
})
