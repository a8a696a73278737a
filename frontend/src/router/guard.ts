/**
 * Permission guard (placeholder). Today: a route not marked `meta.public` needs a token,
 * otherwise go to /login?redirect=… . Later: load /auth/me, build menus from the roles the
 * server returns. Route-level role checks stay coarse; the server enforces every right.
 */
import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router'
import { useUserStore } from '@/stores/user'
import { onUnauthorized } from '@/utils/request'
import { PRODUCT_NAME } from './routes'

/** Only same-site paths are accepted as a post-login redirect (no open redirect). */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) {
    return '/'
  }
  return value
}

export function permissionGuard(to: RouteLocationNormalized): RouteLocationRaw | true {
  const session = useUserStore()
  if (to.meta.public) {
    if (to.name === 'login' && session.isLoggedIn) return safeRedirect(to.query.redirect)
    return true
  }
  if (!session.isLoggedIn) {
    return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { redirect: to.fullPath } }
  }
  return true
}

export function setupGuards(router: Router): void {
  router.beforeEach((to) => permissionGuard(to))
  router.afterEach((to) => {
    document.title = to.meta.title && to.name !== 'home' ? `${to.meta.title} - 履约` : PRODUCT_NAME
  })
  onUnauthorized(() => {
    const current = router.currentRoute.value
    if (!current.meta.public) {
      void router.replace({ name: 'login', query: { redirect: current.fullPath } })
    }
  })
}
