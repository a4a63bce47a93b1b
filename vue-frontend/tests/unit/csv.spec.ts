// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from '@/utils/csv'

describe('csv', () => {
  it('quotes what needs quoting and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvCell('-3')).toBe("'-3")
    expect(csvCell(-3.5)).toBe('-3.5') // a number is a number
    expect(csvCell(null)).toBe('')
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"')
  })

  it('writes a BOM, a header and CRLF rows', () => {
    expect(toCsv(['island', 'mean'], [['Biscoe', 4716.02], ['东京', null]])).toBe('\uFEFFisland,mean\r\nBiscoe,4716.02\r\n东京,\r\n')
  })
})
