/** Helpers for the browser tests (Playwright, real backend, demo data). */
import { createHmac } from 'node:crypto'
import { expect, type APIRequestContext, type Locator, type Page } from '@playwright/test'

export const DEMO_PASSWORD = 'Lvyue#Demo2024'
/** The demo administrators' second-factor secret (`seed --demo`; README, "Trying it"). */
export const DEMO_TOTP_SECRET = 'LVYUEDEMOTOTPSECRETLVYUEDEMOTOTP'
const ADMINISTRATORS = ['sysadmin', 'secadmin', 'auditor']

function base32(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  const out: number[] = []
  for (const c of secret.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c)
    bits += 5
    if (bits >= 8) {
      bits -= 8
      out.push((value >>> bits) & 0xff)
    }
  }
  return Buffer.from(out)
}

/** RFC 6238: the 6-digit code of a base32 secret at a 30-second step. */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(step))
  const mac = createHmac('sha1', base32(secret)).update(counter).digest()
  const offset = (mac[19] ?? 0) & 0x0f
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}

const usedSteps = new Map<string, number>()

/**
 * A code of `secret` this test process has not used for `username`: each code is good once, and
 * the server accepts the steps now - 1 .. now + 1, so successive sign-ins take now and now + 1 in
 * turn and wait for the clock past them.
 */
export async function nextTotpCode(username: string, secret = DEMO_TOTP_SECRET): Promise<string> {
  for (;;) {
    const now = Math.floor(Date.now() / 30_000)
    const step = Math.max((usedSteps.get(username) ?? now - 1) + 1, now)
    if (step <= now + 1) {
      usedSteps.set(username, step)
      return totpCode(secret, step)
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000))
  }
}

/** Saves a full-page screenshot under screenshots/ (git-ignored) for review, once nothing is loading. */
export async function shot(page: Page, name: string): Promise<void> {
  await expect(page.locator('.el-loading-mask:visible')).toHaveCount(0)
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true, animations: 'disabled' })
}

/** Signs in through the sign-in page and waits until the SPA has left it. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login')
  await page.locator('input[name="username"]').fill(username)
  await page.locator('input[name="password"]').fill(password)
  await page.getByTestId('login-submit').click()
  if (ADMINISTRATORS.includes(username)) {
    // The demo administrators' second step: the code of the documented demo secret.
    await page.locator('input[name="totp_code"]').fill(await nextTotpCode(username))
    await page.getByTestId('login-totp-submit').click()
  }
  await expect(page).not.toHaveURL(/\/login/)
  await expect(page.getByTestId('user-menu')).toBeVisible()
}

/**
 * Signs out through the user menu in the header. On a loaded machine a click that lands while
 * the dropdown is still opening is sometimes lost (the item highlights, no command fires), so the
 * menu is opened and the item clicked again until the sign-in page shows, as a user would.
 */
export async function signOut(page: Page): Promise<void> {
  const item = page.getByRole('menuitem', { name: '退出登录' })
  await expect(async () => {
    if (!(await item.isVisible())) await page.getByTestId('user-menu').click()
    await item.click({ timeout: 3_000 })
    await expect(page).toHaveURL(/\/login/, { timeout: 3_000 })
  }).toPass({ timeout: 20_000 })
}

/** Picks `label` in the el-select marked `testId` (a multiple select is closed afterwards). */
export async function pick(
  page: Page,
  testId: string,
  label: string,
  options: { multiple?: boolean } = {},
): Promise<void> {
  await page.getByTestId(testId).click()
  await page.getByRole('option', { name: label, exact: true }).click()
  if (options.multiple) await page.keyboard.press('Escape')
}

/** The open dialog of an action (transition, progress, edit). */
export function dialog(page: Page, testId: string): Locator {
  return page.locator(`.el-dialog[data-test="${testId}"]`)
}

/** A date on the Asia/Shanghai calendar, `days` from today (deadlines may not be in the past). */
export function shanghaiDate(days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date())
  const [y, m, d] = today.split('-').map(Number)
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10)
}

/** Signs in through the API (for test set-up only) and answers the access token. */
export async function apiToken(
  request: APIRequestContext,
  username: string,
  password = DEMO_PASSWORD,
): Promise<string> {
  let response = await request.post('/api/v1/auth/login', { data: { username, password } })
  expect(response.ok(), `API sign-in of ${username}`).toBeTruthy()
  if (response.status() === 202) {
    const { challenge } = (await response.json()) as { challenge: string }
    const code = await nextTotpCode(username)
    response = await request.post('/api/v1/auth/login/totp', { data: { challenge, code } })
    expect(response.ok(), `second factor of ${username}`).toBeTruthy()
  }
  return ((await response.json()) as { access_token: string }).access_token
}

export interface ApiIssue {
  id: string
  number: string
  title: string
  state: string
  version: number
}

