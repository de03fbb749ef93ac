/**
 * Coverage planner benchmark (`npm run bench:plan`): plans every field of ../shared/fields (when
 * present) and the project's own fixtures at swath 5 m with 0 and 1 headland passes, prints the
 * DESIGN.md metrics beside the Fields2Cover baseline, then the medians against the targets.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFieldFile } from '../../mission/field/parse-field-file.js';
import type { FieldFile } from '../../mission/field/types.js';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import type { LngLat } from '../../mission/geo/types.js';
import { planCoverage } from '../../mission/plan/index.js';
import type { Plan } from '../../mission/plan/types.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const sharedDir = resolve(repo, '../shared/fields');
const fixtureDir = join(repo, 'test/fixtures/plan');
const SWATH = 5;

interface F2CRow {
  swaths: number;
  turns: number;
  ratio: number;
  coverage: number;
  outside: number;
  overlap: number;
  ms: number;
}

function readBaseline(): Map<string, F2CRow> {
  const out = new Map<string, F2CRow>();
  const file = join(sharedDir, 'baseline-fields2cover.csv');
  if (!existsSync(file)) return out;
  const [head, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = head!.split(',');
  const at = (row: string[], name: string) => Number(row[cols.indexOf(name)]);
  for (const line of lines) {
    const row = line.split(',');
    const hp = at(row, 'headland_m') > 0 ? Math.round(at(row, 'headland_m') / at(row, 'swath_m')) : 0;
    out.set(`${row[0]}|${hp}`, {
      swaths: at(row, 'n_swaths'),
      turns: at(row, 'n_turns'),
      ratio: at(row, 'path_over_lower_bound'),
      coverage: at(row, 'coverage_ratio'),
      outside: at(row, 'outside_ratio'),
      overlap: at(row, 'overlap_ratio'),
      ms: at(row, 'compute_ms'),
    });
  }
  return out;
}

/** A 150 ha block (about 1.3 × 1.15 km, a wavy edge) with 20 ponds as holes. */
function syntheticBigField(): FieldFile {
  const frame = new LocalFrame([105.9, 20.9]);
  const outer: [number, number][] = [];
  const rx = 690;
  const ry = 560;
  for (let i = 0; i < 64; i++) {
    const a = (2 * Math.PI * i) / 64;
    const wob = 1 + 0.04 * Math.sin(5 * a) + 0.02 * Math.cos(9 * a);
    const sx = Math.sign(Math.cos(a)) * Math.abs(Math.cos(a)) ** 0.35;
    const sy = Math.sign(Math.sin(a)) * Math.abs(Math.sin(a)) ** 0.35;
    outer.push([rx * sx * wob, ry * sy * wob]);
  }
  const rings: LngLat[][] = [close(outer.map((p) => frame.toLngLat(p)))];
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  for (let h = 0; h < 20; h++) {
    const cx = (h % 5) * 240 - 480 + (rnd() - 0.5) * 60;
    const cy = Math.floor(h / 5) * 230 - 345 + (rnd() - 0.5) * 60;
    const r = 8 + rnd() * 14;
    const hole: [number, number][] = [];
    for (let i = 0; i < 12; i++) {
      const a = (-2 * Math.PI * i) / 12;
      const rr = r * (0.8 + 0.4 * rnd());
      hole.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
    }
    rings.push(close(hole.map((p) => frame.toLngLat(p))));
  }
  return { plots: [{ id: 'big', polygons: [rings] }], noSpray: [], noFly: [] };
}

function close(r: LngLat[]): LngLat[] {
  return [...r, [r[0]![0], r[0]![1]]];
}

function timedPlan(field: FieldFile, hp: number, runs: number): { plan: Plan; ms: number } {
  planCoverage(field, { swathM: SWATH, headlandPasses: hp }); // warm-up (JIT)
  const times: number[] = [];
  let plan!: Plan;
  for (let i = 0; i < runs; i++) {
    plan = planCoverage(field, { swathM: SWATH, headlandPasses: hp });
    times.push(plan.computeMs);
  }
  return { plan, ms: median(times) };
}

/**
 * Double dose that whole swaths alone force at the plan's sweep angle (an estimate, not a proof):
 * across the sweep, each cross-section of the sprayable area W wide takes ⌈W/w⌉ parallel passes
 * (headland laps along the sides included), so ⌈W/w⌉·w − W of it is sprayed twice.
 */
