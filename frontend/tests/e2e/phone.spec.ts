/**
 * The unit's whole lifecycle on a phone (#23.1): 390×844, touch, a 政务微信 user agent. On every
 * page nothing scrolls sideways, and every button is inside the viewport when it is tapped.
 * Screenshots of every main page at 390×844 go to screenshots/phone-*.png.
 */
import { expect, test, type Locator, type Page } from '@playwright/test'
import {
  apiJson,
  apiRegister,
  DEMO_PASSWORD,
  dialog,
  input,
  nextTotpCode,
  pdfFile,
  shanghaiDate,
  uniqueSuffix,
} from './helpers'

const WXWORK_UA =
  'Mozilla/5.0 (Linux; Android 13; V2241A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
  'Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh'

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, userAgent: WXWORK_UA })

/** Nothing on the page is wider than the screen. */
async function noSideScroll(page: Page, where: string): Promise<void> {
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }))
  expect(
    widths.scroll,
    `${where}: the page is ${widths.scroll} px wide on a ${widths.inner} px screen`,
  ).toBeLessThanOrEqual(widths.inner)
}

/** Taps `target` after checking that it lies entirely inside the viewport. */
async function tap(page: Page, target: Locator): Promise<void> {
  await target.scrollIntoViewIfNeeded()
  const box = await target.boundingBox()
  const size = page.viewportSize()
  expect(box, 'the button is rendered').not.toBeNull()
  if (box && size) {
    expect(box.x, 'left edge on screen').toBeGreaterThanOrEqual(0)
    expect(box.y, 'top edge on screen').toBeGreaterThanOrEqual(0)
    expect(box.x + box.width, 'right edge on screen').toBeLessThanOrEqual(size.width + 0.5)
    expect(box.y + box.height, 'bottom edge on screen').toBeLessThanOrEqual(size.height + 0.5)
  }
  await target.tap()
}

async function snap(page: Page, name: string): Promise<void> {
  await noSideScroll(page, name)
  await page.screenshot({ path: `screenshots/phone-${name}.png`, animations: 'disabled' })
}

/** Opens a problem's dialog from the detail page, fills it, confirms; the sheet must fit the screen. */
async function act(page: Page, button: string, dialogId: string, confirm: string, fill: (d: Locator) => Promise<void>) {
  await tap(page, page.getByTestId(button))
  const d = dialog(page, dialogId)
  await expect(d).toBeVisible()
  await expect(d).toHaveClass(/is-fullscreen/)
  await fill(d)
  await snap(page, `dialog-${dialogId}`)
  await tap(page, d.getByTestId(confirm))
  await expect(d).toBeHidden()
  await noSideScroll(page, `after ${dialogId}`)
}

