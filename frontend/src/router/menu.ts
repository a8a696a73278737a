/**
 * The sidebar menu and the home page, from the routes' meta and the permissions the server
 * gave the user. A page the user may not use is neither in the menu nor reachable by URL (the
 * guard sends them home); the server still checks every call.
 */
import type { RouteRecordRaw } from 'vue-router'

export interface MenuEntry {
  name: string
  path: string
  title: string
  icon: string
}

/** Menu entries of the layout's child routes that `permissions` allow, in route order. */
export function buildMenu(routes: readonly RouteRecordRaw[], permissions: readonly string[]): MenuEntry[] {
  const entries: MenuEntry[] = []
  for (const route of routes) {
    for (const child of route.children ?? []) {
      const meta = child.meta
      if (!meta?.menu || typeof child.name !== 'string') continue
      if (meta.permission && !permissions.includes(meta.permission)) continue
      const base = route.path.endsWith('/') ? route.path : `${route.path}/`
      entries.push({
        name: child.name,
        path: `${base}${child.path}`,
        title: meta.title ?? child.name,
        icon: meta.menu.icon,
      })
    }
  }
  return entries
}

/**
 * The page a user lands on: a leader (who acts on no problem) the 调度会 dashboard, other
 * business roles their workbench, everyone else the overview. A landing page is a preference
 * of the UI, not a right: the dashboard is still behind `read_statistics`.
 */
export function homeRouteName(
  permissions: readonly string[],
  roles: readonly { role: string }[] = [],
): 'dashboard' | 'workbench' | 'about' {
  const leads = roles.length > 0 && roles.every((grant) => grant.role === 'leader')
  if (leads && permissions.includes('read_statistics')) return 'dashboard'
  return permissions.includes('read_issues') ? 'workbench' : 'about'
}
