// Developer aid: `npx tsx scripts/screenshot.ts [vi-VN|en-GB]` builds nothing; run
// `npm run build:renderer` first. Loads the demo, opens each tab and saves screenshots in
// test-artifacts/ so the window can be looked at.
import { join } from 'node:path';
import { ARTIFACTS, startHarness } from '../test/e2e/harness.js';

async function main(): Promise<void> {
  const hs = await startHarness({ locale: process.argv[2] ?? 'en-GB', demo: true });
  const { page } = hs;
  try {
    for (const tab of ['fields', 'plan', 'mission', 'vehicle', 'records', 'settings']) {
      const btn = page.locator(`[data-testid=tab-${tab}]`);
      if ((await btn.count()) === 0) continue;
      await btn.click();
      await page.waitForTimeout(1500);
      if (tab === 'mission') {
        await page.click('[data-testid=add-product]');
        await page.click('[data-testid=prepare-job]');
        await page.waitForSelector('[data-testid=job-view]', { timeout: 10_000 }).catch(() => undefined);
        await page.waitForTimeout(500);
      }
      await page.screenshot({ path: join(ARTIFACTS, `tab-${tab}.png`) });
    }
    if (hs.consoleErrors.length) console.error(hs.consoleErrors);
  } finally {
    await hs.close();
  }
}
void main();
