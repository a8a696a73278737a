/**
 * 批量导入 in the browser: a file with bad rows shows each error at its row and field and imports
 * nothing (all-or-nothing); a clean file imports and the ledger has its rows. Files are built
 * here as UTF-8 CSV with the template's Chinese headers.
 */
import { readFile } from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { apiCount, pick, shot, signIn, uniqueSuffix } from './helpers'

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
  // A unit may import, not migrate: the server does not grant it migrate_issues.
  await expect(page.getByTestId('mode-skip_invalid')).toBeVisible()
  await expect(page.getByTestId('mode-migrate')).toHaveCount(0)

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
    // The file has no 线索来源 column: refused until the source is chosen for the file.
    await page.getByTestId('import-check').click()
    await expect(page.getByTestId('import-file-error')).toContainText('线索来源')
    await pick(page, 'import-source', '自查')
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

test("a clerk's ledger: the mapping before the result, the failed rows as a file, a migration with links", async ({
  page,
}) => {
  test.setTimeout(180_000)
  const tag = `迁移测试${uniqueSuffix()}`
  const header =
    '编号,问题标题,问题描述,问题类别,问题类型,企业名称,涉及金额（万元）,状态,责任单位,整改时限,整改措施,备注'
  const lines = (deadline: string) => [
    `${tag}台账（区住建局）,,,,,,,,,,,`,
    header,
    `${tag}-1,${tag}-甲,工程款延迟支付,funds,funds_late,随州市测试建筑有限公司,12.8,整改,区财政局,${deadline},分期支付,`,
    `${tag}-2,${tag}-乙,货款延迟支付,funds,funds_late,随州市测试建材有限公司,0.5,自查,,,,备注`,
    '合计,,,,,,13.3,,,,,',
  ]

  await signIn(page, 'office')
  await page.getByTestId('menu-imports').click()
  await page.getByTestId('mode-migrate').click()
  await expect(page.getByTestId('migrate-hint')).toBeVisible()
  // The unit's ledger has no 线索来源 column: the office names the source for the file.
  await pick(page, 'import-source', '自查')

  await test.step('the dry run shows how the file was read, then each bad cell with its value', async () => {
    await chooseFile(page, 'ledger.csv', lines('').join('\n'))
    await page.getByTestId('import-check').click()
    await expect(page.getByTestId('mapping-header-rows')).toContainText('表头在第 2 行')
    const mapping = page.getByTestId('mapping-table')
    await expect(mapping.getByRole('row', { name: /企业名称/ })).toContainText('按同义列名识别')
    await expect(mapping.getByRole('row', { name: /涉及金额/ })).toContainText('万元')
    await expect(mapping.getByRole('row', { name: /状态/ })).toContainText('已识别')
    await expect(mapping.getByRole('row', { name: /备注/ })).toContainText('已忽略')
    const skipped = page.getByTestId('import-skipped')
    await expect(skipped.getByRole('row', { name: /台账/ })).toContainText('表头上方的标题或说明')
    await expect(skipped.getByRole('row', { name: /合计/ })).toContainText('合计行')
    await expect(page.getByTestId('summary-failed')).toHaveText('1')
    await expect(page.getByTestId('error-3-deadline')).toContainText('须填写「整改时限」')
    await expect(page.getByTestId('import-errors')).toContainText(`${tag}-甲`)
    await shot(page, '33-import-migrate-mapping')

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('import-download-errors').click(),
    ])
    expect(download.suggestedFilename()).toBe('ledger-错误行.csv')
    const text = await readFile(await download.path(), 'utf-8')
    const [head, row] = text.replace(/^\uFEFF/, '').split('\r\n')
    expect(head).toContain('原行号,编号,问题标题')
    expect(head).toContain('错误信息')
    expect(row).toContain(`3,${tag}-1,${tag}-甲`)
    expect(row).toContain('须填写「整改时限」')
  })

  await test.step('corrected, the ledger migrates and each created problem is a link', async () => {
    await page.getByTestId('import-upload').locator('.el-upload-list__item').hover()
    await page.getByTestId('import-upload').locator('.el-upload-list__item .el-icon--close').click()
    await chooseFile(page, 'ledger.csv', lines('2024-06-30').join('\n'))
    await page.getByTestId('import-check').click()
    await expect(page.getByTestId('summary-failed')).toHaveText('0')
    await expect(page.getByTestId('summary-created')).toHaveText('2')
    await page.getByTestId('import-commit').click()
    await expect(page.getByTestId('import-final')).toContainText('新增 2 条')
    await expect(page.getByTestId('import-created')).toBeVisible()
    await shot(page, '34-import-migrate-created')
    await page.getByTestId('created-3').click()
    await expect(page).toHaveURL(/\/issues\/[0-9a-f-]+$/)
    await expect(page.getByText(`${tag}-甲`).first()).toBeVisible()
    await expect(page.getByText('迁移导入').first()).toBeVisible()
  })
})
