/**
 * Idle timeout: a session with no user activity (mouse, keyboard, touch, scrolling) for
 * {@link IDLE_TIMEOUT_MS} is signed out. The time of the last activity is kept in
 * localStorage, so activity in any tab keeps every tab signed in, and a browser reopened
 * after the timeout does not resume the old session.
 */

export const IDLE_TIMEOUT_MS = 30 * 60 * 1000
export const ACTIVITY_STORAGE_KEY = 'lvyue.lastActivity'
/** Activity is written at most this often (events fire many times a second). */
const WRITE_EVERY_MS = 10_000
const ACTIVITY_EVENTS = ['mousedown', 'mousemove', 'keydown', 'wheel', 'touchstart', 'scroll'] as const

let lastWritten = 0

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

/** Epoch milliseconds of the last recorded activity, or null when none is known. */
export function lastActivity(): number | null {
  const value = Number(storage()?.getItem(ACTIVITY_STORAGE_KEY) ?? NaN)
  return Number.isFinite(value) && value > 0 ? value : null
}

/** Records user activity now (throttled unless `force`). */
export function recordActivity(now: number = Date.now(), force = false): void {
  if (!force && now - lastWritten < WRITE_EVERY_MS) return
  lastWritten = now
  storage()?.setItem(ACTIVITY_STORAGE_KEY, String(now))
}

export function clearActivity(): void {
  lastWritten = 0
  storage()?.removeItem(ACTIVITY_STORAGE_KEY)
}

/** True when the last known activity is at least the timeout ago (unknown counts as active). */
export function isIdle(now: number = Date.now(), timeoutMs: number = IDLE_TIMEOUT_MS): boolean {
  const last = lastActivity()
  return last !== null && now - last >= timeoutMs
}

export interface IdleWatchOptions {
  /** Called once when the timeout has passed without activity. */
  onIdle: () => void
  /** Called on every check while the user is active (e.g. to keep the session fresh). */
  onActiveTick?: () => void
  checkEveryMs?: number
  timeoutMs?: number
  target?: Pick<Window, 'addEventListener' | 'removeEventListener'>
}

/** Watches activity until the returned function is called. */
export function startIdleWatch(options: IdleWatchOptions): () => void {
  const target = options.target ?? window
  const timeoutMs = options.timeoutMs ?? IDLE_TIMEOUT_MS
  const onActivity = () => recordActivity()
  if (lastActivity() === null) recordActivity(Date.now(), true)
  for (const event of ACTIVITY_EVENTS) target.addEventListener(event, onActivity, { passive: true, capture: true })
  let fired = false
  const check = () => {
    if (fired) return
    if (isIdle(Date.now(), timeoutMs)) {
      fired = true
      options.onIdle()
    } else {
      options.onActiveTick?.()
    }
  }
  const timer = setInterval(check, options.checkEveryMs ?? 30_000)
  return () => {
    clearInterval(timer)
    for (const event of ACTIVITY_EVENTS) target.removeEventListener(event, onActivity, { capture: true })
  }
}
