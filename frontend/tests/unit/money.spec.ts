import { describe, expect, it } from 'vitest'
import {
  AMOUNT_FORMAT_HINT,
  MAX_FEN,
  MoneyError,
  fenToYuan,
  formatFen,
  formatFenWan,
  parseAmount,
  parseYuan,
  yuanToFen,
} from '@/utils/money'

describe('parseYuan / yuanToFen: accepted input', () => {
  it.each([
    ['0', 0],
    ['0.0', 0],
    ['0.00', 0],
    ['0.1', 10],
    ['0.10', 10],
    ['0.01', 1],
    ['0.09', 9],
    ['0.99', 99],
    ['1', 100],
    ['1.5', 150],
    ['1.05', 105],
    ['12.34', 1234],
    ['1234.56', 123456],
    ['007', 700],
    ['00.5', 50],
    ['100000000', 10_000_000_000],
    ['99999999999.99', 9_999_999_999_999],
    // the classic floating-point traps come out exact
    ['0.29', 29],
    ['1.15', 115],
    ['4.35', 435],
    ['19.99', 1999],
    ['33333333.33', 3_333_333_333],
    // thousands separators, correctly grouped (what formatFen prints)
    ['1,000', 100_000],
    ['1,000.00', 100_000],
    ['12,345.6', 1_234_560],
    ['123,456,789.01', 12_345_678_901],
    ['99,999,999,999.99', 9_999_999_999_999],
    // surrounding whitespace (incl. a full-width space) is trimmed
    ['  12.5 ', 1250],
    ['\u300012\u3000', 1200],
    ['\t3\n', 300],
  ])('%j → %d fen', (input, fen) => {
    expect(parseYuan(input)).toEqual({ ok: true, fen })
    expect(yuanToFen(input)).toBe(fen)
  })

  it('accepts the largest exact amount and nothing above it', () => {
    // MAX_SAFE_INTEGER fen = 90,071,992,547,409.91 yuan
    expect(MAX_FEN).toBe(9_007_199_254_740_991)
    expect(yuanToFen('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER)
    expect(parseYuan('90071992547409.92')).toEqual({ ok: false, message: '金额超出允许范围' })
    expect(parseYuan('1' + '0'.repeat(40))).toEqual({ ok: false, message: '金额超出允许范围' })
  })
})

describe('parseYuan / yuanToFen: refused input', () => {
  it.each([
    ['', '请输入金额'],
    ['   ', '请输入金额'],
    ['-1', '金额不能为负数'],
    ['-0', '金额不能为负数'],
    ['-0.01', '金额不能为负数'],
    ['0.001', '金额最多保留两位小数（精确到分）'],
    ['1.000', '金额最多保留两位小数（精确到分）'],
    ['1.999', '金额最多保留两位小数（精确到分）'],
    ['1,000.001', '金额最多保留两位小数（精确到分）'],
    ['1e3', '金额格式不正确'],
    ['1E3', '金额格式不正确'],
    ['1.5e2', '金额格式不正确'],
    ['+1', '金额格式不正确'],
    ['.5', '金额格式不正确'],
    ['1.', '金额格式不正确'],
    ['.', '金额格式不正确'],
    ['1.2.3', '金额格式不正确'],
    ['abc', '金额格式不正确'],
    ['NaN', '金额格式不正确'],
    ['Infinity', '金额格式不正确'],
    ['0x10', '金额格式不正确'],
    ['1 000', '金额格式不正确'],
    ['１２３', '金额格式不正确'], // full-width digits
    ['¥100', '金额格式不正确'],
    ['100元', '金额格式不正确'],
    ['1.2a', '金额格式不正确'],
    ['12.3 4', '金额格式不正确'],
    ['1,00', '金额的千分位分隔不正确'],
    ['12,34.5', '金额的千分位分隔不正确'],
    [',100', '金额的千分位分隔不正确'],
    ['1,000,', '金额的千分位分隔不正确'],
    ['1,,000', '金额的千分位分隔不正确'],
    ['0,100', '金额的千分位分隔不正确'],
    ['1234,567', '金额的千分位分隔不正确'],
    ['1，000', '金额格式不正确'], // full-width comma
  ])('%j is refused: %s', (input, message) => {
    expect(parseYuan(input)).toEqual({ ok: false, message })
    expect(() => yuanToFen(input)).toThrow(MoneyError)
    expect(() => yuanToFen(input)).toThrow(message)
  })

  it('refuses non-string input without throwing', () => {
    expect(parseYuan(12 as unknown as string)).toEqual({ ok: false, message: '金额格式不正确' })
  })
})

describe('fenToYuan / formatFen', () => {
  it.each([
    [0, '0.00', '0.00'],
    [1, '0.01', '0.01'],
    [10, '0.10', '0.10'],
    [99, '0.99', '0.99'],
    [100, '1.00', '1.00'],
    [123456, '1234.56', '1,234.56'],
    [100_000, '1000.00', '1,000.00'],
    [99_999, '999.99', '999.99'],
    [12_345_678_901, '123456789.01', '123,456,789.01'],
    [9_999_999_999_999, '99999999999.99', '99,999,999,999.99'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91', '90,071,992,547,409.91'],
    [-123456, '-1234.56', '-1,234.56'],
    [-5, '-0.05', '-0.05'],
  ])('%d fen → %s / %s', (fen, plain, grouped) => {
    expect(fenToYuan(fen)).toBe(plain)
    expect(formatFen(fen)).toBe(grouped)
  })

  it('accepts bigint beyond the safe range', () => {
    expect(formatFen(123456789012345678901n)).toBe('1,234,567,890,123,456,789.01')
  })

  it('refuses non-integer or unsafe numbers instead of rounding them', () => {
    expect(() => formatFen(1.5)).toThrow(MoneyError)
    expect(() => formatFen(Number.NaN)).toThrow(MoneyError)
    expect(() => formatFen(Number.POSITIVE_INFINITY)).toThrow(MoneyError)
    expect(() => fenToYuan(Number.MAX_SAFE_INTEGER + 1)).toThrow(MoneyError)
  })

  it('round-trips: parse(format(x)) === x', () => {
    for (const fen of [0, 1, 9, 10, 99, 100, 101, 999_999, 1_000_000, 123_456_789, 9_999_999_999_999]) {
      expect(yuanToFen(formatFen(fen))).toBe(fen)
      expect(yuanToFen(fenToYuan(fen))).toBe(fen)
    }
  })
})

describe('formatFenWan (万元, 2 decimals, half away from zero)', () => {
  it.each([
    [0, '0.00'],
    [1, '0.00'],
    [4_999, '0.00'], // 49.99 元 = 0.004999 万
    [5_000, '0.01'], // 50 元 = 0.005 万 → rounds up
    [10_000, '0.01'], // 100 元
    [1_000_000, '1.00'], // 1 万元
    [1_234_500, '1.23'], // 12,345 元 = 1.2345 万
    [1_235_000, '1.24'], // 1.235 万 → half up
    [123_456_789, '123.46'], // 1,234,567.89 元
    [9_999_999_994_999, '9,999,999.99'], // 9,999,999.994999 万
    [9_999_999_995_000, '10,000,000.00'], // 9,999,999.995 万 → carries into the integer part
    [9_999_999_999_999, '10,000,000.00'], // 99,999,999,999.99 元 = 9,999,999.9999999 万
    [-5_000, '-0.01'],
    [-4_999, '0.00'],
  ])('%d fen → %s 万元', (fen, wan) => {
    expect(formatFenWan(fen)).toBe(wan)
  })
})

describe('parseAmount (what people type or paste)', () => {
  it('accepts 万 and 万元 exactly, and the forms of yuan people paste', () => {
    expect(parseAmount('12万')).toEqual({ ok: true, fen: 12_000_000 })
    expect(parseAmount('12.5万元')).toEqual({ ok: true, fen: 12_500_000 })
    expect(parseAmount('0.000001万')).toEqual({ ok: true, fen: 1 })
    expect(parseAmount('1,234.5678万')).toEqual({ ok: true, fen: 1_234_567_800 })
    expect(parseAmount('¥128,000.00')).toEqual({ ok: true, fen: 12_800_000 })
    expect(parseAmount('￥128000')).toEqual({ ok: true, fen: 12_800_000 })
    expect(parseAmount('128000元')).toEqual({ ok: true, fen: 12_800_000 })
    expect(parseAmount(' 128 000.50 ')).toEqual({ ok: true, fen: 12_800_050 })
    expect(parseAmount('１２８０００')).toEqual({ ok: true, fen: 12_800_000 })
    expect(parseAmount('1234.56')).toEqual(parseYuan('1234.56'))
  })

  it('refuses what is not an amount, with a hint of what is', () => {
    expect(parseAmount('十二万')).toEqual({ ok: false, message: AMOUNT_FORMAT_HINT })
    expect(parseAmount('12万5')).toEqual({ ok: false, message: AMOUNT_FORMAT_HINT })
    expect(parseAmount('-3万')).toEqual({ ok: false, message: '金额不能为负数' })
    expect(parseAmount('1.0000001万')).toEqual({ ok: false, message: '以万元填写时最多保留六位小数（精确到分）' })
    expect(parseAmount('1.001')).toEqual({ ok: false, message: '金额最多保留两位小数（精确到分）' })
    expect(parseAmount('')).toEqual({ ok: false, message: '请输入金额' })
    expect(parseAmount('99999999999999999万').ok).toBe(false)
  })
})
