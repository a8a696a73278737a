/**
 * Navigation guard: a route not marked `meta.public` needs a session (else /login?redirect=…);
 * an account that must change its password goes to /password first; a page whose
 * `meta.permission` the user lacks sends them home; a session idle for 30 minutes is ended.
 * The server enforces every right; this only keeps users off pages that would fail.
 */
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { AUTH_STORAGE_KEY, useUserStore } from '@/stores/user'
import { useOrgStore } from '@/stores/org'
import { setRequestHooks } from '@/utils/request'
import { clearActivity, isIdle } from '@/utils/idle'
import { requestRelogin } from '@/utils/relogin'
import { homeRouteName } from './menu'
import { PRODUCT_NAME } from './routes'

/** Only same-site paths are accepted as a post-login redirect (no open redirect). */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return '/'
  }
  return value
}

function toLogin(to: RouteLocationNormalized): RouteLocationRaw {
  return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } }
}

export function permissionGuard(to: RouteLocationNormalized, now: number = Date.now()): RouteLocationRaw | true {
  const session = useUserStore()
  if (to.meta.public) {
    if (to.name === 'login' && session.isLoggedIn && !session.mustChangePassword) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.isLoggedIn) return toLogin(to)
  if (isIdle(now)) {
    // The browser kept a session nobody used for the idle timeout: do not resume it.
    session.clearSession()
    clearActivity()
    return toLogin(to)
  }
  if (session.mustChangePassword && !to.meta.passwordChange) {
    return { name: 'password', query: { redirect: to.fullPath } }
  }
  if (!session.mustChangePassword && session.mustEnrollTotp && !to.meta.totpEnrollment) {
    return { name: 'totp', query: { redirect: to.fullPath } }
  }
  if (to.name === 'root') return { name: homeRouteName(session.permissions, session.user?.roles) }
  if (to.meta.permission && !session.hasPermission(to.meta.permission)) {
    return { name: homeRouteName(session.permissions, session.user?.roles) }
  }
  return true
}

/** Signs out locally and goes to the sign-in page, remembering the page (used on 401 and idle). */
export function toSignIn(router: Router, message?: string): void {
  const session = useUserStore()
  session.clearSession()
  useOrgStore().reset()
  const current = router.currentRoute.value
  if (message) ElMessage.warning({ message, grouping: true })
  if (!current.meta.public) {
    void router.replace({ name: 'login', query: current.fullPath === '/' ? {} : { redirect: current.fullPath } })
  }
}

export function setupGuards(router: Router): void {
  router.beforeEach((to) => permissionGuard(to))
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} - 履约` : PRODUCT_NAME
  })
  setRequestHooks({
    unauthorized: () => toSignIn(router, '登录已失效，请重新登录'),
    // Mid-work, sign in again in a modal first (the frame mounts it); the page stays.
    reauthenticate: requestRelogin,
    passwordChangeRequired: () => {
      const current = router.currentRoute.value
      if (current.name !== 'password') {
        void router.replace({ name: 'password', query: { redirect: current.fullPath } })
      }
    },
  })
  // Another tab signed in, out or rotated the tokens: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key !== null && event.key !== AUTH_STORAGE_KEY) return
    const session = useUserStore()
    if (session.syncFromStorage() && !session.isLoggedIn) toSignIn(router)
  })
}
