import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, type Harness, startHarness } from './harness.js';

/**
 * The agronomist's job: a farmer's request → a flight of the simulated drone recorded against it →
 * the as-applied map → a complete application record → a PDF report → an intact audit trail.
 */
describe('job → recorded flight → as-applied → record → report (simulated drone)', () => {
  let hs: Harness;
  beforeAll(async () => {
    hs = await startHarness({ demo: true });
  });
  afterAll(async () => {
    await hs?.close();
  });

  it('creates a job for two plots of one farmer', async () => {
    const { page } = hs;
    await page.click('[data-testid=tab-plan]');
    await page.waitForSelector('[data-testid=plan-metrics]');
    await page.click('text=None');
    const boxes = page.locator('[data-testid=plan-fields] input[type=checkbox]');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await page.waitForTimeout(400);
    await page.click('[data-testid=tab-records]');
    await page.click('[data-testid=new-job]');
    await page.fill('[data-testid=job-farmer]', 'Lê Văn Hùng');
    await page.selectOption('[data-testid=job-product]', { label: 'DEMO Fungicide 300EC' });
    expect(await page.inputValue('[data-testid=job-dose]')).toBe('0.2');
    await page.click('[data-testid=create-job]');
    await page.waitForSelector('[data-testid=job-detail]');
    expect(await page.locator('[data-testid=job-row]').count()).toBe(1);
  });

  it('flies the job in two tank loads with the simulated drone: refill, upload the next, fly again', async () => {
    const { page } = hs;
    await page.click('[data-testid=tab-mission]');
    await page.fill('[data-testid=job-tankL]', '1.8');
    await page.press('[data-testid=job-tankL]', 'Tab');
    await page.click('[data-testid=prepare-job]');
    await page.waitForSelector('[data-testid=sorties-table]');
    expect(await page.locator('[data-testid=sorties-table] tr').count()).toBe(4); // header, 2 sorties, total
    // a fast simulated drone, connected through the same API the window uses
    await hs.service.call('vehicle.connectDemo', { speedup: 10 });
    await page.click('[data-testid=tab-vehicle]');
    await page.waitForSelector('[data-testid=connected-card]');
    const jobId = ((await hs.service.call('jobs.list', {})) as { id: string }[])[0]!.id;
    await page.selectOption('[data-testid=upload-job]', jobId);
    const closedFlights = async () =>
      ((await hs.service.call('flights.list', { jobId })) as { endedAt: number | null }[]).filter(
        (f) => f.endedAt,
      ).length;
    for (const sortie of [1, 2]) {
      await expect
        .poll(() => page.inputValue('[data-testid=upload-sortie]'), { timeout: 10_000 })
        .toBe(String(sortie));
      await page.click('[data-testid=upload]');
      await expect
        .poll(() => page.locator('[data-testid=on-board]').innerText(), { timeout: 20_000 })
        .toMatch(new RegExp(`sortie ${sortie}/2, .* verified`));
      // the tank must be confirmed before every start
      expect(await page.locator('[data-testid=start]').isDisabled()).toBe(true);
      await page.check('[data-testid=tank-confirmed]');
      await page.click('[data-testid=start]');
      await page.click('[data-testid=confirm-yes]');
      // each flight is recorded from arming to disarming after the landing
      await expect.poll(closedFlights, { timeout: 60_000, interval: 1000 }).toBe(sortie);
    }
  });

  it('shows the as-applied area against the plan and closes a complete record', async () => {
    const { page } = hs;
    await page.click('[data-testid=tab-records]');
    await page.click('[data-testid=job-row]');
    await page.waitForSelector('[data-testid=flights-list]');
    await page.click('[data-testid=show-applied]');
    await page.waitForSelector('[data-testid=applied-summary]');
    const summary = await page.locator('[data-testid=applied-summary]').innerText();
    const coverage = Number(/coverage ([\d.]+) %/.exec(summary)?.[1]);
    // the UI shows the figures; their accuracy against the plan is asserted in test/electron/sim-flight.test.ts
    expect(coverage).toBeGreaterThan(80);
    expect(await page.locator('path.applied-as-applied').count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'records-as-applied.png') });

    await page.click('[data-testid=open-record]');
    await page.waitForSelector('[data-testid=record-problems]');
    expect(await page.locator('[data-testid=record-problems]').innerText()).toMatch(/operator/);
    // closing an incomplete record is refused and names what is missing
    await page.click('[data-testid=close-record]');
    await page.click('[data-testid=confirm-yes]');
    await page.waitForSelector('[data-testid=toast-error]');
    expect(await page.locator('[data-testid=toast-error]').last().innerText()).toMatch(/operator/);
    await page.fill('[data-testid=rec-stage]', 'làm đòng');
    await page.fill('[data-testid=rec-target]', 'đạo ôn');
    await page.fill('[data-testid=rec-operator]', 'Trịnh Văn Nam');
    await page.fill('[data-testid=rec-licence]', 'BVTV-TH-0421');
    await page.fill('[data-testid=rec-drone-model]', 'Generic 10 L');
    await page.fill('[data-testid=rec-drone-reg]', 'UAV-TH-0007');
    await page.fill('[data-testid=rec-wind]', '1.8');
    await page.fill('[data-testid=rec-wind-dir]', '120');
    await page.fill('[data-testid=rec-temp]', '29');
    await page.fill('[data-testid=rec-humidity]', '78');
    await page.click('[data-testid=save-record]');
    await page.waitForTimeout(500);
    await page.click('[data-testid=close-record]');
    await page.click('[data-testid=confirm-yes]');
    await page.waitForSelector('[data-testid=record-closed]');
  });

  it('exports the PDF report and the audit trail verifies', async () => {
    const { page } = hs;
    const download = page.waitForEvent('download');
    await page.click('[data-testid=report-pdf]');
    const file = await download;
    const path = join(ARTIFACTS, 'report.pdf');
    await file.saveAs(path);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(path).subarray(0, 5).toString()).toBe('%PDF-');
    const audit = (await hs.service.call('audit.verify', {})) as { ok: boolean; count: number };
    expect(audit.ok).toBe(true);
    expect(audit.count).toBeGreaterThan(15);
    await page.click('[data-testid=audit-verify]');
    await page.waitForSelector('text=Audit trail intact');
    expect(hs.consoleErrors).toEqual([]);
  });
});
