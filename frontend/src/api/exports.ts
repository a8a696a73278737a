/** Downloads: the problem list with the ledger's filters, the dispatch and summary workbooks. */
import { api } from '@/utils/request'
import { downloadFile } from '@/utils/download'
import type { DispatchReportQuery, ExportQuery } from './types'

export type ExportFormat = 'xlsx' | 'csv'

/** Exports the ledger's current view (its filters and sort, not its page) under the server's name. */
export function exportIssues(format: ExportFormat, query: ExportQuery): Promise<string> {
  const call =
    format === 'xlsx'
      ? api.GET('/api/v1/exports/issues.xlsx', { params: { query }, parseAs: 'blob' })
      : api.GET('/api/v1/exports/issues.csv', { params: { query }, parseAs: 'blob' })
  return downloadFile(call, `问题清单.${format}`)
}

/** The 调度会报表 workbook (default: the current campaign, today). */
export function downloadDispatchReport(query: DispatchReportQuery = {}): Promise<string> {
  return downloadFile(
    api.GET('/api/v1/reports/dispatch.xlsx', { params: { query }, parseAs: 'blob' }),
    '调度会报表.xlsx',
  )
}

/** A closed campaign's 总结报表 workbook (its figures frozen at closing). */
export function downloadSummaryReport(campaignId: string): Promise<string> {
  return downloadFile(
    api.GET('/api/v1/campaigns/{id}/summary.xlsx', { params: { path: { id: campaignId } }, parseAs: 'blob' }),
    '总结报表.xlsx',
  )
}
