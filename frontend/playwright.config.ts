/**
 * Browser tests against the real backend on demo data. Run them with `npm run test:e2e`
 * (scripts/e2e.sh starts the backend and sets LVYUE_E2E_URL). The browser is Debian's
 * Chromium (`apt-get install chromium fonts-noto-cjk`); Playwright never downloads one.
 */
import { defineConfig } from '@playwright/test'

const baseURL = process.env.LVYUE_E2E_URL
if (!baseURL) {
  throw new Error('LVYUE_E2E_URL is not set: run the browser tests with "npm run test:e2e"')
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // The scenarios share one backend and its demo data: one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL,
    testIdAttribute: 'data-test',
    viewport: { width: 1280, height: 800 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    actionTimeout: 15_000,
    navigationTimeout: 20_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.LVYUE_CHROMIUM || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
})
