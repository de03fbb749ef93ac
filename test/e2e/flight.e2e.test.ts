import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type Harness, startHarness } from './harness.js';

/** The operator's main job, end to end, against the built-in simulated drone. */
describe('plan → mission → upload → preflight → fly (simulated drone)', () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ demo: true });
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('prepares the job for three plots and shows sorties and the mix sheet', async () => {
    const { page } = hs;
    // plan only the first three plots
    await page.click('[data-testid=tab-plan]');
    await page.waitForSelector('[data-testid=plan-metrics]');
    await page.click('text=None');
    const boxes = page.locator('[data-testid=plan-fields] input[type=checkbox]');
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await page.waitForTimeout(400);
    await page.waitForSelector('[data-testid=plan-metrics]');
    await page.click('[data-testid=tab-mission]');
    await page.click('[data-testid=add-product]');
    await page.click('[data-testid=prepare-job]');
    await page.waitForSelector('[data-testid=sorties-table]');
    expect(await page.locator('[data-testid=mix-sheet]').innerText()).toMatch(/DEMO Fungicide 300EC/);
  });

  it('connects the simulated drone, uploads sortie 1 and reads it back identical', async () => {
    const { page } = hs;
    await page.click('[data-testid=tab-vehicle]');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=connected-card]');
    await expect.poll(() => page.locator('[data-testid=status-link]').innerText()).toBe('SIM');
    await page.click('[data-testid=upload]');
    await page.waitForSelector('[data-testid=on-board]', { timeout: 20_000 });
    expect(await page.locator('[data-testid=on-board]').innerText()).toMatch(/verified/);
  });

  it('refuses to start without the tank confirmed, then flies and sprays after confirmation', async () => {
    const { page } = hs;
    expect(await page.locator('[data-testid=start]').isDisabled()).toBe(true);
    await page.check('[data-testid=tank-confirmed]');
    await page.click('[data-testid=preflight]');
    await page.waitForSelector('[data-testid=preflight-checks]');
    expect(await page.locator('[data-testid=preflight-checks] li.fail').count()).toBe(0);
    await page.click('[data-testid=start]');
    await page.click('[data-testid=confirm-yes]');
    await expect
      .poll(() => page.locator('[data-testid=status-mode]').innerText(), { timeout: 20_000 })
      .toBe('AUTO');
    await page.waitForSelector('[data-testid=status-spraying]', { timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(await page.locator('path.track-spray').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'flight-spraying.png') });
  });

  it('returns home on request: nozzles off, mode RTL', async () => {
    const { page } = hs;
    await page.click('[data-testid=rtl]');
    await page.click('[data-testid=confirm-yes]');
    await expect
      .poll(() => page.locator('[data-testid=status-mode]').innerText(), { timeout: 10_000 })
      .toBe('RTL');
    await expect
      .poll(() => page.locator('[data-testid=status-spraying]').count(), { timeout: 10_000 })
      .toBe(0);
    expect(hs.consoleErrors).toEqual([]);
  });
});
