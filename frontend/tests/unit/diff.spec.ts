import { describe, expect, it } from 'vitest'
import { diffRecords, fieldLabel, formatValue, jsonEqual, lastKey } from '@/utils/diff'
import { auditObjectName, auditRolesLabel } from '@/utils/audit'

describe('diffRecords', () => {
  it('lists changed, added and removed fields with Chinese labels, leaving unchanged ones out', () => {
    const before = { name: '区水务公司', alias: '水务', kind: 'soe', active: true, sort_order: 3 }
    const after = { name: '区水务集团', alias: null, kind: 'soe', active: true, sort_order: 3, code: 'soe_water' }
    expect(diffRecords(before, after)).toEqual([
      { path: 'name', label: '名称', kind: 'changed', before: '区水务公司', after: '区水务集团' },
      { path: 'alias', label: '别名', kind: 'removed', before: '水务' },
      { path: 'code', label: '编码', kind: 'added', after: 'soe_water' },
    ])
  })

  it('treats a creation as every field added and a deletion as every field removed', () => {
    expect(diffRecords(null, { title: '拖欠工程款', state: 'self_check' }).map((e) => [e.kind, e.label])).toEqual([
      ['added', '问题标题'],
      ['added', '状态'],
    ])
    expect(diffRecords({ name: '测试单位' }, null)).toEqual([
      { path: 'name', label: '名称', kind: 'removed', before: '测试单位' },
    ])
    expect(diffRecords(null, null)).toEqual([])
    expect(diffRecords({ a: null }, {})).toEqual([])
  })

  it('descends into nested objects and names the path', () => {
    const entries = diffRecords({ unit: { id: 'u1', name: '区财政局' } }, { unit: { id: 'u1', name: '区国资局' } })
    expect(entries).toEqual([
      { path: 'unit.name', label: '单位·名称', kind: 'changed', before: '区财政局', after: '区国资局' },
    ])
  })

  it('compares arrays as whole values, ignoring key order inside objects', () => {
    expect(
      diffRecords({ roles: [{ role: 'unit', group_id: null }] }, { roles: [{ group_id: null, role: 'unit' }] }),
    ).toEqual([])
    const changed = diffRecords({ member_unit_ids: ['a', 'b'] }, { member_unit_ids: ['a'] })
    expect(changed).toEqual([
      { path: 'member_unit_ids', label: '配合单位', kind: 'changed', before: ['a', 'b'], after: ['a'] },
    ])
  })

  it('keeps unknown fields under their own name', () => {
    expect(diffRecords({ foo_bar: 1 }, { foo_bar: 2 })[0]?.label).toBe('foo_bar')
    expect(fieldLabel('roles.group_id')).toBe('角色·工作组')
  })
})

describe('formatValue', () => {
  it('writes values for people', () => {
    expect(formatValue(null)).toBe('（空）')
    expect(formatValue('')).toBe('（空）')
    expect(formatValue(true)).toBe('是')
    expect(formatValue(false)).toBe('否')
    expect(formatValue(12345678, 'amount_involved_fen')).toBe('123,456.78 元')
    expect(formatValue(3, 'version')).toBe('3')
    expect(formatValue(['issues:read', 'imports:write'])).toBe('issues:read、imports:write')
    expect(formatValue([])).toBe('（空）')
    expect(formatValue('2026-11-28T02:03:04Z', 'updated_at')).toBe('2026-11-28 10:03:04')
    expect(formatValue('2026-11-28', 'deadline')).toBe('2026-11-28')
    // A time without zone designator is UTC (how the server stores every time).
    expect(formatValue('2026-11-28T02:03:04.123456', 'created_at')).toBe('2026-11-28 10:03:04')
    expect(formatValue('2026-11-28T10:03:04+08:00', 'closed_at')).toBe('2026-11-28 10:03:04')
  })

  it('spells out nested objects with labels and uses the lookup for ids', () => {
    const describe = (key: string, value: unknown) =>
      key === 'group_id' && value === 'g1' ? '惠企政策落实组' : undefined
    expect(formatValue([{ role: 'group_lead', group_id: 'g1' }], 'roles', describe)).toBe(
      '{ 角色：group_lead，工作组：惠企政策落实组 }',
    )
    // Elements of an *_ids list are described as single ids.
    const units = (key: string, value: unknown) => (key === 'member_unit_id' ? `单位${String(value)}` : undefined)
    expect(formatValue(['1', '2'], 'member_unit_ids', units)).toBe('单位1、单位2')
    expect(formatValue({ a: null })).toBe('（空）')
  })

  it('helpers', () => {
    expect(lastKey('unit.name')).toBe('name')
    expect(lastKey('name')).toBe('name')
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true)
    expect(jsonEqual([1], [1, 2])).toBe(false)
    expect(jsonEqual(1, '1')).toBe(false)
  })
})

describe('audit names (no ids or codes on screen)', () => {
  const names = {
    unitName: (id: string) => (id === 'u-1' ? '府河镇' : id),
    groupName: (id: string) => (id === 'g-1' ? '惠企政策落实组' : id),
    roleLabel: (code: string) => ({ office: '综合办公室', unit: '责任单位' })[code] ?? code,
  }

  it('names the object from the record, then from the organisation, else nothing', () => {
    const uuid = '0b6f6d1e-0000-4000-8000-000000000001'
    expect(auditObjectName({ entity_type: 'issue', entity_id: uuid, after: { number: 'LY2024-00012' } }, names)).toBe(
      'LY2024-00012',
    )
    expect(auditObjectName({ entity_type: 'user', entity_id: uuid, before: { username: 'unit_fuhe' } }, names)).toBe(
      'unit_fuhe',
    )
    expect(auditObjectName({ entity_type: 'unit', entity_id: 'u-1', after: { active: false } }, names)).toBe('府河镇')
    expect(auditObjectName({ entity_type: 'group', entity_id: 'g-1' }, names)).toBe('惠企政策落实组')
    expect(auditObjectName({ entity_type: 'issue', entity_id: uuid, after: { state: 'closed' } }, names)).toBe('')
    expect(auditObjectName({ entity_type: 'unit', entity_id: 'u-unknown' }, names)).toBe('')
  })

  it('names the recorded roles', () => {
    expect(auditRolesLabel('office,unit', names)).toBe('综合办公室、责任单位')
    expect(auditRolesLabel(null, names)).toBe('')
  })
})