/** Registers a problem through the API as `username` (test set-up). */
export async function apiRegister(request: APIRequestContext, username: string, title: string): Promise<ApiIssue> {
  const token = await apiToken(request, username)
  const response = await request.post('/api/v1/issues', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      title,
      description: '浏览器测试登记的问题',
      category: 'funds',
      problem_type: 'funds_late',
      source: 'self_inspection',
      enterprise_name: '随州市测试科技有限公司',
      amount_involved_fen: 5_000_000,
    },
  })
  expect(response.status(), await response.text()).toBe(201)
  return (await response.json()) as ApiIssue
}

/** A unique suffix so that reruns on the same database never collide. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`
}

/**
 * The text box of a form field marked `data-test` (Element Plus puts the attribute on the
 * native input of el-input, on the wrapper of other components).
 */
export function input(scope: Page | Locator, testId: string): Locator {
  const t = `[data-test="${testId}"]`
  return scope.locator(`input${t}, textarea${t}, ${t} input, ${t} textarea`).first()
}

/** Answers an Element Plus confirmation box (ElMessageBox.confirm) with the button named `button`. */
export async function confirmBox(page: Page, button: string): Promise<void> {
  const box = page.locator('.el-message-box')
  await expect(box).toBeVisible()
  await box.getByRole('button', { name: button, exact: true }).click()
  await expect(box).toBeHidden()
}

// ---------------------------------------------------------------------------------------------
// Imports, exports, dashboard, supervision (SPA part 2)

/** GETs (or POSTs with `data`) an API path as `username` and answers the JSON (test set-up and checks). */
export async function apiJson<T>(
  request: APIRequestContext,
  username: string,
  path: string,
  options: { method?: 'GET' | 'POST'; data?: unknown; expectStatus?: number } = {},
): Promise<T> {
  const token = await apiToken(request, username)
  const headers = { Authorization: `Bearer ${token}` }
  const url = `/api/v1${path}`
  const response =
    options.method === 'POST'
      ? await request.post(url, { headers, data: options.data ?? {} })
      : await request.get(url, { headers })
  expect(response.status(), `${options.method ?? 'GET'} ${path}: ${await response.text()}`).toBe(
    options.expectStatus ?? 200,
  )
  const text = await response.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** The number of problems `username` finds in the ledger for the search text `q` (through the API). */
export async function apiCount(request: APIRequestContext, username: string, q: string): Promise<number> {
  const page = await apiJson<{ total: number }>(request, username, `/issues?q=${encodeURIComponent(q)}&page_size=1`)
  return page.total
}

/**
 * An account made as 三员分立 requires: the system administrator creates it (no roles), the
 * security administrator grants `roles`. Answers its id.
 */
export async function createAccount(
  request: APIRequestContext,
  account: { username: string; display_name: string; unitName: string; password: string; roles: { role: string }[] },
): Promise<string> {
  const sysadmin = { Authorization: `Bearer ${await apiToken(request, 'sysadmin')}` }
  const units = (await (await request.get('/api/v1/units', { headers: sysadmin })).json()) as {
    id: string
    name: string
  }[]
  const unit = units.find((u) => u.name === account.unitName)
  expect(unit, account.unitName).toBeTruthy()
  const created = await request.post('/api/v1/users', {
    headers: sysadmin,
    data: {
      username: account.username,
      display_name: account.display_name,
      unit_id: unit?.id,
      password: account.password,
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const { id } = (await created.json()) as { id: string }
  const secadmin = { Authorization: `Bearer ${await apiToken(request, 'secadmin')}` }
  const granted = await request.put(`/api/v1/users/${id}/roles`, { headers: secadmin, data: { roles: account.roles } })
  expect(granted.status(), await granted.text()).toBe(200)
  return id
}

/** A small PDF (a 回单) for upload tests. */
export function pdfFile(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const text = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(text) }
}

/** A 1×1 PNG (a site photo) for upload tests. */
export function pngFile(name: string): { name: string; mimeType: string; buffer: Buffer } {
  const b64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
  return { name, mimeType: 'image/png', buffer: Buffer.from(b64, 'base64') }
}

/**
 * Uploads files through an attachment area (`testId`), choosing the kind first; waits for the
 * files to be listed.
 */
export async function uploadIn(
  scope: Page | Locator,
  testId: string,
  kind: string,
  files: { name: string; mimeType: string; buffer: Buffer }[],
): Promise<void> {
  const area = scope.getByTestId(testId)
  const page = 'page' in scope ? scope.page() : scope
  const select = area.getByTestId('attachment-kind')
  // On a phone the dialog may still be scrolling when the list opens: open it again until the
  // choice is taken.
  await expect(async () => {
    await select.scrollIntoViewIfNeeded()
    await select.click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: kind }).click({ timeout: 2000 })
    await expect(select).toContainText(kind, { timeout: 1000 })
  }).toPass({ timeout: 15_000 })
  await area.getByTestId('attachment-input').setInputFiles(files)
  await expect(area.getByTestId('attachment-progress')).toHaveCount(0)
}
