// @vitest-environment node
// How a run's SSE events change its state and its assistant message: plain functions.
import { describe, expect, it } from 'vitest'
import type { StreamEvent } from '@/composables/useEventStream'
import { applyRunEvent, completeRun, isTerminal, mergeAgentUpdate, newRunState, placeholderMessage, runMessageId } from '@/stores/runState'

const ev = (id: number | null, event: string, data: unknown): StreamEvent => ({ id, event, data })

function fresh() {
  return { run: newRunState('c1', 'r1', 'top regions?'), message: placeholderMessage('r1') }
}

describe('run state', () => {
  it('starts queued and empty, writing into the message named after the run', () => {
    const { run, message } = fresh()
    expect(run).toMatchObject({ runId: 'r1', conversationId: 'c1', status: 'queued', text: '', lastEventId: null })
    expect(run.messageId).toBe(runMessageId('r1'))
    expect(message).toMatchObject({ id: 'run-r1', role: 'assistant', content: '', run_id: 'r1', metadata: { streaming: true } })
    expect(['completed', 'failed', 'cancelled', 'interrupted'].every((s) => isTerminal(s as never))).toBe(true)
    expect(isTerminal('running')).toBe(false)
  })

  it('run_started lists the agents as queued without resetting one that already reported', () => {
    const { run } = fresh()
    mergeAgentUpdate(run, { agent: 'analyst', status: 'processing', progress: 40, message: 'working' })
    applyRunEvent(run, ev(1, 'run_started', { run_id: 'r1', conversation_id: 'c1', agents: ['planner', 'analyst'] }))
    expect(run.status).toBe('queued') // stored with the queued run: its first agent_update starts it
    expect(run.agents.planner).toMatchObject({ status: 'queued', progress: 0 })
    expect(run.agents.analyst).toMatchObject({ status: 'processing', progress: 40 })
    expect(run.lastEventId).toBe('1')
  })

  it('agent_update starts a queued run; a completed agent never goes back, a failure still shows', () => {
    const { run } = fresh()
    applyRunEvent(run, ev(2, 'agent_update', { agent: 'analyst', status: 'completed', progress: 0, message: '' }))
    expect(run.status).toBe('running')
    // the one shape of agent_update: the stored payload, whichever channel brought it
    expect(run.agents.analyst).toEqual({ agent: 'analyst', status: 'completed', progress: 100, message: '' })
    mergeAgentUpdate(run, { agent: 'analyst', status: 'processing', progress: 10, message: '' })
    expect(run.agents.analyst!.status).toBe('completed')
    mergeAgentUpdate(run, { agent: 'analyst', status: 'failed', progress: 10, message: 'boom' })
    expect(run.agents.analyst).toMatchObject({ status: 'failed', message: 'boom' })
  })

  it('deltas and results land on the run and its message; unknown events only move the id', () => {
    const { run, message } = fresh()
    applyRunEvent(run, ev(1, 'delta', { text: 'North ' }), message)
    applyRunEvent(run, ev(2, 'delta', {}), message)
    applyRunEvent(run, ev(3, 'delta', { text: 'leads.' }), message)
    applyRunEvent(run, ev(4, 'result', { kind: 'scalar', name: 'n', value: 3 }), message)
    applyRunEvent(run, ev(5, 'something_new', { x: 1 }), message)
    expect(run.text).toBe('North leads.')
    expect(message.content).toBe('North leads.')
    expect(message.results).toEqual([{ kind: 'scalar', name: 'n', value: 3 }])
    expect(run.lastEventId).toBe('5')
    applyRunEvent(run, ev(null, 'delta', { text: '!' }))
    expect(run.lastEventId).toBe('5')
    expect(run.text).toBe('North leads.!')
  })

  it('run_completed puts the full answer, plan and clarification on the message', () => {
    const { run, message } = fresh()
    applyRunEvent(run, ev(1, 'delta', { text: 'Which ' }), message)
    const data = { answer: 'Which column?', results: [], plan: [], duration_ms: 3, needs_clarification: true, candidates: ['price', 'cost'] }
    applyRunEvent(run, ev(2, 'run_completed', data), message)
    expect(run).toMatchObject({ status: 'completed', answer: 'Which column?', needsClarification: true, candidates: ['price', 'cost'], durationMs: 3 })
    expect(message.content).toBe('Which column?')
    expect(message.metadata).toMatchObject({ streaming: false, needs_clarification: true, candidates: ['price', 'cost'], duration_ms: 3 })
  })

  it('a completion without an answer keeps the streamed text and results', () => {
    const { run } = fresh()
    applyRunEvent(run, ev(1, 'delta', { text: 'streamed' }))
    applyRunEvent(run, ev(2, 'result', { kind: 'text', text: 'x' }))
    completeRun(run, {} as never)
    expect(run).toMatchObject({ status: 'completed', answer: 'streamed', plan: [], durationMs: null, needsClarification: false, candidates: [] })
    expect(run.results).toEqual([{ kind: 'text', text: 'x' }])
  })

  it('run_failed marks the run and message failed, with a default error, and keeps a cancel', () => {
    const { run, message } = fresh()
    applyRunEvent(run, ev(1, 'run_failed', {}), message)
    expect(run.status).toBe('failed')
    expect(run.error).toEqual({ code: 'run_failed', message: 'The run failed' })
    expect(message.metadata).toMatchObject({ streaming: false, error: run.error })

    const other = fresh().run
    other.status = 'cancelled'
    applyRunEvent(other, ev(1, 'run_failed', { error: { code: 'cancelled', message: 'Cancelled' } }))
    expect(other.status).toBe('cancelled')
    expect(other.error).toEqual({ code: 'cancelled', message: 'Cancelled' })
  })
})
