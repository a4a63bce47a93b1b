/** The chart component as a lazy chunk: views import this, never EChart.vue itself. */
import { defineAsyncComponent } from 'vue'

export const LazyEChart = defineAsyncComponent(() => import('./EChart.vue'))
