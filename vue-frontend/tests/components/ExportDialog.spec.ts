import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import ExportDialog from '@/components/chat/ExportDialog.vue'
import { setLocale } from '@/i18n'
import { mountUi } from './mount'

function linkOf(wrapper: ReturnType<typeof mountUi>): URL {
  const href = wrapper.find('[data-testid="export-download"]').attributes('href')!
  return new URL(href, 'http://ui.test')
}

describe('ExportDialog', () => {
  it('builds the export link from the options: format, language, what to include', async () => {
    const wrapper = mountUi(ExportDialog, { props: { conversationId: 'c 1' }, global: { stubs: { teleport: true } } })
    await wrapper.find('[data-testid="export-open"]').trigger('click')
    await nextTick()
    let url = linkOf(wrapper)
    expect(url.pathname).toBe('/api/chat/conversations/c%201/export')
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'pdf', lang: 'en' })

    await wrapper.find('[data-testid="export-charts"] input').setValue(false)
    await wrapper.find('[data-testid="export-lang-de"] input').setValue(true)
    url = linkOf(wrapper)
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'pdf', lang: 'de', charts: 'false' })

    // the result tables are the csv: charts and tables do not apply, nor does the language
    await wrapper.find('[data-testid="export-format-csv"] input').setValue(true)
    url = linkOf(wrapper)
    expect(Object.fromEntries(url.searchParams)).toEqual({ format: 'csv' })
    expect(wrapper.find('[data-testid="export-lang"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="export-tables"] input').attributes('disabled')).toBeDefined()
  })

  it('limits the export to a date range when one is given', async () => {
    const wrapper = mountUi(ExportDialog, { props: { conversationId: 'c1' }, global: { stubs: { teleport: true } } })
    await wrapper.find('[data-testid="export-open"]').trigger('click')
    await nextTick()
    await wrapper.find('[data-testid="export-from"]').setValue('2026-03-01')
    expect(Object.fromEntries(linkOf(wrapper).searchParams)).toEqual({ format: 'pdf', lang: 'en', from: '2026-03-01' })
    await wrapper.find('[data-testid="export-to"]').setValue('2026-03-31')
    expect(linkOf(wrapper).searchParams.get('to')).toBe('2026-03-31')
    await wrapper.find('[data-testid="export-from"]').setValue('')
    expect(linkOf(wrapper).searchParams.has('from')).toBe(false)
  })

  it('starts with the UI language', async () => {
    const wrapper = mountUi(ExportDialog, { props: { conversationId: 'c1' }, global: { stubs: { teleport: true } } })
    setLocale('zh')
    await nextTick()
    await wrapper.find('[data-testid="export-open"]').trigger('click')
    await nextTick()
    expect(linkOf(wrapper).searchParams.get('lang')).toBe('zh')
    expect(wrapper.find('[data-testid="export-download"]').text()).toBe('下载')
    setLocale('en')
  })
})
