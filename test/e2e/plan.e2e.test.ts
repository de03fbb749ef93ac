import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type Harness, startHarness } from './harness.js';

describe('plan panel (browser mode, headless Chromium)', () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness();
    await hs.page.click('[data-testid=load-demo]');
    await hs.page.waitForSelector('[data-testid=field-row]');
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('plans the whole demo block, draws the route and shows its quality', async () => {
    const { page } = hs;
    await page.click('[data-testid=tab-plan]');
    await page.waitForSelector('[data-testid=plan-metrics]');
    expect(await page.locator('path.route-spray').count()).toBeGreaterThan(20);
    expect(await page.locator('path.route-transit').count()).toBeGreaterThan(0);
    const text = await page.locator('[data-testid=plan-metrics]').innerText();
    expect(text).toMatch(/Coverage\s+9\d\.\d %/);
    await page.screenshot({ path: join(ARTIFACTS, 'plan-demo.png') });
  });

  it('re-plans at once when a parameter changes', async () => {
    const { page } = hs;
    const swaths = async () =>
      /Swaths \/ turns\s+(\d+)/.exec(await page.locator('[data-testid=plan-metrics]').innerText())?.[1];
    const before = await swaths();
    await page.fill('[data-testid=param-swathM]', '3');
    await page.press('[data-testid=param-swathM]', 'Tab');
    await expect.poll(swaths, { timeout: 10_000 }).not.toBe(before);
    expect(Number(await swaths())).toBeGreaterThan(Number(before));
  });

  it('saves the plan and lists it for reopening', async () => {
    const { page } = hs;
    await page.click('[data-testid=save-plan]');
    await page.waitForSelector('[data-testid=saved-plans] li');
    const stored = (await hs.service.call('plan.list', {})) as { params: { swathM?: number } }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.params.swathM).toBe(3);
    expect(hs.consoleErrors).toEqual([]);
  });
});
