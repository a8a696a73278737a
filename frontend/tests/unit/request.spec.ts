// @vitest-environment happy-dom
/**
 * The API client wrapper (src/utils/request.ts): token, silent refresh with rotation,
 * 401 handling, problem details and network failures.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useUserStore, AUTH_STORAGE_KEY } from '@/stores/user'
import {
  ApiError,
  REFRESH_MARGIN_MS,
  api,
  refreshSession,
  request,
  resetRequestHooks,
  setRequestHooks,
  unwrap,
} from '@/utils/request'
import { getIssue, transitionIssue, updateIssue } from '@/api/issues'
import { getMe, login, logout } from '@/api/auth'
import { issue, json, problem, tokens, user } from './fixtures'

interface Call {
  method: string
  path: string
  auth: string | null
  ifMatch: string | null
  body: unknown
}

/**
 * A fake backend: accepts only the current access token, rotates refresh tokens (each usable
 * once) and records every call.
 */
function fakeServer(options: { refreshOk?: boolean; routes?: (call: Call) => Response | undefined } = {}) {
  const state = { access: 'access-1', refresh: 'refresh-1', n: 1 }
  const calls: Call[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(String(input), init)
    const url = new URL(req.url, 'http://localhost')
    const text = await req.text()
    const call: Call = {
      method: req.method,
      path: url.pathname + url.search,
      auth: req.headers.get('Authorization'),
      ifMatch: req.headers.get('If-Match'),
      body: text ? JSON.parse(text) : undefined,
    }
    calls.push(call)
    await new Promise((resolve) => setTimeout(resolve, 5))
    if (url.pathname === '/api/v1/auth/refresh') {
      const presented = (call.body as { refresh_token: string }).refresh_token
      if (options.refreshOk === false || presented !== state.refresh) {
        return problem(401, 'invalid_refresh_token', '登录已过期, 请重新登录')
      }
      state.n += 1
      state.access = `access-${state.n}`
      state.refresh = `refresh-${state.n}`
      return json(200, tokens(state.n))
    }
    if (url.pathname === '/api/v1/auth/login') return json(200, tokens(1))
    if (call.auth !== `Bearer ${state.access}`) return problem(401, 'invalid_token', '登录已失效, 请重新登录')
    const routed = options.routes?.(call)
    if (routed) return routed
    if (url.pathname === '/api/v1/auth/me') return json(200, user())
    return json(200, { ok: true, path: url.pathname })
  })
  vi.stubGlobal('fetch', fetchMock)
  return { state, calls, fetchMock }
}

const notify = vi.fn()
const unauthorized = vi.fn()
const passwordChangeRequired = vi.fn()

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
  notify.mockReset()
  unauthorized.mockReset()
  passwordChangeRequired.mockReset()
  setRequestHooks({ notify, unauthorized, passwordChangeRequired })
})

afterEach(() => {
  vi.unstubAllGlobals()
  vi.useRealTimers()
  resetRequestHooks()
})

describe('token', () => {
  it('sends the bearer token and returns the parsed body', async () => {
    const { calls } = fakeServer()
    useUserStore().setSession(tokens(1))
    await expect(getMe()).resolves.toEqual(user())
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/api/v1/auth/me', auth: 'Bearer access-1' })
  })

  it('never sends the token to the sign-in endpoint', async () => {
    const { calls } = fakeServer()
    useUserStore().setSession(tokens(1))
    await login({ username: 'office', password: 'Lvyue#Demo2024' })
    expect(calls[0]).toMatchObject({ path: '/api/v1/auth/login', auth: null })
    expect(calls[0]?.body).toEqual({ username: 'office', password: 'Lvyue#Demo2024' })
  })

  it('serialises the query and sends JSON bodies', async () => {
    const { calls } = fakeServer()
    useUserStore().setSession(tokens(1))
    await request(
      api.GET('/api/v1/issues', {
        params: { query: { state: ['assigned', 'rectifying'], page: 2, sort: '-deadline' } },
      }),
    )
    expect(calls[0]?.path).toBe('/api/v1/issues?state=assigned,rectifying&page=2&sort=-deadline')
    await request(
      api.POST('/api/v1/issues/{id}/progress', { params: { path: { id: 'i1' } }, body: { note: '已支付首笔款' } }),
    )
    expect(calls[1]).toMatchObject({
      method: 'POST',
      path: '/api/v1/issues/i1/progress',
      body: { note: '已支付首笔款' },
    })
  })
})

