/** Shared test data shaped like the API's answers (types generated from openapi.json). */
import type { CurrentUser, ImportColumn, Issue, TokenResponse } from '@/api/types'

export function user(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: 'u1',
    username: 'office',
    display_name: '综合办公室·王敏',
    unit: { id: 'unit-yingshang', name: '区营商办' },
    roles: [{ role: 'office', label: '综合办公室' }],
    permissions: ['read_organisation', 'read_issues', 'register_issues', 'export_issues', 'read_statistics'],
    must_change_password: false,
    totp_enabled: false,
    must_enroll_totp: false,
    grayscale: false,
    ...overrides,
  }
}

export function tokens(n: number, overrides: Partial<TokenResponse> = {}): TokenResponse {
  return {
    access_token: `access-${n}`,
    token_type: 'Bearer',
    expires_in: 900,
    refresh_token: `refresh-${n}`,
    refresh_expires_in: 1800,
    user: user(),
    ...overrides,
  }
}

export function issue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: '01a21ed7-5aae-76ad-a91c-63e0a2f8d78f',
    number: 'LY2024-00022',
    campaign_id: 'c1',
    title: '镇级农业产业化奖补资金落实不及时',
    description: '描述',
    category: 'policy',
    problem_type: 'policy_delay',
    source: 'complaint',
    enterprise_name: '随州市某农业公司',
    amount_involved_fen: 12_345_678,
    amount_resolved_fen: 0,
    amount_due_fen: 12_345_678,
    group_id: 'g-policy',
    group_name: '惠企政策落实组',
    cooperating_unit_ids: [],
    reporting_unit_id: 'unit-yingshang',
    reporting_unit_name: '区营商办',
    state: 'assigned',
    warning: 'none',
    version: 2,
    created_at: '2026-10-01T02:00:00Z',
    updated_at: '2026-10-02T02:00:00Z',
    allowed_actions: ['return', 'accept'],
    editable_fields: [],
    ...overrides,
  }
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json'
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } })
}

export function problem(status: number, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  return json(status, { type: `urn:lvyue:problem:${code}`, title: '标题', status, detail, code, ...extra })
}

/** GET /api/v1/imports/columns as the server answers it (backend `imports::COLUMNS`). */
export function importColumnList(): ImportColumn[] {
  const columns: [string, string, boolean][] = [
    ['问题标题', 'title', true],
    ['问题描述', 'description', true],
    ['问题类别', 'category', true],
    ['问题类型', 'problem_type', true],
    ['拖欠对象', 'arrear_object', false],
    ['线索来源', 'source', false],
    ['来源编号', 'source_ref', false],
    ['涉及企业', 'enterprise_name', true],
    ['统一社会信用代码', 'enterprise_uscc', false],
    ['企业联系人', 'enterprise_contact', false],
    ['联系电话', 'enterprise_phone', false],
    ['涉及金额(元)', 'amount_involved', false],
    ['报送单位', 'reporting_unit', false],
  ]
  return columns.map(([header, field, required]) => ({ header, field, required, hint: '' }))
}
