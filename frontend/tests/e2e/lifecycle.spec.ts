/**
 * The whole lifecycle of a self-found problem, each step by its own user in the browser:
 * a unit clerk registers it; the office assigns it to 府河镇; the town accepts, reports
 * progress and submits; the office rejects; the town resubmits; the office approves.
 */
import { expect, test, type Page } from '@playwright/test'
import { dialog, input, pdfFile, pick, shanghaiDate, shot, signIn, signOut, uniqueSuffix, uploadIn } from './helpers'

async function openIssue(page: Page, number: string): Promise<void> {
  await page.goto(`/issues?q=${encodeURIComponent(number)}`)
  const row = page.getByTestId('ledger-table').locator('.el-table__row', { hasText: number })
  await expect(row).toHaveCount(1)
  await row.getByRole('link', { name: number }).click()
  await expect(page.getByTestId('issue-number')).toHaveText(number)
}

async function expectState(page: Page, label: string): Promise<void> {
  await expect(page.locator('.detail__meta [data-test="state-tag"]')).toHaveText(label)
}

async function act(
  page: Page,
  action: string,
  fill: (d: ReturnType<typeof dialog>) => Promise<void>,
  screenshot?: string,
) {
  await page.getByTestId(`action-${action}`).click()
  const d = dialog(page, `action-dialog-${action}`)
  await expect(d).toBeVisible()
  await fill(d)
  if (screenshot) await shot(page, screenshot)
  await d.getByTestId('action-confirm').click()
  await expect(d).toBeHidden()
}

