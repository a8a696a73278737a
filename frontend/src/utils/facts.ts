/**
 * 欠款事实 and the other categories' facts: the codes' labels (the server's enums) and which
 * facts a category shows. Every fact is optional whatever the category; the form shows those of
 * the problem's money rate (清偿 / 兑现 / 拨付) and keeps the others as they are.
 */
import type { SetFacts } from '@/api/types'

type Options<K extends keyof SetFacts> = readonly { code: NonNullable<SetFacts[K]>; label: string }[]

export const DEBTOR_NATURES: Options<'debtor_nature'> = [
  { code: 'agency', label: '机关' },
  { code: 'institution', label: '事业单位' },
  { code: 'soe', label: '国有企业' },
]
export const ENTERPRISE_SIZES: Options<'enterprise_size'> = [
  { code: 'large', label: '大型' },
  { code: 'medium', label: '中型' },
  { code: 'small', label: '小型' },
  { code: 'micro', label: '微型' },
]
export const OWNERSHIPS: Options<'enterprise_ownership'> = [
  { code: 'private', label: '民营' },
  { code: 'other', label: '其他' },
]
export const PRETEXTS: Options<'pretext'> = [
  { code: 'division_adjustment', label: '行政区划调整' },
  { code: 'government_change', label: '政府换届' },
  { code: 'restructuring', label: '机构职能调整' },
  { code: 'personnel_change', label: '责任人更替' },
  { code: 'other', label: '其他' },
]
export const POLICY_LEVELS: Options<'policy_level'> = [
  { code: 'province', label: '省级' },
  { code: 'city', label: '市级' },
  { code: 'district', label: '区级' },
]
export const AGE_BANDS: Record<string, string> = {
  lt_6m: '6个月以内',
  m6_12: '6–12个月',
  y1_2: '1–2年',
  gt_2y: '2年以上',
}

export function labelOf<T extends string>(options: readonly { code: T; label: string }[], code?: T | null): string {
  return options.find((o) => o.code === code)?.label ?? ''
}

/** The money rate a category counts in (as the server: docs/scoring.md). */
export type MoneyKind = 'arrears' | 'promises' | 'funds' | null

export function moneyKind(category: string): MoneyKind {
  if (category.endsWith('arrears')) return 'arrears'
  if (['investment_promise', 'policy'].includes(category) || /_(promise|policy)$/.test(category)) return 'promises'
  if (category === 'funds' || category.endsWith('_funds')) return 'funds'
  return null
}

/** What the document, the amount due and its date are called in a category. */
export function factLabels(category: string): {
  doc: string
  docNo: string
  docDate: string
  due: string
  dueOn: string
} {
  if (category === 'policy' || category.endsWith('_policy')) {
    return { doc: '政策名称', docNo: '文号', docDate: '发文日期', due: '应享受金额', dueOn: '应兑现日期' }
  }
  switch (moneyKind(category)) {
    case 'promises':
      return { doc: '协议名称', docNo: '协议编号', docDate: '签订日期', due: '承诺金额', dueOn: '约定兑现日期' }
    case 'funds':
      return { doc: '资金/项目名称', docNo: '文号', docDate: '发文日期', due: '应拨金额', dueOn: '拨付期限' }
    default:
      return { doc: '合同名称', docNo: '合同编号', docDate: '签订日期', due: '应付金额', dueOn: '约定付款日期' }
  }
}
