// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { routes } from '@/router/routes'
import { buildMenu, homeRouteName } from '@/router/menu'
import {
  ACTIVITY_STORAGE_KEY,
  IDLE_TIMEOUT_MS,
  isIdle,
  lastActivity,
  recordActivity,
  startIdleWatch,
} from '@/utils/idle'

describe('menu from permissions', () => {
  it('shows business pages only to users whose permissions allow them', () => {
    const titles = (permissions: string[]) => buildMenu(routes, permissions).map((m) => m.title)
    expect(titles(['read_organisation', 'read_issues', 'register_issues'])).toEqual([
      '工作台',
      '问题台账',
      '自查登记',
      '节点报送',
      '工作机制',
    ])
    expect(titles(['read_issues', 'export_issues', 'read_statistics'])).toEqual([
      '工作台',
      '问题台账',
      '统计看板',
      '节点报送',
      '工作机制',
    ])
    expect(titles(['read_issues', 'register_issues', 'import_issues'])).toEqual([
      '工作台',
      '问题台账',
      '自查登记',
      '批量导入',
      '节点报送',
      '工作机制',
    ])
    expect(titles(['read_audit'])).toEqual(['审计日志', '工作机制'])
    expect(titles([])).toEqual(['工作机制'])
  })

  it('builds absolute paths and a home per role', () => {
    expect(buildMenu(routes, ['read_issues']).map((m) => m.path)).toEqual([
      '/workbench',
      '/issues',
      '/milestones',
      '/about',
    ])
    expect(homeRouteName(['read_issues'])).toBe('workbench')
    expect(homeRouteName(['manage_users'])).toBe('about')
    // The leader lands on the 调度会 dashboard; a group lead (same permissions) on the workbench.
    const stats = ['read_issues', 'export_issues', 'read_statistics']
    expect(homeRouteName(stats, [{ role: 'leader' }])).toBe('dashboard')
    expect(homeRouteName(stats, [{ role: 'group_lead' }])).toBe('workbench')
    expect(homeRouteName(stats, [{ role: 'leader' }, { role: 'group_lead' }])).toBe('workbench')
  })
})

describe('idle timeout', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('is idle only once the timeout has passed since the last activity', () => {
    expect(isIdle()).toBe(false) // nothing recorded: not idle
    recordActivity(1_000_000, true)
    expect(lastActivity()).toBe(1_000_000)
    expect(isIdle(1_000_000 + IDLE_TIMEOUT_MS - 1)).toBe(false)
    expect(isIdle(1_000_000 + IDLE_TIMEOUT_MS)).toBe(true)
  })

  it('watches activity: signs out after the timeout, not before, and activity postpones it', () => {
    vi.setSystemTime(new Date('2026-11-27T08:00:00Z'))
    const onIdle = vi.fn()
    const onActiveTick = vi.fn()
    const stop = startIdleWatch({ onIdle, onActiveTick, checkEveryMs: 60_000 })
    expect(localStorage.getItem(ACTIVITY_STORAGE_KEY)).not.toBeNull()

    vi.advanceTimersByTime(20 * 60_000)
    window.dispatchEvent(new KeyboardEvent('keydown')) // the user types at minute 20
    vi.advanceTimersByTime(20 * 60_000) // minute 40: 20 minutes since the last activity
    expect(onIdle).not.toHaveBeenCalled()
    expect(onActiveTick).toHaveBeenCalled()

    vi.advanceTimersByTime(10 * 60_000) // minute 50: 30 minutes without activity
    expect(onIdle).toHaveBeenCalledOnce()
    vi.advanceTimersByTime(10 * 60_000)
    expect(onIdle).toHaveBeenCalledOnce()
    stop()
  })
})
