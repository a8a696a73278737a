/**
 * 欠款事实 and the other categories' facts: the codes' labels (the server's enums) and which
 * facts a category shows. Every fact is optional whatever the category; the form shows those of
 * the problem's money rate (清偿 / 兑现 / 拨付) and keeps the others as they are.
 */
import type { IssueFacts, SetFacts } from '@/api/types'
import { optionalText } from '@/utils/form'
import { formatFen, parseAmount } from '@/utils/money'

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

/** The facts as a form holds them: amounts as typed yuan, 是否依法依规 with 未核定. */
export interface FactsForm {
  amount_due: string
  agreed_payment_on: string
  doc_name: string
  doc_no: string
  doc_date: string
  contract_amount: string
  debtor_name: string
  debtor_nature: string
  disputed: boolean
  dispute_note: string
  enterprise_size: string
  enterprise_ownership: string
  promised_content: string
  promise_lawful: '' | 'yes' | 'no'
  pretext: string
  policy_level: string
}

/** The server's names of the facts (422 `errors[].field`), and those the form holds as yuan. */
export const FACT_FIELDS = [
  'amount_due_fen',
  'agreed_payment_on',
  'doc_name',
  'doc_no',
  'doc_date',
  'contract_amount_fen',
  'debtor_name',
  'debtor_nature',
  'disputed',
  'dispute_note',
  'enterprise_size',
  'enterprise_ownership',
  'promised_content',
  'promise_lawful',
  'pretext',
  'policy_level',
] as const
export const FACT_ALIASES = { amount_due_fen: 'amount_due', contract_amount_fen: 'contract_amount' } as const

function yuan(fen?: number | null): string {
  return fen === null || fen === undefined ? '' : formatFen(fen).replace(/,/g, '')
}

function fen(text: string): number | null {
  const parsed = text.trim() ? parseAmount(text) : null
  return parsed?.ok ? parsed.fen : null
}

/** The form of a problem's facts (empty for a new problem). */
export function factsForm(f?: IssueFacts | null): FactsForm {
  return {
    amount_due: yuan(f?.amount_due_fen),
    agreed_payment_on: f?.agreed_payment_on ?? '',
    doc_name: f?.doc_name ?? '',
    doc_no: f?.doc_no ?? '',
    doc_date: f?.doc_date ?? '',
    contract_amount: yuan(f?.contract_amount_fen),
    debtor_name: f?.debtor_name ?? '',
    debtor_nature: f?.debtor_nature ?? '',
    disputed: f?.disputed ?? false,
    dispute_note: f?.dispute_note ?? '',
    enterprise_size: f?.enterprise_size ?? '',
    enterprise_ownership: f?.enterprise_ownership ?? '',
    promised_content: f?.promised_content ?? '',
    promise_lawful: f?.promise_lawful === true ? 'yes' : f?.promise_lawful === false ? 'no' : '',
    pretext: f?.pretext ?? '',
    policy_level: f?.policy_level ?? '',
  }
}

/** The facts as sent (a whole: a field left empty is cleared). */
export function factsBody(form: FactsForm): SetFacts {
  return {
    amount_due_fen: fen(form.amount_due),
    agreed_payment_on: form.agreed_payment_on || null,
    doc_name: optionalText(form.doc_name),
    doc_no: optionalText(form.doc_no),
    doc_date: form.doc_date || null,
    contract_amount_fen: fen(form.contract_amount),
    debtor_name: optionalText(form.debtor_name),
    debtor_nature: (form.debtor_nature || null) as SetFacts['debtor_nature'],
    disputed: form.disputed,
    dispute_note: form.disputed ? optionalText(form.dispute_note) : null,
    enterprise_size: (form.enterprise_size || null) as SetFacts['enterprise_size'],
    enterprise_ownership: (form.enterprise_ownership || null) as SetFacts['enterprise_ownership'],
    promised_content: optionalText(form.promised_content),
    promise_lawful: form.promise_lawful === '' ? null : form.promise_lawful === 'yes',
    pretext: (form.pretext || null) as SetFacts['pretext'],
    policy_level: (form.policy_level || null) as SetFacts['policy_level'],
  }
}

/** Whether anything was filled in (a registration then sends the facts). */
export function factsGiven(form: FactsForm): boolean {
  return Object.values(form).some((v) => v !== '' && v !== false)
}
