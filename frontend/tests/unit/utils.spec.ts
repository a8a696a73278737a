import { describe, expect, it } from 'vitest'
import { addDays, formatDateTime, isBeforeShanghaiToday, shanghaiDate, todayInShanghai } from '@/utils/date'
import { checkPassword } from '@/utils/password'
import { actionLabel, defaultUrgeMessage, isTransitionAction, stateLabel, stepIndex, todoGroupOf } from '@/utils/issue'
import { applyServerErrors, formFieldOf, optionalText, splitFieldErrors } from '@/utils/form'
import { ApiError } from '@/utils/request'

describe('dates (Asia/Shanghai)', () => {
  it('shows instants in Beijing time whatever the browser zone', () => {
    expect(formatDateTime('2026-11-27T21:43:34Z')).toBe('2026-11-28 05:43')
    expect(formatDateTime('2026-11-27T21:43:34Z', true)).toBe('2026-11-28 05:43:34')
    expect(formatDateTime(null)).toBe('')
    expect(formatDateTime('not a date')).toBe('not a date')
  })

  it('knows the Shanghai calendar date, which deadlines use', () => {
    expect(shanghaiDate('2026-11-27T15:59:59Z')).toBe('2026-11-27')
    expect(shanghaiDate('2026-11-27T16:00:00Z')).toBe('2026-11-28')
    expect(todayInShanghai(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01')
  })

  it('refuses deadlines before today in Shanghai', () => {
    const now = new Date('2026-11-27T16:30:00Z') // 2026-11-28 00:30 in Shanghai
    expect(isBeforeShanghaiToday(new Date(2026, 10, 27), now)).toBe(true)
    expect(isBeforeShanghaiToday(new Date(2026, 10, 28), now)).toBe(false)
    expect(isBeforeShanghaiToday(new Date(2027, 0, 1), now)).toBe(false)
  })

  it('adds calendar days', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02')
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
  })
})

describe('password policy (mirrors the server)', () => {
  it.each([
    ['Lvyue#Demo2024', 'office', null],
    ['abcDEF12', 'x', null],
    ['abc#1234', 'x', null],
    ['密码Abc#1234', 'x', null],
    ['Ab#1', 'x', '密码至少需要 8 个字符'],
    ['abcdefgh', 'x', '密码需包含大写字母、小写字母、数字、特殊字符中的至少三类'],
    ['abcdEFGH', 'x', '密码需包含大写字母、小写字母、数字、特殊字符中的至少三类'],
    ['Office#2024x', 'office', '密码不能包含用户名'],
    ['Aa1#'.repeat(40), 'x', '密码不能超过 128 个字符'],
  ])('%s (user %s) → %s', (password, username, expected) => {
    expect(checkPassword(password, username)).toBe(expected)
  })
})

describe('problem vocabulary', () => {
  it('labels states and actions', () => {
    expect(stateLabel('rectifying')).toBe('整改')
    expect(actionLabel('approve')).toBe('核查通过·销号')
    expect(actionLabel('register')).toBe('登记')
    expect(isTransitionAction('assign')).toBe(true)
    expect(isTransitionAction('edit')).toBe(false)
  })

  it('places the current step of 自查→交办→整改→核查→销号', () => {
    expect(stepIndex('self_check')).toBe(0)
    expect(stepIndex('verifying')).toBe(3)
    expect(stepIndex('closed')).toBe(5)
  })

  it('files a to-do under the first action the server allows, and none for edit alone', () => {
    expect(todoGroupOf(['assign', 'dismiss', 'edit'])).toBe('assign')
    expect(todoGroupOf(['return', 'accept'])).toBe('accept')
    expect(todoGroupOf(['submit', 'edit', 'progress'])).toBe('submit')
    expect(todoGroupOf(['approve', 'reject', 'edit'])).toBe('verify')
    expect(todoGroupOf(['progress'])).toBe('progress')
    expect(todoGroupOf(['edit'])).toBeNull()
    expect(todoGroupOf([])).toBeNull()
  })
})

describe('server validation errors against form fields', () => {
  it('maps JSON paths to the form field', () => {
    expect(formFieldOf('cooperating_unit_ids[1]')).toBe('cooperating_unit_ids')
    expect(formFieldOf('roles[0].group_id')).toBe('roles')
    expect(formFieldOf('title')).toBe('title')
  })

  it('splits the errors the form shows from the rest', () => {
    const split = splitFieldErrors(
      [
        { field: 'title', message: '不能为空' },
        { field: 'title', message: '第二条' },
        { field: 'campaign_id', message: '当前没有进行中的专项行动' },
      ],
      ['title'],
    )
    expect(split.byField).toEqual({ title: '不能为空' })
    expect(split.other).toEqual(['campaign_id: 当前没有进行中的专项行动'])
  })

  it('fills the field errors of a 422 and clears old ones; ignores other errors', () => {
    const target: Record<string, string> = { stale: '旧错误' }
    const err = new ApiError(
      422,
      { errors: [{ field: 'enterprise_uscc', message: '统一社会信用代码校验位不正确' }] },
      '',
    )
    expect(applyServerErrors(err, target, ['enterprise_uscc'])).toEqual([])
    expect(target).toEqual({ enterprise_uscc: '统一社会信用代码校验位不正确' })
    expect(applyServerErrors(new ApiError(409, {}, '冲突'), target, ['enterprise_uscc'])).toBeNull()
    expect(target).toEqual({})
  })

  it('treats blank optional text as none', () => {
    expect(optionalText('  ')).toBeNull()
    expect(optionalText(' 王经理 ')).toBe('王经理')
    expect(optionalText(undefined)).toBeNull()
  })
})

describe('defaultUrgeMessage (催办)', () => {
  it('names a deadline still ahead, and never asks for completion by a passed one', () => {
    expect(defaultUrgeMessage('2026-05-20', '2026-05-10')).toBe('请于 2026-05-20 前完成整改并报送整改进展')
    expect(defaultUrgeMessage('2026-05-10', '2026-05-10')).toContain('请于 2026-05-10 前')
    const overdue = defaultUrgeMessage('2026-05-01', '2026-05-10')
    expect(overdue).toBe('该问题已超过整改时限（2026-05-01），请立即整改并报送整改进展')
    expect(overdue).not.toContain('前完成')
    expect(defaultUrgeMessage(null, '2026-05-10')).toBe('请抓紧办理，并及时报送整改进展')
  })
})
