import { describe, expect, it } from 'vitest'
import { usePagedList, type PageOf } from '@/composables/usePagedList'

interface Filters {
  q: string
}

/** A fetcher whose answers the test releases in any order. */
function deferredFetcher() {
  const calls: { applied: Filters; page: number; size: number; resolve: (p: PageOf<string>) => void }[] = []
  const fetchPage = (applied: Filters, page: number, size: number) =>
    new Promise<PageOf<string>>((resolve) => calls.push({ applied: { ...applied }, page, size, resolve }))
  return { calls, fetchPage }
}

const flush = () => new Promise((r) => setTimeout(r, 0))

describe('usePagedList', () => {
  it('applies the form only on search, back to page 1, and resets to the empty filters', async () => {
    const { calls, fetchPage } = deferredFetcher()
    const list = usePagedList<Filters, string>(() => ({ q: '' }), fetchPage)
    list.changePage(3)
    list.filters.q = '区财政局'
    expect(calls.at(-1)).toMatchObject({ applied: { q: '' }, page: 3, size: 20 })
    list.search()
    expect(calls.at(-1)).toMatchObject({ applied: { q: '区财政局' }, page: 1 })
    list.changePageSize(50)
    expect(calls.at(-1)).toMatchObject({ applied: { q: '区财政局' }, page: 1, size: 50 })
    list.reset()
    expect(list.filters.q).toBe('')
    expect(calls.at(-1)).toMatchObject({ applied: { q: '' }, page: 1 })
  })

  it('keeps only the newest answer when an older one arrives late', async () => {
    const { calls, fetchPage } = deferredFetcher()
    const list = usePagedList<Filters, string>(() => ({ q: '' }), fetchPage)
    void list.load()
    void list.load()
    expect(list.loading.value).toBe(true)
    calls[1]!.resolve({ items: ['new'], total: 1 })
    await flush()
    calls[0]!.resolve({ items: ['old', 'older'], total: 2 })
    await flush()
    expect(list.items.value).toEqual(['new'])
    expect(list.total.value).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('shows an empty page when the newest request fails', async () => {
    const list = usePagedList<Filters, string>(
      () => ({ q: '' }),
      () => Promise.reject(new Error('网络错误')),
    )
    await list.load()
    expect(list.items.value).toEqual([])
    expect(list.loading.value).toBe(false)
  })
})
