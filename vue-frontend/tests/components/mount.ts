/** Mounts a component with Element Plus and the app's i18n (English), as main.ts sets them up. */
import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import ElementPlus from 'element-plus'
import type { Component } from 'vue'
import { i18n, setLocale } from '@/i18n'

export function mountUi<C extends Component>(component: C, options: ComponentMountingOptions<C> = {}) {
  setLocale('en')
  return mount(component, { ...options, global: { plugins: [ElementPlus, i18n], ...options.global } } as ComponentMountingOptions<C>)
}
