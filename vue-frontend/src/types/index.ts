export * from './api'
export * from './chat'
export * from './realtime'
export * from './assistants'
