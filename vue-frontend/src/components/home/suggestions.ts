/**
 * Suggested questions from a file's own columns: a numeric and a categorical column give
 * "average <num> by <cat>", a date column "<num> per month", a categorical one a count per
 * value, a column with gaps its missing values, two numbers their correlation. Each is a
 * message key and its parameters, phrased (in `home.q.*`) the way the planner reads it in
 * that language; `suggestionText` fills them in.
 */
import type { ColumnProfile, FileInfo } from '@/types'

export type SuggestionKind = 'avgBy' | 'perMonth' | 'countBy' | 'missingIn' | 'correlation' | 'distribution' | 'rows'

export interface Suggestion {
  kind: SuggestionKind
  params: Record<string, string>
}

/** DuckDB's numeric types (and pandas' names, for other sources). */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL|NUMERIC|INT\d*|FLOAT\d*|UINT\d*)\b/i
const TEMPORAL = /^(DATE|TIMESTAMP|DATETIME)/i
const TEXTUAL = /^(VARCHAR|TEXT|STRING|OBJECT|BOOLEAN|BOOL|ENUM|CATEGORY)/i
/** Names that count or identify rather than measure: no "average id". */
const IDENTIFIER = /(^|[_\s.-])(id|uuid|key|code|nr|no|index|year|jahr|zip|plz)$|^(id|index|year|jahr)$/i
const MAX_CATEGORIES = 50
export const MAX_SUGGESTIONS = 5

export function isNumeric(column: ColumnProfile): boolean {
  return NUMERIC.test(column.dtype)
}

export function isTemporal(column: ColumnProfile): boolean {
  return TEMPORAL.test(column.dtype)
}

/** Text (or few-valued) columns worth grouping by: more than one value, not one per row. */
export function isCategorical(column: ColumnProfile, rows: number | null): boolean {
  const few = column.unique >= 2 && column.unique <= MAX_CATEGORIES && (rows === null || column.unique < rows)
  if (TEXTUAL.test(column.dtype)) return few
  return false
}

/** Measures: numeric columns that are not identifiers, the most varied first. */
export function measures(columns: ColumnProfile[]): ColumnProfile[] {
  return columns.filter((c) => isNumeric(c) && !IDENTIFIER.test(c.name) && c.unique > 2).sort((a, b) => b.unique - a.unique)
}

/** A column name as the question writes it: bare when it is one word, else in backticks. */
export function quoteColumn(name: string): string {
  return /^[\p{L}\p{N}_]+$/u.test(name) ? name : `\`${name.replace(/`/g, '')}\``
}

/** The columns of a FileInfo's schema, whichever of its two shapes it has. */
export function schemaColumns(file: Pick<FileInfo, 'schema'> | null | undefined): ColumnProfile[] {
  const schema = file?.schema
  if (!schema) return []
  return Array.isArray(schema) ? schema : (schema.columns ?? [])
}

export function suggestQuestions(columns: ColumnProfile[], rows: number | null = null, limit = MAX_SUGGESTIONS): Suggestion[] {
  const out: Suggestion[] = []
  const nums = measures(columns)
  // complete columns first, then the fewest categories: the shortest tables, the clearest charts
  const cats = columns
    .filter((c) => isCategorical(c, rows))
    .sort((a, b) => Number(a.nulls > 0) - Number(b.nulls > 0) || a.unique - b.unique)
  const dates = columns.filter(isTemporal)
  const gaps = columns.filter((c) => c.nulls > 0).sort((a, b) => b.nulls - a.nulls)
  const q = (c: ColumnProfile) => quoteColumn(c.name)
  const [num, num2] = nums
  const [cat, cat2] = cats
  const [date] = dates

  if (num && cat) out.push({ kind: 'avgBy', params: { num: q(num), cat: q(cat) } })
  if (num && date) out.push({ kind: 'perMonth', params: { num: q(num), date: q(date) } })
  if (cat) out.push({ kind: 'countBy', params: { cat: q(cat) } })
  if (gaps[0]) out.push({ kind: 'missingIn', params: { col: q(gaps[0]) } })
  if (num && num2) out.push({ kind: 'correlation', params: { a: q(num), b: q(num2) } })
  if (num2 && cat2) out.push({ kind: 'avgBy', params: { num: q(num2), cat: q(cat2) } })
  if (num) out.push({ kind: 'distribution', params: { num: q(num) } })
  if (out.length < limit) out.push({ kind: 'rows', params: {} })
  return out.slice(0, limit)
}

/** The question in the UI language (`t` is vue-i18n's). */
export function suggestionText(s: Suggestion, t: (key: string, params: Record<string, string>) => string): string {
  return t(`home.q.${s.kind}`, s.params)
}
