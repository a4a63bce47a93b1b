/**
 * The inline status of an answer's plugin calls (SPEC 12): the plan's steps matched to
 * their executions, the live executions of a running answer, the status row itself, and
 * the composable that keeps them current from `plugin_execution` events or by polling.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { defineComponent, h, ref } from 'vue'
import ChatMessage, { type ChatTurn } from '@/components/chat/ChatMessage.vue'
import { planExecutionIds, pluginCalls } from '@/components/chat/pluginCalls'
import { useChatExecutions } from '@/composables/useChatExecutions'
import { newer, usePluginsStore } from '@/stores/plugins'
import { useRealtimeStore } from '@/stores/realtime'
import type { Execution } from '@/types'
import { envelope, json, mockFetch } from '../unit/helpers'
import { mountUi } from './mount'

const execution = (over: Partial<Execution> = {}): Execution => ({
  id: 'e1',
  plugin_id: 'builtin-image_generation',
  assistant_id: 'a1',
  run_id: 'r1',
  function_name: 'generate_image',
  status: 'running',
  input_parameters: { prompt: 'a fox' },
  output_result: null,
  execution_time_ms: null,
  attempts: 1,
  error_message: null,
  cost: 0,
  created_at: '2026-12-04T10:00:00Z',
  ...over,
})

const step = (id?: string) => ({
  tool: 'plugin:image_generation',
  args: { function: 'generate_image', prompt: 'a fox' },
  ...(id ? { execution_id: id } : {}),
})

const base: ChatTurn = { id: 'm1', role: 'assistant', content: '', status: 'completed', results: [], plan: [], runId: 'r1' }

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('pluginCalls', () => {
  it('matches plan steps to their executions by id, and keeps a step whose state is unknown', () => {
    const calls = pluginCalls([step('e1'), { tool: 'describe', args: {} }, step('e2')], 'r1', { e1: execution({ status: 'completed' }) })
    expect(calls.map((c) => [c.key, c.label, c.execution?.status ?? null])).toEqual([
      ['e1', 'image_generation.generate_image', 'completed'],
      ['e2', 'image_generation.generate_image', null],
    ])
    expect(planExecutionIds([step('e1'), step(), { tool: 'describe', args: {} }])).toEqual(['e1'])
  })

  it('shows the executions of a running answer before its plan, named by their plugin', () => {
    const tracked = { e1: execution(), other: execution({ id: 'other', run_id: 'r2' }) }
    const calls = pluginCalls([], 'r1', tracked, { 'builtin-image_generation': 'image_generation' })
    expect(calls.map((c) => [c.key, c.label, c.execution?.status])).toEqual([['e1', 'image_generation.generate_image', 'running']])
    // a plan step without an id (written before steps named it) takes the run's execution, not a second row
    expect(pluginCalls([step()], 'r1', tracked).map((c) => c.execution?.id)).toEqual(['e1'])
  })

  it('never lets a late event undo a finished execution', () => {
    const done = execution({ status: 'completed', execution_time_ms: 120 })
    expect(newer(done, execution({ status: 'running' }))).toBe(done)
    expect(newer(execution(), done).status).toBe('completed')
  })
})

describe('the inline status in an answer', () => {
  it('shows a completed call with its time, and a failed one with its error', () => {
    const wrapper = mountUi(ChatMessage, {
      props: {
        turn: { ...base, plan: [step('e1'), step('e2')] },
        calls: [
          { key: 'e1', label: 'image_generation.generate_image', execution: execution({ status: 'completed', execution_time_ms: 1500 }) },
          { key: 'e2', label: 'image_generation.generate_image', execution: execution({ id: 'e2', status: 'failed', error_message: 'HTTP 500 from the service', attempts: 3 }) },
        ],
      },
    })
    const rows = wrapper.findAll('[data-testid="chat-plugin-row"]')
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['completed', 'failed'])
    expect(rows[0]!.find('[data-testid="chat-plugin-call"]').text()).toBe('Called image_generation.generate_image')
    expect(rows[0]!.find('[data-testid="chat-plugin-status"]').text()).toBe('Completed')
    expect(rows[0]!.find('[data-testid="chat-plugin-duration"]').text()).toBe('· took 1.5 s')
    expect(rows[1]!.find('[data-testid="chat-plugin-error"]').text()).toBe('HTTP 500 from the service')
    expect(rows[1]!.text()).toContain('3 attempts')
  })

  it('shows a running call without a time, and the plan alone without a status', () => {
    const running = mountUi(ChatMessage, {
      props: { turn: { ...base, streaming: true }, calls: [{ key: 'e1', label: 'x.y', execution: execution() }] },
    })
    expect(running.find('[data-testid="chat-plugin-status"]').text()).toBe('Running')
    expect(running.find('[data-testid="chat-plugin-duration"]').exists()).toBe(false)
    const planOnly = mountUi(ChatMessage, { props: { turn: { ...base, plan: [step('e1')] } } })
    expect(planOnly.find('[data-testid="chat-plugin-call"]').text()).toBe('Called image_generation.generate_image')
    expect(planOnly.find('[data-testid="chat-plugin-status"]').exists()).toBe(false)
  })
})

describe('useChatExecutions', () => {
  function host(turns: ChatTurn[], pollMs = 1000) {
    const list = ref(turns)
    let api!: ReturnType<typeof useChatExecutions>
    const Host = defineComponent({
      setup() {
        api = useChatExecutions(list, { pollMs })
        return () => h('div')
      },
    })
    const wrapper = mountUi(Host)
    return { wrapper, list, api: () => api }
  }

  it('fetches an execution a plan names once, and follows plugin_execution events', async () => {
    const fetched: string[] = []
    mockFetch((url) => {
      fetched.push(url)
      return json(execution({ status: 'running' }))
    })
    const { api, wrapper } = host([{ ...base, plan: [step('e1')] }])
    await vi.waitFor(() => expect(api().callsOf({ ...base, plan: [step('e1')] })[0]!.execution?.status).toBe('running'))
    expect(fetched.map((u) => new URL(u, 'http://x').pathname)).toEqual(['/api/plugin-executions/e1'])
    useRealtimeStore().handle(envelope('plugin_execution', 1, execution({ status: 'completed', execution_time_ms: 80 }), 'agents') as never)
    const [call] = api().callsOf({ ...base, plan: [step('e1')] })
    expect([call!.execution?.status, call!.execution?.execution_time_ms]).toEqual(['completed', 80])
    wrapper.unmount()
  })

  it('polls the unfinished executions while the socket is not open, and stops when they finish', async () => {
    vi.useFakeTimers()
    let status: Execution['status'] = 'pending'
    const fetch = mockFetch(() => json(execution({ status })))
    const { wrapper } = host([{ ...base, streaming: true }], 1000)
    usePluginsStore().track(execution({ status: 'pending' }))
    expect(useRealtimeStore().connected).toBe(false)
    await vi.advanceTimersByTimeAsync(1000)
    expect(fetch).toHaveBeenCalledTimes(1)
    status = 'completed'
    await vi.advanceTimersByTimeAsync(1000)
    expect(usePluginsStore().tracked.e1!.status).toBe('completed')
    await vi.advanceTimersByTimeAsync(5000)
    expect(fetch).toHaveBeenCalledTimes(2)
    wrapper.unmount()
  })
})
