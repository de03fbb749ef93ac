// Sustained telemetry-log write rate: `npm run bench:log`.
// Simulates a fleet of drones streaming samples into FlightLoggers on one database (the way the
// app logs while connected) and prints samples written per second, end to end (append → on disk).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../fields/db.js';
import { ALL_MIGRATIONS } from '../../fields/migrations.js';
import { FlightLogger, insertSamples } from '../../fields/records/flight-log.js';
import type { TelemetrySample } from '../../mission/telemetry/types.js';

function sample(i: number): TelemetrySample {
  return {
    t: 1_700_000_000_000 + i * 100,
    lat: 10.5 + (i % 1000) * 1e-6,
    lon: 105.6 + Math.floor(i / 1000) * 1e-6,
    altM: 3 + (i % 7) * 0.01,
    groundSpeedMps: 5,
    headingDeg: (i * 3) % 360,
    spraying: i % 10 !== 0,
    flowLpm: 2.4,
    batteryPct: 80 - i * 1e-4,
    batteryV: 48.1,
    mode: 'AUTO',
    armed: true,
    missionSeq: i % 300,
  };
}

interface Row {
  scenario: string;
  samples: number;
  seconds: string;
  'samples/s': number;
}

async function fleet(db: Db, drones: number, perDrone: number, batchSize: number): Promise<Row> {
  const loggers = await Promise.all(
    Array.from({ length: drones }, (_, d) =>
      FlightLogger.start(db, { vehicle: `drone-${d}` }, { batchSize }),
    ),
  );
  const t0 = performance.now();
  // Feed in slices of 1000 samples per drone, yielding to the event loop like a live link would.
  for (let i = 0; i < perDrone; i += 1000) {
    for (const l of loggers) for (let k = i; k < Math.min(perDrone, i + 1000); k++) l.append(sample(k));
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(loggers.map((l) => l.flush()));
  const s = (performance.now() - t0) / 1000;
  await Promise.all(loggers.map((l) => l.close()));
  const n = drones * perDrone;
  return {
    scenario: `${drones} logger(s), batch ${batchSize}`,
    samples: n,
    seconds: s.toFixed(2),
    'samples/s': Math.round(n / s),
  };
}

async function direct(db: Db, n: number, batch: number): Promise<Row> {
  await db.run("INSERT INTO records_flights(id, vehicle, started_at) VALUES ('bench-direct', 'x', 0)");
  const all = Array.from({ length: n }, (_, i) => sample(i));
  const t0 = performance.now();
  for (let i = 0; i < n; i += batch) await insertSamples(db, 'bench-direct', all.slice(i, i + batch));
  const s = (performance.now() - t0) / 1000;
  return {
    scenario: `insertSamples, ${batch} per transaction`,
    samples: n,
    seconds: s.toFixed(2),
    'samples/s': Math.round(n / s),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'agrispray-logbench-'));
try {
  const db = await Db.open(join(dir, 'bench.sqlite'), ALL_MIGRATIONS);
  const rows: Row[] = [];
  rows.push(await direct(db, 100_000, 1000));
  rows.push(await fleet(db, 1, 100_000, 1000));
  rows.push(await fleet(db, 10, 20_000, 1000));
  rows.push(await fleet(db, 10, 20_000, 100));
  await db.close();
  console.table(rows);
  const worst = Math.min(...rows.map((r) => r['samples/s']));
  console.log(
    `sustained: ≥ ${worst} samples/s written (target ≥ 20000): ${worst >= 20_000 ? 'MET' : 'NOT MET'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
