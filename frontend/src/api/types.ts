/**
 * Names for the API types used across the SPA. Every type here is an alias of one generated
 * from openapi/openapi.json into ./schema.d.ts (`npm run gen:api`): the contract is the spec,
 * nothing is hand-written except {@link ProblemDetails}' "extra facts", which the spec
 * describes in prose only.
 */
import type { components, paths } from './schema'

type Schemas = components['schemas']

export type Id = Schemas['Id']

/** Roles of DESIGN §4. `group_lead` is held for one group (`group_id`). */
export type Role = Schemas['Role']
/** A role as held, with its Chinese label and, for group_lead, the group. */
export type RoleGrant = Schemas['RoleDto']
/** What the roles allow (menus); the server still checks every call. */
export type Permission = Schemas['Permission']
export type UnitRef = Schemas['UnitRef']
/** The signed-in user (`user` of the login answer, `GET /auth/me`). */
export type CurrentUser = Schemas['Me']
export type LoginRequest = Schemas['LoginRequest']
export type TokenResponse = Schemas['TokenResponse']
export type PasswordChangeRequest = Schemas['PasswordChangeRequest']

/** One field error of a validation problem. */
export type FieldError = Schemas['FieldError']

/**
 * RFC 9457 problem details as the backend sends them (DESIGN §6): the generated `Problem`
 * (every member optional here, since a proxy may answer with anything) plus the extra facts
 * some problems carry.
 */
export type ProblemDetails = Partial<Pick<Schemas['Problem'], 'type' | 'title' | 'status' | 'detail' | 'code' | 'errors'>> & {
  instance?: string
  /** 409 on a transition the state does not allow: what the caller may do now. */
  allowed_actions?: string[]
  /** 423 account locked: when it unlocks (RFC 3339, UTC). */
  locked_until?: string
  /** 412 stale If-Match: the version the problem has now. */
  current_version?: number
  /** 409 duplicate source reference: the problem already registered. */
  existing_id?: string
  existing_number?: string
  [extra: string]: unknown
}

export type Issue = Schemas['IssueDto']
export type IssuePage = Schemas['Page_IssueDto']
export type IssueState = Schemas['State']
export type Action = Schemas['Action']
export type ClosureKind = Schemas['ClosureKind']
export type Warning = Schemas['Warning']
export type CreateIssue = Schemas['CreateIssue']
export type UpdateIssue = Schemas['UpdateIssue']
export type TransitionRequest = Schemas['TransitionRequest']
export type ProgressRequest = Schemas['ProgressRequest']
export type TimelineEntry = Schemas['TimelineEntry']
export type Unit = Schemas['UnitDto']
export type UnitKind = Schemas['UnitKind']
export type Group = Schemas['GroupDto']
export type Dictionaries = Schemas['Dictionaries']
export type DictEntry = Schemas['DictEntry']
export type Labelled = Schemas['Labelled']
export type Campaign = Schemas['CampaignDto']

/** Query of `GET /api/v1/issues`. */
export type IssueListQuery = NonNullable<paths['/api/v1/issues']['get']['parameters']['query']>

/** Sort orders of the problem list (the `sort` parameter's documented values). */
export const ISSUE_SORTS = [
  '-created_at',
  'created_at',
  'deadline',
  '-deadline',
  '-updated_at',
  'number',
  '-number',
  'amount_involved_fen',
  '-amount_involved_fen',
] as const
export type IssueSort = (typeof ISSUE_SORTS)[number]

/** Paged list answer: `?page=1&page_size=20` (max 200). */
export interface Page<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}
