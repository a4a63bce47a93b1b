import { describe, expect, it } from 'vitest'
import ChatMessage, { type ChatTurn } from '@/components/chat/ChatMessage.vue'
import { mountUi } from './mount'

const base: ChatTurn = { id: 'a1', role: 'assistant', content: '', status: 'completed', results: [], plan: [] }

describe('ChatMessage', () => {
  it('offers the candidates of an unclear question and emits the one chosen, label and value', async () => {
    const clarification = {
      slot: 'column' as const,
      about: 'mass',
      candidates: [
        { label: 'body mass', value: 'body_mass_g' },
        { label: 'bill mass', value: 'bill_mass' },
      ],
    }
    const wrapper = mountUi(ChatMessage, {
      props: { turn: { ...base, content: 'Which **mass**?', needsClarification: true, clarification, ignored: ['mass'] } },
    })
    const buttons = wrapper.findAll('[data-testid="clarification-candidate"]')
    expect(buttons.map((b) => b.text())).toEqual(['body mass', 'bill mass'])
    expect(wrapper.find('[data-testid="clarification-hint"]').text()).toBe('What do you mean by “mass”?')
    await buttons[1]!.trigger('click')
    expect(wrapper.emitted('choose')).toEqual([[{ label: 'bill mass', value: 'bill_mass' }]])
    expect(wrapper.find('[data-testid="chat-answer-text"]').html()).toContain('<strong>mass</strong>')
    // the words of a clarification are named by the prompt, not listed as ignored
    expect(wrapper.find('[data-testid="chat-ignored"]').exists()).toBe(false)
  })

  it('marks the candidate a later message already chose', () => {
    const clarification = { slot: 'column' as const, about: '', candidates: [{ label: 'a', value: 'a' }, { label: 'b', value: 'b' }] }
    const wrapper = mountUi(ChatMessage, { props: { turn: { ...base, clarification }, chosen: 'b' } })
    const chips = wrapper.findAll('[data-testid="clarification-candidate"]')
    expect(chips.map((c) => c.attributes('data-chosen') ?? null)).toEqual([null, 'true'])
  })

  it('shows the reading first, above the answer and its results, and the words not used', () => {
    const wrapper = mountUi(ChatMessage, {
      props: {
        turn: {
          ...base,
          content: 'The mean is **3**.',
          interpretation: 'Read as: mean of flipper_length_mm by species',
          ignored: ['please'],
          results: [{ kind: 'scalar', name: 'mean', value: 3 }],
        },
      },
    })
    const html = wrapper.html()
    const reading = wrapper.find('[data-testid="chat-interpretation"]')
    expect(reading.text()).toBe('Read as: mean of flipper_length_mm by species')
    expect(html.indexOf('data-testid="chat-interpretation"')).toBeLessThan(html.indexOf('data-testid="chat-answer-text"'))
    expect(html.indexOf('data-testid="chat-answer-text"')).toBeLessThan(html.indexOf('data-testid="result-scalar"'))
    expect(wrapper.find('[data-testid="chat-ignored"]').text()).toBe('Not used from your question: please')
  })

  it('does not repeat a reading that the answer already opens with', () => {
    const wrapper = mountUi(ChatMessage, {
      props: { turn: { ...base, content: 'Read as: rows\n\n**3**', interpretation: 'Read as: rows' } },
    })
    expect(wrapper.find('[data-testid="chat-interpretation"]').exists()).toBe(false)
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
    expect(wrapper.findComponent({ name: 'ElTable' }).props('data')).toEqual([{ c0: 'Adelie', c1: '3,700.5' }])
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

  it('names the plugin functions the run called and shows their image', () => {
    const image = { kind: 'image' as const, title: 'a fox', url: '/api/plugin-executions/e1/image', mime: 'image/png' }
    const plan = [{ tool: 'plugin:image_generation', args: { function: 'generate_image', prompt: 'a fox' } }, { tool: 'count_rows', args: {} }]
    const wrapper = mountUi(ChatMessage, { props: { turn: { ...base, results: [image], plan } } })
    const calls = wrapper.findAll('[data-testid="chat-plugin-call"]')
    expect(calls.map((c) => c.text())).toEqual(['Called image_generation.generate_image'])
    const img = wrapper.find('[data-testid="result-image-img"]')
    expect(img.attributes('src')).toBe('/api/plugin-executions/e1/image')
    expect(img.attributes('alt')).toBe('a fox')
  })
})