describe('silent refresh', () => {
  it('on 401 exchanges the refresh token, stores the rotated pair and repeats the request', async () => {
    const { calls, state } = fakeServer()
    const session = useUserStore()
    session.setSession(tokens(1))
    state.access = 'access-expired-on-server' // the server no longer accepts access-1
    state.refresh = 'refresh-1'
    // the server hands out access-2 for refresh-1
    await expect(getMe()).resolves.toEqual(user())
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/auth/me', '/api/v1/auth/refresh', '/api/v1/auth/me'])
    expect(calls[1]).toMatchObject({ auth: null, body: { refresh_token: 'refresh-1' } })
    expect(calls[2]?.auth).toBe('Bearer access-2')
    expect(session.accessToken).toBe('access-2')
    expect(session.refreshToken).toBe('refresh-2')
    expect(JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? '{}')).toMatchObject({ refreshToken: 'refresh-2' })
    expect(unauthorized).not.toHaveBeenCalled()
    expect(notify).not.toHaveBeenCalled()
  })

  it('concurrent 401s share one refresh (a refresh token is single-use)', async () => {
    const { calls, state } = fakeServer()
    useUserStore().setSession(tokens(1))
    state.access = 'rotated-elsewhere'
    const results = await Promise.all([getMe(), getMe(), request(api.GET('/api/v1/units')), getMe()])
    expect(results).toHaveLength(4)
    const refreshes = calls.filter((c) => c.path === '/api/v1/auth/refresh')
    expect(refreshes).toHaveLength(1)
    const retried = calls.filter((c) => c.path !== '/api/v1/auth/refresh' && c.auth === 'Bearer access-2')
    expect(retried).toHaveLength(4)
    expect(useUserStore().refreshToken).toBe('refresh-2')
  })

  it('later refreshes present the newest refresh token (rotation chain)', async () => {
    const { calls, state } = fakeServer()
    const session = useUserStore()
    session.setSession(tokens(1))
    await expect(refreshSession()).resolves.toBe(true)
    await expect(refreshSession()).resolves.toBe(true)
    const presented = calls
      .filter((c) => c.path === '/api/v1/auth/refresh')
      .map((c) => (c.body as { refresh_token: string }).refresh_token)
    expect(presented).toEqual(['refresh-1', 'refresh-2'])
    expect(session.refreshToken).toBe('refresh-3')
    expect(state.refresh).toBe('refresh-3')
  })

  it('refreshes before sending when the access token is about to expire', async () => {
    const { calls } = fakeServer()
    const session = useUserStore()
    session.setSession(tokens(1), Date.now() - 900_000 + REFRESH_MARGIN_MS / 2)
    await getMe()
    expect(calls.map((c) => `${c.path} ${c.auth}`)).toEqual([
      '/api/v1/auth/refresh null',
      '/api/v1/auth/me Bearer access-2',
    ])
  })

  it('adopts tokens that another tab has just rotated instead of replaying the old refresh token', async () => {
    const { calls, state } = fakeServer()
    const session = useUserStore()
    session.setSession(tokens(1))
    // Another tab refreshed: the server moved on and the shared storage holds the new pair.
    state.access = 'access-7'
    state.refresh = 'refresh-7'
    const other = {
      ...JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? '{}'),
      accessToken: 'access-7',
      refreshToken: 'refresh-7',
    }
    localStorage.setItem(AUTH_STORAGE_KEY, JSON.stringify(other))
    await expect(getMe()).resolves.toEqual(user())
    expect(calls.filter((c) => c.path === '/api/v1/auth/refresh')).toHaveLength(0)
    expect(calls.at(-1)?.auth).toBe('Bearer access-7')
    expect(session.refreshToken).toBe('refresh-7')
  })
})

