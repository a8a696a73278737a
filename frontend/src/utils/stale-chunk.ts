/**
 * After a redeploy the open page still names the old build's lazy chunks, which are gone: a
 * click on 统计看板 would do nothing (#23). Such a failure loads the page afresh — once: when
 * the fresh page fails too (a deploy in progress), it says so instead of reloading in a loop.
 */
import type { Router } from 'vue-router'

export const RELOAD_KEY = 'lvyue.reloaded-for-update'
/** A second failure within this time after our reload is not a stale build: stop. */
export const RELOAD_WINDOW_MS = 60_000

const CHUNK_ERROR =
  /dynamically imported module|Importing a module script failed|Failed to load module script|Unable to preload CSS|error loading dynamically imported module/i

/** True for the errors a missing lazy chunk (JS or CSS) gives in Chromium, Firefox and Safari. */
export function isChunkLoadError(err: unknown): boolean {
  const message = err instanceof Error ? err.message : typeof err === 'string' ? err : ''
  return CHUNK_ERROR.test(message)
}

export interface ReloadDeps {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null
  now: number
  go: (url: string) => void
  say: (kind: 'reload' | 'give-up') => void
}

/** Loads `target` afresh unless that was just done; answers whether it did. */
export function reloadOnce(target: string, deps: ReloadDeps): boolean {
  // Without storage there is no telling whether this page is already the reload: never loop.
  const raw = deps.storage ? deps.storage.getItem(RELOAD_KEY) : String(deps.now)
  if (raw !== null && deps.now - Number(raw) < RELOAD_WINDOW_MS) {
    deps.say('give-up')
    return false
  }
  deps.storage?.setItem(RELOAD_KEY, String(deps.now))
  deps.say('reload')
  deps.go(target)
  return true
}

function browserDeps(): ReloadDeps {
  let storage: Storage | null = null
  try {
    storage = sessionStorage
  } catch {
    storage = null
  }
  return {
    storage,
    now: Date.now(),
    go: (url) => window.location.assign(url),
    say: (kind) => {
      if (kind === 'reload') ElMessage.warning({ message: '系统已更新，正在为您加载新版本…', grouping: true })
      else
        ElMessage.error({
          message: '页面加载失败：系统可能正在更新，请稍后刷新页面重试',
          duration: 0,
          showClose: true,
          grouping: true,
        })
    },
  }
}

/**
 * A lazy page that fails to load reloads at its own address (router.onError); a stale chunk
 * noticed elsewhere (vite:preloadError, e.g. while prefetching pages) reloads at the next
 * navigation instead of interrupting what the user is typing.
 */
export function setupStaleChunkReload(router: Router): void {
  let stale = false
  // Not preventDefault(): Vite would then resolve the failed import to nothing (a blank page);
  // the import must reject so that router.onError (or the prefetch's catch) sees it.
  window.addEventListener('vite:preloadError', () => {
    stale = true
  })
  router.beforeEach((to, from) => {
    if (!stale || from.matched.length === 0) return true
    stale = false
    return reloadOnce(router.resolve(to).href, browserDeps()) ? false : true
  })
  router.onError((err, to) => {
    if (isChunkLoadError(err)) reloadOnce(router.resolve(to).href, browserDeps())
  })
}
