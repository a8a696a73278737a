/**
 * 专项行动 (#20): the office creates a campaign with a milestone; it waits in 筹备 and cannot be
 * opened while the 2024 campaign runs (the server says which); the close dialog offers to carry
 * open problems over to 常态化监测. (Nothing is closed here: the other specs register into the
 * demo campaign on the same server; the API tests walk open and close on both databases.)
 */
import { expect, test } from '@playwright/test'
import { apiJson, confirmBox, dialog, input, shot, signIn, uniqueSuffix } from './helpers'

test('a campaign is created in 筹备 and waits while another runs', async ({ page, request }) => {
  const code = `E${uniqueSuffix()
    .slice(-6)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '0')}`
  await signIn(page, 'office')
  await page.getByTestId('menu-campaigns').click()
  await expect(page).toHaveURL(/\/campaigns$/)
  const running = page.getByTestId('campaign-2024')
  await expect(running.getByTestId('campaign-state')).toHaveText('进行中')
  await expect(page.getByTestId('campaign-CT').getByTestId('campaign-state')).toHaveText('长期')

  await page.getByTestId('campaign-create').click()
  const form = dialog(page, 'campaign-dialog')
  await page.getByTestId('campaign-confirm').click()
  await expect(form.getByText('请填写编号代码')).toBeVisible()
  await input(form, 'campaign-code').fill(code)
  await input(form, 'campaign-name').fill(`${code} 年度履约专项行动`)
  for (const [id, day] of [
    ['campaign-starts', '2027-04-01'],
    ['campaign-ends', '2027-12-31'],
  ] as const) {
    await input(form, id).fill(day)
    await input(form, id).press('Enter')
  }
  await form.getByTestId('campaign-add-milestone').click()
  await input(form, 'milestone-title-0').fill('各工作组牵头单位报送自查问题清单')
  await input(form, 'milestone-due-0').fill('2027-04-26')
  await input(form, 'milestone-due-0').press('Enter')
  await form.getByTestId('milestone-deliverable-0').click()
  await page.getByRole('option', { name: '自查清单', exact: true }).click()
  await shot(page, '60-campaign-new')
  await page.getByTestId('campaign-confirm').click()

  const created = page.getByTestId(`campaign-${code}`)
  await expect(created.getByTestId('campaign-state')).toHaveText('筹备')
  await expect(created).toContainText('各工作组牵头单位报送自查问题清单')
  await expect(created).toContainText('自查清单')
  const listed = await apiJson<{ code: string; state: string; milestones: { deliverable: string }[] }[]>(
    request,
    'office',
    '/campaigns',
  )
  const mine = listed.find((c) => c.code === code)
  expect(mine?.state).toBe('draft')
  expect(mine?.milestones.map((m) => m.deliverable)).toEqual(['self_check_list'])

  // 编辑: the code stays; the name and a milestone's submitters change.
  await created.getByTestId('campaign-edit').click()
  const edit = dialog(page, 'campaign-dialog')
  await expect(input(edit, 'campaign-code')).toBeDisabled()
  await input(edit, 'campaign-name').fill(`${code} 年度履约专项行动（调整）`)
  await edit.getByTestId('milestone-submitters-0').click()
  await page.getByRole('option', { name: '牵头及成员单位', exact: true }).click()
  await page.getByTestId('campaign-confirm').click()
  await expect(created).toContainText(`${code} 年度履约专项行动（调整）`)
  const edited = await apiJson<{ code: string; milestones: { submitters: string }[] }[]>(
    request,
    'office',
    '/campaigns',
  )
  expect(edited.find((c) => c.code === code)?.milestones.map((m) => m.submitters)).toEqual(['member_units'])

  // Opening while 2024 runs: refused, naming it; the campaign stays in 筹备.
  await created.getByTestId('campaign-open').click()
  await confirmBox(page, '开启')
  await expect(page.getByText('正在进行中')).toBeVisible()
  await expect(created.getByTestId('campaign-state')).toHaveText('筹备')

  // 结束 asks whether to carry open problems over; cancelled here.
  await running.getByTestId('campaign-close').click()
  const closing = dialog(page, 'campaign-close-dialog')
  await expect(closing.getByTestId('campaign-carry-over')).toBeVisible()
  await expect(closing.getByTestId('campaign-carry-over').locator('input')).toBeChecked()
  await shot(page, '61-campaign-close')
  await closing.getByRole('button', { name: '取消' }).click()
  await expect(running.getByTestId('campaign-state')).toHaveText('进行中')
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })
  test('the campaigns page fits without sideways scrolling', async ({ page }) => {
    await signIn(page, 'office')
    await page.goto('/campaigns')
    await expect(page.getByTestId('campaign-2024')).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await shot(page, 'phone-campaigns')
  })
})