describe('401 that a refresh cannot cure', () => {
  it('forgets the session and calls the unauthorized handler once, without an error message', async () => {
    const { state } = fakeServer({ refreshOk: false })
    const session = useUserStore()
    session.setSession(tokens(1))
    state.access = 'revoked'
    const errors = await Promise.all([getMe().catch((e: unknown) => e), getMe().catch((e: unknown) => e)])
    for (const err of errors) {
      expect(err).toBeInstanceOf(ApiError)
      expect((err as ApiError).status).toBe(401)
    }
    expect(session.isLoggedIn).toBe(false)
    expect(localStorage.getItem(AUTH_STORAGE_KEY)).toBeNull()
    expect(unauthorized).toHaveBeenCalledTimes(1)
    expect(notify).not.toHaveBeenCalled()
  })

  it('does not try to refresh without a refresh token', async () => {
    const { calls, state } = fakeServer()
    useUserStore().setSession(tokens(1, { refresh_token: '' }))
    useUserStore().dropRefreshToken()
    state.access = 'revoked'
    await expect(getMe()).rejects.toBeInstanceOf(ApiError)
    expect(calls.map((c) => c.path)).toEqual(['/api/v1/auth/me'])
    expect(unauthorized).toHaveBeenCalledTimes(1)
  })
  it('mid-work, asks once to sign in again in place and repeats the waiting requests with the new token', async () => {
    const { calls, state } = fakeServer({ refreshOk: false })
    const session = useUserStore()
    session.setSession(tokens(1))
    state.access = 'revoked'
    const reauthenticate = vi.fn(async () => {
      // What the prompt does: the user signs in again (the server hands out access-7).
      state.access = 'access-7'
      session.setSession(tokens(7))
      return true
    })
    setRequestHooks({ reauthenticate })
    const [me, page] = await Promise.all([
      getMe(),
      request(api.POST('/api/v1/issues/{id}/progress', { params: { path: { id: 'i1' } }, body: { note: '已整改' } })),
    ])
    expect(me).toEqual(user())
    expect(page).toMatchObject({ path: '/api/v1/issues/i1/progress' })
    expect(reauthenticate).toHaveBeenCalledTimes(1)
    const repeated = calls.filter((c) => c.auth === 'Bearer access-7')
    expect(repeated.map((c) => c.path).sort()).toEqual(['/api/v1/auth/me', '/api/v1/issues/i1/progress'])
    expect(repeated.find((c) => c.method === 'POST')?.body).toEqual({ note: '已整改' })
    expect(session.isLoggedIn).toBe(true)
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('ends the session as before when the user gives up signing in again', async () => {
    const { state } = fakeServer({ refreshOk: false })
    const session = useUserStore()
    session.setSession(tokens(1))
    state.access = 'revoked'
    setRequestHooks({ reauthenticate: async () => false })
    await expect(getMe()).rejects.toBeInstanceOf(ApiError)
    expect(session.isLoggedIn).toBe(false)
    expect(unauthorized).toHaveBeenCalledTimes(1)
  })
})

describe('problem details', () => {
  it.each([
    [403, 'forbidden', '角色无权执行该操作'],
    [404, 'not_found', '问题不存在或无权查看'],
    [409, 'action_not_allowed', '问题处于「交办」状态, 不能执行「提交核查」; 当前可执行: 退回、签收整改'],
    [412, 'version_mismatch', '该问题已被他人修改, 请刷新后在最新版本上重新操作'],
  ])('%i: throws an ApiError with the Chinese detail and shows it', async (status, code, detail) => {
    fakeServer({ routes: () => problem(status, code, detail, { allowed_actions: ['return', 'accept'] }) })
    useUserStore().setSession(tokens(1))
    const err = (await getIssue('x').catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(status)
    expect(err.code).toBe(code)
    expect(err.detail).toBe(detail)
    expect(err.problem.allowed_actions).toEqual(['return', 'accept'])
    expect(notify).toHaveBeenCalledExactlyOnceWith(detail)
  })

  it('keeps validation errors for the form and stays quiet when the caller reports them', async () => {
    const errors = [{ field: 'enterprise_uscc', message: '统一社会信用代码校验位不正确' }]
    fakeServer({ routes: () => problem(422, 'validation_failed', '请求中有 1 处错误', { errors }) })
    useUserStore().setSession(tokens(1))
    const err = (await request(
      api.POST('/api/v1/issues', {
        body: { title: 't', description: 'd', category: 'c', problem_type: 'p', source: 's', enterprise_name: 'e' },
      }),
      { quiet: [422] },
    ).catch((e: unknown) => e)) as ApiError
    expect(err.fieldErrors).toEqual(errors)
    expect(notify).not.toHaveBeenCalled()
  })

  it('sends an account that must change its password to the password page', async () => {
    fakeServer({ routes: () => problem(403, 'password_change_required', '首次登录或密码已被重置, 请先修改密码') })
    useUserStore().setSession(tokens(1))
    await expect(getIssue('x')).rejects.toMatchObject({ code: 'password_change_required' })
    expect(passwordChangeRequired).toHaveBeenCalledOnce()
    expect(notify).not.toHaveBeenCalled()
  })

  it('gives a Chinese message when the body is not a problem, and on network failure', async () => {
    useUserStore().setSession(tokens(1))
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>bad gateway</html>', { status: 502 })),
    )
    await expect(getMe()).rejects.toThrow('服务器暂时无法处理请求（HTTP 502），请稍后重试')
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch')
      }),
    )
    const err = (await getMe().catch((e: unknown) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(0)
    expect(err.detail).toBe('网络连接失败，请检查网络后重试')
    expect(notify).toHaveBeenLastCalledWith('网络连接失败，请检查网络后重试')
    expect(useUserStore().isLoggedIn).toBe(true) // a network failure is not a sign-out
  })
})

describe('versions (ETag / If-Match)', () => {
  it('returns the ETag of a read and sends it back as If-Match', async () => {
    const read = issue({ editable_fields: ['title'] })
    const { calls } = fakeServer({
      routes: (call) => {
        if (call.method === 'GET') return json(200, read, { ETag: '"2"' })
        if (call.method === 'PATCH') return json(200, { ...read, version: 3, title: '新标题' }, { ETag: '"3"' })
        if (call.method === 'POST') return json(200, { ...read, version: 3, state: 'rectifying' }, { ETag: '"3"' })
        return undefined
      },
    })
    useUserStore().setSession(tokens(1))
    const got = await getIssue(read.id)
    expect(got.etag).toBe('"2"')
    const saved = await updateIssue(read.id, got.etag, { title: '新标题' })
    expect(saved.etag).toBe('"3"')
    expect(calls[1]).toMatchObject({ method: 'PATCH', ifMatch: '"2"', body: { title: '新标题' } })
    await transitionIssue(read.id, { action: 'accept', measures: '成立专班' }, got.etag)
    expect(calls[2]).toMatchObject({ method: 'POST', ifMatch: '"2"', body: { action: 'accept', measures: '成立专班' } })
  })

  it('unwrap exposes the response for headers', async () => {
    fakeServer({ routes: () => json(200, issue(), { ETag: '"9"' }) })
    useUserStore().setSession(tokens(1))
    const { response } = await unwrap(api.GET('/api/v1/issues/{id}', { params: { path: { id: 'x' } } }))
    expect(response.headers.get('ETag')).toBe('"9"')
  })
})

describe('sign-out', () => {
  it('a refresh that answers after sign-out does not bring the session back', async () => {
    fakeServer()
    const session = useUserStore()
    session.setSession(tokens(1))
    const pending = refreshSession()
    session.clearSession() // the user signs out while the refresh is on its way
    await expect(pending).resolves.toBe(false)
    expect(session.isLoggedIn).toBe(false)
    expect(localStorage.getItem(AUTH_STORAGE_KEY)).toBeNull()
  })

  it('revokes the session on the server without refreshing first', async () => {
    const { calls } = fakeServer({
      routes: (call) => (call.path === '/api/v1/auth/logout' ? new Response(null, { status: 204 }) : undefined),
    })
    const session = useUserStore()
    session.setSession(tokens(1), Date.now() - 899_000) // about to expire
    await logout()
    expect(calls.map((c) => `${c.method} ${c.path} ${c.auth}`)).toEqual(['POST /api/v1/auth/logout Bearer access-1'])
  })
})
