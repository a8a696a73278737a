/** 还款记录: the 化解方式 codes and labels (the server's `PaymentMethod`). */
import type { PaymentMethod } from '@/api/types'

export const PAYMENT_METHODS: readonly { code: PaymentMethod; label: string }[] = [
  { code: 'cash', label: '现金支付' },
  { code: 'instalment', label: '分期支付' },
  { code: 'offset', label: '以物抵债' },
  { code: 'negotiated', label: '协商减免' },
  { code: 'litigation', label: '诉讼执行' },
  { code: 'other', label: '其他' },
]

export const PAYMENT_KIND_LABELS: Record<string, string> = {
  payment: '还款',
  correction: '冲正',
  opening: '期初结转',
}
