/**
 * Money: the API carries amounts as integer fen (分); users type and read yuan (元).
 *
 * Everything here is exact: strings are parsed digit by digit into a BigInt and
 * formatting uses integer arithmetic only. No value ever passes through a
 * floating-point number, so "0.1 + 0.2" problems cannot occur.
 *
 * Accepted input for {@link parseYuan} (after trimming surrounding whitespace):
 *   - plain decimal:            "0", "12", "0012", "1234.5", "1234.56"
 *   - correctly grouped commas: "1,234", "1,234,567.89" (groups of exactly three
 *     digits, first group 1–3 digits not starting with 0); this is the format that
 *     {@link formatFen} produces and what spreadsheets copy, so it round-trips.
 * Refused, each with a Chinese message:
 *   - empty input; negative amounts ("-1", "-0"); a leading "+";
 *   - more than two decimals, even when they are zeros ("0.001", "1.000");
 *   - exponent notation ("1e3"), "NaN", "Infinity", hex, full-width digits, currency
 *     signs or units ("¥1", "1元"), inner spaces;
 *   - a dangling point (".5", "1.") and badly grouped commas ("1,00", "12,34.5", ",100");
 *   - amounts above {@link MAX_FEN} (Number.MAX_SAFE_INTEGER fen), so the integer the
 *     API receives as a JSON number is always exact.
 */

/** Largest amount in fen that a JSON number / JS number carries exactly. */
export const MAX_FEN = Number.MAX_SAFE_INTEGER

const FEN_PER_YUAN = 100n
const FEN_PER_WAN = 1_000_000n // 1 万元 = 10 000 元 = 1 000 000 分
const MAX_FEN_BIG = BigInt(MAX_FEN)

export type ParseYuanResult = { ok: true; fen: number } | { ok: false; message: string }

export class MoneyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MoneyError'
  }
}

function isAsciiDigit(ch: string): boolean {
  return ch.length === 1 && ch >= '0' && ch <= '9'
}

function allDigits(s: string): boolean {
  if (s.length === 0) return false
  for (const ch of s) {
    if (!isAsciiDigit(ch)) return false
  }
  return true
}

/** Validates the integer part and returns its digits without separators, or null. */
function integerDigits(part: string): string | null {
  if (!part.includes(',')) return allDigits(part) ? part : null
  const groups = part.split(',')
  const first = groups[0] ?? ''
  if (first.length < 1 || first.length > 3 || !allDigits(first) || first.startsWith('0')) {
    return null
  }
  for (const group of groups.slice(1)) {
    if (group.length !== 3 || !allDigits(group)) return null
  }
  return groups.join('')
}

/**
 * Parses a yuan amount typed by a user into integer fen.
 * Never throws; see the module comment for what is accepted.
 */
export function parseYuan(input: string): ParseYuanResult {
  const fail = (message: string): ParseYuanResult => ({ ok: false, message })
  if (typeof input !== 'string') return fail('金额格式不正确')
  const s = input.trim()
  if (s === '') return fail('请输入金额')
  if (s.startsWith('-')) return fail('金额不能为负数')

  const pointAt = s.indexOf('.')
  const intPart = pointAt === -1 ? s : s.slice(0, pointAt)
  const fracPart = pointAt === -1 ? '' : s.slice(pointAt + 1)

  if (pointAt !== -1) {
    if (fracPart.includes('.')) return fail('金额格式不正确')
    if (allDigits(fracPart) && fracPart.length > 2) return fail('金额最多保留两位小数（精确到分）')
    if (!allDigits(fracPart) || intPart === '') return fail('金额格式不正确')
  }
  const digits = integerDigits(intPart)
  if (digits === null) {
    return fail(intPart.includes(',') ? '金额的千分位分隔不正确' : '金额格式不正确')
  }

  // Digit-by-digit accumulation in BigInt: exact for any length.
  let fen = 0n
  for (const ch of digits) {
    fen = fen * 10n + BigInt(ch.charCodeAt(0) - 48)
  }
  fen *= FEN_PER_YUAN
  const frac = fracPart.padEnd(2, '0')
  fen += BigInt(frac.charCodeAt(0) - 48) * 10n + BigInt(frac.charCodeAt(1) - 48)

  if (fen > MAX_FEN_BIG) return fail('金额超出允许范围')
  return { ok: true, fen: Number(fen) }
}