function wholeSwathFloor(plan: Plan): number {
  const frame = new LocalFrame(plan.origin);
  const rot = ((plan.angleDeg - 90) * Math.PI) / 180;
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  const rings = plan.sprayable.flatMap((poly) =>
    poly.map((ring) =>
      ring.map((ll) => {
        const [x, y] = frame.toXY(ll);
        return [x * c - y * s, x * s + y * c] as const;
      }),
    ),
  );
  let minX = Infinity;
  let maxX = -Infinity;
  for (const r of rings)
    for (const p of r) {
      minX = Math.min(minX, p[0]);
      maxX = Math.max(maxX, p[0]);
    }
  const w = plan.params.swathM;
  const dx = 0.25;
  let waste = 0;
  let area = 0;
  for (let x = minX + dx / 2; x < maxX; x += dx) {
    const ys: number[] = [];
    for (const r of rings)
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const a = r[i]!;
        const b = r[j]!;
        if (a[0] > x !== b[0] > x) ys.push(a[1] + ((x - a[0]) * (b[1] - a[1])) / (b[0] - a[0]));
      }
    ys.sort((p, q) => p - q);
    for (let k = 0; k + 1 < ys.length; k += 2) {
      const width = ys[k + 1]! - ys[k]!;
      area += width * dx;
      waste += (Math.ceil(width / w - 1e-3) * w - width) * dx;
    }
  }
  return area > 0 ? waste / area : 0;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const f = (x: number, d: number) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const pad = (s: string, n: number) => s.padStart(n);

interface Row {
  name: string;
  real: boolean;
  hp: number;
  areaHa: number;
  plan: Plan;
  ms: number;
  f2c?: F2CRow;
}

const baseline = readBaseline();
const inputs: { name: string; real: boolean; field: FieldFile }[] = [];
if (existsSync(sharedDir)) {
  for (const file of readdirSync(sharedDir)
    .filter((x) => x.endsWith('.geojson'))
    .sort()) {
    inputs.push({
      name: file.replace(/\.geojson$/, ''),
      real: true,
      field: parseFieldFile(readFileSync(join(sharedDir, file), 'utf8')),
    });
  }
} else {
  console.log(`(no ${sharedDir}: real fields skipped)`);
}
for (const file of readdirSync(fixtureDir)
  .filter((x) => x.endsWith('.geojson'))
  .sort()) {
  inputs.push({
    name: `fixture:${file.replace(/\.geojson$/, '')}`,
    real: false,
    field: parseFieldFile(readFileSync(join(fixtureDir, file), 'utf8')),
  });
}

const rows: Row[] = [];
for (const input of inputs)
  for (const hp of [0, 1]) {
    const { plan, ms } = timedPlan(input.field, hp, 3);
    rows.push({
      name: input.name,
      real: input.real,
      hp,
      areaHa: plan.metrics.sprayableAreaM2 / 10_000,
      plan,
      ms,
      ...(baseline.has(`${input.name}|${hp}`) ? { f2c: baseline.get(`${input.name}|${hp}`)! } : {}),
    });
  }

const header = [
  'field'.padEnd(30),
  'hp',
  pad('ha', 7),
  pad('swaths', 6),
  pad('turns', 5),
  pad('ratio', 6),
  pad('cover', 7),
  pad('offtgt', 7),
  pad('overlap', 7),
  pad('time s', 7),
  pad('ms', 7),
  ' | F2C:',
  pad('swaths', 6),
  pad('turns', 5),
  pad('ratio', 6),
  pad('cover', 7),
  pad('offtgt', 7),
  pad('overlap', 7),
  pad('ms', 7),
].join(' ');
console.log(
  `Coverage planner, swath ${SWATH} m (ms = median of 3 runs after a warm-up; F2C = Fields2Cover baseline)`,
);
console.log(header);
console.log('-'.repeat(header.length));
for (const r of rows) {
  const m = r.plan.metrics;
  const b = r.f2c;
  console.log(
    [
      r.name.padEnd(30),
      ` ${r.hp}`,
      pad(f(r.areaHa, 3), 7),
      pad(String(m.swaths), 6),
      pad(String(m.turns), 5),
      pad(f(m.pathRatio, 3), 6),
      pad(f(m.coverage, 4), 7),
      pad(f(m.offTarget, 4), 7),
      pad(f(m.overlap, 4), 7),
      pad(f(m.estimatedTimeS, 0), 7),
      pad(f(r.ms, 1), 7),
      ' |     ',
      pad(b ? String(b.swaths) : '-', 6),
      pad(b ? String(b.turns) : '-', 5),
      pad(b ? f(b.ratio, 3) : '-', 6),
      pad(b ? f(b.coverage, 4) : '-', 7),
      pad(b ? f(b.outside, 4) : '-', 7),
      pad(b ? f(b.overlap, 4) : '-', 7),
      pad(b ? f(b.ms, 0) : '-', 7),
    ].join(' '),
  );
}

