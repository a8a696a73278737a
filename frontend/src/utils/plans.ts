/** 还款计划: the labels of an instalment's status and of a plan's standing (the server's codes). */
import type { InstalmentStatus, RepaymentPlan } from '@/api/types'

type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

export const INSTALMENT_STATUS: Record<InstalmentStatus, { label: string; type: TagType }> = {
  paid: { label: '已还清', type: 'success' },
  partly_paid: { label: '部分还款', type: 'warning' },
  due: { label: '未到期', type: 'info' },
  missed: { label: '逾期未还', type: 'danger' },
}

export const PLAN_STATUS: Record<RepaymentPlan['status'], { label: string; type: TagType }> = {
  on_track: { label: '按计划', type: 'success' },
  missed_instalment: { label: '逾期未还', type: 'danger' },
  completed: { label: '已还清', type: 'success' },
}

/** One instalment row of the plan form: a date and an amount as typed (元 or 万元). */
export interface InstalmentRow {
  due_on: string
  amount: string
}
