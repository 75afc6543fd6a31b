import { defineConfig } from '@playwright/test';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const configArgs =
  '--config ../../app-config.yaml --config ../../app-config.e2e.yaml';

/**
 * The frontend as users get it: the app's production build (made with the
 * e2e configuration, in about half a minute) served on :3000. `E2E_APP=dev`
 * runs the dev server there instead, for working on the suite.
 */
const frontend =
  process.env.E2E_APP === 'dev'
    ? `npx backstage-cli package start ${configArgs}`
    : `npx backstage-cli package build ${configArgs} && node ../../e2e/serveApp.js`;

/**
 * Drives the real portal (the frontend above on :3000, the backend on :7007
 * with an in-memory SQLite database and the demo data) in Debian's Chromium.
 */
export default defineConfig({
  testDir: path.join(__dirname, 'tests'),
  outputDir: path.join(__dirname, 'test-results'),
  timeout: 180_000,
  // With E2E_APP=dev the dev server compiles each page's chunk on its first
  // visit; and CI's machine is busy. Give it time.
  expect: { timeout: 45_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    baseURL: 'http://localhost:3000',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: `npx backstage-cli package start ${configArgs}`,
      cwd: path.join(root, 'packages/backend'),
      // Ready once every plugin has started (auth among them), not when the
      // first plugin answers: a guest sign-in before that fails.
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      timeout: 180_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: frontend,
      cwd: path.join(root, 'packages/app'),
      url: 'http://localhost:3000',
      timeout: 300_000,
      reuseExistingServer: !process.env.CI,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
