/** A one-line, human summary of a WebSocket event for the live feed. */

export interface FeedEvent {
  type: string
  topic?: string | null
  seq: number
  ts: string
  data: unknown
}

type Translate = (key: string, named?: Record<string, unknown>) => string

function field(data: unknown, ...path: string[]): unknown {
  let value: unknown = data
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** `te` tells whether a key exists: known actions and statuses are translated, others shown as sent. */
export function describeEvent(event: FeedEvent, t: Translate, te: (key: string) => boolean = () => false): string {
  const d = event.data
  const word = (group: string, value: unknown): string => {
    const raw = text(value)
    return raw && te(`${group}.${raw}`) ? t(`${group}.${raw}`) : raw
  }
  switch (event.type) {
    case 'file_update':
      return t('events.fileUpdate', { action: word('events.actions', field(d, 'action')), name: text(field(d, 'file', 'name')) })
    case 'data_update':
      return t('events.dataUpdate', {
        action: word('events.actions', field(d, 'action')),
        name: text(field(d, 'datasource', 'name')) || text(field(d, 'name')),
      })
    case 'agent_update':
      return t('events.agentUpdate', {
        agent: text(field(d, 'agent')),
        status: word('status', field(d, 'status')),
        progress: text(field(d, 'progress')) || '0',
      })
    case 'notification':
      return [text(field(d, 'title')), text(field(d, 'message'))].filter(Boolean).join(': ')
    case 'activity':
      return text(field(d, 'message')) || text(field(d, 'action'))
    case 'system_health':
      return t('events.health', { status: word('health', field(d, 'status')) })
    default:
      return event.type
  }
}

/** Element Plus tag colour per event type. */
export function eventTagType(type: string): 'primary' | 'success' | 'info' | 'warning' | 'danger' {
  if (type === 'file_update' || type === 'data_update') return 'primary'
  if (type === 'agent_update') return 'success'
  if (type === 'notification' || type === 'system_health') return 'warning'
  if (type === 'error') return 'danger'
  return 'info'
}
