import { createRouter, createWebHistory } from 'vue-router'
import { routes } from './routes'
import { setupGuards } from './guard'
import { setupStaleChunkReload } from '@/utils/stale-chunk'

export const router = createRouter({
  history: createWebHistory(import.meta.env.BASE_URL),
  routes,
  // Back and forward return to where the page was (the ledger and workbench are kept alive, so
  // their rows are there to scroll to); a new page starts at the top.
  scrollBehavior: (_to, _from, savedPosition) => savedPosition ?? { top: 0 },
})

setupGuards(router)
setupStaleChunkReload(router)

export default router
