/** Notification helpers: badge, labels, click-through, marking read. */
import { describe, expect, it } from 'vitest'
import type { Notification } from '@/api/types'
import {
  markedRead,
  notificationKindLabel,
  notificationKindType,
  notificationTarget,
  unreadBadge,
} from '@/utils/notification'

function n(id: string, read = false, issue: string | null = 'i1'): Notification {
  return {
    id,
    kind: 'urged',
    title: `催办 ${id}`,
    body: '请尽快办理',
    issue_id: issue,
    created_at: '2026-11-27T00:00:00Z',
    read_at: read ? '2026-11-27T01:00:00Z' : null,
  }
}

describe('notifications', () => {
  it('shows a badge only with unread ones, capped at 99+', () => {
    expect(unreadBadge(0)).toBe('')
    expect(unreadBadge(-1)).toBe('')
    expect(unreadBadge(7)).toBe('7')
    expect(unreadBadge(99)).toBe('99')
    expect(unreadBadge(100)).toBe('99+')
  })

  it('labels the documented kinds, and unknown ones as 通知', () => {
    expect(notificationKindLabel('urged')).toBe('催办')
    expect(notificationKindLabel('extension_requested')).toBe('延期申请')
    expect(notificationKindLabel('deadline_red')).toBe('逾期预警')
    expect(notificationKindLabel('something_new')).toBe('通知')
    expect(notificationKindType('deadline_red')).toBe('danger')
    expect(notificationKindType('urged')).toBe('warning')
    expect(notificationKindType('extension_decided')).toBe('primary')
  })

  it('leads to the problem when there is one', () => {
    expect(notificationTarget(n('a'))).toEqual({ name: 'issue-detail', params: { id: 'i1' } })
    expect(notificationTarget(n('a', false, null))).toBeNull()
  })

  it('marks one or all read without touching those already read', () => {
    const items = [n('a'), n('b', true), n('c')]
    const one = markedRead(items, 'a', 'T')
    expect(one.map((x) => x.read_at)).toEqual(['T', '2026-11-27T01:00:00Z', null])
    const all = markedRead(items, null, 'T')
    expect(all.map((x) => x.read_at)).toEqual(['T', '2026-11-27T01:00:00Z', 'T'])
  })
})
