import { describe, expect, it } from 'vitest'
import type { RoleGrant } from '@/api/types'
import { can, canAny, holds } from '@/utils/permission'

describe('can', () => {
  it('is true only for an action the server listed', () => {
    expect(can(['assign', 'dismiss'], 'assign')).toBe(true)
    expect(can(['assign', 'dismiss'], 'dismiss')).toBe(true)
    expect(can(['assign', 'dismiss'], 'approve')).toBe(false)
  })

  it('fails closed without a list', () => {
    expect(can([], 'assign')).toBe(false)
    expect(can(null, 'assign')).toBe(false)
    expect(can(undefined, 'assign')).toBe(false)
    expect(can('assign' as unknown as string[], 'assign')).toBe(false)
  })

  it('matches whole action names only', () => {
    expect(can(['reopen'], 'open')).toBe(false)
    expect(can(['assign'], 'ASSIGN')).toBe(false)
  })

  it('canAny', () => {
    expect(canAny(['submit'], ['accept', 'submit'])).toBe(true)
    expect(canAny(['submit'], ['accept', 'return'])).toBe(false)
    expect(canAny(undefined, ['accept'])).toBe(false)
  })
})

describe('holds (permissions the server granted)', () => {
  const unit = { permissions: ['read_issues', 'register_issues'], roles: [{ role: 'unit' }] as RoleGrant[] }
  it('answers from the permissions the server listed', () => {
    expect(holds(unit, 'register_issues')).toBe(true)
    expect(holds(unit, 'export_issues')).toBe(false)
    expect(holds(null, 'read_issues')).toBe(false)
    expect(holds({}, 'read_issues')).toBe(false)
  })

  it('takes a pending permission from the server as soon as it lists it', () => {
    expect(holds(unit, 'register_any_source')).toBe(false)
    expect(holds({ ...unit, permissions: ['register_any_source'] }, 'register_any_source')).toBe(true)
  })

  it('until then, the role that holds it today stands in (transitional)', () => {
    const office = { permissions: ['read_issues'], roles: [{ role: 'office' }] as RoleGrant[] }
    expect(holds(office, 'register_any_source')).toBe(true)
    expect(holds(office, 'reassign_group')).toBe(true)
    expect(holds(unit, 'reassign_group')).toBe(false)
    // No stand-in for permissions the server already has: a role never grants them.
    expect(holds(office, 'manage_users')).toBe(false)
  })
})
