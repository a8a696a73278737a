/**
 * 系统管理 in the browser: accounts (created by the system administrator, granted roles by the
 * security administrator — 三员分立 — then signing in with the forced password change), API keys (secret shown once, working, then revoked), units,
 * work groups and dictionaries. Every name is unique: the demo data is shared by all specs.
 */
import { expect, test } from '@playwright/test'
import { confirmBox, createAccount, dialog, input, pick, shot, signIn, signOut, uniqueSuffix } from './helpers'

test('the system administrator creates an account, the security administrator grants its roles, and it signs in changing the password first', async ({
  page,
}) => {
  const suffix = uniqueSuffix()
  const username = `e2e_${suffix}`
  const displayName = `府河镇·测试${suffix}`

  await signIn(page, 'sysadmin')
  await expect(page.getByTestId('sidebar').getByRole('menuitem')).toContainText([
    '用户管理',
    '单位管理',
    '工作组',
    'API 密钥',
    '数据字典',
    '系统设置',
  ])
  await page.getByTestId('menu-system-users').click()
  await expect(page).toHaveURL(/\/system\/users$/)
  await expect(page.getByTestId('users-table')).toContainText('sysadmin')
  await shot(page, '42-system-users')

  await page.getByTestId('user-create').click()
  const form = dialog(page, 'user-dialog')
  await input(form, 'user-username').fill(username)
  await input(form, 'user-display_name').fill(displayName)
  await pick(page, 'user-unit', '府河镇')
  await expect(form.getByTestId('user-roles')).toHaveCount(0)
  // A weak password is refused at its field before anything is sent.
  await input(form, 'user-password').fill('weak')
  await form.getByTestId('user-confirm').click()
  await expect(form).toContainText('密码至少需要 8 个字符')
  await input(form, 'user-password').fill('Initial#Pass2024')
  await form.getByTestId('user-confirm').click()
  await expect(form).toBeHidden()

  // The initial password is shown once, with a copy button.
  const shown = dialog(page, 'password-dialog')
  await expect(shown).toBeVisible()
  await expect(shown.getByTestId('initial-password')).toHaveText('Initial#Pass2024')
  await expect(shown.getByTestId('initial-password-copy')).toBeVisible()
  await shot(page, '43-system-user-created')
  await shown.getByTestId('password-done').click()
  await expect(shown).toBeHidden()

  const row = page.getByTestId('users-table').locator('.el-table__row', { hasText: username })
  await expect(row).toContainText('未授予')
  await expect(row.getByTestId('user-status')).toHaveText('待修改密码')
  // Roles and passwords are not the system administrator's (三员分立).
  await expect(row.getByTestId('user-grant')).toHaveCount(0)
  await expect(row.getByTestId('user-reset')).toHaveCount(0)

  // The same username again: 409 at the username field.
  await page.getByTestId('user-create').click()
  await input(form, 'user-username').fill(username)
  await input(form, 'user-display_name').fill('重复账号')
  await pick(page, 'user-unit', '府河镇')
  await input(form, 'user-password').fill('Initial#Pass2024')
  await form.getByTestId('user-confirm').click()
  // (Another field's message may still be fading out: look for this one.)
  await expect(form.locator('.el-form-item__error', { hasText: '已存在' })).toContainText(`用户名 ${username} 已存在`)
  // Typed values are not dropped without asking (#23): 取消 on a dirty form asks first.
  await form.getByRole('button', { name: '取消' }).click()
  await confirmBox(page, '放弃')
  await expect(form).toBeHidden()

  await signOut(page)

  // The security administrator grants its roles: 责任单位 and group lead of one chosen group.
  await signIn(page, 'secadmin')
  await page.getByTestId('menu-system-users').click()
  await expect(page.getByTestId('user-create')).toHaveCount(0)
  await expect(row.getByTestId('user-edit')).toHaveCount(0)
  await row.getByTestId('user-grant').click()
  const roles = dialog(page, 'roles-dialog')
  await roles.getByTestId('user-role-unit').click()
  await roles.getByTestId('user-role-group_lead').click()
  await roles.getByTestId('roles-confirm').click()
  await expect(roles).toContainText('请选择所牵头的工作组')
  await pick(page, 'user-lead-groups', '惠企政策落实组', { multiple: true })
  await roles.getByTestId('roles-confirm').click()
  await expect(roles).toBeHidden()
  await expect(row).toContainText('责任单位')
  await expect(row).toContainText('工作组牵头单位（惠企政策落实组）')
  // Its own row offers neither (三员分立: nobody grants themselves roles).
  const own = page.getByTestId('users-table').locator('.el-table__row', { hasText: '安全管理员(演示)' })
  await expect(own.getByTestId('user-grant')).toHaveCount(0)
  await expect(own.getByTestId('user-reset')).toHaveCount(0)
  await signOut(page)

  // The new account signs in with the initial password and must change it first.
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill('Initial#Pass2024')
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/password/)
  await expect(page.getByTestId('password-forced')).toBeVisible()
  await page.locator('input[name="current_password"]').fill('Initial#Pass2024')
  await page.locator('input[name="new_password"]').fill('Changed#Pass2024')
  await page.locator('input[name="confirm"]').fill('Changed#Pass2024')
  await page.getByTestId('password-submit').click()
  await expect(page).not.toHaveURL(/\/password/)
  await expect(page.getByTestId('user-menu')).toContainText(displayName)
  await expect(page.getByTestId('user-info')).toContainText('惠企政策落实组')
  await expect(page.getByTestId('sidebar')).not.toContainText('用户管理')
})

