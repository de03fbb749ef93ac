import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CatalogRepository } from '../../../fields/catalog/catalog-repo.js';
import { Db } from '../../../fields/db.js';
import { ALL_MIGRATIONS } from '../../../fields/migrations.js';
import { InputError } from '../../../mission/dose/input-error.js';
import { formatAmount, formatMixSheet } from '../../../mission/dose/mix.js';
import type { MixProduct } from '../../../mission/dose/product.js';
import { jobMissionFile, type MissionFileFormat } from '../../../mission/files/mission-export.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { LngLat } from '../../../mission/geo/types.js';
import { DEFAULT_PLAN_PARAMS, type PathPiece, type Plan } from '../../../mission/plan/types.js';
import {
  BUILTIN_PROFILES,
  type DroneProfile,
  parseDroneProfileJson,
} from '../../../mission/profile/drone-profile.js';
import { type Job, prepareJob } from '../../../mission/sorties/job.js';
import { noFlyConnector } from '../../../mission/sorties/no-fly-connector.js';
import { resolveDbPath } from '../../app-paths.js';
import { CliError } from '../cli-error.js';
import { DB_HELP } from '../text-table.js';

/** A number flag: finite and within (min, max]. */
export function positiveFlag(flag: string, raw: string, max: number): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(v) || v <= 0 || v > max)
    throw new CliError(`${flag}: expected a number above 0 and at most ${max}, got "${raw}"`, 2);
  return v;
}

function lineStringsToPieces(features: unknown[], where: string): { pieces: PathPiece[]; frame: LocalFrame } {
  const raw: { kind: 'spray' | 'transit'; coords: LngLat[]; role?: PathPiece['role'] }[] = [];
  features.forEach((f, i) => {
    const ft = f as {
      geometry?: { type?: string; coordinates?: unknown };
      properties?: { kind?: unknown; role?: unknown };
    };
    const kind = ft.properties?.kind;
    if (ft.geometry?.type !== 'LineString' || (kind !== 'spray' && kind !== 'transit'))
      throw new CliError(
        `${where} feature ${i}: expected a LineString with properties.kind "spray" or "transit"`,
        2,
      );
    const coords = ft.geometry.coordinates as unknown;
    if (
      !Array.isArray(coords) ||
      coords.length < 2 ||
      !coords.every((c) => Array.isArray(c) && Number.isFinite(c[0]) && Number.isFinite(c[1]))
    )
      throw new CliError(`${where} feature ${i}: coordinates must be at least two [lon, lat] positions`, 2);
    const role = ft.properties?.role;
    raw.push({
      kind,
      coords: coords.map((c) => [c[0], c[1]] as LngLat),
      ...(role === 'headland' || role === 'swath' || role === 'connector' ? { role } : {}),
    });
  });
  if (raw.length === 0) throw new CliError(`${where}: the route has no lines`, 2);
  const frame = LocalFrame.around(raw.flatMap((r) => r.coords));
  const pieces = raw.map((r) => {
    const xy = r.coords.map((c) => frame.toXY(c));
    let len = 0;
    for (let k = 1; k < xy.length; k++)
      len += Math.hypot(xy[k]![0] - xy[k - 1]![0], xy[k]![1] - xy[k - 1]![1]);
    const p: PathPiece = { kind: r.kind, coords: r.coords, xy, lengthM: len };
    if (r.role) p.role = r.role;
    return p;
  });
  return { pieces, frame };
}

/**
 * Reads a route for `mix` (and for the lead's mission export): a stored Plan object (with
 * `pieces` and `params`), the output of `agrispray plan --format json` (`path`), or of
 * `--format geojson` (a FeatureCollection). The last two do not carry the swath or speed:
 * `swathM`/`speedMps` must then be given.
 */
