import { describe, expect, it } from 'vitest'
import type { RoleGrant } from '@/api/types'
import { can, canAny, hasAnyRole, hasRole } from '@/utils/permission'
import { isPermitted } from '@/directives/permission'

const office = { roles: [{ role: 'office' }] as RoleGrant[] }
const leadFunds = { roles: [{ role: 'group_lead', group_id: 'g-funds' }] as RoleGrant[] }
const multi = {
  roles: [{ role: 'unit' }, { role: 'group_lead', group_id: 'g-policy' }] as RoleGrant[],
}

describe('hasRole', () => {
  it('finds a held role', () => {
    expect(hasRole(office, 'office')).toBe(true)
    expect(hasRole(multi, 'unit')).toBe(true)
    expect(hasRole(multi, 'group_lead')).toBe(true)
  })

  it('refuses a role not held', () => {
    expect(hasRole(office, 'auditor')).toBe(false)
    expect(hasRole(leadFunds, 'office')).toBe(false)
    expect(hasRole(multi, 'sysadmin')).toBe(false)
  })

  it('restricts a group grant to its group when a group is given', () => {
    expect(hasRole(leadFunds, 'group_lead', 'g-funds')).toBe(true)
    expect(hasRole(leadFunds, 'group_lead', 'g-policy')).toBe(false)
    expect(hasRole(multi, 'group_lead', 'g-policy')).toBe(true)
    expect(hasRole(leadFunds, 'group_lead', null)).toBe(true)
  })

  it('is false without a user or roles', () => {
    expect(hasRole(null, 'office')).toBe(false)
    expect(hasRole(undefined, 'office')).toBe(false)
    expect(hasRole({}, 'office')).toBe(false)
    expect(hasRole({ roles: [] }, 'office')).toBe(false)
    expect(hasRole({ roles: null }, 'office')).toBe(false)
  })

  it('hasAnyRole', () => {
    expect(hasAnyRole(office, ['leader', 'office'])).toBe(true)
    expect(hasAnyRole(office, ['leader', 'auditor'])).toBe(false)
    expect(hasAnyRole(office, [])).toBe(false)
  })
})

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

describe('isPermitted (v-permission decision)', () => {
  it('shows on a listed action', () => {
    expect(isPermitted({ allowed: ['assign'], action: 'assign' }, null)).toBe(true)
    expect(isPermitted({ allowed: ['assign'], action: ['approve', 'assign'] }, null)).toBe(true)
  })

  it('hides on an unlisted action whatever the role, unless a role is asked for', () => {
    expect(isPermitted({ allowed: ['progress'], action: 'approve' }, office)).toBe(false)
    expect(isPermitted({ allowed: [], action: 'approve', role: 'office' }, office)).toBe(true)
  })

  it('shows on a held role', () => {
    expect(isPermitted({ role: 'office' }, office)).toBe(true)
    expect(isPermitted({ role: ['auditor', 'office'] }, office)).toBe(true)
    expect(isPermitted({ role: 'office' }, leadFunds)).toBe(false)
    expect(isPermitted({ role: 'group_lead', groupId: 'g-funds' }, leadFunds)).toBe(true)
    expect(isPermitted({ role: 'group_lead', groupId: 'g-soe' }, leadFunds)).toBe(false)
  })

  it('fails closed on an empty or missing binding', () => {
    expect(isPermitted({}, office)).toBe(false)
    expect(isPermitted({ allowed: ['assign'] }, office)).toBe(false)
    expect(isPermitted(null, office)).toBe(false)
    expect(isPermitted(undefined, office)).toBe(false)
  })
})
