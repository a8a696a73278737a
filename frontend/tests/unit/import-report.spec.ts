/** The import wizard's layout of a dry-run report: bad rows × template columns, file cells. */
import { describe, expect, it } from 'vitest'
import type { ImportReport } from '@/api/types'
import {
  csvRowValues,
  decodeText,
  errorColumns,
  errorRows,
  failedRowsCsv,
  mappingRows,
  withReportColumns,
  importFieldLabel,
  importFieldOf,
  jsonRowValues,
  parseCsv,
  templateColumns,
} from '@/utils/import-report'
import { importColumnList } from './fixtures'

const columns = templateColumns(importColumnList())
import { importContentType } from '@/api/imports'

describe('template columns', () => {
  it('knows a column by its Chinese header or its API name', () => {
    expect(importFieldOf(columns, '问题标题')).toBe('title')
    expect(importFieldOf(columns, ' title ')).toBe('title')
    expect(importFieldOf(columns, '涉及金额(元)')).toBe('amount_involved')
    expect(importFieldOf(columns, '涉及金额（元）')).toBe('amount_involved')
    expect(importFieldOf(columns, 'amount_involved_fen')).toBe('amount_involved')
    expect(importFieldOf(columns, '备注')).toBeNull()
    expect(importFieldLabel(columns, 'enterprise_uscc')).toBe('统一社会信用代码')
    expect(importFieldLabel(columns, 'row')).toBe('row')
    // Without the server's list nothing is known (the page waits for it).
    expect(importFieldOf(templateColumns([]), '问题标题')).toBeNull()
  })
})

describe('errorRows', () => {
  const errors = [
    { row: 4, field: 'enterprise_uscc', message: '统一社会信用代码校验位不正确' },
    { row: 2, field: 'category', message: '未知的问题类别' },
    { row: 2, field: 'problem_type', message: '问题类型不属于所选类别' },
    { row: 4, field: 'enterprise_uscc', message: '第二条' },
    { row: 4, field: '', message: '整行为空' },
  ]

  it('puts each message at its row and column, rows in order', () => {
    const rows = errorRows(columns, errors)
    expect(rows.map((r) => r.row)).toEqual([2, 4])
    expect(rows[0]?.errors).toEqual({ category: '未知的问题类别', problem_type: '问题类型不属于所选类别' })
    expect(rows[1]?.errors.enterprise_uscc).toBe('统一社会信用代码校验位不正确；第二条')
    expect(rows[1]?.other).toEqual(['整行为空'])
    expect(errorColumns(columns, rows)).toEqual(['category', 'problem_type', 'enterprise_uscc'])
  })

  it('shows the file cells of the bad rows when known', () => {
    const values = csvRowValues(columns, '问题标题,问题类别,统一社会信用代码\n乙,bad,\n\n丙,policy,123\n')
    const rows = errorRows(columns, errors, values)
    expect(rows[0]?.values).toEqual({ title: '乙', category: 'bad', enterprise_uscc: '' })
    // Blank lines count: the server numbers rows as the file shows them.
    expect(rows[1]?.values.title).toBe('丙')
    expect(rows[1]?.values.enterprise_uscc).toBe('123')
  })
})

