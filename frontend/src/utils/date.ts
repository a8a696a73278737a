/**
 * Dates and times. The API sends times as RFC 3339 UTC and dates as `YYYY-MM-DD` on the
 * Asia/Shanghai calendar; users read Beijing time whatever their browser's zone.
 */

export const TIME_ZONE = 'Asia/Shanghai'

const partsFormatter = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

function shanghaiParts(date: Date): Record<string, string> {
  const parts: Record<string, string> = {}
  for (const part of partsFormatter.formatToParts(date)) parts[part.type] = part.value
  return parts
}

function toDate(value: string | number | Date): Date | null {
  const date = value instanceof Date ? value : new Date(value)
  return Number.isNaN(date.getTime()) ? null : date
}

/** `2026-11-28 05:43` (Beijing time); empty for nothing, the input itself when unparsable. */
export function formatDateTime(value: string | number | Date | null | undefined, withSeconds = false): string {
  if (value === null || value === undefined || value === '') return ''
  const date = toDate(value)
  if (!date) return String(value)
  const p = shanghaiParts(date)
  const time = withSeconds ? `${p.hour}:${p.minute}:${p.second}` : `${p.hour}:${p.minute}`
  return `${p.year}-${p.month}-${p.day} ${time}`
}

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function shanghaiDate(value: string | number | Date = new Date()): string {
  const date = toDate(value)
  if (!date) return ''
  const p = shanghaiParts(date)
  return `${p.year}-${p.month}-${p.day}`
}

/** Today on the Asia/Shanghai calendar, `YYYY-MM-DD` (the server's "today" for deadlines). */
export function todayInShanghai(now: Date = new Date()): string {
  return shanghaiDate(now)
}

/** A calendar date picked in the browser (local midnight) as `YYYY-MM-DD`. */
export function localDateString(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0')
  const m = String(date.getMonth() + 1).padStart(2, '0')
  const d = String(date.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** For date pickers of deadlines: days before today (Asia/Shanghai) cannot be chosen. */
export function isBeforeShanghaiToday(date: Date, now: Date = new Date()): boolean {
  return localDateString(date) < todayInShanghai(now)
}

/** Adds days to a `YYYY-MM-DD` date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number)
  const utc = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days))
  return utc.toISOString().slice(0, 10)
}
