/**
 * "Test connection" for the data-source form: tries a config on the server without saving
 * it, one test at a time (a new one or `cancel()` aborts the one running), and keeps the
 * outcome: the rows and columns it read, why the fetch failed, or why the config was refused.
 */
import { onScopeDispose, ref, shallowRef } from 'vue'
import { testDataSource } from '@/api/datasources'
import { isAbortError } from '@/api/client'
import type { DataSourceInput, DataSourceTestResult } from '@/types'

export function useSourceTest() {
  const testing = ref(false)
  const result = shallowRef<DataSourceTestResult | null>(null)
  /** The request itself failed (a refused config, the API unreachable). */
  const error = ref<string | null>(null)
  const cancelled = ref(false)
  let controller: AbortController | null = null

  async function run(input: DataSourceInput, datasourceId?: string): Promise<DataSourceTestResult | null> {
    controller?.abort()
    const mine = new AbortController()
    controller = mine
    testing.value = true
    cancelled.value = false
    result.value = null
    error.value = null
    try {
      const body = { type: input.type, config: input.config, ...(datasourceId ? { datasource_id: datasourceId } : {}) }
      result.value = await testDataSource(body, mine.signal)
      return result.value
    } catch (err) {
      if (isAbortError(err)) cancelled.value = controller === mine || controller === null
      else error.value = err instanceof Error ? err.message : String(err)
      return null
    } finally {
      if (controller === mine) {
        controller = null
        testing.value = false
      }
    }
  }

  function cancel(): void {
    const running = controller
    controller = null
    running?.abort()
    testing.value = false
  }

  /** Forget the outcome (the config changed: it no longer says anything about it). */
  function reset(): void {
    cancel()
    result.value = null
    error.value = null
    cancelled.value = false
  }

  onScopeDispose(cancel)
  return { testing, result, error, cancelled, run, cancel, reset }
}
