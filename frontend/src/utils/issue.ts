/**
 * Display vocabulary of a problem: Chinese labels and colours of states, actions,
 * warnings and closure kinds. Only how things look: which action is possible is always the
 * server's `allowed_actions`, never derived here.
 */
import type { Action, ClosureKind, IssueState, Warning } from '@/api/types'

/** The lifecycle, in order: 自查 → 交办 → 整改 → 核查 → 销号. */
export const STATES: readonly IssueState[] = ['self_check', 'assigned', 'rectifying', 'verifying', 'closed']

export const STATE_LABELS: Record<IssueState, string> = {
  self_check: '自查',
  assigned: '交办',
  rectifying: '整改',
  verifying: '核查',
  closed: '销号',
}

/** Lifecycle colours: grey → orange → blue → purple → green, each ≥ 4.5:1 as text on white. */
export const STATE_COLORS: Record<IssueState, string> = {
  self_check: '#676a70',
  assigned: '#9a5b00',
  rectifying: '#1a5bbd',
  verifying: '#7b3fa0',
  closed: '#2b7a0b',
}

export const ACTION_LABELS: Record<Action, string> = {
  assign: '交办',
  return: '退回',
  accept: '签收整改',
  submit: '提交核查',
  approve: '核查通过·销号',
  reject: '核查不通过',
  reopen: '重新整改',
  dismiss: '不予立项',
}

/** Transition actions in the order their buttons appear. */
export const ACTIONS: readonly Action[] = [
  'assign',
  'accept',
  'submit',
  'approve',
  'reject',
  'return',
  'dismiss',
  'reopen',
]

export function isTransitionAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value)
}

/** Button style of each action (Element Plus `type`). */
export const ACTION_BUTTON_TYPES: Record<Action, 'primary' | 'success' | 'warning' | 'danger' | 'info'> = {
  assign: 'primary',
  accept: 'primary',
  submit: 'primary',
  approve: 'success',
  reject: 'warning',
  return: 'warning',
  dismiss: 'danger',
  reopen: 'warning',
}

export const WARNING_LABELS: Record<Warning, string> = {
  none: '正常',
  yellow: '临期',
  red: '逾期',
}

export const CLOSURE_KIND_LABELS: Record<ClosureKind, string> = {
  rectified: '整改销号',
  duplicate: '重复问题',
  unfounded: '查无实据',
}

export function stateLabel(state: string | null | undefined): string {
  return state ? (STATE_LABELS[state as IssueState] ?? state) : ''
}

export function actionLabel(action: string | null | undefined): string {
  if (!action) return ''
  if (action === 'register') return '登记'
  if (action === 'progress') return '报送进展'
  if (action === 'edit') return '修改'
  return ACTION_LABELS[action as Action] ?? action
}

export function closureKindLabel(kind: string | null | undefined): string {
  return kind ? (CLOSURE_KIND_LABELS[kind as ClosureKind] ?? kind) : ''
}

/**
 * Index of the current step of the step bar (0 = 自查 … 4 = 销号); a closed problem has
 * every step done (5).
 */
export function stepIndex(state: IssueState): number {
  return state === 'closed' ? STATES.length : STATES.indexOf(state)
}

/** To-do groups of the workbench: the action a problem waits for, by priority. */
export const TODO_GROUPS = [
  { key: 'assign', label: '待交办', actions: ['assign', 'dismiss'] },
  { key: 'accept', label: '待签收', actions: ['accept', 'return'] },
  { key: 'submit', label: '整改中·待提交核查', actions: ['submit'] },
  { key: 'verify', label: '待核查销号', actions: ['approve', 'reject'] },
  { key: 'progress', label: '待报送进展', actions: ['progress'] },
  { key: 'reopen', label: '可重新整改', actions: ['reopen'] },
] as const

export type TodoGroupKey = (typeof TODO_GROUPS)[number]['key']

/**
 * The to-do group of a problem from the caller's `allowed_actions`: the first group one of
 * whose actions is allowed, or null when the caller has nothing to do (or may only edit).
 */
export function todoGroupOf(allowedActions: readonly string[]): TodoGroupKey | null {
  for (const group of TODO_GROUPS) {
    if (group.actions.some((action) => allowedActions.includes(action))) return group.key
  }
  return null
}

/**
 * The default text of a 催办 (#23): a deadline still ahead is named; a passed one is not asked
 * for again (the problem is 逾期: it is to be rectified at once).
 */
export function defaultUrgeMessage(deadline: string | null | undefined, today: string): string {
  if (!deadline) return '请抓紧办理，并及时报送整改进展'
  if (deadline < today) return `该问题已超过整改时限（${deadline}），请立即整改并报送整改进展`
  return `请于 ${deadline} 前完成整改并报送整改进展`
}

/**
 * Days left until an open problem's deadline (Asia/Shanghai calendar): positive ahead, 0 on the
 * day, negative when overdue; null without a deadline or once closed.
 */
export function daysToDeadline(deadline: string | null | undefined, state: string, today: string): number | null {
  if (!deadline || state === 'closed') return null
  const day = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))
  return Math.round((day(deadline) - day(today)) / 86_400_000)
}

/** 剩 5 天 / 今日到期 / 逾期 3 天, or — . */
export function deadlineDaysLabel(days: number | null): string {
  if (days === null) return '—'
  if (days === 0) return '今日到期'
  return days > 0 ? `剩 ${days} 天` : `逾期 ${-days} 天`
}
