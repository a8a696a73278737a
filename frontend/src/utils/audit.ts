/**
 * Display vocabulary of the audit trail: Chinese names of the recorded actions,
 * entity types, results and actor kinds. Unknown codes are shown as they are.
 */
import { ACTION_LABELS } from './issue'

const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.refresh': '续期会话',
  'auth.refresh_reuse': '刷新令牌重复使用',
  'auth.lockout': '账号锁定（旧规则）',
  'auth.password_change': '修改密码',
  'auth.password_expired': '密码过期',
  'setting.update': '修改系统设置',
  'issue.create': '登记问题',
  'issue.update': '修改问题',
  'issue.progress': '报送进展',
  'issue.urge': '催办',
  'issue.request_extension': '申请延期',
  'issue.decide_extension': '审批延期',
  'user.create': '新建账号',
  'user.update': '修改账号',
  'user.reset_password': '重置密码',
  'user.unlock': '解除登录限制',
  'unit.create': '新建单位',
  'unit.update': '修改单位',
  'unit.delete': '删除单位',
  'group.create': '新建工作组',
  'group.update': '修改工作组',
  'api_key.create': '签发 API 密钥',
  'api_key.revoke': '吊销 API 密钥',
  'dictionary.create': '新增字典项',
  'dictionary.update': '修改字典项',
  'campaign.create': '新建专项行动',
  'import.run': '批量导入',
  'export.issues': '导出问题',
  'report.dispatch': '调度会报告',
  'access.denied': '拒绝的访问',
  'access.denied_repeated': '拒绝的访问（同一分钟内重复）',
}

/** Filter choices: families (ending with a dot) match every action that starts with them. */
export const AUDIT_ACTION_FAMILIES: readonly { value: string; label: string }[] = [
  { value: 'auth.', label: '登录与会话（全部）' },
  { value: 'access.', label: '拒绝的访问（全部）' },
  { value: 'issue.', label: '问题（全部）' },
  { value: 'user.', label: '账号（全部）' },
  { value: 'unit.', label: '单位（全部）' },
  { value: 'group.', label: '工作组（全部）' },
  { value: 'api_key.', label: 'API 密钥（全部）' },
  { value: 'dictionary.', label: '数据字典（全部）' },
]

export const AUDIT_ENTITY_LABELS: Readonly<Record<string, string>> = {
  issue: '问题',
  user: '账号',
  session: '会话',
  unit: '单位',
  group: '工作组',
  api_key: 'API 密钥',
  dictionary: '数据字典',
  campaign: '专项行动',
  import: '导入',
  request: '请求',
  setting: '系统设置',
}

const RESULT_LABELS: Readonly<Record<string, string>> = {
  success: '成功',
  failure: '失败',
  locked: '已锁定',
  denied: '拒绝',
  inactive: '账号已停用',
  throttled: '等待期内拒绝',
  unauthenticated: '未登录',
  not_found: '不存在或无权查看',
  rate_limited: '请求过于频繁',
}
const ACTOR_KIND_LABELS: Readonly<Record<string, string>> = {
  user: '用户',
  api_key: 'API 密钥',
  anonymous: '匿名',
  system: '系统',
}

export function auditActionLabel(action: string): string {
  const known = AUDIT_ACTION_LABELS[action]
  if (known) return known
  // Transitions are recorded as issue.<action> (issue.assign, issue.approve…).
  const transition = action.startsWith('issue.')
    ? (ACTION_LABELS as Record<string, string>)[action.slice(6)]
    : undefined
  return transition ?? action
}

/** Every known action with its label, for the filter. */
export function auditActionOptions(): { value: string; label: string }[] {
  const transitions = Object.entries(ACTION_LABELS).map(([code, label]) => ({ value: `issue.${code}`, label }))
  const known = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }))
  return [...known, ...transitions]
}

export function auditEntityLabel(entity: string): string {
  return AUDIT_ENTITY_LABELS[entity] ?? entity
}

export function auditResultLabel(result: string): string {
  return RESULT_LABELS[result] ?? result
}

export function actorKindLabel(kind: string): string {
  return ACTOR_KIND_LABELS[kind] ?? kind
}

/** Tag colour of a result: success green, anything else red. */
export function auditResultType(result: string): 'success' | 'danger' {
  return result === 'success' ? 'success' : 'danger'
}

/** Names the audit view can resolve (the org store's lookups). */
export interface AuditNames {
  unitName: (id: string) => string
  groupName: (id: string) => string
  roleLabel: (code: string) => string
}

/** Fields of a record's before/after that name its object, most telling first. */
const NAME_FIELDS = ['number', 'display_name', 'username', 'name', 'label', 'title'] as const

/**
 * The object of an audit record as a person reads it (#23: no UUIDs on screen): the problem's
 * number, the account's name, the unit's or group's name… from the record itself or the
 * organisation; else nothing (the id stays in the record, for the filter).
 */
export function auditObjectName(
  record: { entity_type: string; entity_id?: string | null; before?: unknown; after?: unknown },
  names: AuditNames,
): string {
  for (const side of [record.after, record.before]) {
    if (side === null || typeof side !== 'object') continue
    const values = side as Record<string, unknown>
    for (const field of NAME_FIELDS) {
      const value = values[field]
      if (typeof value === 'string' && value.trim() !== '') return value
    }
  }
  const id = record.entity_id ?? ''
  if (!id) return ''
  if (record.entity_type === 'unit') return nameOrEmpty(names.unitName(id), id)
  if (record.entity_type === 'group') return nameOrEmpty(names.groupName(id), id)
  if (record.entity_type === 'dictionary') return id.replace(/^[a-z_]+\//, '')
  return ''
}

function nameOrEmpty(name: string, id: string): string {
  return name && name !== id ? name : ''
}

/** `office,unit` → 综合办公室、责任单位 (the recorded role codes, named). */
export function auditRolesLabel(roles: string | null | undefined, names: Pick<AuditNames, 'roleLabel'>): string {
  return (roles ?? '')
    .split(/[,，\s]+/)
    .filter((code) => code !== '')
    .map((code) => names.roleLabel(code) || code)
    .join('、')
}