test('a self-found problem goes from registration to sign-off, each step by its own user', async ({ page }) => {
  test.setTimeout(240_000)
  const title = `府河镇自查：某工程款延迟支付（${uniqueSuffix()}）`
  const deadline = shanghaiDate(30)
  let number = ''

  await test.step('unit_fuhe registers the problem it found itself', async () => {
    await signIn(page, 'unit_fuhe')
    await page.getByTestId('menu-issue-new').click()
    await expect(page).toHaveURL(/\/issues\/new$/)
    await expect(input(page, 'field-source-fixed')).toHaveValue('自查')
    // Client-side checks mirror the server's: required fields, USCC check digit, money format.
    await page.getByTestId('register-submit').click()
    await expect(page.getByText('请填写问题标题')).toBeVisible()
    await input(page, 'field-title').fill(title)
    await pick(page, 'field-category', '机关事业单位拖欠企业账款')
    await pick(page, 'field-problem_type', '延迟支付')
    await pick(page, 'field-arrear_object', '工程')
    await input(page, 'field-description').fill('镇政府委托实施的道路硬化工程已竣工验收，尾款一直未支付。')
    await input(page, 'field-enterprise_name').fill('随州市鑫源建筑工程有限公司')
    await input(page, 'field-enterprise_uscc').fill('91421303000571950A')
    await input(page, 'field-amount_involved').fill('1,234,567.891')
    await input(page, 'field-enterprise_contact').click()
    await expect(page.getByText('统一社会信用代码校验位不正确，请核对')).toBeVisible()
    await expect(page.getByText('金额最多保留两位小数（精确到分）')).toBeVisible()
    await shot(page, '03-register-validation')
    await input(page, 'field-enterprise_uscc').fill('91421303000571950G')
    await input(page, 'field-amount_involved').fill('1,234,567.89')
    await input(page, 'field-enterprise_contact').fill('王经理')
    await input(page, 'field-enterprise_phone').fill('13871234567')
    // 问题事实 with the registration: who actually owes it.
    await input(page, 'facts-debtor_name').fill('府河镇人民政府')
    await pick(page, 'facts-debtor_nature', '机关')
    await shot(page, '04-register-filled')
    await page.getByTestId('register-submit').click()

    await expect(page).toHaveURL(/\/issues\/[0-9a-f-]{36}$/)
    await expect(page.getByTestId('issue-title')).toHaveText(title)
    number = (await page.getByTestId('issue-number').textContent())?.trim() ?? ''
    expect(number).toMatch(/^LY\d{4}-\d{5}$/)
    await expectState(page, '自查')
    await expect(page.getByTestId('issue-amount-involved')).toHaveText('1,234,567.89 元')
    await expect(page.getByTestId('fact-欠款主体')).toHaveText('府河镇人民政府')
    await expect(page.getByTestId('fact-主体性质')).toHaveText('机关')
    // The unit may not assign its own problem: no such button.
    await expect(page.getByTestId('action-assign')).toHaveCount(0)
    await shot(page, '05-detail-registered')
    await signOut(page)
  })

  await test.step('the office assigns it to 府河镇 with a deadline', async () => {
    await signIn(page, 'office')
    await openIssue(page, number)
    await expectState(page, '自查')
    await act(
      page,
      'assign',
      async (d) => {
        await expect(d.getByTestId('field-group_id')).toBeVisible() // office only
        await d.getByTestId('field-responsible_unit_id').click()
        await page.keyboard.type('府河')
        await page.getByRole('option', { name: '府河镇', exact: true }).click()
        await input(d, 'field-deadline').fill(deadline)
        await input(d, 'field-deadline').press('Enter')
        await pick(page, 'field-cooperating_unit_ids', '区财政局', { multiple: true })
        await input(d, 'field-comment').fill('请府河镇于时限内完成整改并报送整改情况。')
      },
      '06-assign-dialog',
    )
    await expectState(page, '交办')
    await expect(page.getByTestId('issue-responsible-unit')).toHaveText('府河镇')
    await expect(page.getByTestId('issue-fields')).toContainText(deadline)
    await shot(page, '07-detail-assigned')
    await signOut(page)
  })

  await test.step('府河镇 finds it among its to-dos, accepts, reports progress and submits', async () => {
    await signIn(page, 'unit_fuhe')
    await expect(page).toHaveURL(/\/workbench$/)
    await page.getByTestId('todo-tab-accept').click()
    const todo = page.getByTestId('todo-table-accept').locator('.el-table__row', { hasText: number })
    await expect(todo).toBeVisible()
    await shot(page, '08-workbench-unit-todo')
    await todo.getByRole('link', { name: number }).click()
    await expectState(page, '交办')
    await expect(page.getByTestId('action-return')).toBeVisible()
    await act(
      page,
      'accept',
      async (d) => {
        await input(d, 'field-measures').fill('成立专班，与企业逐项核对工程量，分两期支付尾款。')
        await input(d, 'field-responsible_leader').fill('张镇长')
        await input(d, 'field-responsible_person').fill('李主任')
      },
      '09-accept-dialog',
    )
    await expectState(page, '整改')
    await expect(page.getByTestId('issue-measures')).toHaveText('成立专班，与企业逐项核对工程量，分两期支付尾款。')

    await page.getByTestId('action-progress').click()
    const progress = dialog(page, 'progress-dialog')
    await input(progress, 'field-note').fill('已支付第一期工程款 50 万元。')
    await shot(page, '10-progress-dialog')
    await progress.getByTestId('progress-confirm').click()
    await expect(progress).toBeHidden()
    await expect(page.getByTestId('timeline-entry').first()).toContainText('已支付第一期工程款 50 万元。')

    // Money resolved is recorded as payments (还款记录), not typed in.
    await page.getByTestId('action-record-payment').click()
    const payment = dialog(page, 'payment-dialog')
    await input(payment, 'field-amount').fill('500000')
    await pick(page, 'field-method', '分期支付')
    await input(payment, 'field-voucher_no').fill('记账凭证 2024-018')
    await shot(page, '10b-payment-dialog')
    await payment.getByTestId('payment-confirm').click()
    await expect(payment).toBeHidden()
    await expect(page.getByTestId('issue-amount-resolved')).toHaveText('500,000.00 元')
    await expect(page.getByTestId('payment-row')).toHaveCount(1)
    await page.getByTestId('action-record-payment').click()
    await input(payment, 'field-amount').fill('734567.89')
    await pick(page, 'field-method', '现金支付')
    await payment.getByTestId('payment-confirm').click()
    await expect(payment).toBeHidden()
    await expect(page.getByTestId('payments-resolved')).toHaveText('1,234,567.89 元')

    await act(
      page,
      'submit',
      async (d) => {
        await uploadIn(d, 'submit-upload', '付款凭证', [pdfFile('银行回单.pdf')])
        await input(d, 'field-comment').fill('尾款已全部支付，企业已确认。')
        await expect(d.getByTestId('submit-resolved')).toContainText('1,234,567.89 元')
      },
      '11-submit-dialog',
    )
    await expectState(page, '核查')
    await expect(page.getByTestId('issue-amount-resolved')).toHaveText('1,234,567.89 元')
    await signOut(page)
  })

  await test.step('the office rejects the verification', async () => {
    await signIn(page, 'office')
    await page.getByTestId('todo-tab-verify').click()
    await page
      .getByTestId('todo-table-verify')
      .locator('.el-table__row', { hasText: number })
      .getByRole('link', { name: number })
      .click()
    await expectState(page, '核查')
    await act(
      page,
      'reject',
      async (d) => {
        await input(d, 'field-comment').fill('现场核查发现企业尚未出具收款确认书。')
      },
      '12-reject-dialog',
    )
    await expectState(page, '整改')
    await signOut(page)
  })

  await test.step('府河镇 submits again', async () => {
    await signIn(page, 'unit_fuhe')
    await openIssue(page, number)
    await expectState(page, '整改')
    await act(page, 'submit', async (d) => {
      await uploadIn(d, 'submit-upload', '书面反馈', [pdfFile('收款确认书.pdf')])
      await input(d, 'field-comment').fill('已补充企业出具的收款确认书。')
    })
    await expectState(page, '核查')
    await signOut(page)
  })

  await test.step('the office approves: the problem is signed off', async () => {
    await signIn(page, 'office')
    await openIssue(page, number)
    await act(page, 'approve', async (d) => {
      await d.getByTestId('field-verification-method').getByText('实地核查').click()
      await input(d, 'field-verification-verifiers').fill('刘敏、陈刚')
      await input(d, 'field-verification-findings').fill('款项已全部支付，收款确认书齐全。')
      await input(d, 'field-comment').fill('现场核查属实，同意销号。')
    })
    await expectState(page, '销号')
    await expect(page.locator('.detail__meta')).toContainText('整改销号')
    await expect(page.getByTestId('action-approve')).toHaveCount(0)
    // registration, assign, accept, progress, two payments, submit, reject, submit, approve — newest first
    const entries = page.getByTestId('timeline-entry')
    await expect(entries).toHaveCount(10)
    await expect(entries.first()).toContainText('核查通过')
    await expect(entries.last()).toContainText('登记')
    await shot(page, '13-detail-closed')
  })
})
