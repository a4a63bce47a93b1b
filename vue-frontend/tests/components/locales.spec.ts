import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '@/locales/en.json'
import de from '@/locales/de.json'
import zh from '@/locales/zh.json'

const SRC = resolve(__dirname, '../../src')

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix]
  return Object.entries(tree).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.(vue|ts)$/.test(name) ? [path] : []
  })
}

describe('locales', () => {
  it('German and Chinese translate exactly the English keys', () => {
    const english = keys(en).sort()
    expect(keys(de).sort()).toEqual(english)
    expect(keys(zh).sort()).toEqual(english)
  })

  it('every literal key the UI asks for exists in English', () => {
    const known = new Set(keys(en))
    const missing: string[] = []
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8')
      for (const match of text.matchAll(/\bte?\('([a-zA-Z0-9_.]+)'/g)) {
        const key = match[1]!
        if (key.includes('.') && !known.has(key)) missing.push(`${file.replace(SRC, 'src')}: ${key}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('no translation is left empty', () => {
    for (const [name, tree] of Object.entries({ en, de, zh })) {
      const flat = keys(tree).map((k) => [k, k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], tree)])
      expect(flat.filter(([, v]) => typeof v !== 'string' || !(v as string).trim()), name).toEqual([])
    }
  })
})
