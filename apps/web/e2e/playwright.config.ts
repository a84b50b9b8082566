import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * The console in a real browser (Debian's Chromium: Playwright cannot download its own here) against a real
 * API process on the embedded default, with a fresh DATA_DIR per run. Set in the environment before the
 * workers start, so every worker signs tokens with the same key and talks to the same process.
 */
process.env.WUSHE_WEB_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'wushe-web-'));
process.env.WUSHE_WEB_PORT ??= String(38_000 + Math.floor(Math.random() * 2000));
const port = Number(process.env.WUSHE_WEB_PORT);
const repository = resolve(import.meta.dirname, '../../..');

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.pw\.ts$/,
  // One browser at a time: two cores shared with the API process.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: join(process.env.WUSHE_WEB_DATA_DIR, 'playwright-results'),
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Quiet on a closed network (TOOLCHAIN.md): no background fetches, no updates, no QUIC probes.
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: 'node dist/apps/api/src/main.js',
    cwd: repository,
    // Ready, not live: since the port opens before the service loads, /health/live answers while every other request is refused (503 STARTING).
    url: `http://127.0.0.1:${port}/health/ready`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: process.env.WUSHE_WEB_DATA_DIR,
      // One test user sends a thousand needs in seconds to measure the list.
      RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
    },
  },
});
