/**
 * Follow one chat run's events (SPEC 5, `GET /api/chat/runs/<id>/events`) over SSE: from
 * `lastEventId` on, reconnecting with `Last-Event-ID` when the stream drops, done after
 * `run_completed` or `run_failed`. When the stream gives up before a final event, the run
 * may have ended all the same: the server is asked, and `onSettled` gets its answer.
 */
import { ref, type Ref } from 'vue'
import * as chatApi from '@/api/chat'
import { ApiError } from '@/api/client'
import { FINAL_RUN_EVENTS, type Run, type RunError } from '@/types'
import { useEventStream, type EventStreamStatus, type StreamEvent, type UseEventStreamOptions } from './useEventStream'

export interface UseRunStreamOptions {
  /** Resume after this event id (null: from the start). */
  lastEventId?: string | null
  onEvent: (event: StreamEvent) => void
  /** The stream failed for good (its retries used up, or a 4xx): the run may still be going. */
  onError?: (error: RunError) => void
  /** The stream is over without a final event: the run as the server stored it. */
  onSettled?: (run: Run) => void
  reconnect?: UseEventStreamOptions['reconnect']
}

export interface UseRunStreamReturn {
  status: Ref<EventStreamStatus>
  lastEventId: Ref<string | null>
  /** A final event (`run_completed` or `run_failed`) arrived. */
  finished: Ref<boolean>
  /** Start following; resolves when the stream is over for good (and the run settled). */
  open: () => Promise<void>
  close: () => void
}

export function isFinalRunEvent(event: StreamEvent): boolean {
  return (FINAL_RUN_EVENTS as readonly string[]).includes(event.event)
}

function runError(err: Error): RunError {
  return { code: err instanceof ApiError ? err.code : 'stream_failed', message: err.message }
}

export function useRunStream(runId: string, options: UseRunStreamOptions): UseRunStreamReturn {
  const finished = ref(false)
  /** Bumped by every open() and close(): an older open() must not settle the run. */
  let generation = 0
  const stream = useEventStream(chatApi.runEventsUrl(runId), {
    lastEventId: options.lastEventId ?? null,
    isFinal: isFinalRunEvent,
    reconnect: options.reconnect,
    onEvent: (event) => {
      if (isFinalRunEvent(event)) finished.value = true
      options.onEvent(event)
    },
    onError: (err) => options.onError?.(runError(err)),
  })

  async function settle(mine: number): Promise<void> {
    try {
      const run = await chatApi.getRun(runId)
      if (mine === generation) options.onSettled?.(run)
    } catch {
      /* the run stays as it is; opening the stream again can follow it */
    }
  }

  async function open(): Promise<void> {
    const mine = ++generation
    finished.value = false
    await stream.open()
    if (!finished.value && mine === generation) await settle(mine)
  }

  function close(): void {
    generation += 1
    stream.close()
  }

  return { status: stream.status, lastEventId: stream.lastEventId, finished, open, close }
}
