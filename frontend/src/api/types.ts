/**
 * Names for the API types used across the SPA. Every type here is an alias of one generated
 * from openapi/openapi.json into ./schema.d.ts (`npm run gen:api`): the contract is the spec,
 * nothing is hand-written except {@link ProblemDetails}' "extra facts", which the spec
 * describes in prose only.
 */
import type { components, paths } from './schema'

type Schemas = components['schemas']

/** Every id is a UUID; each entity has its own id type on the server. */
export type Id = Schemas['IssueId']

/** The roles (docs/domain.md). `group_lead` is held for one group (`group_id`). */
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
export type TotpChallenge = Schemas['TotpChallenge']
export type TotpEnrollment = Schemas['TotpEnrollment']
export type RecoveryCodes = Schemas['RecoveryCodes']
export type PasswordChangeRequest = Schemas['PasswordChangeRequest']

/** One field error of a validation problem. */
export type FieldError = Schemas['FieldError']

/**
 * RFC 9457 problem details as the backend sends them: the generated `Problem`
 * (every member optional here, since a proxy may answer with anything) plus the extra facts
 * some problems carry.
 */
export type ProblemDetails = Partial<
  Pick<Schemas['Problem'], 'type' | 'title' | 'status' | 'detail' | 'code' | 'errors'>
> & {
  instance?: string
  /** 409 on a transition the state does not allow: what the caller may do now. */
  allowed_actions?: string[]
  /** 429 too many sign-in attempts: seconds to wait (also in `Retry-After`). */
  retry_after?: number
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
export type Action = Schemas['TransitionRequest']['action']
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
export type CampaignState = Schemas['CampaignState']
export type Deliverable = Schemas['Deliverable']
export type CreateCampaign = Schemas['CreateCampaign']
export type CloseCampaign = Schemas['CloseCampaign']
export type UpdateCampaign = Schemas['UpdateCampaign']
export type Submitters = Schemas['Submitters']
export type MilestoneBoard = Schemas['MilestoneBoard']
export type BoardItem = Schemas['BoardItem']
export type BoardStatus = Schemas['BoardStatus']
export type Submission = Schemas['SubmissionDto']
export type SubmissionStatus = Schemas['SubmissionStatus']
export type SubmitMilestone = Schemas['SubmitMilestone']
export type ReminderKind = Schemas['ReminderKind']
export type Payment = Schemas['PaymentDto']
export type PaymentList = Schemas['PaymentList']
export type RecordPayment = Schemas['RecordPayment']
export type PaymentMethod = Schemas['PaymentMethod']
export type RepaymentSummary = Schemas['RepaymentSummary']
export type RepaymentPlan = Schemas['RepaymentPlanDto']
export type IssueFacts = Schemas['FactsDto']
export type SetFacts = Schemas['SetFacts']
export type SetRepaymentPlan = Schemas['SetRepaymentPlan']
export type InstalmentStatus = Schemas['InstalmentStatus']

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
  /** False when `total` is a lower bound (a one- or two-character keyword in very many problems). */
  total_exact: boolean
  page: number
  page_size: number
}

// ---------------------------------------------------------------------------------------------
// 系统管理 (sysadmin) and 审计 (auditor): accounts, units, groups, API keys, dictionaries, audit.

