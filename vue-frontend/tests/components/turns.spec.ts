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
