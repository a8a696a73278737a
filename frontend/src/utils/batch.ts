/** 批量交办 / 批量催办 in the ledger: the pure parts (default text, reading the per-problem report). */
import type { BatchOutcome, BatchReport, ProblemDetails } from '@/api/types'
import { defaultUrgeMessage } from './issue'

/** The single 催办's default text: for the problems' common deadline, or the general one when they differ. */
export function defaultBatchUrgeMessage(deadlines: readonly (string | null | undefined)[], today: string): string {
  const distinct = new Set(deadlines.map((d) => d ?? ''))
  const [only] = distinct
  return defaultUrgeMessage(distinct.size === 1 ? only : null, today)
}

/**
 * The problem document when the same fields were refused for every problem (a deadline past the
 * horizon, a unit just deactivated): the form shows it at the fields instead of a list of
 * identical errors. Null when anything succeeded or the refusals differ.
 */
export function refusedForAll(report: BatchReport): ProblemDetails | null {
  const first = report.results[0]?.error
  if (report.succeeded > 0 || !first?.errors?.length) return null
  const key = JSON.stringify(first.errors)
  const same = (r: BatchOutcome) => r.status === 422 && JSON.stringify(r.error?.errors ?? []) === key
  return report.results.every(same) ? first : null
}
