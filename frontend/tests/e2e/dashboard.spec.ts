/**
 * 统计看板: the charts render (canvas) with the figures of the stats endpoints, filters change
 * them, the unit ranking explains deductions, the milestones show what is due next, and the
 * dispatch report downloads under the server's name. Figures are compared with what the test
 * reads from the API at the same moment (other specs change the data).
 */
import { expect, test } from '@playwright/test'
import { apiJson, shot, signIn, signOut } from './helpers'

interface Rate {
  value: number | null
  numerator: number
  denominator: number
}
interface Overview {
  total: number
  closed: number
  dismissed: number
  amount_involved_fen: number
  amount_resolved_fen: number
  repayment_rate: Rate
  fulfilment_rate: Rate
  allocation_rate: Rate
  by_group: { group_id: string; name: string; total: number }[]
  outstanding_arrears: Record<'by_age_band' | 'by_debtor_nature' | 'by_enterprise_size', OutstandingItem[]>
}
interface OutstandingItem {
  code: string
  label: string
  problems: number
  outstanding_fen: number
}

/** The page's formats: 万元 with two decimals and grouping; a rate with one decimal. */
function wan(fen: number): string {
  const value = Math.round(fen / 100) / 10_000
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}
function rate(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`
}

test('the dashboard shows the stats endpoints figures in cards and charts', async ({ page, request }) => {
  test.setTimeout(180_000)
  await signIn(page, 'office')
  await page.getByTestId('menu-dashboard').click()
  await expect(page).toHaveURL(/\/dashboard$/)

  const overview = await apiJson<Overview>(request, 'office', '/stats/overview')
  const card = (key: string) => page.getByTestId(`card-${key}`).getByTestId('card-value')
  await expect(card('total')).toHaveText(String(overview.total))
  // The figures say what time they are of (Beijing time).
  await expect(page.getByTestId('stats-as-of')).toHaveText(/^数据截至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
  // 整改销号 and 不予立项 apart.
  await expect(card('rectified')).toHaveText(String(overview.closed))
  await expect(card('dismissed')).toHaveText(String(overview.dismissed))
  // 清偿率, 兑现率, 拨付率 apart, each with what it is a rate of (万元).
  await expect(card('repayment')).toHaveText(rate(overview.repayment_rate.value))
  await expect(card('fulfilment')).toHaveText(rate(overview.fulfilment_rate.value))
  await expect(card('allocation')).toHaveText(rate(overview.allocation_rate.value))
  await expect(page.getByTestId('card-repayment')).toContainText(
    `/ 应付 ${wan(overview.repayment_rate.denominator)} 万元`,
  )

  for (const chart of ['chart-state', 'chart-warning', 'chart-group', 'chart-money', 'chart-trend', 'chart-units']) {
    await expect(page.getByTestId(chart).locator('canvas').first(), chart).toBeVisible()
  }
  await expect(page.getByTestId('milestones')).toContainText('节点安排')
  // 未化解欠款 by 账龄, debtor nature and enterprise size: each class as the API counts it.
  const owed = overview.outstanding_arrears
  for (const [key, items] of [
    ['age', owed.by_age_band],
    ['nature', owed.by_debtor_nature],
    ['size', owed.by_enterprise_size],
  ] as const) {
    const rows = page.getByTestId(`outstanding-${key}`).locator('tbody tr')
    await expect(rows).toHaveCount(items.length)
    for (const [i, item] of items.entries()) {
      await expect(rows.nth(i).locator('td')).toHaveText([
        item.label,
        String(item.problems),
        wan(item.outstanding_fen),
        /^(\d+\.\d%|—)$/,
      ])
    }
  }
  await shot(page, '38-dashboard-office')

  // Clicking a bar of the unit ranking explains that unit's score.
  const units = page.getByTestId('chart-units').locator('canvas').first()
  await units.scrollIntoViewIfNeeded()
  const box = await units.boundingBox()
  expect(box).not.toBeNull()
  if (box) {
    // The best unit's bar is the top one; click at its left part (every bar starts at 0).
    await page.mouse.click(box.x + box.width * 0.4, box.y + 22)
  }
  await expect(page.getByTestId('unit-deductions')).toContainText('履约评分')

  // Filtered by a work group, the cards follow the endpoint's figures for that group.
  const group = overview.by_group[0]
  expect(group).toBeTruthy()
  if (group) {
    await page.getByTestId('dash-group').click()
    await page.getByRole('option', { name: group.name, exact: true }).click()
    const filtered = await apiJson<Overview>(request, 'office', `/stats/overview?group_id=${group.group_id}`)
    await expect(card('total')).toHaveText(String(filtered.total))
    await expect(card('repayment')).toHaveText(rate(filtered.repayment_rate.value))
  }

  // The dispatch report comes under the server's name.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dispatch-report').click()])
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  expect(download.suggestedFilename()).toMatch(/[\u4e00-\u9fff]/)
  await signOut(page)

  // A leader lands on the dashboard; a unit does not have it.
  await signIn(page, 'leader')
  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByTestId('menu-dashboard')).toBeVisible()
  await signOut(page)
  await signIn(page, 'unit_fuhe')
  await expect(page.getByTestId('menu-dashboard')).toHaveCount(0)
  await page.goto('/dashboard')
  await expect(page).not.toHaveURL(/\/dashboard$/)
})

test('the 调度会 view: a leader lands on it; figures, overdue list and ranking above the fold', async ({
  page,
  request,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, 'leader')
  await expect(page).toHaveURL(/\/dashboard$/)
  const red = await apiJson<{ total: number; items: { title: string; responsible_unit_name: string | null }[] }>(
    request,
    'leader',
    '/issues?warning=red&sort=deadline&page_size=50',
  )
  expect(red.total).toBeGreaterThan(0)
  const rows = page.getByTestId('overdue-row')
  await expect(rows).toHaveCount(Math.min(red.total, 50))
  await expect(rows.first()).toContainText(red.items[0]?.title ?? '')
  await expect(rows.first()).toContainText(/\d+ 天/)
  await expect(page.getByTestId('overdue-list')).toContainText(`共 ${red.total} 个`)
  // Above the fold: the headline figures, the start of the overdue list and the ranking.
  for (const id of ['card-rectified', 'card-dismissed', 'card-repayment', 'overdue-list', 'unit-ranking']) {
    await expect(page.getByTestId(id)).toBeInViewport()
  }
  await expect(rows.first()).toBeInViewport()
  await shot(page, 'desktop-dashboard-leader')
  // 投屏: the dashboard alone, full screen.
  await page.getByTestId('dash-projector').click()
  await expect(page.getByTestId('dashboard')).toHaveClass(/dashboard--projector/)
  await shot(page, 'desktop-dashboard-projector')
  // (In the top layer Playwright's pointer hit-test misses the button: use the keyboard.)
  await page.getByTestId('dash-projector').press('Enter')
  await expect(page.getByTestId('dashboard')).not.toHaveClass(/dashboard--projector/)
})
