/** The share control: offered to the owner (and admins) only; a change is a PATCH with the visibility. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import ShareToggle from '@/components/auth/ShareToggle.vue'
import { setAuthEnvironment, useAuthStore } from '@/stores/auth'
import { setAuthHooks } from '@/api/client'
import { json, mockFetch } from '../unit/helpers'
import { mountUi } from './mount'

const ANA = { id: '2', email: 'ana@example.com', name: 'Ana', role: 'analyst', disabled: false, auth_mode: 'users', csrf_token: 'c', scopes: ['read', 'write'] }
let patches: Array<{ url: string; body: unknown }>

beforeEach(async () => {
  setActivePinia(createPinia())
  setAuthEnvironment({ navigate: () => undefined, location: () => '/files', openChannel: () => ({ post: () => undefined, close: () => undefined }) })
  patches = []
  mockFetch((url, init) => {
    if (url.endsWith('/api/config')) return json({ ws_url: 'ws://x', auth_mode: 'users', languages: ['en'] })
    if (url.endsWith('/api/auth/me')) return json(ANA)
    patches.push({ url, body: JSON.parse(String(init.body)) })
    return json({ id: 'f1', visibility: 'shared' })
  })
  await useAuthStore().init()
})

afterEach(() => {
  setAuthEnvironment(null)
  setAuthHooks(null)
  vi.unstubAllGlobals()
})

describe('ShareToggle', () => {
  it('the owner shares a file with one click: PATCH {visibility: shared}', async () => {
    const wrapper = mountUi(ShareToggle, { props: { kind: 'file', id: 'f1', ownerId: '2', visibility: 'private' } })
    const toggle = wrapper.find('[data-testid="share-file-f1"]')
    expect(toggle.exists()).toBe(true)
    await toggle.trigger('click')
    await flushPromises()
    expect(patches).toEqual([{ url: '/api/files/f1', body: { visibility: 'shared' } }])
    expect(wrapper.emitted('changed')).toEqual([['shared']])
  })

  it("someone else's object: no control, only a tag when it is shared", () => {
    const shared = mountUi(ShareToggle, { props: { kind: 'datasource', id: 's1', ownerId: '9', visibility: 'shared' } })
    expect(shared.find('[data-testid="share-datasource-s1"]').exists()).toBe(false)
    expect(shared.text()).toContain('Shared')
    const hidden = mountUi(ShareToggle, { props: { kind: 'conversation', id: 'c1', ownerId: '9', visibility: 'private' } })
    expect(hidden.text()).toBe('')
  })
})
