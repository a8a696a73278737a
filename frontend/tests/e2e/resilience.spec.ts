/**
 * Never lose typing, and survive a redeploy (#23): a session that ends mid-work is renewed in a
 * modal and the request goes through; a half-filled registration survives a reload and is not
 * left without asking; a stale lazy chunk reloads the page once, never in a loop.
 */
import { expect, test } from '@playwright/test'
import {
  apiJson,
  apiRegister,
  confirmBox,
  dialog,
  input,
  pick,
  shanghaiDate,
  signIn,
  uniqueSuffix,
  DEMO_PASSWORD,
} from './helpers'

test('a session ended mid-work: sign in again in a modal, and the report is saved', async ({ page, request }) => {
  const title = `会话失效续办测试（${uniqueSuffix()}）`
  const issue = await apiRegister(request, 'unit_fuhe', title)
  const me = await apiJson<{ unit: { id: string } }>(request, 'unit_fuhe', '/auth/me')
  await apiJson(request, 'office', `/issues/${issue.id}/transitions`, {
    method: 'POST',
    data: { action: 'assign', responsible_unit_id: me.unit.id, deadline: shanghaiDate(30) },
  })
  await apiJson(request, 'unit_fuhe', `/issues/${issue.id}/transitions`, {
    method: 'POST',
    data: { action: 'accept', measures: '按合同约定支付' },
  })

  await signIn(page, 'unit_fuhe')
  await page.goto(`/issues/${issue.id}`)
  await page.getByTestId('action-progress').click()
  const d = dialog(page, 'progress-dialog')
  await input(d, 'field-note').fill('已支付首笔款 30 万元（会话失效后继续）')

  // Meanwhile the session ends on the server (signed out elsewhere, or expired).
  const status = await page.evaluate(async () => {
    const auth = JSON.parse(localStorage.getItem('lvyue.auth') ?? '{}') as { accessToken: string }
    const response = await fetch('/api/v1/auth/logout', {
      method: 'POST',
      headers: { Authorization: `Bearer ${auth.accessToken}` },
    })
    return response.status
  })
  expect(status).toBeLessThan(300)

  await d.getByTestId('progress-confirm').click()
  const relogin = dialog(page, 'relogin-dialog')
  await expect(relogin).toBeVisible()
  await expect(relogin.locator('input[name="username"]')).toHaveValue('unit_fuhe')
  await input(relogin, 'relogin-password').fill('wrong-password')
  await relogin.getByTestId('relogin-submit').click()
  await expect(relogin).toContainText('密码不正确')
  await input(relogin, 'relogin-password').fill(DEMO_PASSWORD)
  await relogin.getByTestId('relogin-submit').click()
  await expect(relogin).toBeHidden()
  // The waiting request went through: same page, dialog closed, the report in the timeline.
  await expect(d).toBeHidden()
  await expect(page).toHaveURL(new RegExp(`/issues/${issue.id}$`))
  await expect(page.getByTestId('timeline')).toContainText('已支付首笔款 30 万元（会话失效后继续）')
})

test('a half-filled registration survives a reload and is not left without asking', async ({ page }) => {
  page.on('dialog', (d) => void d.accept()) // the browser's own "leave site?" on reload
  await signIn(page, 'unit_fuhe')
  await page.goto('/issues/new')
  const title = `草稿测试（${uniqueSuffix()}）`
  await input(page, 'field-title').fill(title)
  await pick(page, 'field-category', '机关事业单位拖欠企业账款')
  await input(page, 'field-amount_involved').fill('12.5万')
  await expect(page.getByTestId('money-converted')).toHaveText('即 125,000.00 元（12.50 万元）')
  await input(page, 'field-enterprise_uscc').fill('9135 0100 m000 100y 43')
  await expect(input(page, 'field-enterprise_uscc')).toHaveValue('91350100M000100Y43')

  await page.reload()
  await expect(page.getByTestId('draft-restored')).toBeVisible()
  await expect(input(page, 'field-title')).toHaveValue(title)
  await expect(input(page, 'field-amount_involved')).toHaveValue('12.5万')

  await page.getByTestId('menu-workbench').click()
  await confirmBox(page, '继续填写')
  await expect(page).toHaveURL(/\/issues\/new$/)
  await page.getByTestId('menu-workbench').click()
  await confirmBox(page, '放弃')
  await expect(page).toHaveURL(/\/workbench/)
  await page.goto('/issues/new')
  await expect(input(page, 'field-title')).toHaveValue('')
  await expect(page.getByTestId('draft-restored')).toHaveCount(0)
})

test('a stale lazy chunk after a redeploy reloads the page once, then says so', async ({ page }) => {
  // The dashboard's chunk of the build the page was loaded with is gone.
  await page.route(/\/assets\/dashboard-[^/]+\.js$/, (route) => route.fulfill({ status: 404, body: '' }))
  await signIn(page, 'office')
  let loads = 0
  page.on('load', () => (loads += 1))
  await page.getByTestId('menu-dashboard').click()
  await expect(page.getByText('页面加载失败：系统可能正在更新，请稍后刷新页面重试')).toBeVisible()
  await expect(page).toHaveURL(/\/dashboard$/)
  // One fresh load, no loop.
  await page.waitForTimeout(1500)
  expect(loads).toBe(1)
})
