export * from './api'
export * from './chat'
export * from './realtime'
