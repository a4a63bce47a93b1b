/** WebSocket messages (SPEC 6). */
import type { DataSource, FileInfo } from './api'
import type { AgentUpdateEvent } from './chat'
import type { Execution } from './assistants'

export type Topic = 'agents' | 'data' | 'files' | 'system' | 'activity' | 'notifications'
export const TOPICS: readonly Topic[] = ['agents', 'data', 'files', 'system', 'activity', 'notifications']

/** `hidden`: made private again; the object is only `{id, owner_id}` (SPEC 11, README). */
export type ChangeAction = 'created' | 'updated' | 'deleted' | 'hidden'

export interface WelcomeData {
  client_id: string
  /** Seconds. */
  heartbeat_interval: number
  seq: number
  topics?: Topic[]
  [extra: string]: unknown
}
export interface FileUpdateData {
  action: ChangeAction
  file: FileInfo
}
export interface DataUpdateData {
  action: ChangeAction
  datasource: DataSource
  [extra: string]: unknown
}
/** Usage of one resource; servers may send just a percent. */
export interface ResourceUsage {
  percent: number
  used?: number
  total?: number
  free?: number
  [extra: string]: unknown
}

export interface SystemMetrics {
  ts?: string
  cpu: ResourceUsage
  memory: ResourceUsage
  disk: ResourceUsage
  network?: { bytes_sent?: number; bytes_recv?: number; [extra: string]: unknown }
  services?: Record<string, { memory_mb?: number; [extra: string]: unknown }>
  connections?: number
  api_latency_ms?: number | Record<string, number>
  [extra: string]: unknown
}

export type SystemHealthStatus = 'healthy' | 'warning' | 'error'
export interface SystemHealthData {
  status: SystemHealthStatus
  alerts: Array<{ level?: string; message: string; [extra: string]: unknown }>
  [extra: string]: unknown
}
export interface ActivityData {
  action: string
  message: string
  [extra: string]: unknown
}
export type NotificationLevel = 'info' | 'success' | 'warning' | 'error'
export interface NotificationData {
  level: NotificationLevel
  title: string
  message: string
  [extra: string]: unknown
}
export interface UserStatusData {
  [extra: string]: unknown
}
export interface PongData {
  [extra: string]: unknown
}
export interface ResumedData {
  after_seq?: number
  missed: boolean
  /** How many events were replayed, and the server's latest seq. */
  replayed?: number
  seq?: number
  [extra: string]: unknown
}
export interface WsErrorData {
  code: string
  message: string
  [extra: string]: unknown
}

export interface WsEventMap {
  welcome: WelcomeData
  agent_update: AgentUpdateEvent
  /** An execution's state (SPEC 12), as GET /api/plugin-executions/<id> shows it. */
  plugin_execution: Execution
  data_update: DataUpdateData
  file_update: FileUpdateData
  system_metrics: Record<string, unknown>
  system_health: SystemHealthData
  activity: ActivityData
  notification: NotificationData
  user_status: UserStatusData
  pong: PongData
  resumed: ResumedData
  error: WsErrorData
}
export type WsEventType = keyof WsEventMap

/** Every server-to-client message: `{type, topic, seq, ts, data}`. */
export type WsEnvelope = {
  [K in WsEventType]: { type: K; topic: Topic | string | null; seq: number; ts: string; data: WsEventMap[K] }
}[WsEventType]

export type WsClientMessage =
  | { type: 'subscribe'; topics: Topic[] }
  | { type: 'unsubscribe'; topics: Topic[] }
  | { type: 'ping' }
  | { type: 'resume'; after_seq: number }
