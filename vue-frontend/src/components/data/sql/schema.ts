/**
 * What the SQL editor completes: the tables SQL can use and their columns, in the shape of
 * @codemirror/lang-sql's `schema` option (kept free of CodeMirror imports, so that the
 * data view can build it without loading the editor).
 */
import type { SqlTable } from '@/types'

export interface ColumnCompletion {
  label: string
  detail: string
  type: 'property'
}

export interface TableCompletion {
  label: string
  detail: string
  type: 'type'
}

/** Table name → its columns (label, type as detail) and the table's own completion. */
export type SqlSchema = Record<string, { self: TableCompletion; children: ColumnCompletion[] }>

export function sqlSchema(tables: SqlTable[], kindLabel: (kind: SqlTable['kind']) => string = (k) => k): SqlSchema {
  const out: SqlSchema = {}
  for (const table of tables) {
    out[table.name] = {
      self: { label: table.name, detail: kindLabel(table.kind), type: 'type' },
      children: table.columns.map((c) => ({ label: c.name, detail: c.dtype, type: 'property' })),
    }
  }
  return out
}

/** A name as SQL must write it: bare when it is a plain lower-case identifier, else double-quoted. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`
}

/** Tables (and columns) whose names contain `filter`, case-insensitive; a table matching by a column keeps only those columns. */
export function filterTables(tables: SqlTable[], filter: string): SqlTable[] {
  const f = filter.trim().toLowerCase()
  if (!f) return tables
  const out: SqlTable[] = []
  for (const table of tables) {
    if (table.name.toLowerCase().includes(f)) out.push(table)
    else {
      const columns = table.columns.filter((c) => c.name.toLowerCase().includes(f))
      if (columns.length) out.push({ ...table, columns })
    }
  }
  return out
}

/** Columns of the tables the statement names (anywhere in `text`), for completion without `table.`. */
export function columnsInScope(tables: SqlTable[], text: string): (ColumnCompletion & { table: string })[] {
  const words = new Set(text.toLowerCase().match(/[a-z_][a-z0-9_]*/g) ?? [])
  const quoted = new Set([...text.matchAll(/"((?:[^"]|"")+)"/g)].map((m) => m[1]!.replace(/""/g, '"')))
  const out: (ColumnCompletion & { table: string })[] = []
  for (const table of tables) {
    if (!words.has(table.name.toLowerCase()) && !quoted.has(table.name)) continue
    for (const c of table.columns) out.push({ label: sqlIdent(c.name), detail: `${c.dtype} · ${table.name}`, type: 'property', table: table.name })
  }
  return out
}
