/**
 * The import wizard's view of a report: the server names each bad row (as the spreadsheet
 * shows it, header = row 1) and field (an API field name); this module lays those errors out
 * as a table of rows × template columns, with the cell values read from the file when the
 * browser can read it (CSV, JSON). The server's messages are shown as they are.
 */
import type { ImportColumn, ImportReport, ImportRowError } from '@/api/types'

/**
 * The template's columns as the server lists them (GET /imports/columns): looked up by API field
 * name or by Chinese header. Build it once per list with {@link templateColumns}.
 */
export interface TemplateColumns {
  list: readonly ImportColumn[]
  byHeader: Map<string, string>
  byField: Map<string, ImportColumn>
}

/** A template field name (`title`, `amount_involved`, …). */
export type ImportField = string

export function templateColumns(list: readonly ImportColumn[]): TemplateColumns {
  return {
    list,
    byHeader: new Map(list.map((c) => [c.header, c.field])),
    byField: new Map(list.map((c) => [c.field, c])),
  }
}

/** The template field a file header or an error's field names (Chinese header or API name). */
export function importFieldOf(columns: TemplateColumns, name: string): ImportField | null {
  const key = name.trim()
  if (columns.byField.has(key)) return key
  // A file may give the amount in fen and the reporting unit by id (the API's own names).
  if (key === 'amount_involved_fen' && columns.byField.has('amount_involved')) return 'amount_involved'
  if (key === 'reporting_unit_id' && columns.byField.has('reporting_unit')) return 'reporting_unit'
  return columns.byHeader.get(key) ?? columns.byHeader.get(key.replace(/（/g, '(').replace(/）/g, ')')) ?? null
}

