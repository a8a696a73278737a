/**
 * The sign-in prompt shown when a session ends mid-work (request.ts `reauthenticate`): the page,
 * its typed values and the failed request stay; components/ReloginDialog.vue asks for the
 * password and answers the promise.
 */
import { shallowReactive } from 'vue'

export const relogin = shallowReactive({
  /** A prompt component is mounted (the signed-in frame): otherwise there is nobody to ask. */
  mounted: 0,
  visible: false,
  resolve: null as ((ok: boolean) => void) | null,
})

/** Asks the user to sign in again; resolves true when they did. */
export function requestRelogin(): Promise<boolean> {
  if (relogin.mounted === 0) return Promise.resolve(false)
  return new Promise((resolve) => {
    relogin.resolve = resolve
    relogin.visible = true
  })
}

/** The prompt's answer (signed in, or gave up). */
export function answerRelogin(ok: boolean): void {
  const resolve = relogin.resolve
  relogin.resolve = null
  relogin.visible = false
  resolve?.(ok)
}
