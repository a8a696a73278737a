/**
 * Sign-in and sessions: the wait after repeated failures, forced password change, sign-out,
 * the 401 path back to sign-in keeping the page, idle timeout, menus by permission.
 */
import { expect, test } from '@playwright/test'
import { createAccount, shot, signIn, signOut, uniqueSuffix } from './helpers'

test('the sign-in page; repeated failures make this address wait, and the page says how long', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByText('用户登录')).toBeVisible()
  await shot(page, '01-login')
  const wait = page.getByTestId('login-wait')
  for (let attempt = 1; attempt <= 6 && !(await wait.isVisible()); attempt++) {
    await page.locator('input[name="username"]').fill('unit_devzone')
    await page.locator('input[name="password"]').fill(`wrong-password-${attempt}`)
    await page.getByTestId('login-submit').click()
    await expect(page.getByTestId('login-submit')).not.toHaveClass(/is-loading/)
    await expect(page.getByText('用户名或密码错误').or(wait).first()).toBeVisible()
  }
  await expect(wait).toBeVisible()
  await expect(wait).toContainText(/请 \d+ 秒后再试/)
  await expect(page.getByTestId('login-submit')).toBeDisabled()
  await shot(page, '02-login-wait')
  await expect(page).toHaveURL(/\/login/)
})

test('an account created by the administrator must change its password first, then continues', async ({
  page,
  request,
}) => {
  const username = `e2e_${uniqueSuffix()}`
  await createAccount(request, {
    username,
    display_name: '府河镇·测试员',
    unitName: '府河镇',
    password: 'Initial#Pass2024',
    roles: [{ role: 'unit' }],
  })

  await page.goto('/issues')
  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)issues$/)
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill('Initial#Pass2024')
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/password/)
  await expect(page.getByTestId('password-forced')).toBeVisible()
  // Nothing else is reachable before the change.
  await page.goto('/workbench')
  await expect(page).toHaveURL(/\/password/)
  await page.locator('input[name="current_password"]').fill('Initial#Pass2024')
  await page.locator('input[name="new_password"]').fill('weak')
  await page.locator('input[name="confirm"]').fill('weak')
  await page.getByTestId('password-submit').click()
  await expect(page.getByText('密码至少需要 8 个字符')).toBeVisible()
  await shot(page, '16-password-forced')
  await page.locator('input[name="new_password"]').fill('Changed#Pass2024')
  await page.locator('input[name="confirm"]').fill('Changed#Pass2024')
  await page.getByTestId('password-submit').click()
  await expect(page).toHaveURL(/\/workbench/)
  await expect(page.getByTestId('user-menu')).toContainText('府河镇·测试员')

  await signOut(page)
  await signIn(page, username, 'Changed#Pass2024')
  await expect(page).toHaveURL(/\/workbench/)
})

test('when the session ends on the server, the next call asks to sign in again; giving up goes to sign-in', async ({
  page,
}) => {
  await signIn(page, 'leader')
  await page.goto('/issues?state=rectifying')
  await expect(page.getByTestId('ledger-table').locator('.el-table__row').first()).toBeVisible()
  // End the session behind the SPA's back (as an administrator's revocation would).
  const token = await page.evaluate(
    () => (JSON.parse(localStorage.getItem('lvyue.auth') ?? '{}') as { accessToken?: string }).accessToken,
  )
  const ended = await page.request.post('/api/v1/auth/logout', { headers: { Authorization: `Bearer ${token}` } })
  expect(ended.status()).toBe(204)

  await page.getByTestId('menu-workbench').click()
  // Mid-work the SPA asks for the password in place (resilience.spec.ts signs in there); 退出登录
  // gives up: back to the sign-in page, which returns to the page afterwards.
  const relogin = page.locator('.el-dialog[data-test="relogin-dialog"]')
  await expect(relogin).toBeVisible()
  await relogin.getByTestId('relogin-cancel').click()
  await expect(page).toHaveURL(/\/login\?redirect=(%2F|\/)workbench$/)
  await expect(page.getByText('登录已失效，请重新登录')).toBeVisible()
  await page.locator('input[name="username"]').fill('leader')
  await page.locator('input[name="password"]').fill('Lvyue#Demo2024')
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/workbench$/)
})

test('30 minutes without activity sign the user out', async ({ page }) => {
  await page.clock.install()
  await signIn(page, 'unit_commerce')
  await expect(page).toHaveURL(/\/workbench/)
  await page.clock.fastForward('29:00')
  await expect(page).toHaveURL(/\/workbench/)
  await page.clock.fastForward('02:00')
  await expect(page).toHaveURL(/\/login/)
  await expect(page.getByText('长时间未操作，已自动退出登录')).toBeVisible()
  expect(await page.evaluate(() => localStorage.getItem('lvyue.auth'))).toBeNull()
})

test('the menu shows what the permissions allow; other pages are out of reach', async ({ page }) => {
  await signIn(page, 'auditor')
  await expect(page).toHaveURL(/\/about$/)
  const sidebar = page.getByTestId('sidebar')
  await expect(sidebar.getByRole('menuitem')).toHaveText(['审计日志', '工作机制'])
  await page.goto('/issues')
  await expect(page).toHaveURL(/\/about$/)
  await expect(page.getByTestId('user-info')).toContainText('安全审计员')
  await shot(page, '17-auditor-home')
  await signOut(page)

  await signIn(page, 'leader')
  await expect(page.getByTestId('sidebar').getByRole('menuitem')).toHaveText([
    '工作台',
    '问题台账',
    '统计看板',
    '节点报送',
    '工作机制',
  ])
  await signOut(page)

  // A group lead also registers and imports its group's findings and files its milestones.
  await signIn(page, 'lead_policy')
  await expect(page.getByTestId('sidebar').getByRole('menuitem')).toHaveText([
    '工作台',
    '问题台账',
    '自查登记',
    '批量导入',
    '统计看板',
    '节点报送',
    '工作机制',
  ])
  await expect(page.getByTestId('user-info')).toContainText('惠企政策落实组')
  await signOut(page)

  await signIn(page, 'unit_housing')
  await expect(page.getByTestId('sidebar').getByRole('menuitem')).toHaveText([
    '工作台',
    '问题台账',
    '自查登记',
    '批量导入',
    '节点报送',
    '工作机制',
  ])
  await expect(page.getByTestId('user-info')).toContainText('区住建局')
  await expect(page.getByTestId('user-info')).toContainText('责任单位')
})
