/** Bulk import of problem lists (XLSX / CSV / JSON) and its template. */
import { API_BASE, api, request } from '@/utils/request'
import { downloadFile } from '@/utils/download'
import { uploadFile, type UploadOptions } from '@/utils/upload'
import type { ImportColumn, ImportMode, ImportReport } from './types'

/** Downloads the import template under the server's name; answers that name. */
export function downloadImportTemplate(): Promise<string> {
  return downloadFile(api.GET('/api/v1/imports/template.xlsx', { parseAs: 'blob' }), '问题清单导入模板.xlsx')
}

/** The template's columns, in order, with the field names row errors use. */
export function listImportColumns(): Promise<ImportColumn[]> {
  return request(api.GET('/api/v1/imports/columns'))
}

/** The Content-Type the server reads a file by (it answers 415 to anything else). */
export function importContentType(file: { name: string; type: string }): string {
  const name = file.name.toLowerCase()
  if (name.endsWith('.csv')) return 'text/csv'
  if (name.endsWith('.json')) return 'application/json'
  if (name.endsWith('.xlsx')) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  if (name.endsWith('.xls')) return 'application/vnd.ms-excel'
  return file.type || 'application/octet-stream'
}

/**
 * Sends the file as the request body (`POST /imports?dry_run=&mode=&file_name=&source=`), with upload
 * progress. A dry run validates everything and writes nothing; a migration records the file's name.
 */
export function importIssues(
  file: File,
  params: { dryRun: boolean; mode: ImportMode; source?: string },
  options?: UploadOptions,
): Promise<ImportReport> {
  const query = new URLSearchParams({ dry_run: String(params.dryRun), mode: params.mode, file_name: file.name })
  // 线索来源 for rows that leave it empty, when the user chose one for the file.
  if (params.source) query.set('source', params.source)
  return uploadFile<ImportReport>(`${API_BASE}/imports?${query}`, file, importContentType(file), options)
}
