/**
 * Keeps a scrolling box at its end while its content grows (answers streaming in, charts
 * drawn late, a long conversation opened), until the reader scrolls up; `pin()` goes to
 * the end and sticks again (a conversation opened, a question sent).
 */
import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** Within `slack` pixels of the end counts as at the end. */
export function nearBottom(scrollHeight: number, scrollTop: number, clientHeight: number, slack = 48): boolean {
  return scrollHeight - scrollTop - clientHeight <= slack
}

export function useStickToBottom(scroller: Ref<HTMLElement | null>, content: Ref<HTMLElement | null>) {
  const stuck = ref(true)
  let observer: ResizeObserver | null = null

  function toBottom(): void {
    const el = scroller.value
    if (el) el.scrollTop = el.scrollHeight
  }
  function onScroll(): void {
    const el = scroller.value
    if (el) stuck.value = nearBottom(el.scrollHeight, el.scrollTop, el.clientHeight)
  }
  function pin(): void {
    stuck.value = true
    toBottom()
  }

  onMounted(() => {
    scroller.value?.addEventListener('scroll', onScroll, { passive: true })
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(() => {
        if (stuck.value) toBottom()
      })
      if (content.value) observer.observe(content.value)
      if (scroller.value) observer.observe(scroller.value)
    }
  })
  onBeforeUnmount(() => {
    scroller.value?.removeEventListener('scroll', onScroll)
    observer?.disconnect()
  })
  return { stuck, pin, toBottom }
}
