/**
 * 批量导入 in the browser: a file with bad rows shows each error at its row and field and imports
 * nothing (all-or-nothing); a clean file imports and the ledger has its rows. Files are built
 * here as UTF-8 CSV with the template's Chinese headers.
 */
import { expect, test, type Page } from '@playwright/test'
import { apiCount, shot, signIn, uniqueSuffix } from './helpers'

const HEADER = '问题标题,问题描述,问题类别,问题类型,涉及企业,统一社会信用代码,涉及金额(元)'

async function chooseFile(page: Page, name: string, csv: string): Promise<void> {
  await page
    .getByTestId('import-upload')
    .locator('input[type="file"]')
    .setInputFiles({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(`\uFEFF${csv}`, 'utf-8'),
    })
}

test('an import with bad rows shows them at their fields and writes nothing; a clean one is imported', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000)
  const tag = `导入测试${uniqueSuffix()}`

  await signIn(page, 'unit_housing')
  await page.getByTestId('menu-imports').click()
  await expect(page).toHaveURL(/\/imports$/)

  // The template comes with the server's (Chinese) file name.
  const [template] = await Promise.all([page.waitForEvent('download'), page.getByTestId('import-template').click()])
  expect(template.suggestedFilename()).toMatch(/导入模板\.xlsx$/)

  await test.step('bad rows: errors at their rows and fields, nothing imported', async () => {
    const before = await apiCount(request, 'unit_housing', tag)
    expect(before).toBe(0)
    await chooseFile(
      page,
      'bad.csv',
      [
        HEADER,
        `${tag}-甲,住建局工程款延迟支付,funds,funds_late,随州市测试建筑有限公司,,1234.50`,
        `${tag}-乙,类别有误的一行,no_such_category,funds_late,随州市测试建筑有限公司,91421303000571950A,12.345`,
        `${tag}-丙,正确的一行,funds,funds_late,随州市测试建材有限公司,91421303000571950G,800`,
      ].join('\n'),
    )
    await page.getByTestId('import-check').click()
    const errors = page.getByTestId('import-errors')
    await expect(errors).toBeVisible()
    await expect(page.getByTestId('summary-total')).toHaveText('3')
    await expect(page.getByTestId('summary-failed')).toHaveText('1')
    // Row 3 of the file (header = row 1): three bad fields, each with the server's message.
    await expect(page.getByTestId('error-3-category')).toContainText('no_such_category')
    await expect(page.getByTestId('error-3-category')).toContainText('不存在')
    await expect(page.getByTestId('error-3-enterprise_uscc')).toContainText('校验位')
    await expect(page.getByTestId('error-3-amount_involved')).toContainText('两位小数')
    await expect(errors.locator('.el-table__body-wrapper .el-table__row')).toHaveCount(1)
    await expect(errors).toContainText(`${tag}-乙`)
    await shot(page, '30-import-dryrun-errors')

    // All-or-nothing: the server writes nothing and says so.
    await page.getByTestId('import-commit').click()
    await expect(page.getByTestId('import-final')).toContainText('未导入任何数据')
    expect(await apiCount(request, 'unit_housing', tag)).toBe(0)
    await shot(page, '31-import-nothing-written')
    await page.getByTestId('import-again').click()
  })

  await test.step('a clean file: the report shows the created rows and the ledger has them', async () => {
    await chooseFile(
      page,
      'good.csv',
      [
        HEADER,
        `${tag}-丁,住建局工程款延迟支付,funds,funds_late,随州市测试建筑有限公司,,1234.50`,
        `${tag}-戊,"描述里有逗号, 和""引号""",funds,funds_late,随州市测试建材有限公司,91421303000571950G,800`,
      ].join('\n'),
    )
    await page.getByTestId('import-check').click()
    await expect(page.getByTestId('summary-failed')).toHaveText('0')
    await expect(page.getByTestId('summary-created')).toHaveText('2')
    expect(await apiCount(request, 'unit_housing', tag)).toBe(0) // a dry run writes nothing
    await page.getByTestId('import-commit').click()
    await expect(page.getByTestId('import-final')).toContainText('新增 2 条')
    await expect(page.getByTestId('summary-created')).toHaveText('2')
    await shot(page, '32-import-report')
    expect(await apiCount(request, 'unit_housing', tag)).toBe(2)

    await page.getByTestId('import-to-ledger').click()
    await page.getByTestId('filter-q').fill(tag)
    await page.getByTestId('filter-search').click()
    const rows = page.getByTestId('ledger-table').locator('.el-table__body-wrapper .el-table__row')
    await expect(rows).toHaveCount(2)
    await expect(page.getByTestId('ledger-table')).toContainText(`${tag}-丁`)
    await expect(page.getByTestId('ledger-table')).toContainText(`${tag}-戊`)
  })
})
