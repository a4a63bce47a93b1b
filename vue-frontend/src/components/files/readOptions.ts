/** The re-read form's choices (issue 12): what the file offers and what is sent. */
import type { FileInfo, ReadOptions } from '@/types'
import { warningsOf } from './ingestWarnings'

export const DELIMITED = ['csv', 'tsv', 'txt']
export const DELIMITERS = [',', ';', '\t', '|'] as const
/** '' = left to the reader. */
export interface ReadForm {
  delimiter: string
  decimal: '' | '.' | ','
  encoding: '' | 'utf-8' | 'latin-1'
  header: boolean
  sheet: string
}

/** Which options apply to a file of this type (none: the form is not shown). */
export function optionsFor(file: FileInfo | null): Array<keyof ReadForm> {
  if (!file) return []
  if (DELIMITED.includes(file.type)) return ['delimiter', 'decimal', 'encoding', 'header']
  if (file.type === 'xlsx') return sheetsOf(file).length > 1 ? ['sheet', 'header'] : ['header']
  return []
}

/** One entry of a select: its value, shown as `label`, or translated from `labelKey`. */
export interface Choice {
  value: string
  label?: string
  labelKey?: string
}
/** A select of the form: the option it sets, its width and its entries. */
export interface SelectField {
  field: 'delimiter' | 'decimal' | 'encoding' | 'sheet'
  width: number
  choices: Choice[]
}
const AUTO: Choice = { value: '', labelKey: 'reread.auto' } // left to the reader
const literal = (value: string): Choice => ({ value, label: value })

/** The selects that apply to a file, in the form's order (the header is a checkbox). */
export function selectsFor(file: FileInfo | null): SelectField[] {
  const applies = optionsFor(file)
  const all: SelectField[] = [
    { field: 'delimiter', width: 120, choices: [AUTO, ...DELIMITERS.map((d) => (d === '\t' ? { value: d, labelKey: 'reread.tab' } : literal(d)))] },
    { field: 'decimal', width: 120, choices: [AUTO, literal('.'), literal(',')] },
    { field: 'encoding', width: 120, choices: [AUTO, { value: 'utf-8', label: 'UTF-8' }, { value: 'latin-1', label: 'Latin-1' }] },
    { field: 'sheet', width: 160, choices: sheetsOf(file).map(literal) },
  ]
  return all.filter((s) => applies.includes(s.field))
}

/** The workbook's sheets, as the ingest warning names them (read one first). */
export function sheetsOf(file: FileInfo | null): string[] {
  const w = warningsOf(file).find((x) => x.code === 'sheets_ignored') as { read?: string; ignored?: string[] } | undefined
  return w?.read ? [w.read, ...(w.ignored ?? [])] : []
}

/** The form as the file was last read: its chosen options, the rest automatic. */
export function formOf(file: FileInfo | null): ReadForm {
  const schema = file?.schema
  const chosen: ReadOptions = schema && !Array.isArray(schema) && schema.options ? schema.options : {}
  return {
    delimiter: chosen.delimiter ?? '',
    decimal: chosen.decimal ?? '',
    encoding: chosen.encoding ?? '',
    header: chosen.header ?? true,
    sheet: chosen.sheet ?? '',
  }
}

/** The request body: only what applies to the file and was chosen. */
export function requestOf(form: ReadForm, applies: Array<keyof ReadForm>): ReadOptions {
  const out: ReadOptions = {}
  if (applies.includes('delimiter') && form.delimiter) out.delimiter = form.delimiter
  if (applies.includes('decimal') && form.decimal) out.decimal = form.decimal
  if (applies.includes('encoding') && form.encoding) out.encoding = form.encoding
  if (applies.includes('header') && !form.header) out.header = false
  if (applies.includes('sheet') && form.sheet) out.sheet = form.sheet
  return out
}
