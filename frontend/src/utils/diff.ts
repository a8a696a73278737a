/**
 * Field-level differences between an audit record's `before` and `after`, for
 * people to read: which fields were added, removed or changed, with Chinese labels where
 * known and nested values spelled out. Pure; the audit page supplies name lookups (units,
 * groups) through `describe`.
 */
import { formatDateTime } from './date'
import { formatFen } from './money'

export type DiffKind = 'added' | 'removed' | 'changed'

export interface DiffEntry {
  /** Dotted path of the field (`unit.name`); arrays are compared as a whole. */
  path: string
  /** Chinese label of the path (`单位·名称`), or the path itself when unknown. */
  label: string
  kind: DiffKind
  before?: unknown
  after?: unknown
}

/** Chinese names of the fields that appear in audit records (issues, accounts, units, keys…). */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  id: 'ID',
  number: '编号',
  campaign_id: '专项行动',
  title: '问题标题',
  description: '问题描述',
  category: '问题类别',
  problem_type: '问题类型',
  source: '线索来源',
  source_ref: '来源编号',
  enterprise_name: '企业名称',
  enterprise_uscc: '统一社会信用代码',
  enterprise_contact: '企业联系人',
  enterprise_phone: '联系电话',
  arrear_object: '拖欠对象',
  amount_involved_fen: '涉及金额',
  amount_resolved_fen: '已解决金额',
  group_id: '工作组',
  group_name: '工作组',
  responsible_unit_id: '责任单位',
  responsible_unit_name: '责任单位',
  cooperating_unit_ids: '配合单位',
  reporting_unit_id: '报送单位',
  reporting_unit_name: '报送单位',
  deadline: '整改时限',
  measures: '整改措施',
  responsible_leader: '责任领导',
  responsible_person: '责任人',
  state: '状态',
  closure_kind: '销号方式',
  version: '版本',
  created_at: '创建时间',
  updated_at: '更新时间',
  closed_at: '销号时间',
  comment: '说明',
  payload: '办理内容',
  cooperating_units: '配合单位',
  request_id: '请求编号',
  client_ip: 'IP 地址',
  note: '进展情况',
  username: '用户名',
  display_name: '姓名',
  unit_id: '单位',
  unit_name: '单位',
  unit: '单位',
  roles: '角色',
  role: '角色',
  active: '启用',
  must_change_password: '须修改密码',
  locked_until: '登录受限至',
  failed_attempts: '连续失败次数',
  last_login_at: '最近登录',
  code: '编码',
  name: '名称',
  alias: '别名',
  kind: '类型',
  sort_order: '排序',
  lead_unit_id: '牵头单位',
  lead_unit_name: '牵头单位',
  member_unit_ids: '配合单位',
  scopes: '权限范围',
  prefix: '密钥前缀',
  created_by: '创建人',
  expires_at: '到期时间',
  revoked_at: '吊销时间',
  last_used_at: '最近使用',
  label: '名称',
  parent_code: '上级代码',
  reason: '原因',
  days: '天数',
  new_deadline: '新时限',
}

export function fieldLabel(path: string, labels: Readonly<Record<string, string>> = FIELD_LABELS): string {
  return path
    .split('.')
    .map((part) => labels[part] ?? part)
    .join('·')
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** Null and absent both mean "no value" for a reader. */
function isEmpty(value: unknown): boolean {
  return value === null || value === undefined
}

/** Structural equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]))
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].every((key) => jsonEqual(a[key], b[key]))
  }
  return false
}

function keysOf(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = Object.keys(after)
  for (const key of Object.keys(before)) if (!(key in after)) keys.push(key)
  return keys
}

function walk(
  before: unknown,
  after: unknown,
  path: string,
  out: DiffEntry[],
  labels: Readonly<Record<string, string>>,
): void {
  if (isPlainObject(before) && isPlainObject(after)) {
    for (const key of keysOf(before, after)) walk(before[key], after[key], path ? `${path}.${key}` : key, out, labels)
    return
  }
  // A whole object that appears or disappears: list its fields, one line each.
  if (isEmpty(before) && isPlainObject(after)) {
    for (const key of Object.keys(after)) walk(undefined, after[key], path ? `${path}.${key}` : key, out, labels)
    return
  }
  if (isPlainObject(before) && isEmpty(after)) {
    for (const key of Object.keys(before)) walk(before[key], undefined, path ? `${path}.${key}` : key, out, labels)
    return
  }
  if (isEmpty(before) && isEmpty(after)) return
  if (jsonEqual(before, after)) return
  const label = fieldLabel(path, labels)
  if (isEmpty(before)) out.push({ path, label, kind: 'added', after })
  else if (isEmpty(after)) out.push({ path, label, kind: 'removed', before })
  else out.push({ path, label, kind: 'changed', before, after })
}

/**
 * The differences from `before` to `after` (either may be null: a creation lists every field
 * as added, a deletion every field as removed). Unchanged fields are left out.
 */
export function diffRecords(
  before: unknown,
  after: unknown,
  labels: Readonly<Record<string, string>> = FIELD_LABELS,
): DiffEntry[] {
  const out: DiffEntry[] = []
  walk(before ?? undefined, after ?? undefined, '', out, labels)
  return out
}

export const DIFF_KIND_LABELS: Record<DiffKind, string> = { added: '新增', removed: '删除', changed: '修改' }

/** Answers a readable name for a value (a unit's name for a unit id…), or undefined. */
export type Describe = (key: string, value: unknown) => string | undefined

const EMPTY = '（空）'

/**
 * A JSON value as text for people: 是/否 for booleans, yuan for `*_fen` amounts, lists joined
 * with 、, objects as "标签：值" pairs; `key` is the field's last path segment.
 */
export function formatValue(
  value: unknown,
  key = '',
  describe?: Describe,
  labels: Readonly<Record<string, string>> = FIELD_LABELS,
): string {
  if (isEmpty(value)) return EMPTY
  const described = describe?.(key, value)
  if (described !== undefined) return described
  if (typeof value === 'boolean') return value ? '是' : '否'
  if (typeof value === 'number') {
    if (key.endsWith('_fen') && Number.isSafeInteger(value)) return `${formatFen(value)} 元`
    return String(value)
  }
  if (typeof value === 'string') {
    if (value === '') return EMPTY
    // Instants in Beijing time like everywhere else in the SPA. Records hold some times
    // without a zone designator; the server keeps every time in UTC, so read those as UTC.
    if ((key.endsWith('_at') || key === 'locked_until') && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
      return formatDateTime(/(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`, true)
    }
    return value
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY
    // Elements of `xxx_ids` are ids: describe each as the singular key would be.
    const itemKey = key.endsWith('_ids') ? key.slice(0, -1) : key
    return value.map((item) => formatValue(item, itemKey, describe, labels)).join('、')
  }
  if (isPlainObject(value)) {
    const parts = Object.entries(value)
      .filter(([, v]) => !isEmpty(v))
      .map(([k, v]) => `${labels[k] ?? k}：${formatValue(v, k, describe, labels)}`)
    return parts.length === 0 ? EMPTY : `{ ${parts.join('，')} }`
  }
  return String(value)
}

/** The last segment of a diff path, the key `formatValue` and `describe` work with. */
export function lastKey(path: string): string {
  const i = path.lastIndexOf('.')
  return i < 0 ? path : path.slice(i + 1)
}
