/** Test data: a small penguins-like CSV whose per-species averages are known exactly. */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const MASSES: Record<string, number[]> = {
  Adelie: [3700, 3800, 3600, 3900, 3500, 3750, 3650, 3700, 3800, 3600],
  Chinstrap: [3500, 3600, 3700, 3800, 3650, 3550, 3750, 3650],
  Gentoo: [5000, 5200, 5100, 5300, 5400, 5250, 5150, 5200],
}
const ISLANDS: Record<string, string> = { Adelie: 'Torgersen', Chinstrap: 'Dream', Gentoo: 'Biscoe' }

/** The mean body mass per species, as the answer must report it. */
export const EXPECTED_MEANS: Record<string, number> = Object.fromEntries(
  Object.entries(MASSES).map(([species, masses]) => [species, masses.reduce((a, b) => a + b, 0) / masses.length]),
)

export function penguinsCsv(): string {
  const lines = ['species,island,bill_length_mm,flipper_length_mm,body_mass_g,sex,year']
  for (const [species, masses] of Object.entries(MASSES)) {
    masses.forEach((mass, i) => {
      const bill = (38 + i * 0.7 + (species === 'Gentoo' ? 8 : 0)).toFixed(1)
      const flipper = 185 + i * 2 + (species === 'Gentoo' ? 30 : 0)
      lines.push([species, ISLANDS[species], bill, flipper, mass, i % 2 ? 'male' : 'female', 2007 + (i % 3)].join(','))
    })
  }
  return lines.join('\n') + '\n'
}

export const PENGUIN_ROWS = Object.values(MASSES).reduce((n, m) => n + m.length, 0)

/** Writes a CSV into `dir` and returns its path. */
export function writeCsv(dir: string, name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
