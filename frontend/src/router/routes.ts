import type { RouteRecordRaw } from 'vue-router'

export const PRODUCT_NAME = '履约 · 强化政府履约专项行动管理系统'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title, shown as "title - 履约". */
    title?: string
    /** Reachable without a token (the login page). */
    public?: boolean
  }
}

// Pages are lazy-loaded so the initial bundle stays within the budget.
export const routes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('@/views/login/index.vue'),
    meta: { title: '登录', public: true },
  },
  {
    path: '/',
    component: () => import('@/layout/index.vue'),
    children: [
      {
        path: '',
        name: 'home',
        component: () => import('@/views/home/index.vue'),
        meta: { title: '首页' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('@/views/error/404.vue'),
    meta: { title: '页面不存在', public: true },
  },
]
