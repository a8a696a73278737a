/** 导出 on the ledger: the current filtered view as XLSX or CSV, under the server's file name. */
import { expect, test } from '@playwright/test'
import { readFile } from 'node:fs/promises'
import { pick, shot, signIn, signOut } from './helpers'

test('the ledger exports its filtered view with the server file name', async ({ page }) => {
  await signIn(page, 'office')
  await page.getByTestId('menu-issues').click()
  await pick(page, 'filter-state', '整改', { multiple: true })
  await page.getByTestId('filter-search').click()
  await expect(page).toHaveURL(/[?&]state=rectifying(&|$)/)
  const total = Number((await page.getByText(/共 \d+ 个问题/).textContent())?.match(/\d+/)?.[0])
  expect(total).toBeGreaterThan(0)

  // CSV: the server's Chinese name (RFC 5987), and one line per problem of the filtered view.
  await page.getByTestId('ledger-export').click()
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  expect(csv.suggestedFilename()).toMatch(/^问题排查及整改清单.*\.csv$/)
  const path = await csv.path()
  const text = (await readFile(path, 'utf-8')).replace(/^\uFEFF/, '')
  // One line per problem of the view (none of the demo cells breaks a line), all in 整改.
  const lines = text.split(/\r?\n/).filter((line) => /^\d+,LY\d{4}-\d{5},/.test(line))
  expect(lines).toHaveLength(total)
  for (const line of lines) expect(line).toMatch(/,整改,(临期|逾期)?,/)
  await shot(page, '39-ledger-export')

  await page.getByTestId('ledger-export').click()
  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()])
  expect(xlsx.suggestedFilename()).toMatch(/^问题排查及整改清单.*\.xlsx$/)
  const bytes = await readFile(await xlsx.path())
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK') // a zip: an XLSX workbook

  // A unit has no export.
  await signOut(page)
  await signIn(page, 'unit_fuhe')
  await page.getByTestId('menu-issues').click()
  await expect(page.getByTestId('ledger-table')).toBeVisible()
  await expect(page.getByTestId('ledger-export')).toHaveCount(0)
})
