import { describe, expect, it } from 'vitest'
import ChatMessage, { type ChatTurn } from '@/components/chat/ChatMessage.vue'
import { mountUi } from './mount'

const base: ChatTurn = { id: 'a1', role: 'assistant', content: '', status: 'completed', results: [], plan: [] }

describe('ChatMessage', () => {
  it('offers the candidates of an unclear question and emits the one chosen', async () => {
    const wrapper = mountUi(ChatMessage, {
      props: { turn: { ...base, content: 'Which **mass**?', needsClarification: true, candidates: ['body_mass_g', 'bill_mass'] } },
    })
    const buttons = wrapper.findAll('[data-testid="clarification-candidate"]')
    expect(buttons.map((b) => b.text())).toEqual(['body_mass_g', 'bill_mass'])
    await buttons[1]!.trigger('click')
    expect(wrapper.emitted('choose')).toEqual([['bill_mass']])
    expect(wrapper.find('[data-testid="chat-answer-text"]').html()).toContain('<strong>mass</strong>')
  })

  it('shows a table result, the folded plan, and no cancel once finished', () => {
    const wrapper = mountUi(ChatMessage, {
      props: {
        turn: {
          ...base,
          content: 'Averages',
          results: [{ kind: 'table', title: 'mean by species', columns: ['species', 'mean'], rows: [['Adelie', 3700.5]] }],
          plan: [{ tool: 'group_aggregate', args: { by: ['species'] } }],
        },
      },
    })
    const table = wrapper.find('[data-testid="result-table"]')
    expect(table.text()).toContain('mean by species')
    // jsdom does no layout, so the grid's rows are read from what it was given, formatted.
    expect(wrapper.findComponent({ name: 'ElTable' }).props('data')).toEqual([{ c0: 'Adelie', c1: '3700.5' }])
    expect(wrapper.find('[data-testid="answer-plan"]').text()).toContain('1 steps')
    expect(wrapper.find('[data-testid="chat-cancel"]').exists()).toBe(false)
  })

  it('lets a streaming answer be cancelled and shows its agents', async () => {
    const wrapper = mountUi(ChatMessage, {
      props: {
        turn: {
          ...base,
          status: 'running',
          streaming: true,
          agents: [{ key: 'stats', agent: 'stats', status: 'processing', progress: 40, message: 'grouping' }],
        },
      },
    })
    expect(wrapper.find('[data-testid="agent-row"]').text()).toContain('stats')
    await wrapper.find('[data-testid="chat-cancel"]').trigger('click')
    expect(wrapper.emitted('cancel')).toHaveLength(1)
  })
})
