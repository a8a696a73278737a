/**
 * API types shared by the domain modules under src/api/.
 *
 * Hand-written for the skeleton; to be replaced by types generated with
 * openapi-typescript from openapi/openapi.json (DESIGN §8) once the spec exists.
 */

/** Roles of DESIGN §4. `group_lead` is held for one group (`group_id`). */
export type Role = 'office' | 'leader' | 'group_lead' | 'unit' | 'auditor' | 'sysadmin'

export interface RoleGrant {
  role: Role
  /** Chinese label of the role, e.g. 综合办公室. */
  label?: string
  /** The group, for `group_lead`. */
  group_id?: string | null
  group_code?: string | null
  group_name?: string | null
}

export interface UnitRef {
  id: string
  name: string
}

/** The signed-in user (`user` of the login answer, `GET /auth/me`). */
export interface CurrentUser {
  id: string
  username: string
  display_name: string
  unit?: UnitRef
  roles: RoleGrant[]
  /** What the roles allow (e.g. `read_audit`), for menus; the server still checks every call. */
  permissions?: string[]
  must_change_password?: boolean
}

export interface LoginRequest {
  username: string
  password: string
}

export interface TokenResponse {
  access_token: string
  token_type: 'Bearer' | string
  /** Lifetime of the access token in seconds. */
  expires_in: number
  refresh_token: string
  /** Lifetime of the refresh token in seconds. */
  refresh_expires_in?: number
  user: CurrentUser
}

/** One field error of a validation problem. */
export interface FieldError {
  field: string
  message: string
}

/** RFC 9457 problem details as the backend sends them (DESIGN §6). */
export interface ProblemDetails {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  instance?: string
  errors?: FieldError[]
  /** Sent with 409 on a transition the state does not allow. */
  allowed_actions?: string[]
}

/** Paged list answer: `?page=1&page_size=20` (max 200). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}
