import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type Harness, startHarness } from './harness.js';

describe('fields in the window (browser mode, headless Chromium)', () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness();
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('draws a field by clicking on the map, saves it, reloads and finds it with its area', async () => {
    const { page } = hs;
    await page.click('[data-testid=draw-field]');
    await page.waitForSelector('[data-testid=draw-hint]');
    const map = await page.locator('[data-testid=map]').boundingBox();
    const x0 = map!.x + map!.width / 2 - 150;
    const y0 = map!.y + map!.height / 2 - 100;
    for (const [dx, dy] of [
      [0, 0],
      [300, 20],
      [320, 240],
      [-10, 220],
      [0, 0],
    ] as const) {
      await page.mouse.click(x0 + dx, y0 + dy);
      await page.waitForTimeout(120);
    }
    await page.waitForSelector('[data-testid=new-field-form]');
    await page.fill('[data-testid=field-name]', 'Ruộng thử nghiệm');
    await page.fill('[data-testid=field-owner]', 'Nguyễn Thị Lan');
    await page.click('[data-testid=save-field]');
    await page.waitForSelector('[data-testid=field-row]');
    await page.screenshot({ path: join(ARTIFACTS, 'fields-drawn.png') });

    await page.reload();
    await page.waitForFunction(() => (globalThis as unknown as { __ready?: boolean }).__ready === true);
    const row = page.locator('[data-testid=field-row]', { hasText: 'Ruộng thử nghiệm' });
    await expect.poll(() => row.count()).toBe(1);
    const area = await row.locator('[data-testid=field-area]').innerText();
    expect(area).toMatch(/ha · .* sào · .* m²/);
    // the field matches what the service stored
    const stored = (await hs.service.call('fields.list', {})) as { name: string; areaM2: number }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.areaM2).toBeGreaterThan(100);
    expect(area).toContain(`${Math.round(stored[0]!.areaM2).toLocaleString('en-GB')} m²`);
  });

  it('imports a broken file and shows what is wrong and where; nothing is stored', async () => {
    const { page } = hs;
    const bad = join(hs.dir, 'bow.geojson');
    writeFileSync(
      bad,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { role: 'field', name: 'Lô hỏng' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [105.62, 19.98],
                  [105.621, 19.981],
                  [105.621, 19.98],
                  [105.62, 19.981],
                  [105.62, 19.98],
                ],
              ],
            },
          },
        ],
      }),
    );
    await page.setInputFiles('[data-testid=import-input]', bad);
    const toast = page.locator('[data-testid=toast-error]');
    await toast.waitFor();
    const text = await toast.innerText();
    expect(text).toMatch(/bow\.geojson/);
    expect(text).toMatch(/self-intersection/);
    expect(text).toMatch(/Lô hỏng/);
    await page.screenshot({ path: join(ARTIFACTS, 'fields-import-error.png') });
    expect(((await hs.service.call('fields.list', {})) as unknown[]).length).toBe(1);
  });

  it('loads nothing from outside 127.0.0.1 and logs no errors', async () => {
    expect(hs.consoleErrors).toEqual([]);
  });
});

describe('Vietnamese window with the demo commune', () => {
  it('follows the system language and shows the demo plots in ha and sào', async () => {
    const hs = await startHarness({ locale: 'vi-VN' });
    try {
      const { page } = hs;
      expect(await page.locator('[data-testid=tab-fields]').innerText()).toBe('Thửa ruộng');
      await page.click('[data-testid=load-demo]');
      await expect.poll(() => page.locator('[data-testid=field-row]').count()).toBe(12);
      expect(await page.locator('[data-testid=fields-total]').innerText()).toMatch(
        /12 thửa · 1,0\d+ ha · .* sào/,
      );
      // delete with undo
      await page.locator('[data-testid=field-row]').first().click();
      await page.click('[data-testid=delete-field]');
      await expect.poll(() => page.locator('[data-testid=field-row]').count()).toBe(11);
      await page.click('.toast-action');
      await expect.poll(() => page.locator('[data-testid=field-row]').count()).toBe(12);
      await page.screenshot({ path: join(ARTIFACTS, 'demo-commune-vi.png') });
      expect(hs.consoleErrors).toEqual([]);
    } finally {
      await hs.close();
    }
  });
});