describe('reading files in the browser', () => {
  it('parses RFC 4180 CSV with quotes, escapes, CRLF and line breaks in cells', () => {
    const records = parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"multi\nline",z\r\nlast,1')
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"'] },
      { line: 3, cells: ['multi\nline', 'z'] },
      { line: 5, cells: ['last', '1'] },
    ])
  })

  it('reads JSON arrays by item position', () => {
    const values = jsonRowValues(columns, '[{"title":"甲","amount_involved":12.5},{"问题标题":"乙","extra":1},null]')
    expect(values.get(1)).toEqual({ title: '甲', amount_involved: '12.5' })
    expect(values.get(2)).toEqual({ title: '乙' })
    expect(values.get(3)).toBeUndefined()
    expect(jsonRowValues(columns, 'not json').size).toBe(0)
  })

  it('decodes UTF-8, else GB18030 like the server', () => {
    expect(decodeText(new TextEncoder().encode('问题').buffer as ArrayBuffer)).toBe('问题')
    // 「问题」 in GBK
    expect(decodeText(new Uint8Array([0xce, 0xca, 0xcc, 0xe2]).buffer)).toBe('问题')
  })

  it('sends each file type with the Content-Type the server reads it by', () => {
    expect(importContentType({ name: 'a.CSV', type: '' })).toBe('text/csv')
    expect(importContentType({ name: 'a.json', type: '' })).toBe('application/json')
    expect(importContentType({ name: '旧台账.XLS', type: '' })).toBe('application/vnd.ms-excel')
    expect(importContentType({ name: 'a.xlsx', type: '' })).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
  })
})

/** A migration's dry run as the server answers it (XLSX: the browser reads no cells itself). */
function migrationReport(): ImportReport {
  return {
    dry_run: true,
    mode: 'migrate',
    committed: false,
    total: 2,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 1,
    errors: [
      { row: 4, field: 'deadline', message: '「整改」状态的问题须填写「整改时限」' },
      { row: 4, field: 'amount_involved', message: '金额最多保留两位小数', value: '12.345' },
    ],
    warnings: [],
    ignored_columns: ['备注'],
    sheet: '台账',
    header_rows: [2],
    columns: [
      { column: '问题标题', letter: 'A', field: 'title', status: 'recognised' },
      {
        column: '涉及金额（万元）',
        letter: 'B',
        field: 'amount_involved',
        status: 'synonym',
        unit: 'ten_thousand_yuan',
      },
      { column: '状态', letter: 'C', field: 'state', status: 'recognised' },
      { column: '整改时限', letter: 'D', field: 'deadline', status: 'recognised' },
      { column: '备注', letter: 'E', field: null, status: 'ignored' },
    ],
    skipped_rows: [{ row: 1, reason: 'above_header', message: '某单位台账' }],
    blank_rows: 0,
    created_problems: [],
    failed_rows: [{ row: 4, cells: { title: '=拖欠, "工程款"', state: '整改', amount_involved: '12.345' } }],
  }
}

describe('how the server read the file', () => {
  it('lists each column with what it became, its unit and the fields a migration adds', () => {
    const report = migrationReport()
    const grid = withReportColumns(columns, report)
    expect(grid.byField.get('state')?.header).toBe('状态')
    expect(grid.byField.get('deadline')?.header).toBe('整改时限')
    const rows = mappingRows(grid, report)
    expect(rows[1]).toMatchObject({ letter: 'B', target: '涉及金额(元)', status: 'synonym', unit: '万元' })
    expect(rows[4]).toMatchObject({ column: '备注', target: '', status: 'ignored' })
  })

  it('shows the cells the server echoes, for XLSX too, at their columns', () => {
    const report = migrationReport()
    const grid = withReportColumns(columns, report)
    const [row] = errorRows(grid, report.errors, undefined, report.failed_rows)
    expect(row?.values).toMatchObject({ title: '=拖欠, "工程款"', state: '整改', amount_involved: '12.345' })
    expect(Object.keys(row?.errors ?? {})).toEqual(['deadline', 'amount_involved'])
    expect(row?.other).toEqual([])
  })

  it("writes the failed rows as CSV under the file's own headers, with the errors", () => {
    const report = migrationReport()
    const csv = failedRowsCsv(withReportColumns(columns, report), report)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const [header, line] = parseCsv(csv).map((r) => r.cells)
    expect(header).toEqual(['原行号', '问题标题', '涉及金额（万元）', '状态', '整改时限', '错误信息'])
    expect(line?.slice(0, 5)).toEqual(['4', '\'=拖欠, "工程款"', '12.345', '整改', ''])
    expect(line?.[5]).toBe('整改时限：「整改」状态的问题须填写「整改时限」；涉及金额(元)：金额最多保留两位小数')
  })
})