export type User = Schemas['UserDto']
export type UserPage = Schemas['Page_UserDto']
export type CreateUser = Schemas['CreateUser']
export type UpdateUser = Schemas['UpdateUser']
export type RoleInput = Schemas['RoleInput']
export type SetRoles = Schemas['SetRoles']
export type ResetPassword = Schemas['ResetPassword']
/** Query of `GET /api/v1/users`. */
export type UserListQuery = NonNullable<paths['/api/v1/users']['get']['parameters']['query']>
export type CreateUnit = Schemas['CreateUnit']
export type UpdateUnit = Schemas['UpdateUnit']
export type UpdateGroup = Schemas['UpdateGroup']
export type ApiKey = Schemas['ApiKeyDto']
export type ApiScope = Schemas['ApiScope']
export type CreateApiKey = Schemas['CreateApiKey']
export type CreatedApiKey = Schemas['CreatedApiKey']
/** An integration client (集成客户端) with its keys. */
export type IntegrationClient = Schemas['IntegrationClientDto']
/** A client's webhook with its health (the secret is never answered). */
export type Webhook = Schemas['WebhookDto']
export type CreateWebhook = Schemas['CreateWebhook']
/** An event a webhook subscribes to, or `*` for all of them. */
export type WebhookEventName = CreateWebhook['events'][number]
export type WebhookHealth = Schemas['WebhookHealth']
/** One event sent (or to be sent) to one webhook. */
export type WebhookDelivery = Schemas['DeliveryDto']
export type WebhookDeliveryPage = Schemas['Page_DeliveryDto']
export type DeliveryStatus = Schemas['DeliveryStatus']
export type DictItemInput = Schemas['DictItemInput']
export type Setting = Schemas['SettingDto']
export type AuditRecord = Schemas['AuditRecordDto']
export type AuditPage = Schemas['Page_AuditRecordDto']
export type AuditVerification = Schemas['Verification']
/** Query of `GET /api/v1/audit`. */
export type AuditListQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>

// ---------------------------------------------------------------------------------------------
// Import, export, statistics, supervision and notifications (SPA part 2: imports, dashboard,
// chasing and extensions, the notification bell).

export type ImportMode = Schemas['ImportMode']
export type ImportReport = Schemas['ImportReport']
export type ImportRowError = Schemas['RowError']
/** A column of the import template (GET /imports/columns). */
export type ImportColumn = Schemas['ImportColumn']
export type ImportRowWarning = Schemas['RowWarning']
/** Query of `GET /api/v1/exports/issues.{xlsx,csv}`: the ledger's filters without paging. */
export type ExportQuery = NonNullable<paths['/api/v1/exports/issues.xlsx']['get']['parameters']['query']>
export type DispatchReportQuery = NonNullable<paths['/api/v1/reports/dispatch.xlsx']['get']['parameters']['query']>
export type StatsOverview = Schemas['Overview']
export type OutstandingArrears = Schemas['OutstandingArrears']
export type StatsRate = Schemas['Rate']
export type MoneyStat = Schemas['MoneyStat']
export type MoneyRates = Schemas['MoneyRates']
export type StatsCountItem = Schemas['CountItem']
export type StatsGroup = Schemas['GroupStat']
export type TrendPoint = Schemas['TrendPoint']
export type TrendReport = Schemas['TrendReport']
export type TrendInterval = Schemas['Interval']
export type UnitsReport = Schemas['UnitsReport']
export type UnitStat = Schemas['UnitStat']
export type ScoreDeduction = Schemas['Deduction']
export type Milestone = Schemas['MilestoneDto']
/** Query of `GET /api/v1/stats/overview` (also /stats/units). */
export type StatsQuery = NonNullable<paths['/api/v1/stats/overview']['get']['parameters']['query']>
export type UrgeRequest = Schemas['UrgeRequest']
/** 批量交办 / 批量催办 and their per-problem results. */
export type BatchAssignRequest = Schemas['BatchAssignRequest']
export type BatchUrgeRequest = Schemas['BatchUrgeRequest']
export type BatchReport = Schemas['BatchReport']
export type BatchOutcome = Schemas['BatchOutcome']
export type Urge = Schemas['UrgeDto']
export type ExtensionRequest = Schemas['ExtensionRequestBody']
export type ExtensionDecision = Schemas['ExtensionDecisionBody']
export type Extension = Schemas['ExtensionDto']
export type Notification = Schemas['NotificationDto']
export type NotificationPage = Schemas['NotificationPage']

/** A file of a problem (附件) and its kind. */
export type Attachment = Schemas['AttachmentDto']
export type AttachmentKind = Schemas['AttachmentKind']
export type AttachmentList = Schemas['AttachmentList']
/** The 核查 record of an approval or a rejection. */
export type VerificationInput = Schemas['VerificationInput']
export type VerificationMethod = Schemas['VerificationMethod']
export type Satisfaction = Schemas['Satisfaction']
