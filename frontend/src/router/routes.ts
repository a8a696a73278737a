import type { RouteRecordRaw } from 'vue-router'
import type { Permission } from '@/api/types'

export const PRODUCT_NAME = '履约 · 强化政府履约专项行动管理系统'

declare module 'vue-router' {
  interface RouteMeta {
    /** Page title, shown as "title - 履约" and in the breadcrumb. */
    title?: string
    /** Reachable without a token (the login page). */
    public?: boolean
    /** The permission (`GET /auth/me` `permissions`) the page needs; also hides its menu entry. */
    permission?: Permission
    /** Shown in the sidebar, with this icon (a name from @element-plus/icons-vue). */
    menu?: { icon: string }
    /** Name of the page above this one in the breadcrumb. */
    parent?: string
    /** Reachable while the account must change its password. */
    passwordChange?: boolean
    /** Reachable while the account must set up its second factor. */
    totpEnrollment?: boolean
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
    path: '/password',
    name: 'password',
    component: () => import('@/views/password/index.vue'),
    meta: { title: '修改密码', passwordChange: true },
  },
  {
    path: '/totp',
    name: 'totp',
    component: () => import('@/views/totp/index.vue'),
    meta: { title: '两步验证', passwordChange: true, totpEnrollment: true },
  },
  {
    path: '/',
    name: 'root',
    component: () => import('@/layout/index.vue'),
    children: [
      {
        path: 'workbench',
        name: 'workbench',
        component: () => import('@/views/workbench/index.vue'),
        meta: { title: '工作台', permission: 'read_issues', menu: { icon: 'Odometer' } },
      },
      {
        path: 'issues',
        name: 'issues',
        component: () => import('@/views/issues/index.vue'),
        meta: { title: '问题台账', permission: 'read_issues', menu: { icon: 'Tickets' } },
      },
      {
        path: 'issues/new',
        name: 'issue-new',
        component: () => import('@/views/issues/register.vue'),
        meta: { title: '自查登记', permission: 'register_issues', menu: { icon: 'EditPen' }, parent: 'issues' },
      },
      {
        path: 'issues/:id',
        name: 'issue-detail',
        component: () => import('@/views/issues/detail.vue'),
        meta: { title: '问题详情', permission: 'read_issues', parent: 'issues' },
      },
      // 导入 and 统计看板: behind the permissions the server gives (import_issues, read_statistics);
      // the dashboard chunk carries ECharts and loads only when opened.
      {
        path: 'imports',
        name: 'imports',
        component: () => import('@/views/imports/index.vue'),
        meta: { title: '批量导入', permission: 'import_issues', menu: { icon: 'Upload' } },
      },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/index.vue'),
        meta: { title: '统计看板', permission: 'read_statistics', menu: { icon: 'DataAnalysis' } },
      },
      {
        path: 'campaigns',
        name: 'campaigns',
        component: () => import('@/views/campaigns/index.vue'),
        meta: { title: '专项行动', permission: 'manage_campaigns', menu: { icon: 'Flag' } },
      },
      {
        path: 'milestones',
        name: 'milestones',
        component: () => import('@/views/milestones/index.vue'),
        meta: { title: '节点报送', permission: 'read_issues', menu: { icon: 'Finished' } },
      },
      // 系统管理 (sysadmin) and 审计 (auditor): flat menu entries, each behind the permission the
      // server gives for it (GET /auth/me), so no business role ever sees them.
      {
        path: 'system/users',
        name: 'system-users',
        component: () => import('@/views/system/users/index.vue'),
        meta: { title: '用户管理', permission: 'read_users', menu: { icon: 'User' } },
      },
      {
        path: 'system/units',
        name: 'system-units',
        component: () => import('@/views/system/units/index.vue'),
        meta: { title: '单位管理', permission: 'manage_organisation', menu: { icon: 'OfficeBuilding' } },
      },
      {
        path: 'system/groups',
        name: 'system-groups',
        component: () => import('@/views/system/groups/index.vue'),
        meta: { title: '工作组', permission: 'manage_organisation', menu: { icon: 'Connection' } },
      },
      {
        path: 'system/api-keys',
        name: 'system-api-keys',
        component: () => import('@/views/system/api-keys/index.vue'),
        meta: { title: 'API 密钥', permission: 'manage_api_keys', menu: { icon: 'Key' } },
      },
      {
        path: 'system/webhooks',
        name: 'system-webhooks',
        component: () => import('@/views/system/webhooks/index.vue'),
        meta: { title: 'Webhook 推送', permission: 'manage_api_keys', menu: { icon: 'Promotion' } },
      },
      {
        path: 'system/dictionaries',
        name: 'system-dictionaries',
        component: () => import('@/views/system/dictionaries/index.vue'),
        meta: { title: '数据字典', permission: 'manage_dictionaries', menu: { icon: 'Collection' } },
      },
      {
        path: 'system/settings',
        name: 'system-settings',
        component: () => import('@/views/system/settings/index.vue'),
        meta: { title: '系统设置', permission: 'manage_settings', menu: { icon: 'Setting' } },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/index.vue'),
        meta: { title: '审计日志', permission: 'read_audit', menu: { icon: 'DocumentChecked' } },
      },
      {
        path: 'about',
        name: 'about',
        component: () => import('@/views/home/index.vue'),
        meta: { title: '工作机制', menu: { icon: 'InfoFilled' } },
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
