/**
 * Data scope and optimistic concurrency in the browser: a unit never sees another unit's
 * problem, and an edit based on an outdated read is refused with a friendly message.
 */
import { expect, test } from '@playwright/test'
import { apiRegister, apiToken, dialog, input, shot, signIn, uniqueSuffix } from './helpers'

test("a unit user cannot open another unit's problem: the direct URL shows not-found", async ({ page, request }) => {
  // A problem of 区教育局, found through the API as that unit.
  const token = await apiToken(request, 'unit_education')
  const list = await request.get('/api/v1/issues?page_size=1', { headers: { Authorization: `Bearer ${token}` } })
  expect(list.ok()).toBeTruthy()
  const other = ((await list.json()) as { items: { id: string; number: string }[] }).items[0]
  expect(other, 'the demo data has problems of 区教育局').toBeTruthy()

  await signIn(page, 'unit_fuhe')
  await page.goto(`/issues/${other?.id}`)
  const notFound = page.getByTestId('issue-not-found')
  await expect(notFound).toBeVisible()
  await expect(notFound).toContainText('问题不存在或无权查看')
  await expect(page.getByTestId('issue-title')).toHaveCount(0)
  await shot(page, '14-other-unit-not-found')

  // Nor does it appear in the unit's ledger.
  await page.goto(`/issues?q=${encodeURIComponent(other?.number ?? '')}`)
  await expect(page.getByTestId('ledger-table')).toContainText('没有符合条件的问题')
})

test('a stale edit (the problem changed in another page) shows the conflict and loads the latest version', async ({
  page,
  context,
  request,
}) => {
  const registered = await apiRegister(request, 'office', `并发修改测试（${uniqueSuffix()}）`)
  await signIn(page, 'office')
  await page.goto(`/issues/${registered.id}`)
  await expect(page.getByTestId('issue-title')).toHaveText(registered.title)

  // Someone changes the problem in another page.
  const other = await context.newPage()
  await other.goto(`/issues/${registered.id}`)
  await other.getByTestId('action-edit').click()
  const otherEdit = dialog(other, 'edit-dialog')
  await input(otherEdit, 'edit-title').fill(`${registered.title}（他人已修改）`)
  await otherEdit.getByTestId('edit-confirm').click()
  await expect(otherEdit).toBeHidden()
  await expect(other.getByTestId('issue-title')).toHaveText(`${registered.title}（他人已修改）`)
  await other.close()

  // The first page still shows the old version; its edit is refused (412).
  await page.getByTestId('action-edit').click()
  const edit = dialog(page, 'edit-dialog')
  await input(edit, 'edit-title').fill(`${registered.title}（我的修改）`)
  await edit.getByTestId('edit-confirm').click()
  const conflict = edit.getByTestId('edit-conflict')
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText('该问题已被他人修改，已为您加载最新版本')
  await expect(page.getByText('该问题已被他人修改，已为您加载最新版本，请核对后重新修改').first()).toBeVisible()
  // The form and the page now hold the latest version.
  await expect(input(edit, 'edit-title')).toHaveValue(`${registered.title}（他人已修改）`)
  await expect(page.getByTestId('issue-title')).toHaveText(`${registered.title}（他人已修改）`)
  await shot(page, '15-edit-conflict')

  // Saving again on the latest version works.
  await input(edit, 'edit-enterprise_contact').fill('赵会计')
  await edit.getByTestId('edit-confirm').click()
  await expect(edit).toBeHidden()
  await expect(page.getByTestId('issue-fields')).toContainText('赵会计')
})