test('an API key: the secret is shown once, works as a bearer token, and stops working once revoked', async ({
  page,
  request,
}) => {
  const name = `浏览器测试密钥${uniqueSuffix()}`
  await signIn(page, 'sysadmin')
  await page.getByTestId('menu-system-api-keys').click()
  await expect(page).toHaveURL(/\/system\/api-keys$/)

  await page.getByTestId('key-create').click()
  const form = dialog(page, 'key-dialog')
  await input(form, 'key-name').fill(name)
  await pick(page, 'key-unit', '区营商办')
  await form.getByTestId('key-scope-issues:write').click()
  await form.getByTestId('key-confirm').click()
  await expect(form).toBeHidden()

  const secretDialog = dialog(page, 'key-secret-dialog')
  await expect(secretDialog).toBeVisible()
  await expect(secretDialog).toContainText('密钥只显示这一次，关闭后无法再次查看')
  const secret = (await secretDialog.getByTestId('key-secret').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^lvk_/)
  await expect(secretDialog.getByTestId('key-secret-copy')).toBeVisible()
  await shot(page, '44-system-api-key-secret')
  await secretDialog.getByTestId('key-secret-done').click()
  await expect(secretDialog).toBeHidden()

  // Listed by name and prefix only; the secret is nowhere on the page, nor after a reload.
  const row = page.getByTestId('keys-table').locator('.el-table__row', { hasText: name })
  await expect(row).toContainText('读取问题')
  await expect(row).toContainText('登记、修改问题')
  await expect(row.getByTestId('key-status')).toHaveText('有效')
  const prefix = ((await row.getByTestId('key-prefix').textContent()) ?? '').replace('…', '')
  expect(secret.startsWith(prefix)).toBe(true)
  expect(await page.content()).not.toContain(secret)
  await page.reload()
  await expect(row).toBeVisible()
  expect(await page.content()).not.toContain(secret)
  await shot(page, '45-system-api-keys')

  // The key works as the spec's api_key scheme says: Authorization: Bearer lvk_…
  const headers = { Authorization: `Bearer ${secret}` }
  const before = await request.get('/api/v1/issues', { headers })
  expect(before.status(), await before.text()).toBe(200)

  // Revoked after confirmation: the same call is refused.
  await row.getByTestId('key-revoke').click()
  await confirmBox(page, '吊销')
  await expect(row.getByTestId('key-status')).toHaveText('已吊销')
  await expect(row.getByTestId('key-revoke')).toHaveCount(0)
  const after = await request.get('/api/v1/issues', { headers })
  expect(after.status()).toBe(401)
})

