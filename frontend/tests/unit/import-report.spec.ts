/** The import wizard's layout of a dry-run report: bad rows × template columns, file cells. */
import { describe, expect, it } from 'vitest'
import {
  csvRowValues,
  decodeText,
  errorColumns,
  errorRows,
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
    expect(importContentType({ name: 'a.xlsx', type: '' })).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    )
  })
})
