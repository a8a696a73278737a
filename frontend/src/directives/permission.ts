/**
 * v-permission: shows an element only when the server allows it.
 *
 *   <el-button v-permission="{ allowed: issue.allowed_actions, action: 'assign' }">交办</el-button>
 *   <el-menu-item v-permission="{ role: 'auditor' }" index="/audit">审计日志</el-menu-item>
 *   <el-button v-permission="{ allowed: issue.allowed_actions, action: 'reject', role: 'office' }">…</el-button>
 *
 * The element is visible when `allowed` (the `allowed_actions` array of the object at hand,
 * as the server sent it) contains `action` (or one of them), OR the current user holds
 * `role` (or one of them; `groupId` restricts a group_lead grant to one group).
 * With neither `action` nor `role` the element stays hidden: the UI fails closed.
 *
 * The directive encodes no business rule: it never decides from a state or a role which
 * action is possible. It only hides controls; the backend still answers 403/409.
 *
 * Hiding uses `display: none` (restored when allowed again) instead of removing the node,
 * so Vue's patching keeps working and the element reappears reactively when
 * `allowed_actions` or the logged-in user change.
 */
import { shallowRef, watchEffect, type Directive, type ShallowRef, type WatchStopHandle } from 'vue'
import type { Role } from '@/api/types'
import { canAny, hasRole, type HasRoles } from '@/utils/permission'
import { useUserStore } from '@/stores/user'

export interface PermissionValue {
  /** The `allowed_actions` array the server returned with the object. */
  allowed?: readonly string[] | null
  /** The action (or actions) this element triggers. */
  action?: string | readonly string[]
  /** A role (or roles) that makes the element visible regardless of `allowed`. */
  role?: Role | readonly Role[]
  /** Only a grant for this group counts for `role` (group_lead). */
  groupId?: string | null
}

function toList<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return []
  return Array.isArray(value) ? (value as readonly T[]) : [value as T]
}

/** Pure decision used by the directive; exported for tests. */
export function isPermitted(value: PermissionValue | null | undefined, user: HasRoles | null | undefined): boolean {
  if (!value) return false
  const actions = toList(value.action)
  const roles = toList(value.role)
  if (actions.length > 0 && canAny(value.allowed, actions)) return true
  return roles.some((role) => hasRole(user, role, value.groupId))
}

interface ElementState {
  value: ShallowRef<PermissionValue | null | undefined>
  stop: WatchStopHandle
  /** Inline display the element had before we hid it, or undefined while shown. */
  savedDisplay: string | undefined
}

const states = new WeakMap<HTMLElement, ElementState>()

function applyVisibility(el: HTMLElement, state: ElementState, visible: boolean): void {
  if (visible) {
    if (state.savedDisplay !== undefined) {
      el.style.display = state.savedDisplay
      state.savedDisplay = undefined
    }
    el.removeAttribute('aria-hidden')
  } else {
    if (state.savedDisplay === undefined) state.savedDisplay = el.style.display
    el.style.display = 'none'
    el.setAttribute('aria-hidden', 'true')
  }
}

/** Builds the directive around a getter for the current user (the store by default). */
export function createPermissionDirective(
  getUser: () => HasRoles | null | undefined,
): Directive<HTMLElement, PermissionValue | null | undefined> {
  return {
    mounted(el, binding) {
      const state: ElementState = {
        value: shallowRef(binding.value),
        stop: () => {},
        savedDisplay: undefined,
      }
      states.set(el, state)
      state.stop = watchEffect(() => applyVisibility(el, state, isPermitted(state.value.value, getUser())), {
        flush: 'sync',
      })
    },
    updated(el, binding) {
      const state = states.get(el)
      if (state) state.value.value = binding.value
    },
    unmounted(el) {
      states.get(el)?.stop()
      states.delete(el)
    },
  }
}

export const vPermission = createPermissionDirective(() => useUserStore().user)

export default vPermission
