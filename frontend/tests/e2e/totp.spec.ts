/**
 * The second factor: a new administrator signs in for the first time, changes the password, is
 * made to set up TOTP (reads the secret off the page, as a person types it into an authenticator
 * app, with the QR code beside it), keeps the recovery codes, signs out, and signs in again with a
 * code computed here — on a desktop and on a phone.
 */
import { expect, test, type Page } from '@playwright/test'
import { createAccount, nextTotpCode, shot, signOut, totpCode, uniqueSuffix } from './helpers'

const SIZES = [
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'phone', viewport: { width: 390, height: 844 } },
] as const

async function signInWithPassword(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/login')
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.getByTestId('login-submit').click()
}

for (const size of SIZES) {
  test(`an administrator enrols a second factor and signs in with its code (${size.name})`, async ({
    page,
    request,
  }) => {
    await page.setViewportSize(size.viewport)
    const username = `e2e_auditor_${uniqueSuffix()}`
    await createAccount(request, {
      username,
      display_name: '区审计局·测试审计员',
      unitName: '区审计局',
      password: 'Initial#Pass2024',
      roles: [{ role: 'auditor' }],
    })

    // First sign-in: the password change first, then the second factor, before anything else.
    await signInWithPassword(page, username, 'Initial#Pass2024')
    await expect(page).toHaveURL(/\/password/)
    await page.locator('input[name="current_password"]').fill('Initial#Pass2024')
    await page.locator('input[name="new_password"]').fill('Changed#Pass2024')
    await page.locator('input[name="confirm"]').fill('Changed#Pass2024')
    await page.getByTestId('password-submit').click()
    await expect(page).toHaveURL(/\/totp/)
    await expect(page.getByTestId('totp-qr').locator('svg')).toBeVisible()
    const secret = (await page.getByTestId('totp-secret').innerText()).trim()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    // Nothing else is reachable meanwhile.
    await page.goto('/audit')
    await expect(page).toHaveURL(/\/totp/)
    const fresh = (await page.getByTestId('totp-secret').innerText()).trim()
    await shot(page, `totp-enrol-${size.name}`)

    // A wrong code is refused on the field; the right one turns the factor on.
    await page.locator('input[name="totp_confirm_code"]').fill(totpCode(fresh, 1))
    await page.getByTestId('totp-confirm').click()
    await expect(page.getByText('验证码不正确')).toBeVisible()
    await page.locator('input[name="totp_confirm_code"]').fill(await nextTotpCode(username, fresh))
    await page.getByTestId('totp-confirm').click()
    const codes = page.getByTestId('totp-recovery-codes')
    await expect(codes.locator('li')).toHaveCount(10)
    await page.getByTestId('totp-done').click()
    await expect(page.getByTestId('user-menu')).toBeVisible()

    // Signed out, the password alone is not enough: the code is asked for.
    await signOut(page)
    await signInWithPassword(page, username, 'Changed#Pass2024')
    await expect(page.locator('input[name="totp_code"]')).toBeVisible()
    await shot(page, `totp-login-${size.name}`)
    await page.locator('input[name="totp_code"]').fill(await nextTotpCode(username, fresh))
    await page.getByTestId('login-totp-submit').click()
    await expect(page).not.toHaveURL(/\/login/)
    await expect(page.getByTestId('user-menu')).toBeVisible()
    await expect(page.getByTestId('user-menu')).toContainText('测试审计员')
  })
}
