import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import ChatSearch from '@/components/chat/ChatSearch.vue'
import { useChatSearchStore } from '@/stores/chatSearch'
import { mountUi } from './mount'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

describe('ChatSearch', () => {
  it('renders message markup in a snippet as text, with the matches in <mark>, and opens a hit', async () => {
    const store = useChatSearchStore()
    store.query = 'script'
    store.total = 1
    store.hits = [
      {
        conversation: { id: 'c1', title: '<img src=x onerror=alert(1)>' },
        message: { id: 'm1', role: 'user', created_at: '2026-03-01T12:00:00Z' },
        snippet: 'Why <script>alert(1)</script> here',
        highlights: [[5, 11]],
      },
    ]
    const wrapper = mountUi(ChatSearch)
    await nextTick()
    const snippet = wrapper.find('[data-testid="chat-search-snippet"]')
    expect(snippet.text()).toBe('Why <script>alert(1)</script> here')
    expect(snippet.findAll('mark').map((m) => m.text())).toEqual(['script'])
    expect(wrapper.find('script').exists()).toBe(false)
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.find('[data-testid="chat-search-count"]').text()).toBe('1 match')
    await wrapper.find('[data-testid="chat-search-hit"]').trigger('click')
    expect(wrapper.emitted('open')).toEqual([['c1', 'm1']])
  })

  it('searches at once when a date filter changes', async () => {
    const store = useChatSearchStore()
    const schedule = vi.spyOn(store, 'schedule').mockImplementation(() => undefined)
    store.query = 'umsatz'
    const wrapper = mountUi(ChatSearch)
    await nextTick()
    await wrapper.find('[data-testid="chat-search-from"]').setValue('2026-03-01')
    expect(store.range).toEqual(['2026-03-01', ''])
    expect(schedule).toHaveBeenCalledWith(0)
  })
})
