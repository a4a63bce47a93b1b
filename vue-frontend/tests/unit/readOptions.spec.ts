import { describe, expect, it } from 'vitest'
import type { FileInfo } from '@/types'
import { formOf, optionsFor, requestOf, selectsFor, sheetsOf } from '@/components/files/readOptions'

function file(type: string, schema: FileInfo['schema'] = { columns: [] }): FileInfo {
  return { id: 'f1', name: `x.${type}`, table_name: 'x', size: 1, type, checksum: 'c', status: 'ready', rows: 1, columns: 1, created_at: '', schema }
}

describe('re-read options', () => {
  it('offers the delimited options for text files, the sheet only for a workbook with several', () => {
    expect(optionsFor(file('csv'))).toEqual(['delimiter', 'decimal', 'encoding', 'header'])
    expect(optionsFor(file('xlsx'))).toEqual(['header'])
    const book = file('xlsx', { columns: [], warnings: [{ code: 'sheets_ignored', read: 'Sales', ignored: ['Costs', 'Notes'] }] })
    expect(optionsFor(book)).toEqual(['sheet', 'header'])
    expect(sheetsOf(book)).toEqual(['Sales', 'Costs', 'Notes'])
    expect(optionsFor(file('parquet'))).toEqual([])
    expect(optionsFor(null)).toEqual([])
  })

  it('shows one select per option that applies, automatic first, the sheets of the workbook as read', () => {
    const csv = selectsFor(file('csv'))
    expect(csv.map((s) => s.field)).toEqual(['delimiter', 'decimal', 'encoding'])
    expect(csv[0].choices).toEqual([
      { value: '', labelKey: 'reread.auto' },
      { value: ',', label: ',' },
      { value: ';', label: ';' },
      { value: '\t', labelKey: 'reread.tab' },
      { value: '|', label: '|' },
    ])
    expect(csv[2].choices.map((c) => c.value)).toEqual(['', 'utf-8', 'latin-1'])
    const book = file('xlsx', { columns: [], warnings: [{ code: 'sheets_ignored', read: 'Sales', ignored: ['Costs'] }] })
    expect(selectsFor(book)).toEqual([{ field: 'sheet', width: 160, choices: [{ value: 'Sales', label: 'Sales' }, { value: 'Costs', label: 'Costs' }] }])
    expect(selectsFor(file('xlsx'))).toEqual([])
  })

  it('starts from what was chosen last and sends only chosen options that apply', () => {
    const chosen = file('csv', { columns: [], options: { delimiter: ';', decimal: ',' } })
    const form = formOf(chosen)
    expect(form).toEqual({ delimiter: ';', decimal: ',', encoding: '', header: true, sheet: '' })
    expect(requestOf(form, optionsFor(chosen))).toEqual({ delimiter: ';', decimal: ',' })
    expect(requestOf({ ...form, header: false, sheet: 'Costs' }, optionsFor(chosen))).toEqual({ delimiter: ';', decimal: ',', header: false })
    // all automatic: an empty body, which reads the file as at upload
    expect(requestOf(formOf(file('csv')), optionsFor(file('csv')))).toEqual({})
  })
})
