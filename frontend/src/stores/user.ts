/**
 * Session store: tokens and the logged-in user, persisted to localStorage so a reload
 * keeps the session. Only this store reads or writes the storage key.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { CurrentUser, Permission, TokenResponse } from '@/api/types'
import { holds, type PendingPermission } from '@/utils/permission'

export const AUTH_STORAGE_KEY = 'lvyue.auth'

interface PersistedAuth {
  accessToken: string
  refreshToken: string | null
  tokenType: string
  /** Epoch milliseconds at which the access token expires. */
  expiresAt: number | null
  user: CurrentUser | null
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // e.g. storage disabled by browser policy
  }
}

function load(): PersistedAuth | null {
  const raw = storage()?.getItem(AUTH_STORAGE_KEY)
  if (!raw) return null
  try {
    const data = JSON.parse(raw) as Partial<PersistedAuth>
    if (typeof data.accessToken !== 'string' || data.accessToken === '') return null
    return {
      accessToken: data.accessToken,
      refreshToken: typeof data.refreshToken === 'string' ? data.refreshToken : null,
      tokenType: typeof data.tokenType === 'string' ? data.tokenType : 'Bearer',
      expiresAt: typeof data.expiresAt === 'number' ? data.expiresAt : null,
      user: data.user ?? null,
    }
  } catch {
    return null
  }
}

export const useUserStore = defineStore('user', () => {
  const saved = load()
  const accessToken = ref<string | null>(saved?.accessToken ?? null)
  const refreshToken = ref<string | null>(saved?.refreshToken ?? null)
  const tokenType = ref<string>(saved?.tokenType ?? 'Bearer')
  const expiresAt = ref<number | null>(saved?.expiresAt ?? null)
  const user = ref<CurrentUser | null>(saved?.user ?? null)

  const isLoggedIn = computed(() => accessToken.value !== null)
  const displayName = computed(() => user.value?.display_name || user.value?.username || '')
  /** What the user's roles allow (`GET /auth/me` `permissions`), for menus and routes. */
  const permissions = computed<readonly Permission[]>(() => user.value?.permissions ?? [])
  const mustChangePassword = computed(() => user.value?.must_change_password === true)
  /** The account's roles require a second factor it has not set up: it must enrol first. */
  const mustEnrollTotp = computed(() => user.value?.must_enroll_totp === true)
  /**
   * 灰色模式 for days of national mourning: a server setting (系统设置 `display.grayscale`) for
   * everyone, read from the `grayscale` flag of GET /auth/me.
   */
  const grayscale = computed(() => user.value?.grayscale === true)

  /** What the server granted (see utils/permission.ts); menus, routes and buttons ask this. */
  function hasPermission(permission: Permission | PendingPermission): boolean {
    return holds(user.value, permission)
  }

  /** True when the access token expires within `marginMs` (or has no known expiry: false). */
  function expiresWithin(marginMs: number, now: number = Date.now()): boolean {
    return expiresAt.value !== null && expiresAt.value - now <= marginMs
  }

  function persist(): void {
    const store = storage()
    if (!store) return
    if (accessToken.value === null) {
      store.removeItem(AUTH_STORAGE_KEY)
      return
    }
    const data: PersistedAuth = {
      accessToken: accessToken.value,
      refreshToken: refreshToken.value,
      tokenType: tokenType.value,
      expiresAt: expiresAt.value,
      user: user.value,
    }
    store.setItem(AUTH_STORAGE_KEY, JSON.stringify(data))
  }

  /** Stores the answer of /auth/login (or /auth/refresh). */
  function setSession(tokens: TokenResponse, now: number = Date.now()): void {
    accessToken.value = tokens.access_token
    refreshToken.value = tokens.refresh_token
    tokenType.value = tokens.token_type || 'Bearer'
    expiresAt.value = Number.isFinite(tokens.expires_in) ? now + tokens.expires_in * 1000 : null
    user.value = tokens.user
    persist()
  }

  function setUser(next: CurrentUser): void {
    user.value = next
    persist()
  }

  /**
   * Re-reads the persisted session, which another tab may have changed (a rotated refresh
   * token, a sign-out). Answers true when something changed.
   */
  function syncFromStorage(): boolean {
    if (!storage()) return false
    const stored = load()
    if ((stored?.accessToken ?? null) === accessToken.value && (stored?.refreshToken ?? null) === refreshToken.value) {
      return false
    }
    accessToken.value = stored?.accessToken ?? null
    refreshToken.value = stored?.refreshToken ?? null
    tokenType.value = stored?.tokenType ?? 'Bearer'
    expiresAt.value = stored?.expiresAt ?? null
    user.value = stored?.user ?? null
    return true
  }

  /** Forgets a refresh token the server refused (used up, expired or revoked). */
  function dropRefreshToken(): void {
    refreshToken.value = null
    persist()
  }

  /** Forgets the session locally (logout, or the server said 401). */
  function clearSession(): void {
    accessToken.value = null
    refreshToken.value = null
    tokenType.value = 'Bearer'
    expiresAt.value = null
    user.value = null
    persist()
  }

  return {
    accessToken,
    refreshToken,
    tokenType,
    expiresAt,
    user,
    isLoggedIn,
    displayName,
    permissions,
    mustChangePassword,
    mustEnrollTotp,
    grayscale,
    hasPermission,
    expiresWithin,
    setSession,
    setUser,
    syncFromStorage,
    dropRefreshToken,
    clearSession,
  }
})
