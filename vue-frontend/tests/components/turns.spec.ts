import { describe, expect, it } from 'vitest'
import { sseState, toTurn, type RunView } from '@/components/chat/turns'
import { wsState } from '@/components/realtime/connectionState'
import type { Message } from '@/types'

const answer: Message = { id: 'm2', role: 'assistant', content: 'Hello', run_id: 'r1', results: [], created_at: '' }
const run: RunView = {
  status: 'running',
  agents: { stats: { agent: 'stats', status: 'processing', progress: 30, message: 'grouping' } },
  plan: [],
  results: [{ kind: 'scalar', name: 'n', value: 3 }],
  error: null,
  needsClarification: false,
  candidates: [],
  clarification: null,
  interpretation: '',
  ignored: [],
  durationMs: null,
}

describe('toTurn', () => {
  it('shows a live run as streaming with its agents and results', () => {
    const turn = toTurn(answer, run)
    expect(turn.streaming).toBe(true)
    expect(turn.status).toBe('running')
    expect(turn.agents).toEqual([{ key: 'stats', agent: 'stats', status: 'processing', progress: 30, message: 'grouping' }])
    expect(turn.results).toEqual(run.results)
  })

  it('reads plan, clarification and duration of a stored answer from its metadata', () => {
    const stored: Message = {
      ...answer,
      metadata: { plan: [{ tool: 'schema', args: {} }], needs_clarification: true, candidates: ['mass', 'bill'], duration_ms: 12 },
    }
    const turn = toTurn(stored, undefined)
    expect(turn).toMatchObject({ streaming: false, status: 'completed', needsClarification: true, candidates: ['mass', 'bill'], durationMs: 12 })
    expect(turn.plan).toEqual([{ tool: 'schema', args: {} }])
  })

  it('takes the clarification and the reading of a stored answer from its metadata (after a reload)', () => {
    const clarification = { slot: 'column' as const, about: 'length', candidates: [{ label: 'flipper length', value: 'flipper_length_mm' }] }
    const stored: Message = { ...answer, metadata: { needs_clarification: true, candidates: ['flipper length'], clarification } }
    expect(toTurn(stored, undefined)).toMatchObject({ clarification, runId: 'r1' })
    const read: Message = { ...answer, metadata: { interpretation: 'Read as: mean of x', ignored: ['please'], clarification: null } }
    expect(toTurn(read, undefined)).toMatchObject({ clarification: null, interpretation: 'Read as: mean of x', ignored: ['please'] })
  })

  it('builds the clarification of an older stored answer from its candidates', () => {
    const stored: Message = { ...answer, metadata: { needs_clarification: true, candidates: ['mass', 'bill'] } }
    expect(toTurn(stored, undefined).clarification).toEqual({
      slot: 'column',
      about: '',
      candidates: [
        { label: 'mass', value: 'mass' },
        { label: 'bill', value: 'bill' },
      ],
    })
  })

  it('a finished live run gives its own clarification and reading', () => {
    const clarification = { slot: 'reading' as const, about: 'best', candidates: [{ label: 'highest mean', value: 'mean' }] }
    const done: RunView = { ...run, status: 'completed', clarification, interpretation: 'Lu comme', ignored: ['x'] }
    expect(toTurn(answer, done)).toMatchObject({ clarification, interpretation: 'Lu comme', ignored: ['x'] })
  })

  it('shows the error of a failed run but not of a completed one', () => {
    expect(toTurn(answer, { ...run, status: 'failed', error: { code: 'x', message: 'boom' } }).error).toBe('boom')
    expect(toTurn(answer, { ...run, status: 'completed', error: { code: 'x', message: 'old' } }).error).toBeNull()
  })
})

describe('connection states', () => {
  it('reduces the stores raw status to one word', () => {
    expect(wsState('OPEN', 3, true)).toBe('open')
    expect(wsState('CLOSED', 2, true)).toBe('polling')
    expect(wsState('CONNECTING', 0, false)).toBe('connecting')
    expect(wsState('CONNECTING', 1, false)).toBe('reconnecting')
    expect(wsState('CLOSED', 0, false)).toBe('closed')
    expect(sseState([])).toBe('idle')
    expect(sseState(['closed', 'open'])).toBe('streaming')
    expect(sseState(['connecting', 'error'])).toBe('connecting')
  })
})