export function readPlanLike(
  text: string,
  where: string,
  given: { swathM?: number; speedMps?: number } = {},
): Plan {
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${where}: not valid JSON: ${(e as Error).message}`, 2);
  }
  const o = (j ?? {}) as Record<string, unknown>;
  const inner = (o.plan ?? o) as Record<string, unknown>;
  if (Array.isArray(inner.pieces) && inner.params && typeof inner.params === 'object') {
    const plan = inner as unknown as Plan;
    const params = { ...plan.params };
    if (given.swathM !== undefined) params.swathM = given.swathM;
    if (given.speedMps !== undefined) params.speedMps = given.speedMps;
    return { ...plan, params, sprayable: plan.sprayable ?? [], warnings: plan.warnings ?? [] };
  }
  const fc = (o.path ?? o) as { type?: string; features?: unknown[] };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features))
    throw new CliError(
      `${where}: expected a plan (pieces), the output of "agrispray plan --format json", or a route FeatureCollection`,
      2,
    );
  if (given.swathM === undefined)
    throw new CliError(`${where} does not carry the swath: give --swath <m>`, 2);
  const { pieces, frame } = lineStringsToPieces(fc.features, where);
  const first = pieces[0]!.coords[0]!;
  const last = pieces.at(-1)!.coords.at(-1)!;
  const startsHome = pieces[0]!.kind === 'transit' && first[0] === last[0] && first[1] === last[1];
  const sprayLen = pieces.filter((p) => p.kind === 'spray').reduce((s, p) => s + p.lengthM, 0);
  const total = pieces.reduce((s, p) => s + p.lengthM, 0);
  const plan: Plan = {
    params: {
      ...DEFAULT_PLAN_PARAMS,
      swathM: given.swathM,
      speedMps: given.speedMps ?? DEFAULT_PLAN_PARAMS.speedMps,
    },
    pieces,
    metrics: {
      sprayableAreaM2: sprayLen * given.swathM,
      coverage: Number.NaN,
      offTarget: Number.NaN,
      overlap: Number.NaN,
      pathRatio: Number.NaN,
      pathLengthM: total,
      sprayLengthM: sprayLen,
      transitLengthM: total - sprayLen,
      swaths: pieces.filter((p) => p.kind === 'spray').length,
      turns: 0,
      estimatedTimeS: Number.NaN,
    },
    perPlot: [],
    angleDeg: 0,
    computeMs: 0,
    origin: frame.origin,
    sprayable: [],
    warnings: [],
  };
  if (startsHome) plan.home = first;
  return plan;
}

/** `--profile`: a JSON file, or the id of a built-in or stored profile. */
export async function resolveProfile(
  flag: string | undefined,
  repo?: CatalogRepository,
): Promise<DroneProfile> {
  if (!flag) return BUILTIN_PROFILES[0]!;
  if (existsSync(flag)) {
    try {
      return parseDroneProfileJson(await readFile(flag, 'utf8'), flag);
    } catch (e) {
      if (e instanceof InputError) throw new CliError(`--profile ${flag}: ${e.message}`, 2);
      throw e;
    }
  }
  const p = BUILTIN_PROFILES.find((b) => b.id === flag) ?? (await repo?.getProfile(flag));
  if (!p) {
    const ids = [
      ...BUILTIN_PROFILES.map((b) => b.id),
      ...((await repo?.listStoredProfiles()) ?? []).map((s) => s.id),
    ];
    throw new CliError(`--profile: "${flag}" is neither a file nor a profile id (${ids.join(', ')})`, 2);
  }
  return p;
}

/** `--product name:rate` (the last colon separates the rate) → name and rate. */
export function parseProductFlag(raw: string): { name: string; rate: number } {
  const k = raw.lastIndexOf(':');
  const name = k > 0 ? raw.slice(0, k).trim() : '';
  const rate = k > 0 ? Number(raw.slice(k + 1)) : Number.NaN;
  if (!name || !Number.isFinite(rate) || rate <= 0)
    throw new CliError(`--product: expected "name:rate" (rate per ha in the label unit), got "${raw}"`, 2);
  return { name, rate };
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** The job flags shared by `mix` and `plan --format plan|waypoints` (see `addJobOptions`). */
export interface JobFlags {
  volume: string;
  product: string[];
  override: string[];
  tank?: string;
  batteryMin?: string;
  profile?: string;
  saoM2?: string;
  db?: string;
}

interface MixOpts extends JobFlags {
  swath?: string;
  speed?: string;
  json?: boolean;
}

/**
 * Adds the job flags to a command: --volume, --product (repeatable), --override (repeatable),
 * --tank, --battery-min, --profile, --sao-m2, and --db unless `withDb` is false.
 */
export function addJobOptions(cmd: Command, withDb = true): Command {
  cmd
    .option('--volume <L/ha>', 'application volume of mix per hectare', '20')
    .option(
      '--product <name:rate>',
      'a product from the catalogue at a rate per ha (repeatable)',
      collect,
      [],
    )
    .option(
      '--override <name=reason>',
      'spray a product outside its label range, with the reason (repeatable)',
      collect,
      [],
    )
    .option('--tank <L>', 'tank volume (default: the profile’s)')
    .option('--battery-min <min>', 'battery endurance (default: the profile’s)')
    .option(
      '--profile <file|id>',
      `drone profile: a JSON file or an id (${BUILTIN_PROFILES.map((p) => p.id).join(', ')}); default ${BUILTIN_PROFILES[0]!.id}`,
    )
    .option('--sao-m2 <m2>', 'square metres per sào (360 Bắc Bộ, 500 Trung Bộ)', '360');
  if (withDb) cmd.option('--db <path>', DB_HELP);
  return cmd;
}

/**
 * Builds a job from a plan and the job flags: profile (file, built-in or stored id), products
 * looked up in the catalogue (with overrides), tank/battery overrides. Bad flags and refused
 * inputs become CliErrors with exit code 2. Products are optional unless `requireProducts`.
 */
export async function jobFromFlags(
  plan: Plan,
  flags: JobFlags,
  requireProducts = false,
  noFly: LngLat[][] = [],
): Promise<Job> {
  const volume = positiveFlag('--volume', flags.volume, 500);
  const saoM2 = positiveFlag('--sao-m2', flags.saoM2 ?? '360', 1000);
  if (requireProducts && flags.product.length === 0)
    throw new CliError('give at least one --product name:rate', 2);
  const wanted = flags.product.map(parseProductFlag);
  const overrides = new Map<string, string>();
  for (const o of flags.override) {
    const k = o.indexOf('=');
    if (k <= 0 || !o.slice(k + 1).trim())
      throw new CliError(`--override: expected "name=reason", got "${o}"`, 2);
    overrides.set(o.slice(0, k).trim().toLowerCase(), o.slice(k + 1).trim());
  }
  const db = await Db.open(resolveDbPath(flags.db), ALL_MIGRATIONS);
  try {
    const repo = new CatalogRepository(db);
    const profile = await resolveProfile(flags.profile, repo);
    const products: MixProduct[] = [];
    for (const w of wanted) {
      const p = await repo.findProductByName(w.name);
      if (!p) {
        const names = (await repo.listProducts()).map((x) => x.name);
        throw new CliError(
          `--product: "${w.name}" is not in the catalogue${names.length ? ` (${names.join(', ')})` : ' (empty: "agrispray products import <csv>")'}`,
          2,
        );
      }
      const reason = overrides.get(w.name.toLowerCase());
      products.push({ product: p, ratePerHa: w.rate, ...(reason ? { override: { reason } } : {}) });
    }
    const connect = noFlyConnector(plan.origin, noFly);
    try {
      return prepareJob(plan, {
        profile,
        volumeLPerHa: volume,
        saoM2,
        ...(products.length ? { products } : {}),
        ...(flags.tank !== undefined ? { tankL: positiveFlag('--tank', flags.tank, 100) } : {}),
        ...(flags.batteryMin !== undefined
          ? { batteryEnduranceMin: positiveFlag('--battery-min', flags.batteryMin, 120) }
          : {}),
        ...(noFly.length ? { noFly } : {}),
        ...(connect ? { connect } : {}),
      });
    } catch (e) {
      if (e instanceof InputError) throw new CliError(e.message, 2);
      throw e;
    }
  } finally {
    await db.close();
  }
}

/**
 * `agrispray plan … --format plan|waypoints [--sortie N]`: the mission file of one sortie of the
 * job built from the plan and the job flags. Returns the file text and the warnings for stderr.
 */
export async function missionFileOutput(
  plan: Plan,
  format: MissionFileFormat,
  flags: JobFlags & { sortie?: string },
  noFly: LngLat[][] = [],
): Promise<{ text: string; warnings: string[]; job: Job }> {
  const job = await jobFromFlags(plan, flags, false, noFly);
  const n = flags.sortie === undefined ? 1 : Number(flags.sortie);
  if (!Number.isInteger(n) || n < 1 || n > job.missions.length)
    throw new CliError(
      `--sortie: expected 1..${job.missions.length} (the job has ${job.missions.length} sortie(s)), got "${flags.sortie}"`,
      2,
    );
  return { text: jobMissionFile(job, format, n), warnings: job.warnings, job };
}

/** Text summary of a job's sorties and spray settings, after the mix sheet. */
export function formatJobSummary(job: Job): string {
  const out: string[] = [];
  const r = job.rate;
  out.push(
    `Spray speed ${r.speedMps.toFixed(2)} m/s${r.capped ? ` (lowered from ${r.requestedSpeedMps} for the pump)` : ''} · flow ${r.flowLpm.toFixed(2)} L/min (${Math.round(r.pumpLoad * 100)} % of the pump)`,
  );
  out.push('');
  out.push('Sorties:');
  for (const s of job.sorties.sorties) {
    out.push(
      `  ${String(s.index).padStart(2)}: ${(s.areaHa * 10_000).toFixed(0).padStart(6)} m²  ${formatAmount(s.liquidL, 'L').padStart(8)}  ${(s.flightTimeS / 60).toFixed(1).padStart(5)} min  battery ${s.batteryUsedPct.toFixed(0).padStart(3)} %  ends: ${s.endReason}`,
    );
  }
  const t = job.sorties.totals;
  out.push(
    `  total ${(t.areaHa * 10_000).toFixed(0)} m², ${t.liquidL.toFixed(1)} L, ${(t.flightTimeS / 60).toFixed(1)} min of flight`,
  );
  if (Object.keys(job.vehicleParams).length > 0) {
    out.push('');
    out.push(
      `ArduPilot parameters to check: ${Object.entries(job.vehicleParams)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
  }
  return out.join('\n');
}

