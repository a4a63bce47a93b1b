/**
 * Rows as CSV for a spreadsheet: RFC 4180 quoting, CRLF line ends, a BOM so that Excel
 * reads UTF-8, and text that a spreadsheet would run as a formula prefixed with `'`.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function toCsv(columns: string[], rows: unknown[][]): string {
  const lines = [columns.map(csvCell).join(',')]
  for (const row of rows) lines.push(columns.map((_, i) => csvCell(row[i])).join(','))
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}

/** Hands the CSV to the browser as a download named `name`. */
export function downloadCsv(name: string, columns: string[], rows: unknown[][]): void {
  const url = URL.createObjectURL(new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
