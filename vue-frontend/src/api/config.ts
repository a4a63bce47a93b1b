import { request } from './client'
import type { FrontendConfig } from '@/types'

export const getFrontendConfig = (signal?: AbortSignal) => request<FrontendConfig>('/api/config', { signal })
