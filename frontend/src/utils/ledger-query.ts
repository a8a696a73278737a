/**
 * The ledger's filters, sort and page live in the URL query so that a view can be bookmarked
 * and shared. This module converts between the URL query, the page's state and the API query.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router'
import { ISSUE_SORTS, type IssueSort, type IssueState, type Warning } from '@/api/types'
import type { IssueQuery } from '@/api/issues'
import type { ExportQuery } from '@/api/types'
import { STATES } from './issue'

export const DEFAULT_SORT: IssueSort = '-created_at'
export const DEFAULT_PAGE_SIZE = 20
export const PAGE_SIZES = [10, 20, 50, 100] as const

export interface LedgerQuery {
  page: number
  page_size: number
  sort: IssueSort
  state: IssueState[]
  warning: Warning | ''
  group_id: string
  unit_id: string
  campaign_id: string
  category: string
  source: string
  q: string
  deadline_from: string
  deadline_to: string
}

export function emptyLedgerQuery(): LedgerQuery {
  return {
    page: 1,
    page_size: DEFAULT_PAGE_SIZE,
    sort: DEFAULT_SORT,
    state: [],
    warning: '',
    group_id: '',
    unit_id: '',
    campaign_id: '',
    category: '',
    source: '',
    q: '',
    deadline_from: '',
    deadline_to: '',
  }
}

function first(value: LocationQuery[string] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value
  return typeof v === 'string' ? v : ''
}

function positiveInt(text: string, fallback: number, max: number): number {
  if (!/^\d{1,6}$/.test(text)) return fallback
  const n = Number(text)
  return n >= 1 && n <= max ? n : fallback
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Reads the URL query, ignoring what is malformed (a hand-edited URL never breaks the page). */
export function parseLedgerQuery(query: LocationQuery): LedgerQuery {
  const q = emptyLedgerQuery()
  q.page = positiveInt(first(query.page), 1, 100_000)
  q.page_size = positiveInt(first(query.page_size), DEFAULT_PAGE_SIZE, 200)
  const sort = first(query.sort)
  q.sort = (ISSUE_SORTS as readonly string[]).includes(sort) ? (sort as IssueSort) : DEFAULT_SORT
  q.state = first(query.state)
    .split(',')
    .filter((s): s is IssueState => (STATES as readonly string[]).includes(s))
  const warning = first(query.warning)
  q.warning = warning === 'red' || warning === 'yellow' || warning === 'none' ? warning : ''
  q.group_id = first(query.group_id)
  q.unit_id = first(query.unit_id)
  q.campaign_id = first(query.campaign_id)
  q.category = first(query.category)
  q.source = first(query.source)
  q.q = first(query.q).slice(0, 100)
  const from = first(query.deadline_from)
  const to = first(query.deadline_to)
  q.deadline_from = DATE.test(from) ? from : ''
  q.deadline_to = DATE.test(to) ? to : ''
  return q
}

/** The URL query of a ledger view: only what differs from the defaults. */
export function toRouteQuery(q: LedgerQuery): LocationQueryRaw {
  const out: Record<string, string> = {}
  if (q.page !== 1) out.page = String(q.page)
  if (q.page_size !== DEFAULT_PAGE_SIZE) out.page_size = String(q.page_size)
  if (q.sort !== DEFAULT_SORT) out.sort = q.sort
  if (q.state.length > 0) out.state = q.state.join(',')
  if (q.warning) out.warning = q.warning
  for (const key of [
    'group_id',
    'unit_id',
    'campaign_id',
    'category',
    'source',
    'deadline_from',
    'deadline_to',
  ] as const) {
    if (q[key]) out[key] = q[key]
  }
  const text = q.q.trim()
  if (text) out.q = text
  return out
}

/** The `GET /api/v1/issues` query of a ledger view. */
export function toApiQuery(q: LedgerQuery): IssueQuery {
  const out: IssueQuery = { page: q.page, page_size: q.page_size, sort: q.sort }
  if (q.state.length > 0) out.state = [...q.state]
  if (q.warning) out.warning = q.warning
  if (q.group_id) out.group_id = q.group_id
  if (q.unit_id) out.unit_id = q.unit_id
  if (q.campaign_id) out.campaign_id = q.campaign_id
  if (q.category) out.category = q.category
  if (q.source) out.source = q.source
  if (q.deadline_from) out.deadline_from = q.deadline_from
  if (q.deadline_to) out.deadline_to = q.deadline_to
  const text = q.q.trim()
  if (text) out.q = text
  return out
}

/** The export query of a ledger view: the same filters and sort, every page. */
export function toExportQuery(q: LedgerQuery): ExportQuery {
  const { page: _page, page_size: _size, ...rest } = toApiQuery(q)
  return rest
}

/** Table column (prop) and direction of a sort value, for el-table's default-sort. */
export function sortToTable(sort: IssueSort): { prop: string; order: 'ascending' | 'descending' } {
  return sort.startsWith('-') ? { prop: sort.slice(1), order: 'descending' } : { prop: sort, order: 'ascending' }
}

/** The sort value for an el-table sort-change; falls back to the default for unknown columns. */
export function tableToSort(prop: string | null | undefined, order: string | null | undefined): IssueSort {
  if (!prop || !order) return DEFAULT_SORT
  const value = order === 'descending' ? `-${prop}` : prop
  return (ISSUE_SORTS as readonly string[]).includes(value) ? (value as IssueSort) : DEFAULT_SORT
}
