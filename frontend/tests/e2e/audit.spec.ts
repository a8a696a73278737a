/**
 * The security auditor: the audit trail with its filters, one record's changes as a
 * field-level diff, and the hash chain verified intact.
 */
import { expect, test } from '@playwright/test'
import { apiToken, shot, signIn, uniqueSuffix } from './helpers'

test('the auditor reads the trail, opens a change as a diff and sees the chain intact', async ({ page, request }) => {
  // Set-up: the administrator creates and renames a unit, so the trail holds a before/after.
  const token = await apiToken(request, 'sysadmin')
  const headers = { Authorization: `Bearer ${token}` }
  const suffix = uniqueSuffix()
  const name = `审计测试单位${suffix}`
  const created = await request.post('/api/v1/units', {
    headers,
    data: { code: `e2e_audit_${suffix}`, name, kind: 'soe' },
  })
  expect(created.status(), await created.text()).toBe(201)
  const unit = (await created.json()) as { id: string }
  const renamed = await request.patch(`/api/v1/units/${unit.id}`, { headers, data: { name: `${name}（更名）` } })
  expect(renamed.ok(), await renamed.text()).toBeTruthy()

  await signIn(page, 'auditor')
  await expect(page.getByTestId('sidebar')).toContainText('审计日志')
  await page.getByTestId('menu-audit').click()
  await expect(page).toHaveURL(/\/audit$/)

  // The chain is verified on opening, prominently.
  await expect(page.getByTestId('audit-verify-status')).toHaveText('审计链完整 ✓')
  await expect(page.getByTestId('audit-verify-count')).toContainText(/已逐条校验 \d+ 条记录/)
  // Checked with the audit key (#15), not for structure only.
  await expect(page.getByTestId('audit-verify-against')).toContainText('已用审计密钥校验')
  const rows = page.getByTestId('audit-table').locator('.el-table__body-wrapper .el-table__row')
  await expect(rows.first()).toBeVisible()
  await shot(page, '40-audit-trail')

  // Filter by the object: its creation and its renaming.
  await page
    .locator('[data-test="audit-filter-entity-id"] input, input[data-test="audit-filter-entity-id"]')
    .first()
    .fill(unit.id)
  await page.getByTestId('audit-search').click()
  await expect(rows).toHaveCount(2)
  await expect(rows.first()).toContainText('修改单位')
  await expect(rows.nth(1)).toContainText('新建单位')

  // The renaming as a field-level diff, in Chinese.
  await rows.first().getByTestId('audit-open').click()
  const drawer = page.locator('.el-drawer[data-test="audit-drawer"]')
  await expect(drawer).toBeVisible()
  const diff = drawer.getByTestId('audit-diff')
  await expect(diff).toContainText('修改')
  await expect(diff.getByTestId('diff-field').first()).toHaveText('名称')
  await expect(diff).toContainText('更新时间')
  await expect(diff).toContainText(name)
  await expect(diff).toContainText(`${name}（更名）`)
  await expect(drawer).toContainText('sysadmin')
  await shot(page, '41-audit-diff')
  await drawer.locator('.el-drawer__close-btn').click()
  await expect(drawer).toBeHidden()

  // The creation lists every field as added.
  await rows.nth(1).getByTestId('audit-open').click()
  await expect(drawer.getByTestId('audit-diff')).toContainText('新增')
  await expect(drawer.getByTestId('audit-diff')).toContainText(`e2e_audit_${suffix}`)
  await drawer.locator('.el-drawer__close-btn').click()

  // Re-verifying after the new records still finds the chain intact.
  await page.getByTestId('audit-reverify').click()
  await expect(page.getByTestId('audit-reverify')).not.toHaveClass(/is-loading/)
  await expect(page.getByTestId('audit-verify-status')).toHaveText('审计链完整 ✓')
})

test('failed sign-ins are in the trail, found by action and actor', async ({ page, request }) => {
  const name = `nobody_${uniqueSuffix()}`
  const failed = await request.post('/api/v1/auth/login', { data: { username: name, password: 'Wrong#Pass2024' } })
  expect(failed.status()).toBe(401)

  await signIn(page, 'auditor')
  await page.goto('/audit')
  await page.locator('[data-test="audit-filter-actor"] input, input[data-test="audit-filter-actor"]').first().fill(name)
  await page.getByTestId('audit-search').click()
  const rows = page.getByTestId('audit-table').locator('.el-table__body-wrapper .el-table__row')
  await expect(rows).toHaveCount(1)
  await expect(rows.first()).toContainText('登录')
  await expect(rows.first()).toContainText('失败')
})

test('the audit pages are out of reach of other roles', async ({ page, request }) => {
  await signIn(page, 'sysadmin')
  await expect(page.getByTestId('sidebar')).not.toContainText('审计日志')
  await page.goto('/audit')
  await expect(page).not.toHaveURL(/\/audit$/)
  // And the server refuses the trail to them as well (三员分立).
  const token = await apiToken(request, 'sysadmin')
  const response = await request.get('/api/v1/audit', { headers: { Authorization: `Bearer ${token}` } })
  expect(response.status()).toBe(403)
})
