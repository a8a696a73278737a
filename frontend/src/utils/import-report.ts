/**
 * The import wizard's view of a report: the server names each bad row (as the spreadsheet
 * shows it, header = row 1) and field (an API field name); this module lays those errors out
 * as a table of rows × template columns, with the cell values read from the file when the
 * browser can read it (CSV, JSON). The server's messages are shown as they are.
 */
import type { ImportColumn, ImportRowError } from '@/api/types'

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

/** One table row per bad row, in row order, each error at its column. */
export function errorRows(columns: TemplateColumns, errors: readonly ImportRowError[], values?: RowValues): ErrorRow[] {
  const rows = new Map<number, ErrorRow>()
  for (const error of errors) {
    let row = rows.get(error.row)
    if (!row) {
      row = { row: error.row, errors: {}, other: [], values: values?.get(error.row) ?? {} }
      rows.set(error.row, row)
    }
    const field = importFieldOf(columns, error.field)
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
