// @vitest-environment happy-dom
/** Authenticated downloads: the server's file name from Content-Disposition, saving the Blob. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { downloadFile, fileNameFromDisposition } from '@/utils/download'
import { resetRequestHooks, setRequestHooks } from '@/utils/request'

describe('fileNameFromDisposition', () => {
  it('prefers the RFC 5987 UTF-8 name the server sends for Chinese names', () => {
    expect(
      fileNameFromDisposition(
        `attachment; filename="dispatch.xlsx"; filename*=UTF-8''%E8%B0%83%E5%BA%A6%20%E8%A1%A8.xlsx`,
      ),
    ).toBe('调度 表.xlsx')
    expect(
      fileNameFromDisposition(
        `attachment; filename*=utf-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.csv; filename="issues.csv"`,
      ),
    ).toBe('问题清单.csv')
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8'zh-CN'%E6%A8%A1%E6%9D%BF.xlsx`)).toBe('模板.xlsx')
  })

  it('reads ISO-8859-1 extended names', () => {
    expect(fileNameFromDisposition(`attachment; filename*=iso-8859-1'en'%A3%20rates.csv`)).toBe('£ rates.csv')
  })

  it('falls back to the plain name, quoted or not, with escapes', () => {
    expect(fileNameFromDisposition('attachment; filename="issues-2024.xlsx"')).toBe('issues-2024.xlsx')
    expect(fileNameFromDisposition('attachment; filename=report.csv')).toBe('report.csv')
    expect(fileNameFromDisposition('attachment; filename="a \\"b\\".txt"')).toBe('a "b".txt')
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="fallback.xlsx"`)).toBe(
      'fallback.xlsx',
    )
  })

  it('never lets a name pick a directory, and answers null without a name', () => {
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('passwd')
    expect(fileNameFromDisposition(`attachment; filename*=UTF-8''..%2F..%2Fx.csv`)).toBe('x.csv')
    expect(fileNameFromDisposition('attachment')).toBeNull()
    expect(fileNameFromDisposition('')).toBeNull()
    expect(fileNameFromDisposition(null)).toBeNull()
  })
})

describe('downloadFile', () => {
  const notify = vi.fn()
  beforeEach(() => {
    setActivePinia(createPinia())
    setRequestHooks({ notify })
    notify.mockClear()
  })
  afterEach(() => {
    resetRequestHooks()
    vi.restoreAllMocks()
  })

  it('saves the Blob under the server name', async () => {
    const created: string[] = []
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} }))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      created.push(this.download)
    })
    const response = new Response('a,b', {
      headers: { 'Content-Disposition': `attachment; filename="x.csv"; filename*=UTF-8''%E5%AF%BC%E5%87%BA.csv` },
    })
    const name = await downloadFile(Promise.resolve({ data: new Blob(['a,b']), response }), 'fallback.csv')
    expect(name).toBe('导出.csv')
    expect(created).toEqual(['导出.csv'])
    expect(click).toHaveBeenCalledOnce()
  })

  it('uses the fallback name when the server sends none, and reports errors like any call', async () => {
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    const ok = new Response('x')
    expect(await downloadFile(Promise.resolve({ data: new Blob(['x']), response: ok }), '问题清单.xlsx')).toBe(
      '问题清单.xlsx',
    )

    const forbidden = new Response('{}', { status: 403 })
    await expect(
      downloadFile(
        Promise.resolve({ error: { detail: '角色无权导出', code: 'forbidden' }, response: forbidden }),
        'x.xlsx',
      ),
    ).rejects.toMatchObject({ status: 403, detail: '角色无权导出' })
    expect(notify).toHaveBeenCalledWith('角色无权导出')
  })
})
