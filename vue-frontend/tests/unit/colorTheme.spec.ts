import { nextTick } from 'vue'
import { describe, expect, it } from 'vitest'
import { useColorTheme } from '@/composables/useColorTheme'

describe('useColorTheme', () => {
  it('one shared theme: toggling applies the dark class and is remembered', async () => {
    const first = useColorTheme()
    const second = useColorTheme()
    first.theme.value = 'light'
    await nextTick()
    first.toggle()
    await nextTick()
    expect(second.isDark.value).toBe(true)
    expect(second.theme.value).toBe('dark')
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    expect(localStorage.getItem('datapulse.theme')).toBe('dark')
    second.theme.value = 'light'
    await nextTick()
    expect(document.documentElement.classList.contains('dark')).toBe(false)
    expect(first.isDark.value).toBe(false)
  })
})
