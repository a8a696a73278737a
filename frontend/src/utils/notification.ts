/** Notifications (通知): labels, the badge, where a click leads, and the polling cadence. */
import type { RouteLocationRaw } from 'vue-router'
import type { Notification } from '@/api/types'

/** Poll the unread count this often while the page is visible (REST only, no websockets). */
export const NOTIFICATION_POLL_MS = 60_000

/** Chinese labels of the kinds the server documents; an unknown kind shows as 通知. */
export const NOTIFICATION_KIND_LABELS: Record<string, string> = {
  assigned: '交办',
  returned: '退回',
  rejected: '核查不通过',
  urged: '催办',
  extension_requested: '延期申请',
  extension_decided: '延期审批',
  deadline_yellow: '临期预警',
  deadline_red: '逾期预警',
  submitted: '待核查',
  closed: '已销号',
  reopened: '重新整改',
  red_digest: '逾期日报',
  instalment_missed: '分期逾期',
  milestone_submitted: '节点报送',
  milestone_reviewed: '报送审核',
  milestone_due: '报送提醒',
}

export function notificationKindLabel(kind: string): string {
  return NOTIFICATION_KIND_LABELS[kind] ?? '通知'
}

/** Tag colour of a kind: warnings and chasing stand out. */
export function notificationKindType(kind: string): 'danger' | 'warning' | 'primary' | 'info' {
  if (kind === 'deadline_red' || kind === 'rejected' || kind === 'red_digest' || kind === 'instalment_missed')
    return 'danger'
  if (
    kind === 'deadline_yellow' ||
    kind === 'urged' ||
    kind === 'returned' ||
    kind === 'reopened' ||
    kind === 'milestone_due'
  )
    return 'warning'
  if (kind === 'assigned' || kind === 'submitted' || kind.startsWith('extension')) return 'primary'
  return 'info'
}

/** The badge text: nothing at 0, the number up to 99, then 99+. */
export function unreadBadge(count: number): string {
  if (!Number.isFinite(count) || count <= 0) return ''
  return count > 99 ? '99+' : String(Math.floor(count))
}

/** Where clicking a notification leads: its problem, the milestone board, or nowhere. */
export function notificationTarget(n: Pick<Notification, 'issue_id' | 'kind'>): RouteLocationRaw | null {
  if (n.issue_id) return { name: 'issue-detail', params: { id: n.issue_id } }
  return n.kind.startsWith('milestone_') ? { name: 'milestones' } : null
}

/** The list after marking `id` read at `at` (the unread count is the server's, read again). */
export function markedRead(items: readonly Notification[], id: string | null, at: string): Notification[] {
  return items.map((n) => (n.read_at || (id !== null && n.id !== id) ? n : { ...n, read_at: at }))
}
