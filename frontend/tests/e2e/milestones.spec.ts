/**
 * 节点报送 (#20): a group's lead files the 2024 自查清单 milestone (long past: late) as a 零报告
 * with a written statement attached; the office sees it on the board, opens the file, and
 * returns it with a reason; the lead sees it returned and may file again.
 */
import { expect, test, type Page } from '@playwright/test'
import { apiJson, dialog, input, pdfFile, pick, shot, signIn, signOut, uniqueSuffix, uploadIn } from './helpers'

const MILESTONE = '2024-04-26 各工作组牵头单位将自查问题清单报区营商办'

async function openBoard(page: Page): Promise<void> {
  await page.getByTestId('menu-milestones').click()
  await expect(page).toHaveURL(/\/milestones$/)
  await page.getByTestId('milestones-milestone').click()
  await page.getByRole('option', { name: MILESTONE, exact: true }).click()
  await expect(page.getByTestId('milestone-board')).toContainText('各工作组牵头单位将自查问题清单报区营商办')
}

interface Board {
  milestone: { id: string }
  items: { unit_name: string; status: string; late: boolean; submission: { attachments: unknown[] } | null }[]
}

test('a lead files a late 零报告 with a file; the office returns it', async ({ page, request }) => {
  await signIn(page, 'lead_investment')
  await openBoard(page)
  const mine = page.getByTestId('board-item')
  await expect(mine).toHaveCount(1)
  await expect(mine.getByTestId('board-status')).toHaveText('未报送')
  await expect(mine).toContainText('逾期未报')

  await mine.getByTestId('board-submit').click()
  const form = dialog(page, 'submit-dialog')
  await page.getByTestId('submit-confirm').click()
  await expect(form.getByText('请填写报送说明')).toBeVisible()
  await input(form, 'submit-summary').fill('经全面自查，本组未发现政府失信问题，现报送零报告。')
  await form.getByTestId('submit-nil').click()
  await uploadIn(form, 'submit-upload', '书面反馈', [pdfFile('招商组零报告.pdf')])
  await expect(form.getByTestId('submit-files')).toContainText('招商组零报告.pdf')
  await shot(page, '62-milestone-submit')
  await page.getByTestId('submit-confirm').click()
  await expect(page.getByText('已报送（逾期报送）')).toBeVisible()
  await expect(mine.getByTestId('board-status')).toHaveText('逾期报送')
  await expect(mine.getByTestId('submission-file')).toHaveText('招商组零报告.pdf')
  await expect(mine.getByTestId('board-submit')).toHaveCount(0)

  // The office: every group on the board; it returns the lead's submission with a reason.
  await signOut(page)
  await signIn(page, 'office')
  await openBoard(page)
  await expect(page.getByTestId('board-item')).toHaveCount(5)
  const filed = page.locator('[data-test="board-item"][data-unit="区招商服务中心"]')
  await expect(filed.getByTestId('board-status')).toHaveText('逾期报送')
  await shot(page, '63-milestone-board')
  await filed.getByTestId('submission-return').click()
  const back = dialog(page, 'return-dialog')
  await input(back, 'return-comment').fill('请附自查工作开展情况说明')
  await page.getByTestId('return-confirm').click()
  await expect(page.getByText('已退回', { exact: true }).first()).toBeVisible()
  await expect(filed.getByTestId('board-status')).toHaveText('已退回')

  const boards = await apiJson<{ milestones: { id: string; due_on: string }[]; code: string }[]>(
    request,
    'office',
    '/campaigns',
  )
  const milestone = boards.find((c) => c.code === '2024')?.milestones.find((m) => m.due_on === '2024-04-26')
  const board = await apiJson<Board>(request, 'office', `/milestones/${milestone?.id}/submissions`)
  const row = board.items.find((i) => i.unit_name === '区招商服务中心')
  expect(row?.status).toBe('returned')
  expect(row?.late).toBe(true)
  expect(row?.submission?.attachments).toHaveLength(1)

  // The lead sees the reason and may file again.
  await signOut(page)
  await signIn(page, 'lead_investment')
  await openBoard(page)
  await expect(page.getByTestId('board-item')).toContainText('请附自查工作开展情况说明')
  await expect(page.getByTestId('board-submit')).toBeVisible()
})

test('a lead registers a finding of its group and files it in its 自查清单', async ({ page }) => {
  const title = `惠企政策兑现迟缓 ${uniqueSuffix()}`
  await signIn(page, 'lead_policy')
  await page.getByTestId('menu-issue-new').click()
  await expect(input(page, 'field-source-fixed')).toHaveValue('自查')
  await input(page, 'field-title').fill(title)
  await pick(page, 'field-category', '惠企政策落实')
  await pick(page, 'field-problem_type', '落实不及时')
  await input(page, 'field-description').fill('稳岗补贴政策资金未按规定期限兑现。')
  await input(page, 'field-enterprise_name').fill('随州市政策测试有限公司')
  await pick(page, 'field-found-by', '区商务局')
  await page.getByTestId('register-submit').click()
  await expect(page).toHaveURL(/\/issues\/[0-9a-f-]{36}$/)
  const number = (await page.getByTestId('issue-number').textContent())?.trim() ?? ''

  await openBoard(page)
  const mine = page.getByTestId('board-item')
  await mine.getByTestId('board-submit').click()
  const form = dialog(page, 'submit-dialog')
  await input(form, 'submit-summary').fill('本组自查发现问题 1 个，清单如下。')
  await form.getByTestId('submit-issues').click()
  await page.getByRole('option', { name: `${number} ${title}` }).click()
  await page.keyboard.press('Escape')
  await page.getByTestId('submit-confirm').click()
  await expect(mine.getByTestId('board-status')).toHaveText('逾期报送')
  await expect(mine.getByTestId('board-submission')).toContainText(number)
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })
  test('the milestone board fits without sideways scrolling', async ({ page }) => {
    await signIn(page, 'office')
    await page.goto('/milestones')
    await expect(page.getByTestId('board-item').first()).toBeVisible()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await shot(page, 'phone-milestones')
  })
})
