import { describe, expect, it } from 'vitest'
import {
  LEDGER_COLUMNS,
  columnsStorageKey,
  defaultLedgerColumns,
  loadLedgerColumns,
  saveLedgerColumns,
} from '@/utils/ledger-columns'
import { daysToDeadline, deadlineDaysLabel } from '@/utils/issue'

function memory(): Storage {
  const map = new Map<string, string>()
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  } as unknown as Storage
}

describe('ledger columns (列设置)', () => {
  it('shows the columns a clerk needs first, more as the screen widens', () => {
    const laptop = defaultLedgerColumns(1024)
    expect(laptop).toEqual(['number', 'title', 'state', 'unit', 'amount', 'deadline', 'days'])
    expect(defaultLedgerColumns(1366)).toEqual(expect.arrayContaining([...laptop, 'enterprise', 'resolved']))
    expect(defaultLedgerColumns(1440)).toEqual(expect.arrayContaining(['group', 'created']))
    expect(defaultLedgerColumns(1920)).toHaveLength(LEDGER_COLUMNS.length)
  })

  it('keeps each user its own choice, ignoring unknown columns', () => {
    const store = memory()
    expect(loadLedgerColumns(store, 'u1')).toBeNull()
    saveLedgerColumns(store, 'u1', ['number', 'group', 'bogus'])
    expect(loadLedgerColumns(store, 'u1')).toEqual(['number', 'group'])
    expect(loadLedgerColumns(store, 'u2')).toBeNull()
    store.setItem(columnsStorageKey('u2'), '{not json')
    expect(loadLedgerColumns(store, 'u2')).toBeNull()
    expect(loadLedgerColumns(null, 'u1')).toBeNull()
  })
})

describe('days to the deadline (剩余/逾期天数)', () => {
  it('counts calendar days in Asia/Shanghai, across months', () => {
    expect(daysToDeadline('2026-03-02', 'rectifying', '2026-02-27')).toBe(3)
    expect(daysToDeadline('2026-02-27', 'assigned', '2026-02-27')).toBe(0)
    expect(daysToDeadline('2026-02-20', 'verifying', '2026-02-27')).toBe(-7)
    expect(daysToDeadline(null, 'self_check', '2026-02-27')).toBeNull()
    expect(daysToDeadline('2026-02-20', 'closed', '2026-02-27')).toBeNull()
  })

  it('reads as people say it', () => {
    expect(deadlineDaysLabel(3)).toBe('剩 3 天')
    expect(deadlineDaysLabel(0)).toBe('今日到期')
    expect(deadlineDaysLabel(-7)).toBe('逾期 7 天')
    expect(deadlineDaysLabel(null)).toBe('—')
  })
})
