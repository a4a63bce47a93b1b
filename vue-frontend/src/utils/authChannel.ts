/**
 * Tells the other tabs of this browser that the sign-in changed, so that none keeps
 * showing the previous user's work: a BroadcastChannel, or the `storage` event where
 * BroadcastChannel is missing.
 */
export type AuthSignal = { type: 'signed_out' } | { type: 'signed_in'; user_id: string }

export interface AuthChannel {
  post(signal: AuthSignal): void
  close(): void
}

const NAME = 'datapulse-auth'

export function openAuthChannel(onSignal: (signal: AuthSignal) => void): AuthChannel {
  if (typeof BroadcastChannel !== 'undefined') {
    const channel = new BroadcastChannel(NAME)
    channel.onmessage = (event: MessageEvent<AuthSignal>) => onSignal(event.data)
    return { post: (signal) => channel.postMessage(signal), close: () => channel.close() }
  }
  if (typeof window === 'undefined') return { post: () => undefined, close: () => undefined }
  const onStorage = (event: StorageEvent) => {
    if (event.key !== NAME || !event.newValue) return
    try {
      onSignal(JSON.parse(event.newValue) as AuthSignal)
    } catch {
      /* not ours */
    }
  }
  window.addEventListener('storage', onStorage)
  return {
    // a nonce makes each signal a change (the event fires only when the value changes)
    post: (signal) => localStorage.setItem(NAME, JSON.stringify({ ...signal, nonce: Math.random() })),
    close: () => window.removeEventListener('storage', onStorage),
  }
}
