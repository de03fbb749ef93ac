import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type HttpBridge, startHttpBridge } from '../../electron/bridge/http-bridge.js';
import { AppService } from '../../electron/service/app-service.js';

export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export interface Harness {
  service: AppService;
  bridge: HttpBridge;
  browser: Browser;
  page: Page;
  dir: string;
  /** Console errors seen in the page (favicon noise filtered). */
  consoleErrors: string[];
  close(): Promise<void>;
}

/**
 * Browser mode end to end: the app service on a temporary database, its HTTP bridge on
 * 127.0.0.1 with a random port and token, and Debian's Chromium driven by playwright-core.
 * Needs `npm run build:renderer` first (the e2e script does it). `demo` loads the demo commune.
 */
export async function startHarness(
  opts: { viewport?: { width: number; height: number }; locale?: string; demo?: boolean } = {},
): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), 'agrispray-e2e-'));
  const service = await AppService.open(join(dir, 'e2e.sqlite'), 'browser');
  const bridge = await startHttpBridge({ service, staticDir: join(process.cwd(), 'dist-renderer') });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    timeout: 60_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: opts.locale ?? 'en-GB',
  });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    // API refusals (4xx) are expected in tests that feed bad input; the app shows them itself.
    if (m.type() === 'error' && !m.text().includes('favicon') && !/status of 4\d\d/.test(m.text()))
      consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(bridge.url);
  await page.waitForFunction(() => (globalThis as unknown as { __ready?: boolean }).__ready === true, null, {
    timeout: 30_000,
  });
  if (opts.demo) {
    // the demo commune, loaded as a user would, from the empty Fields tab
    await page.click('[data-testid=load-demo]');
    await page.waitForSelector('[data-testid=field-row]');
  }
  return {
    service,
    bridge,
    browser,
    page,
    dir,
    consoleErrors,
    close: async () => {
      await browser.close();
      await bridge.close();
      await service.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
