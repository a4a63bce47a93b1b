import { apiUrl, request, upload, type UploadOptions } from './client'
import type { BatchFileOperation, FileBatchResponse, FileInfo, FileListQuery, Page, Preview, PreviewOptions, ReadOptions } from '@/types'

export const listFiles = (query: FileListQuery = {}, signal?: AbortSignal) =>
  request<Page<FileInfo>>('/api/files', { query: { ...query }, signal })

export const getFile = (id: string, signal?: AbortSignal) =>
  request<FileInfo>(`/api/files/${encodeURIComponent(id)}`, { signal })

export const previewFile = (id: string, offset = 0, limit = 50, signal?: AbortSignal, options: PreviewOptions = {}) =>
  request<Preview>(`/api/files/${encodeURIComponent(id)}/preview`, {
    query: { offset, limit, sort: options.sort || undefined, q: options.q || undefined },
    signal,
  })

export const deleteFile = (id: string) => request<void>(`/api/files/${encodeURIComponent(id)}`, { method: 'DELETE' })

export const batchFiles = (operation: BatchFileOperation, ids: string[]) =>
  request<FileBatchResponse>('/api/files/batch', { method: 'POST', body: { operation, ids } })

/** Read the file again with other options; 422 (nothing changed) when they cannot read it. */
export const rereadFile = (id: string, options: ReadOptions) =>
  request<FileInfo>(`/api/files/${encodeURIComponent(id)}/reread`, { method: 'POST', body: options })

export const downloadUrl = (id: string) => apiUrl(`/api/files/${encodeURIComponent(id)}/download`)

/** Upload one or more files as repeated `file` fields. */
export function uploadFiles(files: File[] | File, options: UploadOptions = {}) {
  const form = new FormData()
  for (const file of Array.isArray(files) ? files : [files]) form.append('file', file, file.name)
  return upload<{ files: FileInfo[] }>('/api/files', form, options)
}
