/** The problem ledger. */
import { api, etagOf, request, unwrap, type CallOptions } from '@/utils/request'
import type {
  BatchAssignRequest,
  BatchReport,
  CreateIssue,
  Issue,
  IssueListQuery,
  IssuePage,
  IssueSort,
  Payment,
  PaymentList,
  ProgressRequest,
  RecordPayment,
  RepaymentPlan,
  SetFacts,
  SetRepaymentPlan,
  TimelineEntry,
  TransitionRequest,
  UpdateIssue,
} from './types'

/** An issue with the ETag of the read, for If-Match. */
export interface VersionedIssue {
  issue: Issue
  etag: string
}

function versioned(issue: Issue, response: Response): VersionedIssue {
  return { issue, etag: etagOf(response) ?? `"${issue.version}"` }
}

export type IssueQuery = Omit<IssueListQuery, 'sort'> & { sort?: IssueSort }

// A signed-in person always receives the staff's read model; the public view (`view: 'public'`)
// is what integration clients' API keys get from the same operations.
export function listIssues(query: IssueQuery, options?: CallOptions): Promise<IssuePage> {
  return request(api.GET('/api/v1/issues', { params: { query } }), options) as Promise<IssuePage>
}

export async function getIssue(id: string, options?: CallOptions): Promise<VersionedIssue> {
  const { data, response } = await unwrap(api.GET('/api/v1/issues/{id}', { params: { path: { id } } }), options)
  return versioned(data as Issue, response)
}

export async function createIssue(body: CreateIssue, options?: CallOptions): Promise<VersionedIssue> {
  const { data, response } = await unwrap(api.POST('/api/v1/issues', { body }), options)
  return versioned(data as Issue, response)
}

/** PATCH with If-Match: 412 when someone changed the problem since `etag` was read. */
export async function updateIssue(
  id: string,
  etag: string,
  body: UpdateIssue,
  options?: CallOptions,
): Promise<VersionedIssue> {
  const { data, response } = await unwrap(
    api.PATCH('/api/v1/issues/{id}', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
    options,
  )
  return versioned(data, response)
}

/** A transition; with `etag`, a stale read answers 412 instead of acting on news unseen. */
export async function transitionIssue(
  id: string,
  body: TransitionRequest,
  etag?: string | null,
  options?: CallOptions,
): Promise<VersionedIssue> {
  const header = etag ? { 'If-Match': etag } : {}
  const { data, response } = await unwrap(
    api.POST('/api/v1/issues/{id}/transitions', { params: { path: { id }, header }, body }),
    options,
  )
  return versioned(data, response)
}

export async function addProgress(id: string, body: ProgressRequest, options?: CallOptions): Promise<VersionedIssue> {
  const { data, response } = await unwrap(
    api.POST('/api/v1/issues/{id}/progress', { params: { path: { id } }, body }),
    options,
  )
  return versioned(data, response)
}

/** Registration, transitions and progress reports, newest first. */
export function getTimeline(id: string, options?: CallOptions): Promise<TimelineEntry[]> {
  return request(api.GET('/api/v1/issues/{id}/timeline', { params: { path: { id } } }), options)
}

/** 批量交办: each problem assigned on its own; the answer says what happened to each. */
export function batchAssign(body: BatchAssignRequest, options?: CallOptions): Promise<BatchReport> {
  return request(api.POST('/api/v1/issues/batch/assign', { body }), options)
}

/** 还款记录 of a problem, oldest first, with their sums. */
export function listPayments(id: string, options?: CallOptions): Promise<PaymentList> {
  return request(api.GET('/api/v1/issues/{id}/payments', { params: { path: { id } } }), options)
}

/** 登记还款 / 冲正 (a correction names the record it reverses). */
export function recordPayment(id: string, body: RecordPayment, options?: CallOptions): Promise<Payment> {
  return request(api.POST('/api/v1/issues/{id}/payments', { params: { path: { id } }, body }), options)
}

/** 还款计划: the current version, or `version`; 404 when the problem has none. */
export function getRepaymentPlan(id: string, version?: number, options?: CallOptions): Promise<RepaymentPlan> {
  return request(
    api.GET('/api/v1/issues/{id}/repayment-plan', {
      params: { path: { id }, query: version === undefined ? {} : { version } },
    }),
    options,
  )
}

/** 制定/调整还款计划: a new current version adding up to what is outstanding now. */
export function setRepaymentPlan(id: string, body: SetRepaymentPlan, options?: CallOptions): Promise<RepaymentPlan> {
  return request(api.PUT('/api/v1/issues/{id}/repayment-plan', { params: { path: { id } }, body }), options)
}

/** 修改欠款事实 (every category's facts, replaced as a whole) with If-Match: 412 when stale. */
export async function putIssueFacts(
  id: string,
  etag: string,
  body: SetFacts,
  options?: CallOptions,
): Promise<VersionedIssue> {
  const { data, response } = await unwrap(
    api.PUT('/api/v1/issues/{id}/facts', { params: { path: { id }, header: { 'If-Match': etag } }, body }),
    options,
  )
  return versioned(data, response)
}
