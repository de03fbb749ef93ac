import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type Harness, startHarness } from './harness.js';

describe('plan panel (browser mode, headless Chromium)', () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ demo: true });
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

  it('a no-spray zone drawn on the map is kept out of the plan at once', async () => {
    const { page } = hs;
    const sprayable = async () => {
      const text = await page.locator('[data-testid=plan-metrics]').innerText();
      return Number(
        /Sprayable area\s+[\d.]+ ha · [\d.]+ sào · ([\d,]+) m²/.exec(text)?.[1]?.replace(/,/g, ''),
      );
    };
    const before = await sprayable();
    expect(before).toBeGreaterThan(5000);
    const zonesBefore = ((await hs.service.call('zones.list', {})) as unknown[]).length;
    const ticked = () => page.locator('[data-testid=plan-fields] input[type=checkbox]:checked').count();
    const tickedBefore = await ticked();
    await page.click('[data-testid=draw-no-spray]');
    const map = (await page.locator('[data-testid=map]').boundingBox())!;
    const cx = map.x + map.width / 2;
    const cy = map.y + map.height / 2;
    for (const [dx, dy] of [
      [-25, -25],
      [25, -25],
      [25, 25],
      [-25, 25],
      [-25, -25],
    ] as const) {
      await page.mouse.click(cx + dx, cy + dy);
      await page.waitForTimeout(120);
    }
    await expect
      .poll(async () => ((await hs.service.call('zones.list', {})) as unknown[]).length)
      .toBe(zonesBefore + 1);
    await expect.poll(sprayable, { timeout: 10_000 }).toBeLessThan(before - 50);
    // clicks that draw the zone do not pick or drop plots of the block
    expect(await ticked()).toBe(tickedBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'plan-no-spray-zone.png') });
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
