/**
 * Accessibility (#23): axe-core on every main page at 1366×768, with no serious or critical
 * violation of WCAG 2.1 A/AA; a screenshot of each page for review (screenshots/desktop-*.png).
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { apiJson, signIn, signOut } from './helpers'

test.use({ viewport: { width: 1366, height: 768 } })

async function audit(page: Page, name: string): Promise<void> {
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await page.screenshot({ path: `screenshots/desktop-${name}.png`, animations: 'disabled' })
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)
  expect(bad, `axe on ${name}`).toEqual([])
}

async function visit(page: Page, path: string, ready: string): Promise<void> {
  await page.goto(path)
  await expect(page.getByTestId(ready).first()).toBeVisible()
}

test('the sign-in page', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByTestId('login-submit')).toBeVisible()
  await audit(page, 'login')
})

test('the pages of the office', async ({ page, request }) => {
  const list = await apiJson<{ items: { id: string }[] }>(request, 'office', '/issues?state=rectifying&page_size=1')
  const id = list.items[0]?.id ?? ''
  await signIn(page, 'office')
  await visit(page, '/workbench', 'state-counts')
  await audit(page, 'workbench')
  await visit(page, '/issues', 'ledger-table')
  // Sensitive, export-heavy views carry the user's name and the time.
  await expect(page.getByTestId('watermark')).toHaveCount(1)
  await audit(page, 'ledger')
  await visit(page, `/issues/${id}`, 'issue-fields')
  await audit(page, 'detail')
  await visit(page, '/issues/new', 'register-form')
  await audit(page, 'register')
  await visit(page, '/dashboard', 'dash-cards')
  await expect(page.getByTestId('card-total')).toBeVisible()
  await audit(page, 'dashboard')
  await visit(page, '/imports', 'import-upload')
  await audit(page, 'imports')
  await visit(page, '/campaigns', 'campaign-2024')
  await audit(page, 'campaigns')
})

test('the system pages and the audit trail', async ({ page }) => {
  await signIn(page, 'sysadmin')
  for (const [path, ready, name] of [
    ['/system/users', 'users-table', 'system-users'],
    ['/system/units', 'units-table', 'system-units'],
    ['/system/groups', 'groups-table', 'system-groups'],
    ['/system/api-keys', 'keys-table', 'system-api-keys'],
    ['/system/dictionaries', 'dict-table', 'system-dictionaries'],
    ['/system/settings', 'settings-table', 'system-settings'],
  ] as const) {
    await visit(page, path, ready)
    await audit(page, name)
  }
  await signOut(page)
  await signIn(page, 'auditor')
  await visit(page, '/audit', 'audit-table')
  await expect(page.getByTestId('audit-verify-status')).toBeVisible()
  await expect(page.getByTestId('watermark')).toHaveCount(1)
  await audit(page, 'audit')
})
