import { describe, expect, it } from 'vitest'
import type { BatchOutcome, BatchReport } from '@/api/types'
import { defaultBatchUrgeMessage, refusedForAll } from '@/utils/batch'

function outcome(id: string, status: number, errors: { field: string; message: string }[] = []): BatchOutcome {
  const ok = status < 300
  return {
    id,
    number: ok ? `LY2024-0000${id}` : null,
    ok,
    status,
    state: ok ? 'assigned' : null,
    version: ok ? 2 : null,
    error: ok
      ? null
      : { type: 'urn:lvyue:problem:x', title: 't', status, detail: errors[0]?.message ?? '拒绝', code: 'x', errors },
  }
}

function report(results: BatchOutcome[]): BatchReport {
  const succeeded = results.filter((r) => r.ok).length
  return { total: results.length, succeeded, failed: results.length - succeeded, results }
}

describe('批量催办 default text', () => {
  it('names the common deadline, or says nothing of dates when they differ', () => {
    expect(defaultBatchUrgeMessage(['2026-05-20', '2026-05-20'], '2026-05-10')).toBe(
      '请于 2026-05-20 前完成整改并报送整改进展',
    )
    expect(defaultBatchUrgeMessage(['2026-05-01', '2026-05-01'], '2026-05-10')).toContain('已超过整改时限')
    expect(defaultBatchUrgeMessage(['2026-05-20', '2026-06-01'], '2026-05-10')).toBe('请抓紧办理，并及时报送整改进展')
    expect(defaultBatchUrgeMessage(['2026-05-20', null], '2026-05-10')).toBe('请抓紧办理，并及时报送整改进展')
  })
})

describe('a batch refused for the same fields everywhere', () => {
  const past = [{ field: 'deadline', message: '整改时限不能早于今天' }]

  it('is shown at the fields', () => {
    const refused = refusedForAll(report([outcome('1', 422, past), outcome('2', 422, past)]))
    expect(refused?.errors).toEqual(past)
  })

  it('is a per-problem list when anything succeeded or the refusals differ', () => {
    expect(refusedForAll(report([outcome('1', 200), outcome('2', 422, past)]))).toBeNull()
    expect(refusedForAll(report([outcome('1', 409), outcome('2', 422, past)]))).toBeNull()
    expect(refusedForAll(report([outcome('1', 404), outcome('2', 404)]))).toBeNull()
    const other = [{ field: 'group_id', message: '工作组与问题类别不一致' }]
    expect(refusedForAll(report([outcome('1', 422, past), outcome('2', 422, other)]))).toBeNull()
  })
})
