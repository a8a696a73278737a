/**
 * Evidence and verification (#18): a unit uploads a 回单 PDF and a photo while submitting; the
 * office opens both (the answers' headers are checked), records an on-site verification with the
 * enterprise satisfied and approves; a second problem whose enterprise is dissatisfied is
 * rejected as 重办. At desktop and phone sizes.
 */
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import {
  apiJson,
  confirmBox,
  dialog,
  input,
  pdfFile,
  pngFile,
  signIn,
  signOut,
  uniqueSuffix,
  uploadIn,
} from './helpers'

interface Created {
  id: string
  number: string
}

/** A problem raised by a complaint, assigned to 府河镇 and accepted by it (in 整改). */
async function rectifying(request: APIRequestContext, title: string): Promise<Created> {
  const units = await apiJson<{ id: string; code: string }[]>(request, 'office', '/units')
  const fuhe = units.find((u) => u.code === 'fuhe')
  expect(fuhe).toBeTruthy()
  const issue = await apiJson<Created>(request, 'office', '/issues', {
    method: 'POST',
    expectStatus: 201,
    data: {
      title,
      description: '企业投诉：工程款逾期未付',
      category: 'agency_arrears',
      problem_type: 'agency_delay',
      source: 'complaint',
      enterprise_name: '随州市测试建筑有限公司',
      amount_involved_fen: 8_000_000,
    },
  })
  const deadline = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10)
  await apiJson(request, 'office', `/issues/${issue.id}/transitions`, {
    method: 'POST',
    data: { action: 'assign', responsible_unit_id: fuhe?.id, deadline },
  })
  await apiJson(request, 'unit_fuhe', `/issues/${issue.id}/transitions`, {
    method: 'POST',
    data: { action: 'accept', measures: '分期支付工程款' },
  })
  return issue
}

async function open(page: Page, id: string): Promise<void> {
  await page.goto(`/issues/${id}`)
  await expect(page.getByTestId('issue-number')).toBeVisible()
}

async function act(page: Page, action: string, fill: (d: ReturnType<typeof dialog>) => Promise<void>): Promise<void> {
  await page.getByTestId(`action-${action}`).click()
  const d = dialog(page, `action-dialog-${action}`)
  await expect(d).toBeVisible()
  await fill(d)
  await d.getByTestId('action-confirm').click()
  await expect(d).toBeHidden()
}

async function submitWithEvidence(page: Page, id: string): Promise<void> {
  await signIn(page, 'unit_fuhe')
  await open(page, id)
  await act(page, 'submit', async (d) => {
    await uploadIn(d, 'submit-upload', '付款凭证', [pdfFile('工商银行回单.pdf')])
    await uploadIn(d, 'submit-upload', '其他', [pngFile('付款现场.png')])
    await expect(d.getByTestId('attachment-item')).toHaveCount(2)
    await input(d, 'field-comment').fill('工程款已全部支付，附银行回单。')
  })
  await expect(page.locator('.detail__meta [data-test="state-tag"]')).toHaveText('核查')
  await signOut(page)
}

async function verify(
  d: ReturnType<typeof dialog>,
  satisfaction: '满意' | '不满意',
  confirmed: '是' | '否',
): Promise<void> {
  await d.getByTestId('field-verification-method').getByText('实地核查').click()
  await input(d, 'field-verification-verifiers').fill('刘敏、陈刚')
  await input(d, 'field-verification-findings').fill('现场查看付款凭证并电话回访企业。')
  await d.getByTestId('field-verification-contacted').getByText('已联系').click()
  await d.getByTestId('field-verification-confirmed').getByText(confirmed, { exact: true }).click()
  await d.getByTestId('field-verification-satisfaction').getByText(satisfaction, { exact: true }).click()
}

for (const size of [
  { name: 'desktop', viewport: { width: 1280, height: 860 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
]) {
  test.describe(size.name, () => {
    test.use({ viewport: size.viewport })

    test(`evidence at submission, verification at sign-off, 重办 (${size.name})`, async ({ page, request }) => {
      const suffix = uniqueSuffix()
      const first = await rectifying(request, `证据测试：拖欠工程款 ${suffix}`)
      const second = await rectifying(request, `证据测试：企业不满意 ${suffix}`)

      await test.step('the unit uploads a 回单 and a photo while submitting', async () => {
        await submitWithEvidence(page, first.id)
      })

      await test.step('the office opens both files, verifies on site and approves', async () => {
        await signIn(page, 'office')
        await open(page, first.id)
        const files = page.getByTestId('issue-attachments').getByTestId('attachment-item')
        await expect(files).toHaveCount(2)
        for (const [name, type] of [
          ['工商银行回单.pdf', 'application/pdf'],
          ['付款现场.png', 'image/png'],
        ] as const) {
          const answer = page.waitForResponse(
            (r) => /\/api\/v1\/attachments\/[0-9a-f-]+$/.test(r.url()) && r.headers()['content-type'] === type,
          )
          const popup = page.waitForEvent('popup')
          await files.filter({ hasText: name }).getByTestId('attachment-open').click()
          const response = await answer
          expect(response.status()).toBe(200)
          expect(response.headers()['x-content-type-options']).toBe('nosniff')
          const disposition = response.headers()['content-disposition'] ?? ''
          expect(disposition).toContain('inline')
          expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`)
          await (await popup).close()
        }
        await act(page, 'approve', async (d) => {
          await verify(d, '满意', '是')
          await uploadIn(d, 'verification-upload', '核查照片', [pngFile('核查现场.png')])
          await input(d, 'field-comment').fill('实地核查属实，企业满意，同意销号。')
        })
        await expect(page.locator('.detail__meta [data-test="state-tag"]')).toHaveText('销号')
        const approve = page.getByTestId('timeline-entry').first()
        await expect(approve).toContainText('实地核查')
        await expect(approve).toContainText('满意')
        await expect(approve.getByTestId('attachment-item')).toHaveCount(1)
        await signOut(page)
      })

      await test.step('a second problem with 不满意 becomes 重办', async () => {
        await submitWithEvidence(page, second.id)
        await signIn(page, 'office')
        await open(page, second.id)
        // Approving over the enterprise's dissatisfaction is refused without a reason.
        await page.getByTestId('action-approve').click()
        const refused = dialog(page, 'action-dialog-approve')
        await verify(refused, '不满意', '否')
        await input(refused, 'field-comment').fill('企业不满意')
        await refused.getByTestId('action-confirm').click()
        await expect(refused.getByText(/如确需销号/)).toBeVisible()
        await refused.getByRole('button', { name: '取消' }).click()
        await confirmBox(page, '放弃')
        await expect(refused).toBeHidden()
        await act(page, 'reject', async (d) => {
          await verify(d, '不满意', '否')
          await input(d, 'field-comment').fill('企业反映尾款仍未到账，请重新办理。')
        })
        await expect(page.locator('.detail__meta [data-test="state-tag"]')).toHaveText('整改')
        await expect(page.getByTestId('timeline-entry').first()).toContainText('重办')
      })
    })
  })
}
