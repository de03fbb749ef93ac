import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addJobOptions, type JobFlags, missionFileOutput } from '../../../electron/cli/commands/mission.js';
import { runCli } from '../../../electron/cli/main.js';
import { readQgcPlan } from '../../../mission/files/qgc-plan.js';
import { readWaypoints } from '../../../mission/files/waypoints.js';
import { planToGeoJSON } from '../../../mission/plan/geojson.js';
import { BUILTIN_PROFILES } from '../../../mission/profile/drone-profile.js';
import { rectanglePlan } from './helpers.js';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    const code = await runCli(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('agrispray mix', () => {
  let dir: string;
  let db: string;
  const plan = rectanglePlan(100, 50, 5, { speedMps: 4 });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agrispray-mix-'));
    db = join(dir, 'db.sqlite');
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan));
    writeFileSync(join(dir, 'route.geojson'), JSON.stringify(planToGeoJSON(plan)));
    writeFileSync(
      join(dir, 'products.csv'),
      'name,active_ingredients,formulation,rate_min,rate_max,rate_unit,phi_days\nThuốc A,Tricyclazole 75%,WP,0.2,0.4,kg,14\nThuốc B,Cartap 95%,SP,0.5,1,kg,7\n',
    );
    writeFileSync(
      join(dir, 'drone.json'),
      JSON.stringify({ ...BUILTIN_PROFILES[2], id: 'mine', name: 'My 40 L' }),
    );
    expect((await run(['products', 'import', join(dir, 'products.csv'), '--db', db])).out).toMatch(
      /imported 2 new/,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the mix sheet per ha, per sào and per tank, with one load per sortie', async () => {
    const r = await run([
      'mix',
      join(dir, 'plan.json'),
      '--db',
      db,
      '--volume',
      '45',
      '--product',
      'Thuốc A:0.3',
      '--tank',
      '10',
    ]);
    expect(r.err).toMatch(/warning: speed lowered from 4\.0 to 1\.78 m\/s/);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Spray volume 45 L\/ha · area 0\.500 ha/);
    // 0.3 kg/ha: 10.8 g per sào of 360 m², 66.7 g per 10 L tank (10 L covers 0.222 ha).
    expect(r.out).toMatch(/Thuốc A \(WP\)\s+300 g\s+11 g\s+30 g\s+67 g\s+150 g/);
    expect(r.out).toMatch(/ 3: 2\.50 L mix/);
    expect(r.out).toMatch(/SPRAY_PUMP_RATE=/);
  });

  it('reads the route GeoJSON with --swath, a profile file, sào Trung Bộ, and prints JSON', async () => {
    const r = await run([
      'mix',
      join(dir, 'route.geojson'),
      '--db',
      db,
      '--swath',
      '5',
      '--profile',
      join(dir, 'drone.json'),
      '--product',
      'Thuốc B:0.8',
      '--sao-m2',
      '500',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.mix.saoM2).toBe(500);
    expect(j.mix.products[0].perSao).toBeCloseTo(0.04, 9);
    expect(j.sorties).toHaveLength(1);
    expect(j.totals.liquidL).toBeCloseTo(10, 6);
  });

  it('refuses an off-label rate unless overridden, and unknown products, with exit code 2', async () => {
    const off = await run(['mix', join(dir, 'plan.json'), '--db', db, '--product', 'Thuốc A:0.6']);
    expect(off.code).toBe(2);
    expect(off.err).toMatch(
      /products\[0\]\.ratePerHa: 0\.6 kg\/ha of Thuốc A is above the label range 0\.2–0\.4/,
    );
    const ok = await run([
      'mix',
      join(dir, 'plan.json'),
      '--db',
      db,
      '--product',
      'Thuốc A:0.6',
      '--override',
      'Thuốc A=blast outbreak, extension officer',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/OFF-LABEL: Thuốc A at 0\.6 kg\/ha \(label 0\.2–0\.4\); reason: blast outbreak/);
    const unknown = await run(['mix', join(dir, 'plan.json'), '--db', db, '--product', 'Nope:1']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/"Nope" is not in the catalogue \(Thuốc A, Thuốc B\)/);
    const noSwath = await run(['mix', join(dir, 'route.geojson'), '--db', db, '--product', 'Thuốc A:0.3']);
    expect(noSwath.err).toMatch(/give --swath/);
    const badVol = await run([
      'mix',
      join(dir, 'plan.json'),
      '--db',
      db,
      '--product',
      'Thuốc A:0.3',
      '--volume',
      '900',
    ]);
    expect(badVol.err).toMatch(/--volume: expected a number above 0 and at most 500/);
  });

  it('gives the plan command its mission files: --format plan|waypoints --sortie N with the job flags', async () => {
    const cmd = addJobOptions(new Command('plan').exitOverride()).option('--sortie <n>');
    cmd.parse(['--db', db, '--volume', '45', '--tank', '10', '--sortie', '2', '--product', 'Thuốc A:0.3'], {
      from: 'user',
    });
    const flags = cmd.opts<JobFlags & { sortie?: string }>();
    const qgc = await missionFileOutput(plan, 'plan', flags);
    expect(qgc.job.missions).toHaveLength(3);
    expect(readQgcPlan(qgc.text).mission).toEqual(qgc.job.missions[1]!.items);
    expect(qgc.warnings.join()).toMatch(/speed lowered/);
    const wpl = await missionFileOutput(plan, 'waypoints', flags);
    expect(readWaypoints(wpl.text)).toHaveLength(qgc.job.missions[1]!.items.length);
    await expect(missionFileOutput(plan, 'plan', { ...flags, sortie: '9' })).rejects.toThrow(
      /--sortie: expected 1\.\.3/,
    );
  });
});
