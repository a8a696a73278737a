/**
 * Chasing and extensions in the browser, and the notification bell: the office urges a
 * problem; the responsible unit sees the bell count, clicks through to the problem and asks
 * for a later deadline; the group's lead approves it; the unit is told, and marks all read.
 */
import { expect, test, type Page } from '@playwright/test'
import { apiJson, apiRegister, dialog, input, shanghaiDate, shot, signIn, signOut, uniqueSuffix } from './helpers'

async function openIssue(page: Page, id: string, number: string): Promise<void> {
  await page.goto(`/issues/${id}`)
  await expect(page.getByTestId('issue-number')).toHaveText(number)
}

/**
 * Signs out from the top of the page: on a page scrolled under the sticky header the user menu's
 * popper can open at a passing position for a frame, and a click there would miss it.
 */
async function leave(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0))
  await signOut(page)
}

function bellCount(page: Page) {
  return page.getByTestId('notification-count').locator('.el-badge__content')
}

test('urge, extension request and decision, notifications with click-through', async ({ page, request }) => {
  test.setTimeout(240_000)
  const title = `住建局工程款催办测试（${uniqueSuffix()}）`
  const deadline = shanghaiDate(20)
  const extended = shanghaiDate(45)

  // Set-up through the API: a problem of 区住建局, assigned by the office.
  const issue = await apiRegister(request, 'unit_housing', title)
  const me = await apiJson<{ unit: { id: string } }>(request, 'unit_housing', '/auth/me')
  await apiJson(request, 'office', `/issues/${issue.id}/transitions`, {
    method: 'POST',
    data: { action: 'assign', responsible_unit_id: me.unit.id, deadline, comment: '请按期整改' },
  })

  await test.step('the office urges the unit', async () => {
    await signIn(page, 'office')
    await openIssue(page, issue.id, issue.number)
    // Offered by the server's allowed_actions; the unit's own actions are not.
    await expect(page.getByTestId('action-urge')).toBeVisible()
    await expect(page.getByTestId('action-request-extension')).toHaveCount(0)
    await page.getByTestId('action-urge').click()
    const d = dialog(page, 'urge-dialog')
    await expect(d).toBeVisible()
    await input(d, 'field-message').fill('请于本周内完成整改并报送进展（浏览器测试）')
    await shot(page, '33-urge-dialog')
    await d.getByTestId('urge-confirm').click()
    await expect(d).toBeHidden()
    await expect(page.getByText('已催办')).toBeVisible()
    await leave(page)
  })

  await test.step('the unit sees the bell count and clicks through to the problem', async () => {
    const before = await apiJson<{ unread: number; items: { title: string; body: string; issue_id: string | null }[] }>(
      request,
      'unit_housing',
      '/notifications?page_size=50',
    )
    expect(before.unread).toBeGreaterThan(0)
    expect(before.items.some((n) => n.issue_id === issue.id && n.title.includes('催办'))).toBe(true)

    await signIn(page, 'unit_housing')
    await expect(bellCount(page)).toHaveText(before.unread > 99 ? '99+' : String(before.unread))
    await page.getByTestId('notification-bell').click()
    const panel = page.getByTestId('notification-panel')
    await expect(panel).toBeVisible()
    const item = panel
      .getByTestId('notification-item')
      .filter({ hasText: issue.number })
      .filter({ hasText: '催办' })
      .first()
    await expect(item).toBeVisible()
    await shot(page, '34-notifications')
    await item.click()
    await expect(page).toHaveURL(new RegExp(`/issues/${issue.id}$`))
    await expect(page.getByTestId('issue-number')).toHaveText(issue.number)
    const after = await apiJson<{ unread: number }>(request, 'unit_housing', '/notifications')
    expect(after.unread).toBe(before.unread - 1)
    await expect(
      after.unread === 0
        ? page.getByTestId('notification-count').locator('.el-badge__content:visible')
        : bellCount(page),
    ).toHaveCount(after.unread === 0 ? 0 : 1)
  })

  await test.step('the unit asks for a later deadline', async () => {
    await expect(page.getByTestId('action-urge')).toHaveCount(0)
    await page.getByTestId('action-request-extension').click()
    const d = dialog(page, 'extension-dialog-request')
    await expect(d).toBeVisible()
    await input(d, 'field-requested_deadline').fill(extended)
    await input(d, 'field-requested_deadline').press('Enter')
    await input(d, 'field-reason').fill('工程款需列入下季度预算，申请延期（浏览器测试）')
    await shot(page, '35-extension-request')
    await d.getByTestId('extension-confirm').click()
    await expect(d).toBeHidden()
    await expect(page.getByTestId('pending-extension')).toContainText(extended)
    // One open request at a time: the server no longer offers another.
    await expect(page.getByTestId('action-request-extension')).toHaveCount(0)
    await leave(page)
  })

  await test.step('the group lead approves; the deadline moves', async () => {
    await signIn(page, 'lead_funds')
    await openIssue(page, issue.id, issue.number)
    await expect(page.getByTestId('pending-extension')).toBeVisible()
    await page.getByTestId('action-decide-extension').click()
    const d = dialog(page, 'extension-dialog-decide')
    await expect(d).toBeVisible()
    await expect(d.getByTestId('pending-deadline')).toHaveText(extended)
    await input(d, 'field-comment').fill('同意延期，请按新时限完成')
    await shot(page, '36-extension-decision')
    await d.getByTestId('extension-confirm').click()
    await expect(d).toBeHidden()
    await expect(page.getByTestId('pending-extension')).toHaveCount(0)
    await expect(page.getByTestId('issue-fields')).toContainText(extended)
    const read = await apiJson<{ deadline: string }>(request, 'lead_funds', `/issues/${issue.id}`)
    expect(read.deadline).toBe(extended)
    await leave(page)
  })

  await test.step('the unit is told of the decision and marks everything read', async () => {
    await signIn(page, 'unit_housing')
    await expect(bellCount(page)).toBeVisible()
    await page.getByTestId('notification-bell').click()
    const panel = page.getByTestId('notification-panel')
    await expect(
      panel.getByTestId('notification-item').filter({ hasText: issue.number }).filter({ hasText: '延期' }).first(),
    ).toBeVisible()
    await panel.getByTestId('notification-read-all').click()
    await expect(page.getByTestId('notification-count').locator('.el-badge__content:visible')).toHaveCount(0)
    const after = await apiJson<{ unread: number }>(request, 'unit_housing', '/notifications')
    expect(after.unread).toBe(0)
    await shot(page, '37-notifications-read')
  })
})
