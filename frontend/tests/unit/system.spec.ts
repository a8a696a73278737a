import { describe, expect, it } from 'vitest'
import { routes } from '@/router/routes'
import { buildMenu } from '@/router/menu'
import type { RoleGrant } from '@/api/types'
import { checkPassword } from '@/utils/password'
import {
  API_SCOPES,
  DICT_KINDS,
  generatePassword,
  grantLabel,
  roleFormError,
  roleFormFromGrants,
  roleInputsFromForm,
  scopeLabel,
  userStatus,
} from '@/utils/system'
import { auditActionLabel, auditEntityLabel, auditResultLabel, auditResultType, actorKindLabel } from '@/utils/audit'

describe('role form ⇄ role grants', () => {
  const grants: RoleGrant[] = [
    { role: 'unit', label: '责任单位' },
    { role: 'group_lead', label: '工作组牵头单位', group_id: 'g-policy', group_name: '惠企政策落实组' },
    { role: 'group_lead', label: '工作组牵头单位', group_id: 'g-funds', group_name: '涉企资金规范拨付组' },
  ]

  it('holds group_lead once, with its groups', () => {
    expect(roleFormFromGrants(grants)).toEqual({ roles: ['unit', 'group_lead'], leadGroupIds: ['g-policy', 'g-funds'] })
    expect(roleFormFromGrants([])).toEqual({ roles: [], leadGroupIds: [] })
  })

  it('sends group_lead once per group and other roles without a group', () => {
    expect(roleInputsFromForm({ roles: ['unit', 'group_lead'], leadGroupIds: ['g-policy', 'g-funds'] })).toEqual([
      { role: 'unit' },
      { role: 'group_lead', group_id: 'g-policy' },
      { role: 'group_lead', group_id: 'g-funds' },
    ])
    // Groups chosen while group_lead was ticked are not sent once it is unticked.
    expect(roleInputsFromForm({ roles: ['office'], leadGroupIds: ['g-policy'] })).toEqual([{ role: 'office' }])
  })

  it('round-trips', () => {
    const inputs = roleInputsFromForm(roleFormFromGrants(grants))
    expect(inputs).toEqual(grants.map((g) => (g.group_id ? { role: g.role, group_id: g.group_id } : { role: g.role })))
  })

  it('asks for a group when group_lead is ticked, and nothing else', () => {
    expect(roleFormError({ roles: ['group_lead'], leadGroupIds: [] })).toBe('请选择所牵头的工作组')
    expect(roleFormError({ roles: ['group_lead'], leadGroupIds: ['g'] })).toBeNull()
    // Combinations (三员分立) are the server's to refuse.
    expect(roleFormError({ roles: ['sysadmin', 'auditor'], leadGroupIds: [] })).toBeNull()
  })

  it('labels a grant with its group', () => {
    expect(grantLabel(grants[1] as RoleGrant)).toBe('工作组牵头单位（惠企政策落实组）')
    expect(grantLabel(grants[0] as RoleGrant)).toBe('责任单位')
  })
})

describe('labels', () => {
  it('names every API-key scope of the spec', () => {
    expect(API_SCOPES.map(scopeLabel)).toEqual(['读取问题', '登记、修改问题', '批量导入'])
    expect(scopeLabel('other:thing')).toBe('other:thing')
  })

  it('names audit actions, entities, results and actors, transitions included', () => {
    expect(auditActionLabel('auth.login')).toBe('登录')
    expect(auditActionLabel('issue.approve')).toBe('核查通过·销号')
    expect(auditActionLabel('unit.update')).toBe('修改单位')
    expect(auditActionLabel('something.new')).toBe('something.new')
    expect(auditEntityLabel('api_key')).toBe('API 密钥')
    expect(auditResultLabel('failure')).toBe('失败')
    expect(auditResultType('success')).toBe('success')
    expect(auditResultType('locked')).toBe('danger')
    expect(actorKindLabel('anonymous')).toBe('匿名')
  })

  it('maps dictionary kinds to the lists of GET /dictionaries', () => {
    expect(DICT_KINDS.map((k) => `${k.kind}:${k.key}`)).toEqual([
      'category:categories',
      'problem_type:problem_types',
      'source:sources',
      'arrear_object:arrear_objects',
    ])
  })
})

describe('userStatus', () => {
  const now = Date.parse('2026-11-28T00:00:00Z')
  it('reads the server fields', () => {
    expect(userStatus({ active: false, must_change_password: false }, now)).toBe('inactive')
    expect(userStatus({ active: true, must_change_password: false, locked_until: '2026-11-28T00:10:00Z' }, now)).toBe(
      'locked',
    )
    expect(userStatus({ active: true, must_change_password: true, locked_until: '2026-11-27T23:00:00Z' }, now)).toBe(
      'must_change',
    )
    expect(userStatus({ active: true, must_change_password: false, locked_until: null }, now)).toBe('normal')
  })
})

describe('generatePassword', () => {
  it('meets the password policy and avoids the username', () => {
    for (let i = 0; i < 200; i++) {
      const password = generatePassword('abc')
      expect(password).toHaveLength(14)
      expect(checkPassword(password, 'abc')).toBeNull()
    }
  })

  it('retries until the policy holds (a deterministic source)', () => {
    let n = 0
    const random = (max: number) => n++ % max
    const password = generatePassword('', 10, random)
    expect(checkPassword(password, '')).toBeNull()
  })
})

describe('menu of the administrative roles', () => {
  it('shows the system pages to the system administrator and the audit page to the auditor only', () => {
    const sysadmin = [
      'read_organisation',
      'manage_organisation',
      'manage_users',
      'manage_api_keys',
      'manage_dictionaries',
      'manage_settings',
      'read_users',
    ] as const
    expect(buildMenu(routes, sysadmin).map((m) => m.title)).toEqual([
      '用户管理',
      '单位管理',
      '工作组',
      'API 密钥',
      'Webhook 推送',
      '数据字典',
      '系统设置',
      '工作机制',
    ])
    expect(buildMenu(routes, ['read_organisation', 'read_audit']).map((m) => m.path)).toEqual(['/audit', '/about'])
    // 三员分立: the security administrator sees the accounts (to grant roles) and the settings.
    const secadmin = [
      'read_organisation',
      'manage_settings',
      'read_users',
      'manage_roles',
      'reset_credentials',
    ] as const
    expect(buildMenu(routes, secadmin).map((m) => m.title)).toEqual(['用户管理', '系统设置', '工作机制'])
    expect(
      buildMenu(routes, ['read_issues', 'register_issues']).some(
        (m) => m.path.startsWith('/system') || m.path === '/audit',
      ),
    ).toBe(false)
  })
})
