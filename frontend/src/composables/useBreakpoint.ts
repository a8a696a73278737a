/**
 * The layout breakpoint of the SPA: below {@link PHONE_MAX_PX} + 1 px (768 px) the phone layout
 * applies — the sidebar is a drawer, dialogs are full-screen sheets, forms put labels on top,
 * tables become card lists. One media query listener is shared by every caller.
 */
import { readonly, ref, type Ref } from 'vue'

/** Widest viewport that still gets the phone layout (CSS: `@media (max-width: 767.98px)`). */
export const PHONE_MAX_PX = 767.98
export const PHONE_QUERY = `(max-width: ${PHONE_MAX_PX}px)`

let phone: Ref<boolean> | null = null

function create(): Ref<boolean> {
  const media =
    typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(PHONE_QUERY) : null
  const state = ref(media?.matches ?? false)
  media?.addEventListener('change', (event) => {
    state.value = event.matches
  })
  return state
}

/** `phone`: true while the viewport is narrower than 768 px (reactive). */
export function useBreakpoint(): { phone: Readonly<Ref<boolean>> } {
  phone ??= create()
  return { phone: readonly(phone) }
}
