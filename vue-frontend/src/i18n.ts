import { createI18n } from 'vue-i18n'
import en from '@/locales/en.json'
import de from '@/locales/de.json'
import zh from '@/locales/zh.json'

export const SUPPORTED_LOCALES = ['en', 'de', 'zh'] as const
export type Locale = (typeof SUPPORTED_LOCALES)[number]
export type MessageSchema = typeof en

const STORAGE_KEY = 'datapulse.locale'

function isLocale(value: string | null | undefined): value is Locale {
  return !!value && (SUPPORTED_LOCALES as readonly string[]).includes(value)
}

/** The saved choice first, then the browser's languages in order, then English. */
export function detectLocale(
  saved: string | null = safeStorageGet(STORAGE_KEY),
  languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language],
): Locale {
  if (isLocale(saved)) return saved
  for (const lang of languages) {
    const base = lang?.toLowerCase().split('-')[0]
    if (isLocale(base)) return base
  }
  return 'en'
}

function safeStorageGet(key: string): string | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(key)
  } catch {
    return null
  }
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: detectLocale(),
  fallbackLocale: 'en',
  messages: { en, de, zh },
})

/** Switch the language everywhere and remember it for the next visit. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function currentLocale(): Locale {
  return i18n.global.locale.value
}
