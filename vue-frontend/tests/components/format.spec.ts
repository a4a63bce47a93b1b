import { describe, expect, it } from 'vitest'
import { formatBytes, formatCell, formatDateText, formatNumber, formatPercent } from '@/components/format'

describe('format', () => {
  it('groups thousands only from five digits on, in the chosen language', () => {
    expect(formatNumber(2007, 'en')).toBe('2007')
    expect(formatNumber(12500, 'en')).toBe('12,500')
    expect(formatNumber(12500.25, 'de')).toBe('12.500,25')
    expect(formatNumber(1 / 3, 'en')).toBe('0.3333')
  })

  it('writes decimals as the language does: 1,234.5 / 1.234,5, p-values in scientific notation', () => {
    expect(formatNumber(1234.5, 'en')).toBe('1,234.5')
    expect(formatNumber(1234.5, 'de')).toBe('1.234,5')
    expect(formatNumber(1234.5, 'zh')).toBe('1,234.5')
    expect(formatNumber(4358.7578, 'de')).toBe('4.358,76')
    expect(formatNumber(123.456, 'de')).toBe('123,5')
    expect(formatNumber(6.4e-47, 'en')).toBe('6.4E-47')
    expect(formatNumber(0.00012, 'de')).toBe('1,2E-4')
    expect(formatNumber(0, 'en')).toBe('0')
  })

  it('writes ISO dates and times in the language; other text stays', () => {
    expect(formatCell('2026-12-04', 'en')).toBe('Dec 4, 2026')
    expect(formatCell('2026-12-04', 'de')).toBe('04.12.2026')
    expect(formatCell('2026-12-04', 'zh')).toBe('2026年12月4日')
    expect(formatCell('2026-12-04T17:05:00', 'de')).toBe('04.12.2026, 17:05')
    expect(formatCell('2026-12-04 00:00:00', 'en')).toBe('Dec 4, 2026')
    expect(formatDateText('2026-12-04T17:05:09.123Z', 'en', 'UTC')).toBe('Dec 4, 2026, 5:05:09 PM')
    expect(formatCell('2026-13-45x', 'en')).toBe('2026-13-45x')
    expect(formatCell('Biscoe', 'de')).toBe('Biscoe')
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
