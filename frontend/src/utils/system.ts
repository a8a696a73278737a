/**
 * 系统管理 helpers: the role form ⇄ the API's role grants, API-key scope labels, user status,
 * dictionary kinds and a generator for initial passwords. No rule of who may hold what lives
 * here (三员分立 and the like are the server's: it answers 409/422).
 */
import type { ApiScope, Dictionaries, Role, RoleGrant, RoleInput, User } from '@/api/types'
import { checkPassword } from './password'

/** How the account form holds roles: plain roles, plus the groups `group_lead` is held for. */
export interface RoleForm {
  roles: Role[]
  leadGroupIds: string[]
}

/** The form for the grants an account holds (`group_lead` once per group → one checkbox). */
export function roleFormFromGrants(grants: readonly RoleGrant[]): RoleForm {
  const roles: Role[] = []
  const leadGroupIds: string[] = []
  for (const grant of grants) {
    if (!roles.includes(grant.role)) roles.push(grant.role)
    if (grant.role === 'group_lead' && grant.group_id && !leadGroupIds.includes(grant.group_id))
      leadGroupIds.push(grant.group_id)
  }
  return { roles, leadGroupIds }
}

/** The `roles` of CreateUser/UpdateUser: `group_lead` once per chosen group, others without group. */
export function roleInputsFromForm(form: RoleForm): RoleInput[] {
  const inputs: RoleInput[] = []
  for (const role of form.roles) {
    if (role === 'group_lead') {
      for (const groupId of form.leadGroupIds) inputs.push({ role, group_id: groupId })
    } else {
      inputs.push({ role })
    }
  }
  return inputs
}

/** The form cannot express group_lead without a group (the API needs `group_id` for it). */
export function roleFormError(form: RoleForm): string | null {
  if (form.roles.includes('group_lead') && form.leadGroupIds.length === 0) return '请选择所牵头的工作组'
  return null
}

/** A grant as people read it: 工作组牵头单位（惠企政策落实组）. */
export function grantLabel(grant: RoleGrant): string {
  return grant.group_name ? `${grant.label}（${grant.group_name}）` : grant.label
}

/** Scopes of an API key, in the order the form lists them. */
export const API_SCOPES: readonly ApiScope[] = ['issues:read', 'issues:write', 'imports:write']

export const SCOPE_LABELS: Record<ApiScope, string> = {
  'issues:read': '读取问题',
  'issues:write': '登记、修改问题',
  'imports:write': '批量导入',
}

export function scopeLabel(scope: string): string {
  return (SCOPE_LABELS as Record<string, string>)[scope] ?? scope
}

export type UserStatus = 'inactive' | 'locked' | 'must_change' | 'normal'

export const USER_STATUS_LABELS: Record<
  UserStatus,
  { label: string; type: 'info' | 'danger' | 'warning' | 'success' }
> = {
  inactive: { label: '已停用', type: 'info' },
  locked: { label: '登录受限', type: 'danger' },
  must_change: { label: '待修改密码', type: 'warning' },
  normal: { label: '正常', type: 'success' },
}

/**
 * What the list shows for an account, from the server's fields: 登录受限 while `locked_until` is
 * ahead (some address must wait after repeated failed sign-ins; no account is ever locked).
 */
export function userStatus(
  user: Pick<User, 'active' | 'locked_until' | 'must_change_password'>,
  now: number = Date.now(),
): UserStatus {
  if (!user.active) return 'inactive'
  if (user.locked_until && Date.parse(user.locked_until) > now) return 'locked'
  if (user.must_change_password) return 'must_change'
  return 'normal'
}

/** The editable dictionaries: `kind` of `PUT /dictionaries/{kind}/{code}` and their list in `GET /dictionaries`. */
export const DICT_KINDS = [
  { kind: 'category', key: 'categories', label: '问题类别' },
  { kind: 'problem_type', key: 'problem_types', label: '问题类型' },
  { kind: 'source', key: 'sources', label: '线索来源' },
  { kind: 'arrear_object', key: 'arrear_objects', label: '拖欠对象' },
] as const satisfies readonly { kind: string; key: keyof Dictionaries; label: string }[]

export type DictKind = (typeof DICT_KINDS)[number]['kind']

// No look-alikes (0/O, 1/l/I) in a password someone may have to read out or type.
const LOWER = 'abcdefghijkmnpqrstuvwxyz'
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ'
const DIGITS = '23456789'
const SYMBOLS = '#@%&*+=?!'

function pickFrom(chars: string, random: (n: number) => number): string {
  return chars.charAt(random(chars.length))
}

function cryptoRandom(n: number): number {
  // Rejection sampling keeps the choice uniform.
  const buf = new Uint32Array(1)
  const limit = Math.floor(0x1_0000_0000 / n) * n
  do globalThis.crypto.getRandomValues(buf)
  while ((buf[0] ?? 0) >= limit)
  return (buf[0] ?? 0) % n
}

/**
 * A random initial password that meets the server's policy (every character class, so the
 * three-of-four rule holds) and does not contain `username`.
 */
export function generatePassword(username = '', length = 14, random: (n: number) => number = cryptoRandom): string {
  const all = LOWER + UPPER + DIGITS + SYMBOLS
  for (;;) {
    const chars = [
      pickFrom(LOWER, random),
      pickFrom(UPPER, random),
      pickFrom(DIGITS, random),
      pickFrom(SYMBOLS, random),
    ]
    while (chars.length < length) chars.push(pickFrom(all, random))
    for (let i = chars.length - 1; i > 0; i--) {
      const j = random(i + 1)
      ;[chars[i], chars[j]] = [chars[j] as string, chars[i] as string]
    }
    const password = chars.join('')
    if (checkPassword(password, username) === null) return password
  }
}

/** What each setting governs, in a line (系统设置). */
const SETTING_HINTS: Record<string, string> = {
  'display.grayscale': '开启后所有用户的页面以灰色显示（国家公祭日等）',
  'ledger.deadline_horizon_days': '整改时限和延期申请最多可设在今天之后多少天',
  'auth.login_requests_per_minute': '同一地址每分钟最多可发起的登录和续期请求（每台服务器）',
  'auth.login_failures_per_account': '同一地址对同一账号连续登录失败多少次后需要等待',
  'auth.login_failures_per_address': '同一地址对任意账号连续登录失败多少次后需要等待',
  'auth.login_failure_delay_seconds': '首次等待的秒数，此后每失败一次加倍',
  'auth.login_failure_delay_max_seconds': '等待时间的上限（秒）',
  'auth.password_max_age_days': '密码使用多少天后登录时必须修改，0 表示不过期',
  'auth.totp_required_roles': '这些业务角色的账号登录时也必须输入两步验证码（三类管理员始终必须）',
  'attachments.max_file_mb': '单个附件最大多少 MB，超过的文件拒收',
  'attachments.max_issue_mb': '每个问题的附件合计最多多少 MB（已撤回的不计）',
  'attachments.strip_image_location': '开启后上传的照片在保存前去除拍摄位置（GPS）信息，其余内容不变',
  'ledger.submit_evidence_exempt_categories': '这些问题类别提交核查时无需上传书面反馈或付款凭证（其余类别均需上传）',
}

export function settingHint(key: string): string {
  return SETTING_HINTS[key] ?? ''
}

/** A setting's value as the table shows it. */
export function settingValueText(value: unknown): string {
  if (value === true) return '开启'
  if (value === false) return '关闭'
  if (Array.isArray(value)) return value.length === 0 ? '（无）' : value.join('、')
  return String(value)
}