test('a unit clerk works a problem from start to end on a phone', async ({ page, request }) => {
  test.setTimeout(240_000)
  const suffix = uniqueSuffix()
  const me = await apiJson<{ unit: { id: string } }>(request, 'unit_fuhe', '/auth/me')
  const assign = (id: string) =>
    apiJson(request, 'office', `/issues/${id}/transitions`, {
      method: 'POST',
      data: { action: 'assign', responsible_unit_id: me.unit.id, deadline: shanghaiDate(20) },
    })
  const work = await apiRegister(request, 'office', `手机办理测试（${suffix}）`)
  const notOurs = await apiRegister(request, 'office', `手机退回测试（${suffix}）`)
  await assign(work.id)
  await assign(notOurs.id)

  await test.step('sign in', async () => {
    await page.goto('/login')
    await snap(page, 'login')
    await page.locator('input[name="username"]').fill('unit_fuhe')
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    await tap(page, page.getByTestId('login-submit'))
    await expect(page).toHaveURL(/\/workbench/)
  })

  await test.step('the workbench: to-dos as cards, the menu in a drawer, sign-out reachable', async () => {
    await expect(page.getByTestId('state-counts')).toBeVisible()
    await expect(page.getByTestId('sidebar')).toBeHidden()
    // The unit sees its own score (履约评分), as the server computes it.
    const own = await apiJson<{ units: { score: number }[] }>(request, 'unit_fuhe', '/stats/units?unit=mine')
    await expect(page.getByTestId('own-score-value')).toHaveText(String(own.units[0]?.score))
    await snap(page, 'workbench')
    await tap(page, page.getByTestId('todo-tab-accept'))
    const card = page.getByTestId('todo-table-accept').getByTestId('issue-card').filter({ hasText: work.number })
    await expect(card).toBeVisible()
    await tap(page, page.getByTestId('toggle-sidebar'))
    await expect(page.getByTestId('menu-drawer').getByTestId('sidebar')).toBeVisible()
    await snap(page, 'menu-drawer')
    // Choosing a page closes the drawer.
    await tap(page, page.getByTestId('menu-drawer').getByTestId('menu-workbench'))
    await expect(page.getByTestId('menu-drawer').getByTestId('sidebar')).toBeHidden()
    await tap(page, page.getByTestId('user-menu'))
    await expect(page.getByRole('menuitem', { name: '退出登录' })).toBeInViewport()
    await snap(page, 'user-menu')
    await page.keyboard.press('Escape')
    await tap(page, card)
    await expect(page.getByTestId('issue-number')).toHaveText(work.number)
    await snap(page, 'detail')
  })

  await test.step('accept, report progress, ask for more time, submit', async () => {
    await act(page, 'action-accept', 'action-dialog-accept', 'action-confirm', async (d) => {
      await input(d, 'field-measures').fill('与企业核对账目，分两期支付。')
    })
    await expect(page.getByTestId('issue-measures')).toHaveText('与企业核对账目，分两期支付。')
    await act(page, 'action-progress', 'progress-dialog', 'progress-confirm', async (d) => {
      await input(d, 'field-note').fill('已支付第一期 3 万元。')
    })
    await act(page, 'action-record-payment', 'payment-dialog', 'payment-confirm', async (d) => {
      await input(d, 'field-amount').fill('3万')
      await expect(d.getByTestId('money-converted')).toHaveText('即 30,000.00 元（3.00 万元）')
      await tap(page, d.getByTestId('field-method'))
      await tap(page, page.getByRole('option', { name: '现金支付', exact: true }))
    })
    await expect(page.getByTestId('issue-amount-resolved')).toHaveText('30,000.00 元')
    await act(page, 'action-request-extension', 'extension-dialog-request', 'extension-confirm', async (d) => {
      await input(d, 'field-requested_deadline').fill(shanghaiDate(40))
      await input(d, 'field-requested_deadline').press('Enter')
      await input(d, 'field-reason').fill('第二期款项需走财政审批流程。')
    })
    await expect(page.getByTestId('pending-extension')).toBeVisible()
    await act(page, 'action-submit', 'action-dialog-submit', 'action-confirm', async (d) => {
      await d
        .getByTestId('submit-upload')
        .getByTestId('attachment-input')
        .setInputFiles([pdfFile('付款回单.pdf')])
      await expect(d.getByTestId('attachment-item')).toHaveCount(1)
      await input(d, 'field-comment').fill('两期款项均已支付，请核查。')
    })
    await expect(page.getByTestId('issue-steps')).toBeVisible()
    await snap(page, 'detail-submitted')
  })

  await test.step('return a problem that is not ours, found in the ledger', async () => {
    await page.goto(`/issues?q=${encodeURIComponent(notOurs.title)}`)
    const card = page.getByTestId('ledger-cards').getByTestId('issue-card').filter({ hasText: notOurs.number })
    await expect(card).toBeVisible()
    await snap(page, 'ledger')
    await tap(page, card)
    await act(page, 'action-return', 'action-dialog-return', 'action-confirm', async (d) => {
      await input(d, 'field-comment').fill('该项目由区住建局实施，不属于本镇。')
    })
  })

  await test.step('register a problem found on a visit', async () => {
    await tap(page, page.getByTestId('toggle-sidebar'))
    await tap(page, page.getByTestId('menu-drawer').getByTestId('menu-issue-new'))
    await expect(page.getByTestId('register-form')).toBeVisible()
    await snap(page, 'register')
    await input(page, 'field-title').fill(`手机登记测试（${suffix}）`)
    await tap(page, page.getByTestId('field-category'))
    await tap(page, page.getByRole('option', { name: '机关事业单位拖欠企业账款', exact: true }))
    await tap(page, page.getByTestId('field-problem_type'))
    await tap(page, page.getByRole('option', { name: '延迟支付', exact: true }))
    await input(page, 'field-description').fill('走访企业时发现：镇卫生院拖欠设备款。')
    await input(page, 'field-enterprise_name').fill('随州市测试医疗器械有限公司')
    await input(page, 'field-amount_involved').fill('¥128,000.00')
    await snap(page, 'register-filled')
    await tap(page, page.getByTestId('register-submit'))
    await expect(page).toHaveURL(/\/issues\/[0-9a-f-]{36}$/)
    await expect(page.getByTestId('issue-amount-involved')).toHaveText('128,000.00 元')
  })

  await test.step('notifications: the panel fits, a notice leads to its problem', async () => {
    await tap(page, page.getByTestId('notification-bell'))
    const panel = page.getByTestId('notification-panel')
    await expect(panel).toBeVisible()
    const item = panel.getByTestId('notification-item').filter({ hasText: work.number }).first()
    await expect(item).toBeVisible()
    await snap(page, 'notifications')
    await tap(page, item)
    await expect(page.getByTestId('issue-number')).toHaveText(work.number)
  })

  await test.step('sign out from the phone header', async () => {
    await tap(page, page.getByTestId('user-menu'))
    await tap(page, page.getByRole('menuitem', { name: '退出登录' }))
    await expect(page).toHaveURL(/\/login/)
  })
})

