// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { RouteLocationNormalized } from 'vue-router'
import type { TokenResponse } from '@/api/types'
import { AUTH_STORAGE_KEY, useUserStore } from '@/stores/user'
import { permissionGuard, safeRedirect } from '@/router/guard'
import { ApiError, http, onUnauthorized } from '@/utils/request'

const tokens: TokenResponse = {
  access_token: 'access-1',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: 'refresh-1',
  user: { id: 'u1', username: 'office', display_name: '综合办公室', roles: [{ role: 'office' }] },
}

function route(partial: Partial<RouteLocationNormalized>): RouteLocationNormalized {
  return { path: '/', fullPath: '/', name: undefined, query: {}, meta: {}, ...partial } as RouteLocationNormalized
}

function jsonResponse(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } })
}

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  vi.unstubAllGlobals()
})

describe('user store', () => {
  it('persists the session to localStorage and restores it in a new store', () => {
    useUserStore().setSession(tokens, 1_000_000)
    const saved = JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? 'null')
    expect(saved).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: 1_900_000 })

    setActivePinia(createPinia()) // as after a page reload
    const restored = useUserStore()
    expect(restored.isLoggedIn).toBe(true)
    expect(restored.accessToken).toBe('access-1')
    expect(restored.displayName).toBe('综合办公室')
  })

  it('clearSession forgets everything, in storage too', () => {
    const session = useUserStore()
    session.setSession(tokens)
    session.clearSession()
    expect(session.isLoggedIn).toBe(false)
    expect(session.user).toBeNull()
    expect(localStorage.getItem(AUTH_STORAGE_KEY)).toBeNull()
  })

  it('ignores corrupt storage', () => {
    localStorage.setItem(AUTH_STORAGE_KEY, '{not json')
    expect(useUserStore().isLoggedIn).toBe(false)
    setActivePinia(createPinia())
    localStorage.setItem(AUTH_STORAGE_KEY, JSON.stringify({ accessToken: '' }))
    expect(useUserStore().isLoggedIn).toBe(false)
  })
})

describe('permission guard', () => {
  it('sends a visitor without a token to /login, remembering the target', () => {
    expect(permissionGuard(route({ path: '/issues', fullPath: '/issues?page=2' }))).toEqual({
      name: 'login',
      query: { redirect: '/issues?page=2' },
    })
    expect(permissionGuard(route({ path: '/', fullPath: '/' }))).toEqual({ name: 'login' })
  })

  it('lets a visitor with a token through', () => {
    useUserStore().setSession(tokens)
    expect(permissionGuard(route({ path: '/issues', fullPath: '/issues' }))).toBe(true)
  })

  it('lets anybody see public pages, and sends a logged-in user away from /login', () => {
    const login = route({ path: '/login', fullPath: '/login?redirect=/x', name: 'login', meta: { public: true }, query: { redirect: '/x' } })
    expect(permissionGuard(login)).toBe(true)
    useUserStore().setSession(tokens)
    expect(permissionGuard(login)).toBe('/x')
  })

  it('accepts only same-site redirects', () => {
    expect(safeRedirect('/issues?x=1')).toBe('/issues?x=1')
    expect(safeRedirect('//evil.example/')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example/')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect(['/a'])).toBe('/')
  })
})

describe('request', () => {
  it('sends JSON with the bearer token and returns the parsed body', async () => {
    useUserStore().setSession(tokens)
    const fetchMock = vi.fn(async () => jsonResponse(200, { ok: 1 }))
    vi.stubGlobal('fetch', fetchMock)
    await expect(http.post('/issues', { title: '标题' }, { query: { page: 1, q: '' } })).resolves.toEqual({ ok: 1 })
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/issues?page=1')
    expect(init.method).toBe('POST')
    expect(init.body).toBe('{"title":"标题"}')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer access-1')
  })

  it('turns problem+json into an ApiError carrying the Chinese detail', async () => {
    const problem = {
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: '统一社会信用代码校验位不正确',
      code: 'validation_failed',
      errors: [{ field: 'enterprise_uscc', message: '校验位不正确' }],
    }
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(422, problem, 'application/problem+json')))
    const err = await http.get('/issues').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).status).toBe(422)
    expect((err as ApiError).detail).toBe('统一社会信用代码校验位不正确')
    expect((err as ApiError).code).toBe('validation_failed')
    expect((err as ApiError).fieldErrors).toEqual([{ field: 'enterprise_uscc', message: '校验位不正确' }])
  })

  it('gives a Chinese message when the body is not a problem', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })))
    await expect(http.get('/x')).rejects.toThrow('服务器暂时无法处理请求（HTTP 502），请稍后重试')
    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch') }))
    await expect(http.get('/x')).rejects.toThrow('网络连接失败，请检查网络后重试')
  })

  it('drops the session on 401 and calls the unauthorized handler', async () => {
    const session = useUserStore()
    session.setSession(tokens)
    const handler = vi.fn()
    onUnauthorized(handler)
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse(401, { detail: '登录已过期' }, 'application/problem+json')))
    await expect(http.get('/auth/me')).rejects.toThrow('登录已过期')
    expect(session.isLoggedIn).toBe(false)
    expect(handler).toHaveBeenCalledOnce()
  })
})
