/**
 * The import wizard's view of a report: the server names each bad row (as the spreadsheet
 * shows it, header = row 1) and field (an API field name); this module lays those errors out
 * as a table of rows × template columns, with the cell values read from the file when the
 * browser can read it (CSV, JSON). The server's messages are shown as they are.
 */
import type { ImportRowError } from '@/api/types'

/** The template's columns (GET /imports/template.xlsx): API field name and Chinese header. */
export const IMPORT_COLUMNS = [
  { field: 'title', header: '问题标题' },
  { field: 'description', header: '问题描述' },
  { field: 'category', header: '问题类别' },
  { field: 'problem_type', header: '问题类型' },
  { field: 'arrear_object', header: '拖欠对象' },
  { field: 'source', header: '线索来源' },
  { field: 'source_ref', header: '来源编号' },
  { field: 'enterprise_name', header: '涉及企业' },
  { field: 'enterprise_uscc', header: '统一社会信用代码' },
  { field: 'enterprise_contact', header: '企业联系人' },
  { field: 'enterprise_phone', header: '联系电话' },
  { field: 'amount_involved', header: '涉及金额(元)' },
  { field: 'reporting_unit', header: '报送单位' },
] as const

export type ImportField = (typeof IMPORT_COLUMNS)[number]['field']

const FIELDS = new Set<string>(IMPORT_COLUMNS.map((c) => c.field))
const BY_HEADER = new Map<string, ImportField>(IMPORT_COLUMNS.map((c) => [c.header, c.field]))

/** The template field a file header or an error's field names (Chinese header or API name). */
export function importFieldOf(name: string): ImportField | null {
  const key = name.trim()
  if (FIELDS.has(key)) return key as ImportField
  if (key === 'amount_involved_fen') return 'amount_involved'
  if (key === 'reporting_unit_id') return 'reporting_unit'
  return BY_HEADER.get(key) ?? BY_HEADER.get(key.replace(/（/g, '(').replace(/）/g, ')')) ?? null
}

/** The header a user sees for an error's field (the API name when it is no template column). */
export function importFieldLabel(field: string): string {
  const known = importFieldOf(field)
  return known ? (IMPORT_COLUMNS.find((c) => c.field === known)?.header ?? field) : field
}

/** Cell values of the file by row number, when the browser could read them. */
export type RowValues = Map<number, Partial<Record<ImportField, string>>>

export interface ErrorRow {
  row: number
  /** The server's messages at each template column of this row. */
  errors: Partial<Record<ImportField, string>>
  /** Messages about no template column (e.g. the row as a whole). */
  other: string[]
  /** The row's cells as the file has them (empty when unknown, e.g. XLSX). */
  values: Partial<Record<ImportField, string>>
}

/** One table row per bad row, in row order, each error at its column. */
export function errorRows(errors: readonly ImportRowError[], values?: RowValues): ErrorRow[] {
  const rows = new Map<number, ErrorRow>()
  for (const error of errors) {
    let row = rows.get(error.row)
    if (!row) {
      row = { row: error.row, errors: {}, other: [], values: values?.get(error.row) ?? {} }
      rows.set(error.row, row)
    }
    const field = importFieldOf(error.field)
    if (field) {
      row.errors[field] = row.errors[field] ? `${row.errors[field]}；${error.message}` : error.message
    } else {
      row.other.push(error.field ? `${error.field}：${error.message}` : error.message)
    }
  }
  return [...rows.values()].sort((a, b) => a.row - b.row)
}

/** The columns that have at least one error, in template order (for a narrow table). */
export function errorColumns(rows: readonly ErrorRow[]): ImportField[] {
  return IMPORT_COLUMNS.map((c) => c.field).filter((f) => rows.some((r) => r.errors[f] !== undefined))
}

// ---------------------------------------------------------------------------------------------
// Reading the file in the browser, only to show the bad rows' cells (the server validates).

export interface CsvRecord {
  /** The line the record starts on (1 = the header), as the server numbers CSV rows. */
  line: number
  cells: string[]
}

/** RFC 4180 CSV: quoted fields with "" escapes and line breaks; CRLF or LF. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let start = 1
  let any = false
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (ch === '\n') line++
        cell += ch
      }
      continue
    }
    if (ch === '"') {
      quoted = true
      any = true
    } else if (ch === ',') {
      cells.push(cell)
      cell = ''
      any = true
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++
      if (any || cell !== '') {
        cells.push(cell)
        records.push({ line: start, cells })
      }
      cells = []
      cell = ''
      any = false
      line++
      start = line
    } else {
      cell += ch
      any = true
    }
  }
  if (any || cell !== '') {
    cells.push(cell)
    records.push({ line: start, cells })
  }
  return records
}

/** Values by row number from CSV text (header on the first record). */
export function csvRowValues(text: string): RowValues {
  const records = parseCsv(text)
  const out: RowValues = new Map()
  const header = records[0]
  if (!header) return out
  const fields = header.cells.map((h) => importFieldOf(h))
  for (const record of records.slice(1)) {
    const values: Partial<Record<ImportField, string>> = {}
    record.cells.forEach((cell, i) => {
      const field = fields[i]
      if (field) values[field] = cell.trim()
    })
    out.set(record.line, values)
  }
  return out
}

/** Values by item position (from 1) from a JSON array of objects. */
export function jsonRowValues(text: string): RowValues {
  const out: RowValues = new Map()
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return out
  }
  if (!Array.isArray(data)) return out
  data.forEach((item: unknown, i) => {
    if (item === null || typeof item !== 'object') return
    const values: Partial<Record<ImportField, string>> = {}
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      const field = importFieldOf(key)
      if (field && value !== null && value !== undefined) values[field] = String(value)
    }
    out.set(i + 1, values)
  })
  return out
}

/** Decodes a CSV the way the server accepts it: UTF-8 (with or without BOM), else GB18030. */
export function decodeText(bytes: ArrayBuffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    try {
      return new TextDecoder('gb18030').decode(bytes)
    } catch {
      return new TextDecoder('utf-8').decode(bytes)
    }
  }
}

/** The cells of the bad rows, read from the file when it is CSV or JSON (XLSX: none). */
export async function readRowValues(file: Blob & { name: string }): Promise<RowValues | undefined> {
  const name = file.name.toLowerCase()
  if (!name.endsWith('.csv') && !name.endsWith('.json')) return undefined
  // Very large files are not parsed in the page; the errors still show, without the cells.
  if (file.size > 5 * 1024 * 1024) return undefined
  const text = decodeText(await file.arrayBuffer())
  return name.endsWith('.csv') ? csvRowValues(text) : jsonRowValues(text)
}
