/** The realtime store's raw status reduced to one state word the badges can show. */
export type ConnectionState = 'open' | 'connecting' | 'reconnecting' | 'polling' | 'closed'

export function wsState(status: string, attempts: number, polling: boolean): ConnectionState {
  if (status === 'OPEN') return 'open'
  if (polling) return 'polling'
  if (status === 'CONNECTING') return attempts > 0 ? 'reconnecting' : 'connecting'
  return attempts > 0 ? 'reconnecting' : 'closed'
}
