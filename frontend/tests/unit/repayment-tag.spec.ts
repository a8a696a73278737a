// @vitest-environment happy-dom
/** RepaymentTag: a plan behind (with how many instalments) or done shows; on track or none does not. */
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RepaymentTag from '@/components/RepaymentTag.vue'
import type { RepaymentSummary } from '@/api/types'

function summary(overrides: Partial<RepaymentSummary>): RepaymentSummary {
  return {
    status: 'on_track',
    plan_version: 1,
    instalments: 3,
    missed_instalments: 0,
    next_due_on: '2026-04-30',
    planned_fen: 1_200_000,
    paid_fen: 0,
    ...overrides,
  }
}

function render(repayment: RepaymentSummary | null): string {
  return mount(RepaymentTag, { props: { repayment } }).text().trim()
}

describe('RepaymentTag', () => {
  it('shows a plan behind, with the number of missed instalments beyond one', () => {
    expect(render(summary({ status: 'missed_instalment', missed_instalments: 1 }))).toBe('分期逾期')
    expect(render(summary({ status: 'missed_instalment', missed_instalments: 2 }))).toBe('分期逾期 2 期')
  })

  it('shows a completed plan and nothing for one on track or none', () => {
    expect(render(summary({ status: 'completed', next_due_on: null }))).toBe('计划已还清')
    expect(render(summary({ status: 'on_track' }))).toBe('')
    expect(render(null)).toBe('')
  })
})
