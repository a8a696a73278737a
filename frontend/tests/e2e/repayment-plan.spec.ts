/**
 * 还款计划 on the problem page, on a phone (390×844): a demo arrear behind its plan shows 逾期未还
 * apart from the deadline warning, each instalment with its status; the office adjusts the plan
 * (a new version, the old one still readable) and nothing scrolls sideways. The facts of a
 * promise (lawfulness, the pretext given) are edited from the same page.
 */
import { expect, test, type Page } from '@playwright/test'
import { apiJson, dialog, input, shot, signIn } from './helpers'

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

interface Plan {
  version: number
  status: string
  versions: { version: number }[]
  instalments: { status: string }[]
}

async function noSideScroll(page: Page): Promise<void> {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }))
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner)
}

test('a plan behind schedule is shown and adjusted as a new version', async ({ page, request }) => {
  test.setTimeout(120_000)
  const behind = await apiJson<{ items: { id: string }[] }>(
    request,
    'office',
    '/issues?repayment=missed_instalment&page_size=1',
  )
  const id = behind.items[0]?.id
  expect(id, 'the demo data has an arrear behind its plan').toBeTruthy()
  const before = await apiJson<Plan>(request, 'office', `/issues/${id}/repayment-plan`)
  const { outstanding_fen: outstanding } = await apiJson<{ outstanding_fen: number }>(
    request,
    'office',
    `/issues/${id}/payments`,
  )

  await signIn(page, 'office')
  await page.goto(`/issues/${id}`)
  const panel = page.getByTestId('plan-panel')
  await panel.scrollIntoViewIfNeeded()
  await expect(panel.getByTestId('plan-status')).toHaveAttribute('data-status', 'missed_instalment')
  await expect(panel.getByTestId('plan-status')).toHaveText('逾期未还')
  await expect(panel.getByTestId('plan-missed')).toContainText('逾期未还')
  await expect(panel.getByTestId('instalment-status')).toHaveCount(before.instalments.length)
  await expect(panel.getByTestId('instalment-status').filter({ hasText: '逾期未还' }).first()).toBeVisible()
  await noSideScroll(page)
  await shot(page, 'phone-repayment-plan')
  await panel.screenshot({ path: 'screenshots/phone-repayment-plan-panel.png' })

  // 调整计划: one instalment of everything outstanding, a month from the first row's date.
  await panel.getByTestId('action-set-plan').click()
  const form = dialog(page, 'plan-dialog')
  await expect(form).toBeVisible()
  await expect(form.getByTestId('plan-outstanding')).toContainText('未还金额')
  while ((await form.locator('[data-test^="plan-remove-"]').count()) > 0) {
    await form.locator('[data-test^="plan-remove-"]').first().click()
  }
  await input(form, 'plan-amount-0').fill((outstanding / 100).toFixed(2))
  await expect(form.getByTestId('plan-total')).not.toContainText('相差')
  await form.screenshot({ path: 'screenshots/phone-repayment-plan-dialog-only.png' })
  await form.getByTestId('plan-confirm').click()
  await expect(form).toBeHidden()

  const after = await apiJson<Plan>(request, 'office', `/issues/${id}/repayment-plan`)
  expect(after.version).toBe(before.version + 1)
  expect(after.instalments).toHaveLength(1)
  // The earlier version stays readable from the version picker.
  await expect(panel.getByTestId('plan-version')).toBeVisible()
  await expect(panel.getByTestId('instalment-status')).toHaveCount(1)
  await noSideScroll(page)
})

test('a promise’s facts: lawfulness and the pretext given, edited under If-Match', async ({ page, request }) => {
  test.setTimeout(120_000)
  const page1 = await apiJson<{ items: { id: string }[] }>(
    request,
    'office',
    '/issues?category=investment_promise&state=rectifying&page_size=1',
  )
  const id = page1.items[0]?.id
  expect(id, 'the demo data has a promise being rectified').toBeTruthy()

  await signIn(page, 'office')
  await page.goto(`/issues/${id}`)
  const panel = page.getByTestId('facts-panel')
  await panel.scrollIntoViewIfNeeded()
  await expect(panel).toContainText('承诺金额')
  await panel.getByTestId('action-edit-facts').click()
  const form = dialog(page, 'facts-dialog')
  await expect(form).toBeVisible()
  await input(form, 'facts-doc_no').fill('ZS-2023-017')
  await form.getByTestId('facts-promise_lawful').getByText('是', { exact: true }).click()
  await form.getByTestId('facts-pretext').click()
  await page.getByRole('option', { name: '政府换届', exact: true }).click()
  await form.getByTestId('facts-dialog-confirm').click()
  await expect(form).toBeHidden()
  await expect(panel).toContainText('政府换届')
  await expect(panel).toContainText('ZS-2023-017')
  await noSideScroll(page)
  await panel.screenshot({ path: 'screenshots/phone-facts-panel.png' })
  const issue = await apiJson<{ facts: { pretext: string; promise_lawful: boolean } }>(
    request,
    'office',
    `/issues/${id}`,
  )
  expect(issue.facts).toMatchObject({ pretext: 'government_change', promise_lawful: true })
})
