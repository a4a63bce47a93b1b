/**
 * Mounts a component with the app's i18n (English), as main.ts sets it up. Element Plus is
 * not installed globally: its components resolve per file (vitest.config.ts), as in the build.
 */
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import type { Component } from 'vue'
import { i18n, setLocale } from '@/i18n'

export function mountUi<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}) {
  setLocale('en')
  return mount(component, { ...options, global: { plugins: [i18n], ...options.global } } as ComponentMountingOptions<C>)
}
