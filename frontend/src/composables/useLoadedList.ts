import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'

export interface LoadedList<T> {
  loading: Ref<boolean>
  items: ShallowRef<T[]>
  /** Loads the whole list again; a slower, older answer is dropped. */
  load: () => Promise<void>
}

/**
 * A whole (unpaged) list of an admin page: the items, whether they are loading, and the answer
 * of the newest request only. A failed request leaves the list empty (the request layer has told
 * the user what went wrong).
 */
export function useLoadedList<T>(fetch: () => Promise<T[]>): LoadedList<T> {
  const loading = ref(false)
  const items = shallowRef<T[]>([])
  let requestSeq = 0
  async function load(): Promise<void> {
    const seq = ++requestSeq
    loading.value = true
    try {
      const result = await fetch()
      if (seq === requestSeq) items.value = result
    } catch {
      if (seq === requestSeq) items.value = []
    } finally {
      if (seq === requestSeq) loading.value = false
    }
  }
  return { loading, items, load }
}
