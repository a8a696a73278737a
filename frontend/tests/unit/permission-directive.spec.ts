// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref, withDirectives } from 'vue'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import type { RoleGrant } from '@/api/types'
import type { HasRoles } from '@/utils/permission'
import { createPermissionDirective, vPermission, type PermissionValue } from '@/directives/permission'
import { useUserStore } from '@/stores/user'

function harness(initial: PermissionValue, user: HasRoles | null) {
  const currentUser = ref<HasRoles | null>(user)
  const directive = createPermissionDirective(() => currentUser.value)
  const binding = ref<PermissionValue>(initial)
  const Comp = defineComponent({
    setup() {
      return () =>
        h('div', [
          withDirectives(h('button', { id: 'target', style: { display: 'inline-flex' } }, '交办'), [
            [directive, binding.value],
          ]),
        ])
    },
  })
  const wrapper = mount(Comp)
  const el = () => wrapper.get('#target').element as HTMLElement
  return { wrapper, el, binding, currentUser }
}

describe('v-permission', () => {
  it('keeps an allowed element visible', () => {
    const { el } = harness({ allowed: ['assign'], action: 'assign' }, null)
    expect(el().style.display).toBe('inline-flex')
    expect(el().getAttribute('aria-hidden')).toBeNull()
  })

  it('hides an element whose action the server did not list', () => {
    const { el } = harness({ allowed: ['accept'], action: 'assign' }, null)
    expect(el().style.display).toBe('none')
    expect(el().getAttribute('aria-hidden')).toBe('true')
  })

  it('follows allowed_actions when they change, restoring the original display', async () => {
    const { el, binding } = harness({ allowed: [], action: 'assign' }, null)
    expect(el().style.display).toBe('none')
    binding.value = { allowed: ['assign'], action: 'assign' }
    await nextTick()
    expect(el().style.display).toBe('inline-flex')
    binding.value = { allowed: ['dismiss'], action: 'assign' }
    await nextTick()
    expect(el().style.display).toBe('none')
  })

  it('follows the logged-in user for role bindings', async () => {
    const { el, currentUser } = harness({ role: 'auditor' }, null)
    expect(el().style.display).toBe('none')
    currentUser.value = { roles: [{ role: 'auditor' }] as RoleGrant[] }
    await nextTick()
    expect(el().style.display).toBe('inline-flex')
    currentUser.value = null
    await nextTick()
    expect(el().style.display).toBe('none')
  })

  it('the default directive reads the user from the session store', async () => {
    setActivePinia(createPinia())
    const session = useUserStore()
    const Comp = defineComponent({
      setup: () => () => withDirectives(h('span', { id: 'x' }, '审计'), [[vPermission, { role: 'auditor' }]]),
    })
    const wrapper = mount(Comp)
    expect((wrapper.element as HTMLElement).style.display).toBe('none')
    session.setSession({
      access_token: 't',
      token_type: 'Bearer',
      expires_in: 900,
      refresh_token: 'r',
      refresh_expires_in: 1800,
      user: {
        id: 'u1',
        username: 'auditor',
        display_name: '审计员',
        unit: { id: 'unit-audit', name: '区审计局' },
        roles: [{ role: 'auditor', label: '安全审计员' }],
        permissions: ['read_audit'],
        must_change_password: false,
      },
    })
    await nextTick()
    expect((wrapper.element as HTMLElement).style.display).toBe('')
    session.clearSession()
    localStorage.clear()
  })
})
