import { describe, expect, it } from 'vitest'
import {
  axisNumber,
  buildOption,
  chartData,
  chartTable,
  fileStem,
  fittingTypes,
  localiseOption,
  scatterTable,
  sortData,
} from '@/components/charts/chartData'

const BAR = {
  title: { text: 'Mean price by cut' },
  tooltip: { trigger: 'axis' },
  xAxis: { type: 'category', data: ['Fair', 'Good', 'Ideal', 'Premium'] },
  yAxis: { type: 'value' },
  series: [{ name: 'mean_price', type: 'bar', data: [4358.76, 3928.86, null, 4584.26] }],
}

describe('chart data', () => {
  it('reads categories and series out of a bar option, horizontal ones too', () => {
    const data = chartData(BAR)!
    expect(data).toMatchObject({ type: 'bar', title: 'Mean price by cut', horizontal: false })
    expect(data.categories).toEqual(['Fair', 'Good', 'Ideal', 'Premium'])
    expect(data.series[0]!.values).toEqual([4358.76, 3928.86, null, 4584.26])
    const horizontal = chartData({ ...BAR, xAxis: { type: 'value' }, yAxis: BAR.xAxis })!
    expect(horizontal.horizontal).toBe(true)
    expect(buildOption(horizontal, 'bar', 'en').yAxis).toMatchObject({ type: 'category' })
  })

  it('reads a pie, and leaves scatter and heatmap alone', () => {
    const pie = chartData({ series: [{ type: 'pie', data: [{ name: 'a', value: 2 }, { name: 'b', value: 3 }] }] })!
    expect(pie.categories).toEqual(['a', 'b'])
    expect(pie.series[0]!.values).toEqual([2, 3])
    expect(chartData({ series: [{ type: 'scatter', data: [[1, 2]] }] })).toBeNull()
    expect(chartData({ series: [{ type: 'heatmap', data: [] }] })).toBeNull()
  })

  it('sorts by the first series, missing values last, ties in their order', () => {
    const data = chartData(BAR)!
    expect(sortData(data, 'desc').categories).toEqual(['Premium', 'Fair', 'Good', 'Ideal'])
    expect(sortData(data, 'asc').categories).toEqual(['Good', 'Fair', 'Premium', 'Ideal'])
    expect(sortData(data, 'asc').series[0]!.values).toEqual([3928.86, 4358.76, 4584.26, null])
    expect(sortData(data, 'none')).toBe(data)
  })

  it('offers a pie only for one series without negative values', () => {
    expect(fittingTypes(chartData(BAR)!)).toEqual(['bar', 'line', 'pie', 'table'])
    const two = chartData({ ...BAR, series: [...BAR.series, { name: 'b', type: 'bar', data: [1, 2, 3, 4] }] })!
    expect(fittingTypes(two)).toEqual(['bar', 'line', 'table'])
    const negative = chartData({ ...BAR, series: [{ name: 'd', type: 'bar', data: [-1, 2, 3, 4] }] })!
    expect(fittingTypes(negative)).not.toContain('pie')
  })

  it('draws the data as another type with axes and tooltips in the UI language', () => {
    const data = chartData(BAR)!
    const line = buildOption(data, 'line', 'de') as { series: { type: string }[]; yAxis: { axisLabel: { formatter: (v: number) => string } }; tooltip: { valueFormatter: (v: unknown) => string } }
    expect(line.series[0]!.type).toBe('line')
    expect(line.yAxis.axisLabel.formatter(12500)).toBe('12.500')
    expect(line.tooltip.valueFormatter(4358.76)).toBe('4.358,76')
    const pie = buildOption(data, 'pie', 'en') as { series: { type: string; data: unknown[] }[] }
    expect(pie.series[0]!.data[0]).toEqual({ name: 'Fair', value: 4358.76 })
  })

  it('localises the value axes of an option it does not rebuild, keeping its own formatters', () => {
    const scatter = { xAxis: { type: 'value', name: 'carat' }, yAxis: [{ type: 'value', axisLabel: { formatter: '{value} $' } }], tooltip: { trigger: 'item' }, series: [{ type: 'scatter', data: [[0.5, 1500.5]] }] }
    const out = localiseOption(scatter, 'zh') as { xAxis: { axisLabel: { formatter: (v: number) => string } }; yAxis: { axisLabel: { formatter: string } }[]; tooltip: { valueFormatter: unknown } }
    expect(out.xAxis.axisLabel.formatter(25000)).toBe('25,000')
    expect(out.yAxis[0]!.axisLabel.formatter).toBe('{value} $')
    expect(typeof out.tooltip.valueFormatter).toBe('function')
    const pie = { tooltip: { formatter: '{b}: {c}' }, series: [{ type: 'pie' }] }
    expect(localiseOption(pie, 'de').tooltip).toEqual({ formatter: '{b}: {c}' })
  })

  it('gives the data behind a chart as a table, and scatter points as x, y', () => {
    expect(chartTable(chartData(BAR)!, 'cut')).toEqual({
      columns: ['cut', 'mean_price'],
      rows: [['Fair', 4358.76], ['Good', 3928.86], ['Ideal', null], ['Premium', 4584.26]],
    })
    expect(scatterTable({ xAxis: { type: 'value', name: 'carat' }, yAxis: { type: 'value' }, series: [{ type: 'scatter', data: [[1, 2], [3]] }] })).toEqual({
      columns: ['carat', 'y'],
      rows: [[1, 2]],
    })
  })

  it('shortens large axis numbers in the language, names files after the title', () => {
    expect(axisNumber(1_500_000, 'de')).toBe('1,5\u00a0Mio.')
    expect(axisNumber(1_500_000, 'en')).toBe('1.5M')
    expect(fileStem('Mean price by cut')).toBe('mean-price-by-cut')
    expect(fileStem('平均价格 / 岛')).toBe('平均价格-岛')
    expect(fileStem('***')).toBe('chart')
  })
})
