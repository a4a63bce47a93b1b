/** Direct REST calls the browser tests make to set up data or to cause events. */
import type { FileInfo } from '@/types'

export async function uploadViaApi(apiUrl: string, name: string, text: string): Promise<FileInfo> {
  const form = new FormData()
  form.append('file', new Blob([text], { type: 'text/csv' }), name)
  const response = await fetch(`${apiUrl}/api/files`, { method: 'POST', body: form })
  const body = (await response.json()) as { files?: FileInfo[] }
  if (response.status !== 201 || !body.files?.[0]) {
    throw new Error(`POST /api/files answered ${response.status}: ${JSON.stringify(body)}`)
  }
  return body.files[0]
}

/** Waits until the file is profiled (status ready) and returns it. */
export async function waitForFileReady(apiUrl: string, id: string, timeoutMs = 20_000): Promise<FileInfo> {
  const deadline = Date.now() + timeoutMs
  let last: FileInfo | null = null
  while (Date.now() < deadline) {
    const response = await fetch(`${apiUrl}/api/files/${id}`)
    if (response.ok) {
      last = (await response.json()) as FileInfo
      if (last.status === 'ready') return last
      if (last.status === 'failed') throw new Error(`file ${id} failed: ${JSON.stringify(last)}`)
    }
    await new Promise((ok) => setTimeout(ok, 250))
  }
  throw new Error(`file ${id} not ready after ${timeoutMs} ms: ${JSON.stringify(last)}`)
}
