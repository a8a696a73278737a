import { reactive, ref, shallowRef, type Ref, type ShallowRef, type UnwrapNestedRefs } from 'vue'

/** One page of a list as the API answers it (`Page_X`). */
export interface PageOf<T> {
  items: T[]
  total: number
}

export interface PagedList<F extends object, T> {
  /** The filters being edited in the form. */
  filters: UnwrapNestedRefs<F>
  page: Ref<number>
  pageSize: Ref<number>
  loading: Ref<boolean>
  items: ShallowRef<T[]>
  total: Ref<number>
  /** Loads the current page with the applied filters; a slower, older answer is dropped. */
  load: () => Promise<void>
  /** Applies the form's filters and goes back to page 1 (查询). */
  search: () => void
  /** Clears the filters and searches (重置). */
  reset: () => void
  changePage: (page: number) => void
  changePageSize: (size: number) => void
}

/**
 * A filtered, paged list (the admin and audit tables): the filters shown in the form, the
 * filters applied by 查询, the page, and the answer of the newest request only.
 */
export function usePagedList<F extends object, T>(
  emptyFilters: () => F,
  fetchPage: (applied: F, page: number, pageSize: number) => Promise<PageOf<T>>,
  initialPageSize = 20,
): PagedList<F, T> {
  const filters = reactive(emptyFilters())
  let applied: F = emptyFilters()
  const page = ref(1)
  const pageSize = ref(initialPageSize)
  const loading = ref(false)
  const items = shallowRef<T[]>([])
  const total = ref(0)

  let requestSeq = 0
  async function load(): Promise<void> {
    const seq = ++requestSeq
    loading.value = true
    try {
      const result = await fetchPage(applied, page.value, pageSize.value)
      if (seq !== requestSeq) return
      items.value = result.items
      total.value = result.total
    } catch {
      // The request module has told the user what went wrong.
      if (seq === requestSeq) items.value = []
    } finally {
      if (seq === requestSeq) loading.value = false
    }
  }
  function search(): void {
    applied = { ...(filters as F) }
    page.value = 1
    void load()
  }
  function reset(): void {
    Object.assign(filters, emptyFilters())
    search()
  }
  function changePage(next: number): void {
    page.value = next
    void load()
  }
  function changePageSize(size: number): void {
    pageSize.value = size
    page.value = 1
    void load()
  }
  return { filters, page, pageSize, loading, items, total, load, search, reset, changePage, changePageSize }
}
