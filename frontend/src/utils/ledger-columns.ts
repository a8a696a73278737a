/**
 * The ledger's columns (列设置): which exist, which show by default for a screen width, and the
 * user's own choice, kept per user in localStorage.
 */
export const LEDGER_COLUMNS = [
  { key: 'number', label: '编号' },
  { key: 'title', label: '问题标题' },
  { key: 'state', label: '状态' },
  { key: 'category', label: '问题类别' },
  { key: 'group', label: '工作组' },
  { key: 'enterprise', label: '企业' },
  { key: 'unit', label: '责任单位' },
  { key: 'amount', label: '涉及金额' },
  { key: 'resolved', label: '已解决' },
  { key: 'deadline', label: '整改时限' },
  { key: 'days', label: '剩余/逾期天数' },
  { key: 'created', label: '登记日期' },
] as const

export type LedgerColumn = (typeof LEDGER_COLUMNS)[number]['key']
const KEYS: readonly string[] = LEDGER_COLUMNS.map((c) => c.key)

/** What fits without sideways scrolling: fewer columns on a laptop, all on a wide screen. */
export function defaultLedgerColumns(width: number): LedgerColumn[] {
  if (width >= 1600) return LEDGER_COLUMNS.map((c) => c.key)
  const base: LedgerColumn[] = ['number', 'title', 'state', 'unit', 'amount', 'deadline', 'days']
  if (width >= 1440) return [...base, 'group', 'enterprise', 'resolved', 'created']
  if (width >= 1280) return [...base, 'enterprise', 'resolved']
  return base
}

export function columnsStorageKey(userId: string): string {
  return `lvyue.ledger.columns.${userId}`
}

/** The user's saved columns (unknown keys dropped), or null when none are saved. */
export function loadLedgerColumns(storage: Pick<Storage, 'getItem'> | null, userId: string): LedgerColumn[] | null {
  try {
    const raw = storage?.getItem(columnsStorageKey(userId))
    const value = raw ? (JSON.parse(raw) as unknown) : null
    if (!Array.isArray(value)) return null
    return value.filter((k): k is LedgerColumn => typeof k === 'string' && KEYS.includes(k))
  } catch {
    return null
  }
}

export function saveLedgerColumns(
  storage: Pick<Storage, 'setItem'> | null,
  userId: string,
  columns: readonly string[],
): void {
  try {
    storage?.setItem(columnsStorageKey(userId), JSON.stringify(columns.filter((k) => KEYS.includes(k))))
  } catch {
    // Storage full or disabled: the choice lasts for this page only.
  }
}
