import { describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import DataSourceForm from '@/components/data/DataSourceForm.vue'
import { mountUi } from './mount'

describe('DataSourceForm', () => {
  it('emits a url source with its format and refresh interval in seconds', async () => {
    const wrapper = mountUi(DataSourceForm, { props: { files: [], saving: false, error: null } })
    await wrapper.find('[data-testid="datasource-name"]').setValue('Rates')
    await wrapper.findAll('.el-radio-button input').find((i) => (i.element as HTMLInputElement).value === 'url')!.setValue(true)
    const inputs = wrapper.findAll('input[type="text"]')
    await inputs[1]!.setValue('https://example.org/rates.json')
    await wrapper.findAll('.el-radio-button input').find((i) => (i.element as HTMLInputElement).value === 'json')!.setValue(true)
    await wrapper.find('.el-input-number input').setValue('5')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('submit')).toEqual([
      [{ name: 'Rates', type: 'url', config: { url: 'https://example.org/rates.json', format: 'json' }, refresh_interval: 300 }],
    ])
  })

  it('emits a sql source with its URL and query and no refresh interval', async () => {
    const wrapper = mountUi(DataSourceForm, { props: { files: [], saving: false, error: null } })
    await wrapper.find('[data-testid="datasource-name"]').setValue('Orders')
    await wrapper.findAll('.el-radio-button input').find((i) => (i.element as HTMLInputElement).value === 'sql')!.setValue(true)
    await wrapper.findAll('input[type="text"]')[1]!.setValue('postgresql://db.example.org/shop')
    await wrapper.find('textarea').setValue('SELECT * FROM orders')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('submit')).toEqual([
      [{ name: 'Orders', type: 'sql', config: { url: 'postgresql://db.example.org/shop', query: 'SELECT * FROM orders' }, refresh_interval: null }],
    ])
  })

  it('emits a live sql source when Live is chosen', async () => {
    const wrapper = mountUi(DataSourceForm, { props: { files: [], saving: false, error: null } })
    await wrapper.find('[data-testid="datasource-name"]').setValue('Orders')
    await wrapper.findAll('.el-radio-button input').find((i) => (i.element as HTMLInputElement).value === 'sql')!.setValue(true)
    await wrapper.findAll('input[type="text"]')[1]!.setValue('postgresql://db.example.org/shop')
    await wrapper.find('textarea').setValue('SELECT * FROM orders')
    await wrapper.findAll('.el-radio-button input').find((i) => (i.element as HTMLInputElement).value === 'live')!.setValue(true)
    expect(wrapper.text()).toContain('Nothing is copied')
    await wrapper.find('form').trigger('submit')
    await flushPromises()
    expect(wrapper.emitted('submit')).toEqual([
      [{ name: 'Orders', type: 'sql', config: { url: 'postgresql://db.example.org/shop', query: 'SELECT * FROM orders', mode: 'live' }, refresh_interval: null }],
    ])
  })
})
