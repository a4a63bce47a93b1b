import { describe, expect, it } from 'vitest'
import { formatBytes, formatCell, formatNumber, formatPercent } from '@/components/format'

describe('format', () => {
  it('groups thousands only from five digits on, in the chosen language', () => {
    expect(formatNumber(2007, 'en')).toBe('2007')
    expect(formatNumber(12500, 'en')).toBe('12,500')
    expect(formatNumber(12500.25, 'de')).toBe('12.500,25')
    expect(formatNumber(1 / 3, 'en')).toBe('0.3333')
  })

  it('shows missing values as a dash and objects as JSON', () => {
    expect(formatCell(null)).toBe('–')
    expect(formatCell({ a: 1 })).toBe('{"a":1}')
    expect(formatNumber(undefined)).toBe('–')
    expect(formatPercent(Number.NaN)).toBe('–')
  })

  it('sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB')
  })
})
