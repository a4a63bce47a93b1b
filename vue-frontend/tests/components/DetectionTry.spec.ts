/** "Try detection" in the assistant editor (SPEC 12): a message, the calls found, one run and its status. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import DetectionTry from '@/components/assistants/DetectionTry.vue'
import { useRealtimeStore } from '@/stores/realtime'
import type { Plugin } from '@/types'
import { apiError, envelope, json, mockFetch } from '../unit/helpers'
import { mountUi } from './mount'

const plugins = [{ id: 'p-fx', name: 'fx' }] as Plugin[]
const call = { plugin_id: 'p-fx', function_name: 'exchange', parameters: { value: 100, source_currency: 'USD', target_currency: 'EUR' }, confidence: 0.92 }

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

function bodyOf(init: RequestInit): unknown {
  return JSON.parse(String(init.body))
}

describe('DetectionTry', () => {
  it('shows the calls a message asks for and runs one, following its execution to completed', async () => {
    const sent: Array<[string, unknown]> = []
    mockFetch((url, init) => {
      const path = new URL(url, 'http://x').pathname
      if (init.method === 'POST') sent.push([path, bodyOf(init)])
      if (path === '/api/chat/detect-functions') return json({ calls: [call] })
      if (path === '/api/chat/execute-function') return json({ execution_id: 'e9' }, 202)
      return json({ id: 'e9', plugin_id: 'p-fx', run_id: null, function_name: 'exchange', status: 'pending', created_at: '2026-12-04T10:00:00Z' })
    })
    const wrapper = mountUi(DetectionTry, { props: { assistantId: 'a1', plugins } })
    await wrapper.find('input[data-testid="detection-message"]').setValue('What are 100 USD in EUR? exchange rate')
    await wrapper.find('[data-testid="detection-run"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.findAll('[data-testid="detection-call"]')).toHaveLength(1))
    expect(sent[0]).toEqual(['/api/chat/detect-functions', { assistant_id: 'a1', message: 'What are 100 USD in EUR? exchange rate' }])
    expect(wrapper.find('[data-testid="detection-function"]').text()).toBe('fx.exchange')
    expect(wrapper.find('[data-testid="detection-confidence"]').text()).toBe('confidence 92%')
    expect(JSON.parse(wrapper.find('[data-testid="detection-parameters"]').text())).toEqual(call.parameters)

    await wrapper.find('[data-testid="detection-execute"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="chat-plugin-status"]').attributes('data-status')).toBe('pending'))
    expect(sent[1]).toEqual(['/api/chat/execute-function', { function_name: 'exchange', parameters: call.parameters, plugin_id: 'p-fx', assistant_id: 'a1' }])
    expect(wrapper.find('[data-testid="detection-execute"]').attributes('disabled')).toBeDefined()
    const done = { id: 'e9', plugin_id: 'p-fx', run_id: null, function_name: 'exchange', status: 'completed', execution_time_ms: 250, attempts: 1, created_at: '2026-12-04T10:00:00Z' }
    useRealtimeStore().handle(envelope('plugin_execution', 1, done, 'agents') as never)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="chat-plugin-status"]').attributes('data-status')).toBe('completed'))
    expect(wrapper.find('[data-testid="chat-plugin-duration"]').text()).toBe('· took 0.25 s')
    wrapper.unmount()
  })

  it('says when nothing is found, and shows an error of the API', async () => {
    let answer = json({ calls: [] })
    mockFetch(() => answer)
    const wrapper = mountUi(DetectionTry, { props: { assistantId: 'a1', plugins } })
    await wrapper.find('input[data-testid="detection-message"]').setValue('How many rows?')
    await wrapper.find('[data-testid="detection-run"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="detection-none"]').exists()).toBe(true))
    answer = apiError(404, 'not_found')
    await wrapper.find('[data-testid="detection-run"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="detection-error"]').text()).toContain('not_found happened'))
    expect(wrapper.find('[data-testid="detection-none"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
