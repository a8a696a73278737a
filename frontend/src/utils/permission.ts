/**
 * Permission helpers for the UI.
 *
 * The server decides; the SPA only reflects. What a user may do with an issue comes from
 * the `allowed_actions` array that every issue read carries (DESIGN §3), and what a page
 * shows may depend on the roles the server returned for the user. Nothing here knows
 * which state allows which action or which role may do what: that is business logic and
 * lives in the backend alone.
 */
import type { Role, RoleGrant } from '@/api/types'

/** Anything with the `roles` the server sent for a user. */
export interface HasRoles {
  roles?: readonly RoleGrant[] | null
}

/**
 * True when the user holds `role`. With `groupId`, only a grant for that group counts
 * (meaningful for `group_lead`, which is held per group).
 */
export function hasRole(user: HasRoles | null | undefined, role: Role, groupId?: string | null): boolean {
  const roles = user?.roles
  if (!roles) return false
  return roles.some(
    (grant) => grant.role === role && (groupId === undefined || groupId === null || grant.group_id === groupId),
  )
}

/** True when the user holds at least one of `roles`. */
export function hasAnyRole(user: HasRoles | null | undefined, roles: readonly Role[]): boolean {
  return roles.some((role) => hasRole(user, role))
}

/**
 * True when the server listed `action` among the caller's `allowed_actions`.
 * A missing list means "nothing allowed": the UI never assumes a right.
 */
export function can(allowedActions: readonly string[] | null | undefined, action: string): boolean {
  return Array.isArray(allowedActions) && allowedActions.includes(action)
}

/** True when `allowedActions` contains at least one of `actions`. */
export function canAny(allowedActions: readonly string[] | null | undefined, actions: readonly string[]): boolean {
  return actions.some((action) => can(allowedActions, action))
}
