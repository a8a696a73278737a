// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { RouteLocationNormalized } from 'vue-router'
import { AUTH_STORAGE_KEY, useUserStore } from '@/stores/user'
import { permissionGuard, safeRedirect } from '@/router/guard'
import { ACTIVITY_STORAGE_KEY, IDLE_TIMEOUT_MS } from '@/utils/idle'
import { tokens, user } from './fixtures'

function route(partial: Partial<RouteLocationNormalized>): RouteLocationNormalized {
  return { path: '/', fullPath: '/', name: undefined, query: {}, meta: {}, ...partial } as RouteLocationNormalized
}

const issues = route({
  path: '/issues',
  fullPath: '/issues?page=2',
  name: 'issues',
  meta: { permission: 'read_issues' },
})

beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

describe('user store', () => {
  it('turns 灰色模式 on only when GET /auth/me says grayscale: true', () => {
    const session = useUserStore()
    session.setSession(tokens(1))
    expect(session.grayscale).toBe(false) // today's server sends no flag
    session.setUser({ ...user(), grayscale: true } as ReturnType<typeof user>)
    expect(session.grayscale).toBe(true)
    session.setUser({ ...user(), grayscale: 'yes' } as unknown as ReturnType<typeof user>)
    expect(session.grayscale).toBe(false)
  })

  it('persists the session to localStorage and restores it in a new store', () => {
    useUserStore().setSession(tokens(1), 1_000_000)
    const saved = JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? 'null')
    expect(saved).toMatchObject({ accessToken: 'access-1', refreshToken: 'refresh-1', expiresAt: 1_900_000 })

    setActivePinia(createPinia()) // as after a page reload
    const restored = useUserStore()
    expect(restored.isLoggedIn).toBe(true)
    expect(restored.accessToken).toBe('access-1')
    expect(restored.displayName).toBe('综合办公室·王敏')
    expect(restored.hasPermission('read_issues')).toBe(true)
    expect(restored.hasPermission('read_audit')).toBe(false)
  })

  it('clearSession forgets everything, in storage too', () => {
    const session = useUserStore()
    session.setSession(tokens(1))
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

  it('follows another tab through the shared storage', () => {
    const session = useUserStore()
    session.setSession(tokens(1))
    expect(session.syncFromStorage()).toBe(false)
    const saved = JSON.parse(localStorage.getItem(AUTH_STORAGE_KEY) ?? '{}')
    localStorage.setItem(
      AUTH_STORAGE_KEY,
      JSON.stringify({ ...saved, accessToken: 'access-2', refreshToken: 'refresh-2' }),
    )
    expect(session.syncFromStorage()).toBe(true)
    expect(session.refreshToken).toBe('refresh-2')
    localStorage.removeItem(AUTH_STORAGE_KEY)
    expect(session.syncFromStorage()).toBe(true)
    expect(session.isLoggedIn).toBe(false)
  })

  it('knows when the access token is about to expire', () => {
    const session = useUserStore()
    session.setSession(tokens(1), 0) // expires at 900 000
    expect(session.expiresWithin(60_000, 800_000)).toBe(false)
    expect(session.expiresWithin(60_000, 850_000)).toBe(true)
  })
})

describe('permission guard', () => {
  it('sends a visitor without a token to /login, remembering the target', () => {
    expect(permissionGuard(issues)).toEqual({ name: 'login', query: { redirect: '/issues?page=2' } })
    expect(permissionGuard(route({ path: '/', fullPath: '/', name: 'root' }))).toEqual({ name: 'login' })
  })

  it('lets a visitor with a token through and sends / to the home of the roles', () => {
    useUserStore().setSession(tokens(1))
    expect(permissionGuard(issues)).toBe(true)
    expect(permissionGuard(route({ name: 'root' }))).toEqual({ name: 'workbench' })
    useUserStore().setUser(user({ roles: [{ role: 'auditor', label: '安全审计员' }], permissions: ['read_audit'] }))
    expect(permissionGuard(route({ name: 'root' }))).toEqual({ name: 'about' })
  })

  it('keeps a user off pages their permissions do not allow', () => {
    useUserStore().setSession(tokens(1, { user: user({ permissions: ['read_audit'] }) }))
    expect(permissionGuard(issues)).toEqual({ name: 'about' })
  })

  it('sends an account that must change its password to /password first', () => {
    useUserStore().setSession(tokens(1, { user: user({ must_change_password: true }) }))
    expect(permissionGuard(issues)).toEqual({ name: 'password', query: { redirect: '/issues?page=2' } })
    expect(permissionGuard(route({ name: 'password', meta: { passwordChange: true } }))).toBe(true)
  })

  it('sends an account that must set up its second factor to /totp, after any password change', () => {
    useUserStore().setSession(tokens(1, { user: user({ must_enroll_totp: true }) }))
    expect(permissionGuard(issues)).toEqual({ name: 'totp', query: { redirect: '/issues?page=2' } })
    expect(permissionGuard(route({ name: 'totp', meta: { totpEnrollment: true } }))).toBe(true)
    useUserStore().setSession(tokens(1, { user: user({ must_enroll_totp: true, must_change_password: true }) }))
    expect(permissionGuard(issues)).toEqual({ name: 'password', query: { redirect: '/issues?page=2' } })
  })

  it('does not resume a session left idle for the timeout', () => {
    const now = 10_000_000_000
    useUserStore().setSession(tokens(1))
    localStorage.setItem(ACTIVITY_STORAGE_KEY, String(now - IDLE_TIMEOUT_MS + 1000))
    expect(permissionGuard(issues, now)).toBe(true)
    localStorage.setItem(ACTIVITY_STORAGE_KEY, String(now - IDLE_TIMEOUT_MS))
    expect(permissionGuard(issues, now)).toEqual({ name: 'login', query: { redirect: '/issues?page=2' } })
    expect(useUserStore().isLoggedIn).toBe(false)
  })

  it('lets anybody see public pages, and sends a logged-in user away from /login', () => {
    const login = route({
      path: '/login',
      fullPath: '/login?redirect=/x',
      name: 'login',
      meta: { public: true },
      query: { redirect: '/x' },
    })
    expect(permissionGuard(login)).toBe(true)
    useUserStore().setSession(tokens(1))
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
