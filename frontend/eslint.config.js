// ESLint (flat config): JavaScript and TypeScript recommended rules, Vue's recommended rules,
// and eslint-config-prettier last so that formatting is Prettier's alone (`npm run lint`).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'dist-*/**',
      'coverage/**',
      'screenshots/**',
      'test-results/**',
      'playwright-report/**',
      // Generated: openapi-typescript and unplugin rewrite them.
      'src/api/schema.d.ts',
      'src/types/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: {
        // Browser and Node globals the code uses; the TypeScript compiler checks the rest.
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        console: 'readonly',
        process: 'readonly',
        // unplugin-auto-import (Element Plus services).
        ElMessage: 'readonly',
        ElMessageBox: 'readonly',
      },
    },
    rules: {
      // TypeScript reports undefined names with types in view; this rule only misreads them.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Page components are named by their folder (views/login/index.vue).
      'vue/multi-word-component-names': 'off',
      // The full-width space (U+3000) is ordinary Chinese typography in user-facing text.
      'no-irregular-whitespace': ['error', { skipStrings: true, skipTemplates: true }],
    },
  },
  {
    // Unit tests mount small throwaway components next to each other.
    files: ['tests/**'],
    rules: { 'vue/one-component-per-file': 'off' },
  },
  prettier,
)
