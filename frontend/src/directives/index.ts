import type { App } from 'vue'
import vPermission from './permission'

export { vPermission }

/** Registers the global directives (RuoYi convention: src/directives/index.ts). */
export function setupDirectives(app: App): void {
  app.directive('permission', vPermission)
}

declare module 'vue' {
  interface GlobalDirectives {
    vPermission: typeof vPermission
  }
}
