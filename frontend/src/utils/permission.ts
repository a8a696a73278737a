/**
 * What the UI shows, from what the server says — the one way (#13): a control is rendered
 * (`v-if`) when
 *   - the object's `allowed_actions` lists its action: `v-if="can(issue.allowed_actions, 'urge')"`;
 *   - the user's permissions (`GET /auth/me` `permissions`) hold what it needs:
 *     `v-if="session.hasPermission('export_issues')"`.
 * Views never decide from a role name, nor from a state, which action or page is possible: that
 * is business logic and lives in the backend alone (the server still answers 403/409).
 */
import type { Permission, Role, RoleGrant } from '@/api/types'

/** True when the server listed `action` among the caller's `allowed_actions` (no list: nothing). */
export function can(allowedActions: readonly string[] | null | undefined, action: string): boolean {
  return Array.isArray(allowedActions) && allowedActions.includes(action)
}

/** True when `allowedActions` contains at least one of `actions`. */
export function canAny(allowedActions: readonly string[] | null | undefined, actions: readonly string[]): boolean {
  return actions.some((action) => can(allowedActions, action))
}

/**
 * Permissions the SPA asks for that the server's `Permission` list does not carry yet:
 *   - `register_any_source`: register a clue of any 线索来源 with its 来源编号 (else only 自查);
 *   - `reassign_group`: move a problem to another 工作组 while assigning it.
 * TRANSITIONAL: until `GET /auth/me` lists them, the role that holds them today stands in
 * (the server's own rule in api/issues.rs). Delete this table once openapi.json's `Permission`
 * has both names; nothing else changes.
 */
export type PendingPermission = 'register_any_source' | 'reassign_group'
const PENDING_HOLDERS: Readonly<Record<PendingPermission, Role>> = {
  register_any_source: 'office',
  reassign_group: 'office',
}

/** Anything with the permissions and roles the server sent for a user. */
export interface Principal {
  permissions?: readonly string[] | null
  roles?: readonly Pick<RoleGrant, 'role'>[] | null
}

/** True when the server granted `permission` to `user`. */
export function holds(user: Principal | null | undefined, permission: Permission | PendingPermission): boolean {
  if (!user) return false
  if ((user.permissions ?? []).includes(permission)) return true
  const holder = PENDING_HOLDERS[permission as PendingPermission]
  return holder !== undefined && (user.roles ?? []).some((grant) => grant.role === holder)
}
