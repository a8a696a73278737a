import { describe, expect, it, vi } from 'vitest'
import { RELOAD_KEY, RELOAD_WINDOW_MS, isChunkLoadError, reloadOnce } from '@/utils/stale-chunk'

function memory() {
  const map = new Map<string, string>()
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) }
}

describe('stale lazy chunks after a redeploy', () => {
  it('recognises the browsers’ messages for a missing chunk, and nothing else', () => {
    expect(
      isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://x/assets/dashboard-1.js')),
    ).toBe(true)
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true)
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/index-2.css'))).toBe(true)
    expect(isChunkLoadError(new Error('error loading dynamically imported module'))).toBe(true)
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false)
    expect(isChunkLoadError(null)).toBe(false)
  })

  it('reloads once, then gives up with a message instead of looping', () => {
    const storage = memory()
    const go = vi.fn()
    const say = vi.fn()
    expect(reloadOnce('/dashboard', { storage, now: 1_000_000, go, say })).toBe(true)
    expect(go).toHaveBeenCalledWith('/dashboard')
    expect(say).toHaveBeenLastCalledWith('reload')
    expect(storage.getItem(RELOAD_KEY)).toBe('1000000')
    // The fresh page fails too (the deploy is still running): no second reload.
    expect(reloadOnce('/dashboard', { storage, now: 1_000_000 + 5_000, go, say })).toBe(false)
    expect(go).toHaveBeenCalledTimes(1)
    expect(say).toHaveBeenLastCalledWith('give-up')
    // Much later, a new deploy: reloading is right again.
    expect(reloadOnce('/issues', { storage, now: 1_000_000 + RELOAD_WINDOW_MS + 1, go, say })).toBe(true)
    expect(go).toHaveBeenLastCalledWith('/issues')
  })

  it('without storage it cannot tell a reload from a loop: it says so and stays', () => {
    const go = vi.fn()
    const say = vi.fn()
    expect(reloadOnce('/', { storage: null, now: 1, go, say })).toBe(false)
    expect(go).not.toHaveBeenCalled()
    expect(say).toHaveBeenCalledWith('give-up')
  })
})
