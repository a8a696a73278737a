/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import { defineConfig, loadEnv } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Paths the backend serves; the dev server forwards them so the SPA can use
// same-origin relative URLs exactly as it does behind nginx in production.
const BACKEND_PATHS = ['/api/', '/api-docs', '/healthz', '/readyz']

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, process.cwd(), '')
  // LVYUE_BACKEND_URL lets a developer point the dev server at another backend.
  const target = env.LVYUE_BACKEND_URL || 'http://127.0.0.1:8080'

  return {
    plugins: [
      vue(),
      // Element Plus on demand: only the components and services a page uses
      // (and their CSS) end up in the bundle.
      AutoImport({
        resolvers: [ElementPlusResolver()],
        dts: 'src/types/auto-imports.d.ts',
      }),
      Components({
        resolvers: [ElementPlusResolver()],
        dts: 'src/types/components.d.ts',
        // Only the resolver registers components; our own are imported explicitly.
        dirs: [],
      }),
    ],
    resolve: {
      alias: {
        '@': fileURLToPath(new URL('./src', import.meta.url)),
      },
    },
    server: {
      host: '127.0.0.1',
      port: 5173,
      proxy: Object.fromEntries(BACKEND_PATHS.map((path) => [path, { target, changeOrigin: false }])),
    },
    preview: {
      host: '127.0.0.1',
      port: 4173,
      proxy: Object.fromEntries(BACKEND_PATHS.map((path) => [path, { target, changeOrigin: false }])),
    },
    build: {
      target: 'es2022',
      // The budget is enforced by scripts/check-bundle-size.mjs on the initial load.
      chunkSizeWarningLimit: 600,
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              // The framework changes rarely: one long-cached chunk. The rest of Element
              // Plus is left to automatic splitting so lazy pages carry only what they use.
              { name: 'vue', test: /[\\/]node_modules[\\/](@vue|vue|vue-router|pinia)[\\/]/ },
              // The part of Element Plus every page needs (config provider, shared utils).
              { name: 'element-plus', test: /[\\/]node_modules[\\/]element-plus[\\/]/, tags: ['$initial'] },
            ],
          },
        },
      },
    },
    test: {
      include: ['tests/unit/**/*.spec.ts', 'src/**/*.spec.ts'],
      environment: 'node',
      restoreMocks: true,
      // Element Plus ships per-component CSS imports; let Vite (not Node) load them.
      server: { deps: { inline: ['element-plus'] } },
    },
  }
})