const big = syntheticBigField();
const bigRun = timedPlan(big, 1, 1);
console.log(
  `\nsynthetic 150 ha block with 20 holes (hp 1): ${f(bigRun.plan.metrics.sprayableAreaM2 / 10_000, 1)} ha sprayable, ` +
    `${bigRun.plan.metrics.swaths} swaths, coverage ${f(bigRun.plan.metrics.coverage, 4)}, off-target ${f(bigRun.plan.metrics.offTarget, 4)}, ` +
    `overlap ${f(bigRun.plan.metrics.overlap, 4)}, ratio ${f(bigRun.plan.metrics.pathRatio, 3)}, planned in ${f(bigRun.ms, 0)} ms`,
);

const real1 = rows.filter((r) => r.real && r.hp === 1);
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
if (real1.length > 0) {
  const cov = real1.map((r) => r.plan.metrics.coverage);
  const off = real1.map((r) => r.plan.metrics.offTarget);
  const ovl = real1.map((r) => r.plan.metrics.overlap);
  const withF2C = real1.filter((r) => r.f2c);
  const ratioOk = withF2C.filter((r) => r.plan.metrics.pathRatio <= r.f2c!.ratio + 1e-9).length;
  const small = real1.filter((r) => r.areaHa <= 20.5).map((r) => r.ms);
  console.log(
    `\nSummary on ${real1.length} real fields, swath ${SWATH} m, 1 headland pass (target → measured):`,
  );
  console.log(
    `  coverage   median ≥ 0.995 → ${f(median(cov), 4)} ${verdict(median(cov) >= 0.995)}; every field ≥ 0.98 → worst ${f(Math.min(...cov), 4)} ${verdict(Math.min(...cov) >= 0.98)}`,
  );
  console.log(
    `  off-target median ≤ 0.001 → ${f(median(off), 4)} ${verdict(median(off) <= 0.001)}; every field ≤ 0.005 → worst ${f(Math.max(...off), 4)} ${verdict(Math.max(...off) <= 0.005)}`,
  );
  console.log(
    `  overlap    median ≤ 0.03 → ${f(median(ovl), 4)} ${verdict(median(ovl) <= 0.03)} (whole-swath rounding alone at the chosen sweeps: median ${f(median(real1.map((r) => wholeSwathFloor(r.plan))), 4)})`,
  );
  console.log(
    `  path ratio no worse than F2C on most fields → ${ratioOk}/${withF2C.length} fields (median ours ${f(median(real1.map((r) => r.plan.metrics.pathRatio)), 3)}, F2C ${f(median(withF2C.map((r) => r.f2c!.ratio)), 3)}) ${verdict(ratioOk * 2 > withF2C.length)}`,
  );
  console.log(
    `  planning   median ≤ 100 ms (fields ≤ 20 ha) → ${f(median(small), 1)} ms ${verdict(median(small) <= 100)}; 150 ha + 20 holes ≤ 2000 ms → ${f(bigRun.ms, 0)} ms ${verdict(bigRun.ms <= 2000)}`,
  );
  const real0 = rows.filter((r) => r.real && r.hp === 0);
  console.log(
    `  (no headland: coverage median ${f(median(real0.map((r) => r.plan.metrics.coverage)), 4)}, off-target median ${f(median(real0.map((r) => r.plan.metrics.offTarget)), 4)}, overlap median ${f(median(real0.map((r) => r.plan.metrics.overlap)), 4)})`,
  );
}
