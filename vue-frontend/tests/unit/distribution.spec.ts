// A profiled column's distribution as bars: histogram for numbers, top values for text.
import { describe, expect, it } from 'vitest'
import { distributionOf } from '@/components/files/distribution'
import type { ColumnProfile } from '@/types'

const column = (extra: Partial<ColumnProfile>): ColumnProfile => ({ name: 'c', dtype: 'DOUBLE', nulls: 0, unique: 3, ...extra })

describe('distributionOf', () => {
  it('turns histogram bins into bars scaled to the largest, labelled in the locale', () => {
    const d = distributionOf(column({ histogram: [{ from: 0, to: 12500.5, count: 2 }, { from: 12500.5, to: 25001, count: 8 }] }), 'de')!
    expect(d.kind).toBe('histogram')
    expect(d.bars).toEqual([
      { label: '0 – 12.500,5', count: 2, share: 0.25 },
      { label: '12.500,5 – 25.001', count: 8, share: 1 },
    ])
  })

  it('turns top values into bars, the empty string shown as such', () => {
    const d = distributionOf(column({ dtype: 'VARCHAR', top_values: [{ value: 'north', count: 30 }, { value: '', count: 10 }, { value: true, count: 0 }] }), 'en', '(empty)')!
    expect(d.kind).toBe('top')
    expect(d.bars.map((b) => [b.label, b.share])).toEqual([['north', 1], ['(empty)', 1 / 3], ['true', 0]])
  })

  it('is null for a column without either (a date, an old profile)', () => {
    expect(distributionOf(column({ dtype: 'DATE' }), 'en')).toBeNull()
    expect(distributionOf(column({ histogram: [] }), 'en')).toBeNull()
  })
})