test('the other main pages on a phone: no sideways scrolling, a screenshot each', async ({ page }) => {
  const signInAs = async (username: string) => {
    if (await page.getByTestId('user-menu').isVisible()) {
      await tap(page, page.getByTestId('user-menu'))
      await tap(page, page.getByRole('menuitem', { name: '退出登录' }))
      await expect(page).toHaveURL(/\/login/)
    }
    await page.goto('/login')
    await page.locator('input[name="username"]').fill(username)
    await page.locator('input[name="password"]').fill(DEMO_PASSWORD)
    await tap(page, page.getByTestId('login-submit'))
    if (username === 'sysadmin' || username === 'auditor') {
      await page.locator('input[name="totp_code"]').fill(await nextTotpCode(username))
      await tap(page, page.getByTestId('login-totp-submit'))
    }
    await expect(page.getByTestId('user-menu')).toBeVisible()
  }
  await signInAs('office')
  for (const [path, ready, name] of [
    ['/dashboard', 'dash-cards', 'dashboard'],
    ['/imports', 'import-upload', 'imports'],
    ['/campaigns', 'campaign-2024', 'campaigns'],
    ['/about', 'breadcrumb', 'about'],
  ] as const) {
    await page.goto(path)
    await expect(page.getByTestId(ready).first()).toBeVisible()
    await snap(page, name)
  }
  await signInAs('sysadmin')
  for (const [path, ready, name] of [
    ['/system/users', 'users-table', 'system-users'],
    ['/system/units', 'units-table', 'system-units'],
    ['/system/groups', 'groups-table', 'system-groups'],
    ['/system/api-keys', 'keys-table', 'system-api-keys'],
    ['/system/dictionaries', 'dict-table', 'system-dictionaries'],
    ['/system/settings', 'settings-table', 'system-settings'],
  ] as const) {
    await page.goto(path)
    await expect(page.getByTestId(ready).first()).toBeVisible()
    await snap(page, name)
  }
  await signInAs('auditor')
  await page.goto('/audit')
  await expect(page.getByTestId('audit-table')).toBeVisible()
  await snap(page, 'audit')
})
