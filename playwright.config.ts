// runtime: node (tooling)
import { defineConfig } from '@playwright/test';

/**
 * Two projects run the same specs:
 * - web: Debian's Chromium (/usr/bin/chromium; scripts/e2e.mjs installs it with apt-get,
 *   never `playwright install`) against `amosweep web` on 127.0.0.1.
 * - electron: the packaged main process through Playwright's `_electron.launch`, when an
 *   Electron binary is installed; otherwise every test is skipped with the reason
 *   (see e2e/fixtures.ts).
 */
const CHROMIUM = process.env.AMOSWEEP_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: process.env.CI ? 1 : 2,
  reporter: process.env.AMOSWEEP_PW_JSON
    ? [['list'], ['json', { outputFile: process.env.AMOSWEEP_PW_JSON }]]
    : [['list']],
  use: {
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'off',
    screenshot: 'only-on-failure',
    serviceWorkers: 'block',
    // every project may start a browser (Playwright's `page` fixture), always Debian's Chromium
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
  },
  projects: [
    { name: 'web' },
    { name: 'electron' },
  ],
});
