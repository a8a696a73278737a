/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Optional origin prefix for the API (default: same origin). */
  readonly VITE_API_BASE?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
