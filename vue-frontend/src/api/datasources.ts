import { request } from './client'
import type { DataSource, DataSourceInput, DataSourceTestInput, DataSourceTestResult, DatasetVersion, Page, PageQuery, Preview } from '@/types'

const base = '/api/datasources'
const one = (id: string) => `${base}/${encodeURIComponent(id)}`

export const listDataSources = (query: PageQuery = {}, signal?: AbortSignal) =>
  request<Page<DataSource>>(base, { query: { ...query }, signal })

export const getDataSource = (id: string, signal?: AbortSignal) => request<DataSource>(one(id), { signal })

export const createDataSource = (input: DataSourceInput) => request<DataSource>(base, { method: 'POST', body: input })

export const updateDataSource = (id: string, input: Partial<DataSourceInput>) =>
  request<DataSource>(one(id), { method: 'PUT', body: input })

export const deleteDataSource = (id: string) => request<void>(one(id), { method: 'DELETE' })

export const refreshDataSource = (id: string, signal?: AbortSignal) =>
  request<DataSource>(`${one(id)}/refresh`, { method: 'POST', signal })

/** Fetch and read a config without saving it; a failed fetch is `ok: false`, a refused config an ApiError. */
export const testDataSource = (input: DataSourceTestInput, signal?: AbortSignal) =>
  request<DataSourceTestResult>(`${base}/test`, { method: 'POST', body: input, signal })

export const dataSourceData = (id: string, offset = 0, limit = 50, signal?: AbortSignal) =>
  request<Preview>(`${one(id)}/data`, { query: { offset, limit }, signal })

/** Versions come as a page or a bare list depending on the server; both are accepted. */
export async function dataSourceVersions(id: string, signal?: AbortSignal): Promise<DatasetVersion[]> {
  const body = await request<Page<DatasetVersion> | DatasetVersion[] | { versions: DatasetVersion[] }>(
    `${one(id)}/versions`,
    { signal },
  )
  if (Array.isArray(body)) return body
  if ('items' in body) return body.items
  return body.versions ?? []
}
