/**
 * Benchmark: from a planned route to a flyable job (sorties, missions, fence, mix) on the real
 * field boundaries in ../shared/fields. Run: npx tsx test/mission/mission-items/job.bench.ts
 * Prints one row per field and profile: route size, sorties, mission items, and milliseconds.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFieldFile } from '../../../mission/field/parse-field-file.js';
import { jobMissionFile } from '../../../mission/files/mission-export.js';
import { planCoverage } from '../../../mission/plan/index.js';
import { BUILTIN_PROFILES } from '../../../mission/profile/drone-profile.js';
import { prepareJob } from '../../../mission/sorties/job.js';
import { FUNGICIDE, INSECTICIDE } from './helpers.js';

const DIR = join(import.meta.dirname, '../../../../shared/fields');
if (!existsSync(DIR)) {
  console.log(`no field files at ${DIR}: nothing to measure`);
  process.exit(0);
}
const rows: string[][] = [
  ['field', 'profile', 'area ha', 'pieces', 'sorties', 'items', 'job ms', 'files ms'],
];
for (const f of readdirSync(DIR)
  .filter((n) => n.endsWith('.geojson'))
  .sort()) {
  let plan: ReturnType<typeof planCoverage>;
  try {
    plan = planCoverage(parseFieldFile(readFileSync(join(DIR, f), 'utf8')), { swathM: 5, speedMps: 5 });
  } catch (e) {
    rows.push([f, '-', '-', '-', '-', '-', `planner: ${(e as Error).message.slice(0, 40)}`, '-']);
    continue;
  }
  for (const profile of [BUILTIN_PROFILES[0]!, BUILTIN_PROFILES[2]!]) {
    const opts = {
      profile,
      volumeLPerHa: 20,
      products: [
        { product: INSECTICIDE, ratePerHa: 0.5 },
        { product: FUNGICIDE, ratePerHa: 0.3 },
      ],
    };
    prepareJob(plan, opts); // warm-up
    const runs = 5;
    let t0 = performance.now();
    let job = prepareJob(plan, opts);
    for (let i = 1; i < runs; i++) job = prepareJob(plan, opts);
    const jobMs = (performance.now() - t0) / runs;
    t0 = performance.now();
    for (let s = 1; s <= job.missions.length; s++) {
      jobMissionFile(job, 'plan', s);
      jobMissionFile(job, 'waypoints', s);
    }
    const filesMs = performance.now() - t0;
    rows.push([
      f,
      profile.id,
      job.sorties.totals.areaHa.toFixed(2),
      String(plan.pieces.length),
      String(job.sorties.sorties.length),
      String(job.missions.reduce((s, m) => s + m.items.length, 0)),
      jobMs.toFixed(1),
      filesMs.toFixed(1),
    ]);
  }
}
const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(w[c]!)).join('  '));
