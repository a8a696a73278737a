import { describe, expect, it } from 'vitest'
import { USCC_CHARSET, USCC_WEIGHTS, isValidUscc, normalizeUscc, usccCheckChar, validateUscc } from '@/utils/uscc'

// Valid codes. The first two are real published codes; the others were built for this test
// with an independent implementation of GB 32100-2015 and hard-coded here.
const VALID = [
  '91350100M000100Y43',
  '91110000600037341L',
  '91320500MA1MXXXX0X',
  '121000004000000049',
  '521100005000000008',
  '91420000177570439L',
  '31110000MD00000011',
  '93420302MA4F00000F',
  '914213007700000050', // weighted sum ≡ 0 (mod 31): check 31 is written as "0"
  '9142130077000001RY', // check value 30 → "Y"
]

describe('usccCheckChar', () => {
  it('uses the standard charset and weights 3^(i-1) mod 31', () => {
    expect(USCC_CHARSET).toHaveLength(31)
    expect(USCC_CHARSET).not.toMatch(/[IOSVZ]/)
    expect(USCC_WEIGHTS).toEqual(USCC_WEIGHTS.map((_, i) => 3 ** i % 31))
  })

  it.each(VALID)('computes the check character of %s', (code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code.charAt(17))
  })

  it('maps a check value of 31 to "0"', () => {
    expect(usccCheckChar('91421300770000005')).toBe('0')
  })

  it('returns null for bad input', () => {
    expect(usccCheckChar('9135010')).toBeNull()
    expect(usccCheckChar('91350100M000100Y4X')).toBeNull()
    expect(usccCheckChar('91350100I000100Y4')).toBeNull()
  })
})

describe('validateUscc', () => {
  it.each(VALID)('accepts %s', (code) => {
    expect(validateUscc(code)).toBeNull()
    expect(isValidUscc(code)).toBe(true)
  })

  it.each([
    ['', '请输入统一社会信用代码'],
    ['91350100M000100Y4', '统一社会信用代码应为18位，当前为17位'],
    ['91350100M000100Y433', '统一社会信用代码应为18位，当前为19位'],
    ['91350100M000100Y44', '统一社会信用代码校验位不正确，请核对'],
    ['91110000600037341K', '统一社会信用代码校验位不正确，请核对'],
    // two adjacent digits swapped: the weighted check catches transpositions
    ['91350100M000010Y43', '统一社会信用代码校验位不正确，请核对'],
    ['19350100M000100Y43', '统一社会信用代码校验位不正确，请核对'],
    ['000000000000000000', null],
    ['91350100m000100y43', '统一社会信用代码中的字母应为大写'],
    ['91350100M000100I43', '统一社会信用代码第16位“I”不是合法字符（仅限数字和除 I、O、S、V、Z 以外的大写字母）'],
    ['O1350100M000100Y43', '统一社会信用代码第1位“O”不是合法字符（仅限数字和除 I、O、S、V、Z 以外的大写字母）'],
    ['91350100M000100Y4Z', '统一社会信用代码第18位“Z”不是合法字符（仅限数字和除 I、O、S、V、Z 以外的大写字母）'],
    ['91350100M00010-Y43', '统一社会信用代码第15位“-”不是合法字符（仅限数字和除 I、O、S、V、Z 以外的大写字母）'],
    ['91350100M000100Y4３', '统一社会信用代码第18位“３”不是合法字符（仅限数字和除 I、O、S、V、Z 以外的大写字母）'],
    [' 91350100M000100Y43', '统一社会信用代码应为18位，当前为19位'],
  ])('%j → %s', (code, message) => {
    expect(validateUscc(code)).toBe(message)
    expect(isValidUscc(code)).toBe(message === null)
  })

  it('refuses every single-character change of a valid code', () => {
    const code = '91350100M000100Y43'
    for (let i = 0; i < code.length; i++) {
      for (const ch of USCC_CHARSET) {
        if (ch === code[i]) continue
        const changed = code.slice(0, i) + ch + code.slice(i + 1)
        expect(isValidUscc(changed), changed).toBe(false)
      }
    }
  })

  it('takes a code pasted in groups, with full-width characters, after normalizeUscc', () => {
    expect(normalizeUscc('9135 0100 m000 100y 43')).toBe('91350100M000100Y43')
    expect(normalizeUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43')
    expect(validateUscc(normalizeUscc('\t9135\u30000100M000100Y43\n'))).toBeNull()
  })

  it('accepts lower case and padding after normalizeUscc', () => {
    expect(normalizeUscc('  91350100m000100y43 ')).toBe('91350100M000100Y43')
    expect(validateUscc(normalizeUscc('  91350100m000100y43 '))).toBeNull()
  })
})
