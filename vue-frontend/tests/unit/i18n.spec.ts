import { beforeEach, describe, expect, it } from 'vitest'
import { currentLocale, detectLocale, setLocale } from '@/i18n'

beforeEach(() => localStorage.clear())

describe('i18n', () => {
  it('takes the saved choice first, then the first supported browser language, then English', () => {
    expect(detectLocale('zh', ['de-DE'])).toBe('zh')
    expect(detectLocale(null, ['fr-FR', 'de-AT', 'en'])).toBe('de')
    expect(detectLocale('xx', ['zh-CN'])).toBe('zh')
    expect(detectLocale(null, ['fr', 'es'])).toBe('en')
  })

  it('switching the language applies it and remembers it', () => {
    setLocale('de')
    expect(currentLocale()).toBe('de')
    expect(localStorage.getItem('datapulse.locale')).toBe('de')
    expect(document.documentElement.lang).toBe('de')
    expect(detectLocale(undefined, ['en'])).toBe('de')
  })
})
