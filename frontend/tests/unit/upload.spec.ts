// @vitest-environment happy-dom
/**
 * Uploads through XMLHttpRequest (for progress): the token, its renewal after a 401 and the
 * errors come from request.ts like every other call.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useUserStore } from '@/stores/user'
import { resetRequestHooks, setRequestHooks } from '@/utils/request'
import { uploadFile } from '@/utils/upload'
import { importIssues } from '@/api/imports'
import { json, tokens } from './fixtures'

interface Sent {
  url: string
  headers: Record<string, string>
  body: unknown
}

/** A fake XMLHttpRequest answering from `answer` (status and JSON body per attempt). */
function fakeXhr(answer: (sent: Sent, attempt: number) => { status: number; body: unknown }) {
  const sent: Sent[] = []
  class FakeXhr {
    status = 0
    responseText = ''
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = {
      onprogress: null,
    }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null
    private url = ''
    private headers: Record<string, string> = {}
    open(_method: string, url: string) {
      this.url = url
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name] = value
    }
    abort() {
      this.onabort?.()
    }
    send(body: unknown) {
      const entry = { url: this.url, headers: this.headers, body }
      sent.push(entry)
      const reply = answer(entry, sent.length)
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 100 })
        this.upload.onprogress?.({ lengthComputable: true, loaded: 100, total: 100 })
        this.status = reply.status
        this.responseText = reply.body === undefined ? '' : JSON.stringify(reply.body)
        this.onload?.()
      }, 1)
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr)
  return sent
}

const notify = vi.fn()
const unauthorized = vi.fn()

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  notify.mockReset()
  unauthorized.mockReset()
  setRequestHooks({ notify, unauthorized })
})

afterEach(() => {
  vi.unstubAllGlobals()
  resetRequestHooks()
})

describe('uploadFile', () => {
  it('sends the file with the bearer token and reports progress', async () => {
    const sent = fakeXhr(() => ({ status: 200, body: { ok: true } }))
    useUserStore().setSession(tokens(1))
    const progress: number[] = []
    const file = new Blob(['a,b\n1,2'], { type: 'text/csv' })
    await expect(
      uploadFile('/api/v1/imports?dry_run=true', file, 'text/csv', { onProgress: (f) => progress.push(f) }),
    ).resolves.toEqual({ ok: true })
    expect(sent).toHaveLength(1)
    expect(sent[0]?.headers.Authorization).toBe('Bearer access-1')
    expect(sent[0]?.headers['Content-Type']).toBe('text/csv')
    expect(sent[0]?.body).toBe(file)
    expect(progress).toEqual([0.5, 1])
  })

  it('renews the session once on a 401 and sends again with the new token', async () => {
    const refresh = vi.fn(async () => json(200, tokens(2)))
    vi.stubGlobal('fetch', refresh)
    const sent = fakeXhr((s) =>
      s.headers.Authorization === 'Bearer access-2'
        ? { status: 200, body: { ok: 2 } }
        : { status: 401, body: { detail: '登录已失效' } },
    )
    useUserStore().setSession(tokens(1))
    await expect(uploadFile('/api/v1/imports', new Blob(['x']), 'text/csv')).resolves.toEqual({ ok: 2 })
    expect(refresh).toHaveBeenCalledOnce()
    expect(sent.map((s) => s.headers.Authorization)).toEqual(['Bearer access-1', 'Bearer access-2'])
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('ends the session when the 401 cannot be cured', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { detail: 'expired' })),
    )
    fakeXhr(() => ({ status: 401, body: { detail: '登录已失效' } }))
    useUserStore().setSession(tokens(1))
    await expect(uploadFile('/api/v1/imports', new Blob(['x']), 'text/csv')).rejects.toMatchObject({ status: 401 })
    expect(unauthorized).toHaveBeenCalledOnce()
    expect(useUserStore().isLoggedIn).toBe(false)
    expect(notify).not.toHaveBeenCalled()
  })

  it('turns a problem into an ApiError with its field errors, quiet when asked', async () => {
    fakeXhr(() => ({
      status: 422,
      body: { status: 422, detail: '文件无法读取', errors: [{ field: 'file', message: '缺少必填列「问题标题」' }] },
    }))
    useUserStore().setSession(tokens(1))
    const file = new File(['x'], 'list.csv')
    const err = await importIssues(file, { dryRun: true, mode: 'skip_invalid' }, { quiet: [422] }).catch(
      (e: unknown) => e,
    )
    expect(err).toMatchObject({ status: 422, detail: '文件无法读取' })
    expect((err as { fieldErrors: unknown[] }).fieldErrors).toEqual([
      { field: 'file', message: '缺少必填列「问题标题」' },
    ])
    expect(notify).not.toHaveBeenCalled()

    fakeXhr(() => ({ status: 413, body: { detail: '文件超过 20 MB' } }))
    await expect(importIssues(file, { dryRun: false, mode: 'all_or_nothing' })).rejects.toMatchObject({ status: 413 })
    expect(notify).toHaveBeenCalledWith('文件超过 20 MB')
  })

  it('puts dry run and mode in the query and the Content-Type by file type', async () => {
    const sent = fakeXhr(() => ({ status: 200, body: {} }))
    useUserStore().setSession(tokens(1))
    await importIssues(new File(['x'], '清单.xlsx'), { dryRun: true, mode: 'skip_invalid' })
    // The file's name goes along: a migration records it on each problem's timeline.
    expect(sent[0]?.url).toBe('/api/v1/imports?dry_run=true&mode=skip_invalid&file_name=%E6%B8%85%E5%8D%95.xlsx')
    expect(sent[0]?.headers['Content-Type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  })
})