/** Like {@link parseYuan} but throws a {@link MoneyError} carrying the Chinese message. */
export function yuanToFen(input: string): number {
  const result = parseYuan(input)
  if (!result.ok) throw new MoneyError(result.message)
  return result.fen
}

function toBigFen(fen: number | bigint): bigint {
  if (typeof fen === 'bigint') return fen
  if (!Number.isSafeInteger(fen)) {
    throw new MoneyError('金额（分）必须是安全范围内的整数')
  }
  return BigInt(fen)
}

function groupThousands(digits: string): string {
  let out = ''
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ','
    out += digits[i]
  }
  return out
}

function formatScaled(value: bigint, unit: bigint, grouped: boolean): string {
  // value / unit with two decimals, rounded half away from zero, integers only.
  const negative = value < 0n
  const abs = negative ? -value : value
  const hundredths = unit === FEN_PER_YUAN ? abs : (abs * 100n + unit / 2n) / unit
  const whole = (hundredths / 100n).toString()
  const cents = (hundredths % 100n).toString().padStart(2, '0')
  const body = `${grouped ? groupThousands(whole) : whole}.${cents}`
  return negative && hundredths !== 0n ? `-${body}` : body
}

/** Integer fen → plain yuan string with two decimals ("1234.56"), e.g. to fill an input. */
export function fenToYuan(fen: number | bigint): string {
  return formatScaled(toBigFen(fen), FEN_PER_YUAN, false)
}

/** Integer fen → yuan with thousands separators: 123456 → "1,234.56" (unit 元 not included). */
export function formatFen(fen: number | bigint): string {
  return formatScaled(toBigFen(fen), FEN_PER_YUAN, true)
}

/**
 * Integer fen → 万元 with two decimals, rounded half away from zero:
 * 123456789 (1,234,567.89 元) → "123.46". Thousands separators are added.
 */
export function formatFenWan(fen: number | bigint): string {
  return formatScaled(toBigFen(fen), FEN_PER_WAN, true)
}

/** What parseAmount says when nothing fits: with examples of what does. */
export const AMOUNT_FORMAT_HINT = '金额格式不正确，可填写如 128000、128,000.00、¥128000 或 12.8万'

const WAN_SUFFIXES = ['万元', '万'] as const
const YUAN_PREFIXES = ['¥', 'RMB', 'CNY'] as const

/**
 * Parses an amount as people type or paste it into integer fen, exactly: everything
 * {@link parseYuan} accepts, plus full-width characters (NFKC), inner spaces, a leading `¥`,
 * a trailing `元`, and amounts in 万元 (`12万`, `12.5万元`, at most six decimals: one fen).
 */
export function parseAmount(input: string): ParseYuanResult {
  if (typeof input !== 'string') return { ok: false, message: AMOUNT_FORMAT_HINT }
  let s = input.normalize('NFKC').replace(/\s+/g, '')
  if (s === '') return { ok: false, message: '请输入金额' }
  for (const prefix of YUAN_PREFIXES) {
    if (s.toUpperCase().startsWith(prefix)) s = s.slice(prefix.length)
  }
  const wan = WAN_SUFFIXES.find((suffix) => s.endsWith(suffix))
  if (wan) {
    s = s.slice(0, -wan.length)
    const m = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/.exec(s)
    if (!m) return { ok: false, message: s.startsWith('-') ? '金额不能为负数' : AMOUNT_FORMAT_HINT }
    const frac = m[2] ?? ''
    if (frac.length > 6) return { ok: false, message: '以万元填写时最多保留六位小数（精确到分）' }
    // ×10 000: move the decimal point four places (exact, no floating point).
    const digits = (m[1] ?? '').replace(/,/g, '') + frac.padEnd(4, '0').slice(0, 4)
    const cents = frac.slice(4)
    return parseYuan(cents ? `${digits}.${cents}` : digits)
  }
  if (s.endsWith('元')) s = s.slice(0, -1)
  const result = parseYuan(s)
  return !result.ok && result.message === '金额格式不正确' ? { ok: false, message: AMOUNT_FORMAT_HINT } : result
}
