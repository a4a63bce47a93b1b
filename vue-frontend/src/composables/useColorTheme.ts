/**
 * The light/dark theme: one shared ref, remembered in localStorage, first chosen from the
 * system's preference, applied as Element Plus' `dark` class on <html>.
 */
import { computed, ref, watch, type ComputedRef, type Ref } from 'vue'

export type ColorTheme = 'light' | 'dark'
const STORAGE_KEY = 'datapulse.theme'

function initialTheme(): ColorTheme {
  try {
    const saved = localStorage.getItem(STORAGE_KEY)
    if (saved === 'light' || saved === 'dark') return saved
  } catch {
    /* storage unavailable: fall through to the system preference */
  }
  const prefersDark = typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
  return prefersDark ? 'dark' : 'light'
}

const theme = ref<ColorTheme>(initialTheme())

function apply(value: ColorTheme): void {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('dark', value === 'dark')
}
apply(theme.value)
watch(theme, (value) => {
  apply(value)
  try {
    localStorage.setItem(STORAGE_KEY, value)
  } catch {
    /* the choice lasts for this page only */
  }
})

export function useColorTheme(): { theme: Ref<ColorTheme>; isDark: ComputedRef<boolean>; toggle: () => void } {
  const isDark = computed(() => theme.value === 'dark')
  const toggle = (): void => {
    theme.value = isDark.value ? 'light' : 'dark'
  }
  return { theme, isDark, toggle }
}