/** The header a user sees for an error's field (the API name when it is no template column). */
export function importFieldLabel(columns: TemplateColumns, field: string): string {
  const known = importFieldOf(columns, field)
  return known ? (columns.byField.get(known)?.header ?? field) : field
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

/**
 * One table row per bad row, in row order, each error at its column. Cell values come from the
 * server (the report's `failed_rows` and each error's echoed `value`, for every format), else from
 * the browser's reading of the file.
 */
export function errorRows(
  columns: TemplateColumns,
  errors: readonly ImportRowError[],
  values?: RowValues,
  failedRows?: ImportReport['failed_rows'],
): ErrorRow[] {
  const rows = new Map<number, ErrorRow>()
  const server = new Map((failedRows ?? []).map((f) => [f.row, f.cells]))
  for (const error of errors) {
    let row = rows.get(error.row)
    if (!row) {
      const cells: Partial<Record<ImportField, string>> = { ...(values?.get(error.row) ?? {}) }
      for (const [name, value] of Object.entries(server.get(error.row) ?? {})) {
        const field = importFieldOf(columns, name)
        if (field) cells[field] = value
      }
      row = { row: error.row, errors: {}, other: [], values: cells }
      rows.set(error.row, row)
    }
    const field = importFieldOf(columns, error.field)
    if (field && error.value != null) row.values[field] = error.value
    if (field) {
      row.errors[field] = row.errors[field] ? `${row.errors[field]}；${error.message}` : error.message
    } else {
      row.other.push(error.field ? `${error.field}：${error.message}` : error.message)
    }
  }
  return [...rows.values()].sort((a, b) => a.row - b.row)
}

/** The columns that have at least one error, in template order (for a narrow table). */
export function errorColumns(columns: TemplateColumns, rows: readonly ErrorRow[]): ImportField[] {
  return columns.list.map((c) => c.field).filter((f) => rows.some((r) => r.errors[f] !== undefined))
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
export function csvRowValues(columns: TemplateColumns, text: string): RowValues {
  const records = parseCsv(text)
  const out: RowValues = new Map()
  const header = records[0]
  if (!header) return out
  const fields = header.cells.map((h) => importFieldOf(columns, h))
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
export function jsonRowValues(columns: TemplateColumns, text: string): RowValues {
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
      const field = importFieldOf(columns, key)
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
export async function readRowValues(
  columns: TemplateColumns,
  file: Blob & { name: string },
): Promise<RowValues | undefined> {
  const name = file.name.toLowerCase()
  if (!name.endsWith('.csv') && !name.endsWith('.json')) return undefined
  // Very large files are not parsed in the page; the errors still show, without the cells.
  if (file.size > 5 * 1024 * 1024) return undefined
  const text = decodeText(await file.arrayBuffer())
  return name.endsWith('.csv') ? csvRowValues(columns, text) : jsonRowValues(columns, text)
}

// ---------------------------------------------------------------------------------------------
// How the server read the file (header, column mapping, skipped rows) and the failed rows as a file.

type ColumnMapping = ImportReport['columns'][number]
type SkippedRow = ImportReport['skipped_rows'][number]

export const MAPPING_STATUS: Readonly<
  Record<ColumnMapping['status'], { label: string; tag: 'success' | 'primary' | 'warning' | 'info' }>
> = {
  recognised: { label: '已识别', tag: 'success' },
  synonym: { label: '按同义列名识别', tag: 'primary' },
  not_applicable: { label: '已识别，不导入', tag: 'warning' },
  ignored: { label: '已忽略', tag: 'info' },
}

export const AMOUNT_UNIT: Readonly<Record<NonNullable<ColumnMapping['unit']>, string>> = {
  fen: '分',
  yuan: '元',
  thousand_yuan: '千元',
  ten_thousand_yuan: '万元',
  hundred_million_yuan: '亿元',
}

/** Why a row was skipped, in words a clerk knows. */
export const SKIP_REASON: Readonly<Record<SkippedRow['reason'], string>> = {
  above_header: '表头上方的标题或说明',
  total: '合计行',
  note: '表尾说明',
  example: '模板示例行',
  existing: '已登记的问题',
}

/**
 * The template columns plus the fields the report's mapping names that the template list lacks
 * (a migration's 状态, 责任单位 …), under the file's own header: the error grid's columns.
 */
export function withReportColumns(columns: TemplateColumns, report: ImportReport | null | undefined): TemplateColumns {
  const extra: ImportColumn[] = []
  for (const c of report?.columns ?? []) {
    if (!c.field || c.status === 'ignored' || c.status === 'not_applicable') continue
    if (columns.byField.has(c.field) || importFieldOf(columns, c.field) || extra.some((e) => e.field === c.field)) {
      continue
    }
    extra.push({ field: c.field, header: c.column, required: false, hint: '' })
  }
  return extra.length === 0 ? columns : templateColumns([...columns.list, ...extra])
}

/** One line of the mapping table: the file's column and what it was read as. */
export interface MappingRow {
  letter: string
  column: string
  /** The template header it was read into ('' when none). */
  target: string
  status: ColumnMapping['status']
  unit: string
  note: string
}

export function mappingRows(columns: TemplateColumns, report: ImportReport): MappingRow[] {
  return report.columns.map((c) => ({
    letter: c.letter ?? '',
    column: c.column,
    target: c.field ? importFieldLabel(columns, c.field) : '',
    status: c.status,
    unit: c.unit ? AMOUNT_UNIT[c.unit] : '',
    note: c.note ?? '',
  }))
}

/**
 * A CSV field, quoted when it must be (RFC 4180). Text a spreadsheet would run as a formula gets
 * an apostrophe, as the server's exports do (the import takes it off again).
 */
function csvField(raw: string): string {
  const value = /^([=+@\t\r]|-[^0-9.])/.test(raw) ? `'${raw}` : raw
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

/**
 * The failed rows as a CSV file (UTF-8 with BOM, so Excel shows the Chinese): 原行号, the file's
 * own recognised columns in its order (so the corrected file imports again), then 错误信息.
 */
export function failedRowsCsv(columns: TemplateColumns, report: ImportReport): string {
  const mapped = report.columns.filter((c) => c.field && (c.status === 'recognised' || c.status === 'synonym'))
  const fields: { field: string; header: string }[] = mapped.map((c) => ({
    field: c.field as string,
    header: c.column,
  }))
  // Fields with cells but no column of their own (the title taken out of 【标题】描述).
  for (const row of report.failed_rows) {
    for (const field of Object.keys(row.cells)) {
      if (!fields.some((f) => f.field === field)) fields.push({ field, header: importFieldLabel(columns, field) })
    }
  }
  const messages = new Map<number, string[]>()
  for (const e of report.errors) {
    const list = messages.get(e.row) ?? []
    const label = e.field ? importFieldLabel(columns, e.field) : ''
    list.push(label ? `${label}：${e.message}` : e.message)
    messages.set(e.row, list)
  }
  const lines = [['原行号', ...fields.map((f) => f.header), '错误信息']]
  for (const row of report.failed_rows) {
    lines.push([
      String(row.row),
      ...fields.map((f) => row.cells[f.field] ?? ''),
      (messages.get(row.row) ?? []).join('；'),
    ])
  }
  return `\uFEFF${lines.map((l) => l.map(csvField).join(',')).join('\r\n')}\r\n`
}
