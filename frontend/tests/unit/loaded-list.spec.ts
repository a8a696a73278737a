import { describe, expect, it } from 'vitest'
import { useLoadedList } from '@/composables/useLoadedList'

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('useLoadedList', () => {
  it('keeps only the newest answer when an older one arrives late', async () => {
    const pending: { resolve: (items: string[]) => void }[] = []
    const list = useLoadedList(() => new Promise<string[]>((resolve) => pending.push({ resolve })))
    void list.load()
    void list.load()
    expect(list.loading.value).toBe(true)
    pending[1]!.resolve(['区水务集团'])
    await flush()
    expect(list.items.value).toEqual(['区水务集团'])
    expect(list.loading.value).toBe(false)
    pending[0]!.resolve(['stale'])
    await flush()
    expect(list.items.value).toEqual(['区水务集团'])
  })

  it('empties the list when the request fails', async () => {
    let fail = false
    const list = useLoadedList(async () => {
      if (fail) throw new Error('offline')
      return ['区财政局']
    })
    await list.load()
    expect(list.items.value).toEqual(['区财政局'])
    fail = true
    await list.load()
    expect(list.items.value).toEqual([])
    expect(list.loading.value).toBe(false)
  })
})