/** `agrispray mix`, `agrispray products list|import`, `agrispray profiles list`. */
export function register(program: Command): void {
  const mix = program
    .command('mix')
    .description('print the mix sheet of a job: products and water per ha, per sào, per tank and in total')
    .argument('<plan>', 'a plan (.json from "agrispray plan --format json", or a stored plan)');
  addJobOptions(mix)
    .option('--swath <m>', 'swath width, when the plan file does not carry it')
    .option('--speed <m/s>', 'spray speed (default: the plan’s)')
    .option('--json', 'print the job as JSON')
    .action(async (file: string, opts: MixOpts) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new CliError(
          `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const plan = readPlanLike(text, file, {
        ...(opts.swath !== undefined ? { swathM: positiveFlag('--swath', opts.swath, 30) } : {}),
        ...(opts.speed !== undefined ? { speedMps: positiveFlag('--speed', opts.speed, 20) } : {}),
      });
      const job = await jobFromFlags(plan, opts, true);
      if (opts.json) {
        const sorties = job.sorties.sorties.map(({ pieces: _p, ferryOut: _o, ferryBack: _b, ...s }) => s);
        process.stdout.write(
          `${JSON.stringify({ mix: job.mix, rate: job.rate, vehicleParams: job.vehicleParams, sorties, totals: job.sorties.totals, warnings: job.warnings })}\n`,
        );
        return;
      }
      process.stdout.write(`Drone: ${job.profile.name} (tank ${job.profile.tankL} L)\n`);
      process.stdout.write(`${formatMixSheet(job.mix!)}\n\n${formatJobSummary(job)}\n`);
      const shown = new Set(job.mix!.warnings);
      for (const w of job.warnings) if (!shown.has(w)) process.stderr.write(`agrispray: warning: ${w}\n`);
    });

  const products = program.command('products').description('the product catalogue');
  products
    .command('list')
    .description('list the products in the catalogue')
    .option('--db <path>', DB_HELP)
    .action(async (opts: { db?: string }) => {
      const db = await Db.open(resolveDbPath(opts.db), ALL_MIGRATIONS);
      try {
        for (const p of await new CatalogRepository(db).listProducts()) {
          process.stdout.write(
            `${p.name}\t${p.formulation}\t${p.activeIngredients.map((a) => `${a.name} ${a.concentration}${a.concentrationUnit === '%' ? '%' : ` ${a.concentrationUnit}`}`).join(' + ')}\t${p.labelRate.min}–${p.labelRate.max} ${p.labelRate.unit}/ha\tPHI ${p.phiDays} d\t${p.registrationNumber}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
  products
    .command('import')
    .description(
      'import products from CSV (all or nothing): name, active_ingredients, formulation, rate_min, rate_max, rate_unit, phi_days, registration_number, notes',
    )
    .argument('<csv>', 'CSV file (comma, or semicolon with decimal commas)')
    .option('--update', 'update products already in the catalogue instead of refusing')
    .option('--db <path>', DB_HELP)
    .action(async (file: string, opts: { db?: string; update?: boolean }) => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (e) {
        throw new CliError(
          `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
        );
      }
      const db = await Db.open(resolveDbPath(opts.db), ALL_MIGRATIONS);
      try {
        const r = await new CatalogRepository(db).importProductsCsv(text, {
          onDuplicate: opts.update ? 'update' : 'error',
        });
        process.stdout.write(`imported ${r.created} new, updated ${r.updated}\n`);
      } catch (e) {
        if (e instanceof InputError) throw new CliError(`${file}: ${e.message}`, 2);
        throw e;
      } finally {
        await db.close();
      }
    });

  program
    .command('profiles')
    .description('list the drone profiles (built-in and stored)')
    .option('--db <path>', DB_HELP)
    .action(async (opts: { db?: string }) => {
      const db = await Db.open(resolveDbPath(opts.db), ALL_MIGRATIONS);
      try {
        for (const { profile: p, builtin } of await new CatalogRepository(db).listProfiles()) {
          process.stdout.write(
            `${p.id}\t${p.name}${builtin ? ' (built-in)' : ''}\ttank ${p.tankL} L\tpump ${p.pumpMaxLpm} L/min\tbattery ${p.batteryEnduranceMin} min (${p.batteryReservePct} % reserve)\t${p.autopilot}/${p.sprayControl.type}\n`,
          );
        }
      } finally {
        await db.close();
      }
    });
}