test('units, work groups and dictionaries: create and rename a unit, duplicates at their field', async ({ page }) => {
  const suffix = uniqueSuffix()
  const name = `测试国企${suffix}`
  await signIn(page, 'sysadmin')
  await page.getByTestId('menu-system-units').click()
  await expect(page).toHaveURL(/\/system\/units$/)
  await expect(page.getByTestId('units-table')).toContainText('区财政局')

  await page.getByTestId('unit-create').click()
  const form = dialog(page, 'unit-dialog')
  await input(form, 'unit-code').fill(`e2e_unit_${suffix}`)
  await input(form, 'unit-name').fill(name)
  await pick(page, 'unit-kind', '国有企业')
  await form.getByTestId('unit-confirm').click()
  await expect(form).toBeHidden()
  const row = page.getByTestId('units-table').locator('.el-table__row', { hasText: `e2e_unit_${suffix}` })
  await expect(row).toContainText(name)

  // A second unit with the same name: 409, shown at the name.
  await page.getByTestId('unit-create').click()
  await input(form, 'unit-code').fill(`e2e_unit2_${suffix}`)
  await input(form, 'unit-name').fill(name)
  await form.getByTestId('unit-confirm').click()
  await expect(form.locator('.el-form-item__error')).toContainText(`单位名称 ${name} 已存在`)
  await shot(page, '46-system-unit-duplicate')
  await form.getByRole('button', { name: '取消' }).click()
  await confirmBox(page, '继续填写')
  await expect(input(form, 'unit-name')).toHaveValue(name)
  // Esc asks the same question.
  await input(form, 'unit-name').press('Escape')
  await confirmBox(page, '继续填写')
  await expect(form).toBeVisible()
  await form.getByRole('button', { name: '取消' }).click()
  await confirmBox(page, '放弃')

  // Rename, then deactivate (this test's own unit only).
  await row.getByTestId('unit-edit').click()
  await input(form, 'unit-name').fill(`${name}（更名）`)
  await form.getByTestId('unit-confirm').click()
  await expect(form).toBeHidden()
  await expect(row).toContainText(`${name}（更名）`)
  await row.getByTestId('unit-toggle').click()
  await confirmBox(page, '停用')
  await expect(row.getByTestId('unit-status')).toHaveText('已停用')
  await shot(page, '47-system-units')

  // Work groups: lead and members shown; the edit form opens with them (left unchanged).
  await page.getByTestId('menu-system-groups').click()
  const groupRow = page.getByTestId('groups-table').locator('.el-table__row', { hasText: '涉企资金规范拨付组' })
  await expect(groupRow).toContainText('区财政局')
  await expect(groupRow).toContainText('区审计局')
  await groupRow.getByTestId('group-edit').click()
  const groupForm = dialog(page, 'group-dialog')
  await expect(input(groupForm, 'group-name')).toHaveValue('涉企资金规范拨付组')
  await shot(page, '48-system-groups')
  await groupForm.getByRole('button', { name: '取消' }).click()

  // Dictionaries: a new source is added, then deactivated.
  await page.getByTestId('menu-system-dictionaries').click()
  await page.getByRole('tab', { name: '线索来源' }).click()
  await expect(page.getByTestId('dict-table')).toContainText('营商环境问题投诉')
  await page.getByTestId('dict-create').click()
  const dictForm = dialog(page, 'dict-dialog')
  await input(dictForm, 'dict-code').fill(`e2e_src_${suffix}`)
  await input(dictForm, 'dict-label').fill(`测试来源${suffix}`)
  await dictForm.getByTestId('dict-confirm').click()
  await expect(dictForm).toBeHidden()
  const dictRow = page.getByTestId('dict-table').locator('.el-table__row', { hasText: `e2e_src_${suffix}` })
  await expect(dictRow).toContainText('启用')
  await dictRow.getByTestId('dict-toggle').click()
  await expect(dictRow).toContainText('已停用')
  await shot(page, '49-system-dictionaries')
})

