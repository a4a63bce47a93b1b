/**
 * The light/dark theme: VueUse's `useDark` (one shared state, remembered in localStorage
 * under `datapulse.theme`, following the system's preference until the user picks one),
 * applied as Element Plus' `dark` class on <html>.
 */
import { useDark, useToggle } from '@vueuse/core'
import { computed, type Ref, type WritableComputedRef } from 'vue'

export type ColorTheme = 'light' | 'dark'
const STORAGE_KEY = 'datapulse.theme'

const dark = useDark({ storageKey: STORAGE_KEY })
const theme = computed<ColorTheme>({
  get: () => (dark.value ? 'dark' : 'light'),
  set: (value) => {
    dark.value = value === 'dark'
  },
})
const toggleDark = useToggle(dark)

export function useColorTheme(): { theme: WritableComputedRef<ColorTheme>; isDark: Ref<boolean>; toggle: () => void } {
  return { theme, isDark: dark, toggle: () => void toggleDark() }
}
