/**
 * 统一社会信用代码 (Unified Social Credit Code), GB 32100-2015.
 *
 * 18 characters: registration authority (1), organisation type (1), administrative
 * division (6), organisation code (9, with its own GB 11714 check), check character (1).
 * The character set is 0-9 plus the capital letters without I, O, S, V, Z
 * (31 characters, valued 0–30 in this order). The check character is
 *   C18 = 31 − (Σ Ci·Wi mod 31), with 31 written as 0,
 * where W = 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 (3^(i-1) mod 31).
 *
 * The authority / type combinations are not enumerated here: the check character is what
 * catches typing errors, and the server stays the authority on what it accepts.
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const
export const USCC_LENGTH = 18

function charValue(ch: string): number {
  return USCC_CHARSET.indexOf(ch)
}

/**
 * Computes the check character for the first 17 characters of a code.
 * Returns null when the input is not 17 valid characters.
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== USCC_LENGTH - 1) return null
  let sum = 0
  for (let i = 0; i < first17.length; i++) {
    const value = charValue(first17.charAt(i))
    if (value < 0) return null
    sum += value * (USCC_WEIGHTS[i] ?? 0)
  }
  const check = 31 - (sum % 31)
  return USCC_CHARSET.charAt(check === 31 ? 0 : check)
}

/**
 * What a user typed or pasted, as a code: full-width characters made ASCII, every space removed
 * (codes are often printed in groups: `9135 0100 M000 100Y 43`), letters upper-cased.
 */
export function normalizeUscc(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
}

/**
 * Validates a 统一社会信用代码 exactly as given (call {@link normalizeUscc} first to
 * forgive case and surrounding spaces). Returns a Chinese message, or null when valid.
 */
export function validateUscc(code: string): string | null {
  if (typeof code !== 'string' || code.length === 0) return '请输入统一社会信用代码'
  const length = [...code].length
  if (length !== USCC_LENGTH) {
    return `统一社会信用代码应为18位，当前为${length}位`
  }
  for (let i = 0; i < code.length; i++) {
    const ch = code.charAt(i)
    if (charValue(ch) >= 0) continue
    if (ch >= 'a' && ch <= 'z' && charValue(ch.toUpperCase()) >= 0) {
      return '统一社会信用代码中的字母应为大写'
    }
    return `统一社会信用代码第${i + 1}位“${ch}”不是合法字符（仅限数字和除 I、O、S、V、Z 以外的大写字母）`
  }
  const expected = usccCheckChar(code.slice(0, USCC_LENGTH - 1))
  if (expected !== code.charAt(USCC_LENGTH - 1)) {
    return '统一社会信用代码校验位不正确，请核对'
  }
  return null
}

/** True when {@link validateUscc} finds nothing wrong. */
export function isValidUscc(code: string): boolean {
  return validateUscc(code) === null
}