test('an account kept waiting after failed sign-ins is released, and a reset password is shown once and must be changed', async ({
  page,
  request,
}) => {
  // Set-up through the API: an account of its own, made to wait by failed sign-ins.
  const username = `e2e_lock_${uniqueSuffix()}`
  await createAccount(request, {
    username,
    display_name: '锁定测试',
    unitName: '府河镇',
    password: 'Initial#Pass2024',
    roles: [{ role: 'unit' }],
  })
  let status = 0
  for (let attempt = 1; attempt <= 8 && status !== 429; attempt++) {
    status = (await request.post('/api/v1/auth/login', { data: { username, password: `wrong-${attempt}` } })).status()
  }
  expect(status).toBe(429)

  await signIn(page, 'secadmin')
  await page.goto('/system/users')
  await input(page, 'users-filter-q').fill(username)
  await page.getByTestId('users-search').click()
  const rows = page.getByTestId('users-table').locator('.el-table__body-wrapper .el-table__row')
  await expect(rows).toHaveCount(1)
  const row = rows.first()
  await expect(row.getByTestId('user-status')).toHaveText('登录受限')
  await row.getByTestId('user-unlock').click()
  await expect(row.getByTestId('user-status')).toHaveText('待修改密码')
  await expect(row.getByTestId('user-unlock')).toHaveCount(0)

  // Reset: a generated password meeting the policy, shown once after the reset.
  await row.getByTestId('user-reset').click()
  const reset = dialog(page, 'password-dialog')
  const generated = await input(reset, 'reset-password').inputValue()
  expect(generated.length).toBeGreaterThanOrEqual(8)
  await reset.getByTestId('reset-confirm').click()
  await expect(reset.getByTestId('initial-password')).toHaveText(generated)
  await expect(reset).toContainText('关闭后将无法再次查看')
  await shot(page, '4a-system-password-reset')
  await reset.getByTestId('password-done').click()
  await expect(reset).toBeHidden()
  expect(await page.content()).not.toContain(generated)
  await signOut(page)

  // The old password no longer works; the new one leads to the forced change.
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(generated)
  await page.getByTestId('login-submit').click()
  await expect(page).toHaveURL(/\/password/)
  await expect(page.getByTestId('password-forced')).toBeVisible()
})

test('系统设置: the administrator turns 灰色模式 on for everyone and off again', async ({ page }) => {
  await signIn(page, 'sysadmin')
  await page.getByTestId('menu-system-settings').click()
  await expect(page).toHaveURL(/\/system\/settings$/)
  const table = page.getByTestId('settings-table')
  const grey = table.locator('.el-table__body-wrapper .el-table__row', { hasText: '灰色模式' })
  await expect(grey.getByTestId('setting-value')).toHaveText('关闭')
  // The office's own setting is not the administrator's to change.
  const horizon = table.locator('.el-table__body-wrapper .el-table__row', { hasText: '整改时限最长天数' })
  await expect(horizon.getByTestId('setting-edit')).toHaveCount(0)
  await shot(page, '4b-system-settings')

  await grey.getByTestId('setting-edit').click()
  const form = dialog(page, 'setting-dialog')
  await form.getByTestId('setting-switch').click()
  await form.getByTestId('setting-confirm').click()
  await expect(form).toBeHidden()
  await expect(grey.getByTestId('setting-value')).toHaveText('开启')
  await expect(page.locator('html')).toHaveClass(/lvyue-grayscale/)

  // Everyone else sees it too.
  await signOut(page)
  await signIn(page, 'unit_housing')
  await expect(page.locator('html')).toHaveClass(/lvyue-grayscale/)
  await signOut(page)

  await signIn(page, 'sysadmin')
  await page.goto('/system/settings')
  await grey.getByTestId('setting-edit').click()
  await form.getByTestId('setting-switch').click()
  await form.getByTestId('setting-confirm').click()
  await expect(grey.getByTestId('setting-value')).toHaveText('关闭')
  await expect(page.locator('html')).not.toHaveClass(/lvyue-grayscale/)
})
