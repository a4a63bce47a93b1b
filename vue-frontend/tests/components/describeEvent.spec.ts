import { describe, expect, it } from 'vitest'
import { describeEvent, eventTagType } from '@/components/realtime/describeEvent'

const t = (key: string, named: Record<string, unknown> = {}) => `${key}${JSON.stringify(named)}`
const base = { seq: 1, ts: '2026-01-01T00:00:00Z', topic: 'files' }

describe('describeEvent', () => {
  it('names the file and the action of a file_update', () => {
    const text = describeEvent({ ...base, type: 'file_update', data: { action: 'created', file: { name: 'a.csv' } } }, t)
    expect(text).toBe('events.fileUpdate{"action":"created","name":"a.csv"}')
  })

  it('shows agent progress and joins a notification title and message', () => {
    expect(describeEvent({ ...base, type: 'agent_update', data: { agent: 'stats', status: 'processing', progress: 40 } }, t)).toBe(
      'events.agentUpdate{"agent":"stats","status":"processing","progress":"40"}',
    )
    expect(describeEvent({ ...base, type: 'notification', data: { title: 'Done', message: 'all good' } }, t)).toBe('Done: all good')
  })

  it('translates known actions and leaves unknown ones as sent', () => {
    const te = (key: string) => key === 'events.actions.created'
    const named = (a: string) => describeEvent({ ...base, type: 'data_update', data: { action: a, datasource: { name: 'S' } } }, t, te)
    expect(named('created')).toBe('events.dataUpdate{"action":"events.actions.created{}","name":"S"}')
    expect(named('moved')).toBe('events.dataUpdate{"action":"moved","name":"S"}')
  })

  it('survives data of an unexpected shape', () => {
    expect(describeEvent({ ...base, type: 'file_update', data: null }, t)).toBe('events.fileUpdate{"action":"","name":""}')
    expect(describeEvent({ ...base, type: 'something_new', data: 42 }, t)).toBe('something_new')
    expect(eventTagType('error')).toBe('danger')
  })
})
