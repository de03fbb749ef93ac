import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseFieldFile } from '../../../mission/field/parse-field-file.js';
import type { MissionFileFormat } from '../../../mission/files/mission-export.js';
import { routeToGeoJson, sortieRouteLines } from '../../../mission/files/route-geo.js';
import type { LngLat } from '../../../mission/geo/types.js';
import { PlanParamsError, planCoverage, planToGeoJSON } from '../../../mission/plan/index.js';
import type { Plan, PlanParams } from '../../../mission/plan/types.js';
import { CliError } from '../cli-error.js';
import { addJobOptions, type JobFlags, jobFromFlags, missionFileOutput } from './mission.js';

/** Renders a plan for stdout in one output format. */
export type PlanFormatter = (plan: Plan) => string;

/**
 * Output formats of `agrispray plan --format`. Other formats (`plan` = QGroundControl .plan,
 * `waypoints` = QGC WPL 110) slot in with `registerPlanFormat`.
 */
export const planFormats = new Map<string, PlanFormatter>([
  ['geojson', (plan) => `${JSON.stringify(planToGeoJSON(plan))}\n`],
  [
    'json',
    (plan) =>
      `${JSON.stringify({
        path: planToGeoJSON(plan),
        metrics: plan.metrics,
        computeMs: Math.round(plan.computeMs * 10) / 10,
        perPlot: plan.perPlot,
        angleDeg: plan.angleDeg,
        ...(plan.regionAnglesDeg ? { regionAnglesDeg: plan.regionAnglesDeg } : {}),
        warnings: plan.warnings,
      })}\n`,
  ],
]);

/** Adds (or replaces) an output format of `agrispray plan`. */
export function registerPlanFormat(name: string, formatter: PlanFormatter): void {
  planFormats.set(name, formatter);
}

interface PlanOpts {
  swath: string;
  headlandPasses: string;
  edgeBuffer: string;
  sprayBuffer: string;
  angle: string;
  speed: string;
  home?: string;
  format: string;
  plotGap: string;
  doubleDoseWeight?: string;
  headlandLast?: boolean;
}

const FLAG_OF: Record<string, string> = {
  swathM: '--swath',
  headlandPasses: '--headland-passes',
  edgeBufferM: '--edge-buffer',
  noSprayBufferM: '--no-spray-buffer',
  angleDeg: '--angle',
  speedMps: '--speed',
  plotGapM: '--plot-gap',
  doubleDoseWeight: '--double-dose-weight',
};

/** A number flag: finite, within [min, max] (min exclusive when `positive`). */
function numberFlag(
  flag: string,
  raw: string,
  min: number,
  max: number,
  opts: { positive?: boolean; integer?: boolean } = {},
): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  const range = `${opts.positive ? `greater than ${min}` : `at least ${min}`} and at most ${max}`;
  if (!Number.isFinite(v)) throw new CliError(`${flag}: expected a number, got "${raw}"`, 2);
  if (opts.integer && !Number.isInteger(v))
    throw new CliError(`${flag}: expected a whole number, got "${raw}"`, 2);
  if ((opts.positive ? v <= min : v < min) || v > max)
    throw new CliError(`${flag}: must be ${range}, got "${raw}"`, 2);
  return v;
}

/** `lat,lon` in degrees → [lon, lat]. */
export function parseLatLon(flag: string, raw: string): LngLat {
  const parts = raw.split(',').map((s) => s.trim());
  const [lat, lon] = parts.map(Number);
  if (parts.length !== 2 || !Number.isFinite(lat) || !Number.isFinite(lon)) {
    throw new CliError(`${flag}: expected "lat,lon" in degrees (e.g. 20.4487,106.3512), got "${raw}"`, 2);
  }
  if (Math.abs(lat!) > 90 || Math.abs(lon!) > 180) {
    throw new CliError(
      `${flag}: latitude must be within ±90 and longitude within ±180, got "${raw}" (lat first)`,
      2,
    );
  }
  return [lon!, lat!];
}

/** Turns the command-line flags into planner parameters, refusing any bad value with the flag's name. */
export function planParamsFromFlags(o: PlanOpts): { params: Partial<PlanParams>; home?: LngLat } {
  const params: Partial<PlanParams> = {
    swathM: numberFlag('--swath', o.swath, 0, 100, { positive: true }),
    headlandPasses: numberFlag('--headland-passes', o.headlandPasses, 0, 10, { integer: true }),
    edgeBufferM: numberFlag('--edge-buffer', o.edgeBuffer, 0, 100),
    noSprayBufferM: numberFlag('--no-spray-buffer', o.sprayBuffer, 0, 100),
    speedMps: numberFlag('--speed', o.speed, 0, 30, { positive: true }),
    plotGapM: numberFlag('--plot-gap', o.plotGap, 0, 20),
    ...(o.doubleDoseWeight !== undefined
      ? { doubleDoseWeight: numberFlag('--double-dose-weight', o.doubleDoseWeight, 0, 100) }
      : {}),
    headlandFirst: !o.headlandLast,
  };
  const angle = o.angle.trim().toLowerCase();
  if (angle === 'auto') params.angleDeg = 'auto';
  else params.angleDeg = numberFlag('--angle', o.angle, -360, 360);
  return { params, ...(o.home !== undefined ? { home: parseLatLon('--home', o.home) } : {}) };
}

/** `agrispray plan <field.geojson> [flags]`: plans the spray route and writes it to stdout. */
export function register(program: Command): void {
  const cmd = program
    .command('plan')
    .description('plan the spray route over a field file and write it to stdout')
    .argument('<field>', 'field file (GeoJSON: field plots, no-spray and no-fly zones, home)')
    .option('--swath <m>', 'swath width in metres', '5')
    .option('--headland-passes <n>', 'headland laps around the boundary and holes', '1')
    .option('--headland-last', 'fly the headland laps after the interior swaths')
    .option('--edge-buffer <m>', 'unsprayed band inside the field edge (drift), metres', '0')
    .option('--no-spray-buffer <m>', 'buffer around no-spray zones and holes, metres', '0')
    .option(
      '--double-dose-weight <w>',
      'auto angle and lane ends: how much a m² sprayed twice costs, in seconds of spraying it (0 = fastest flight, 8 = default, 12 = least chemical)',
    )
    .option('--plot-gap <m>', 'plots closer than this are sprayed as one block (bunds), metres', '1')
    .option('--angle <auto|deg>', 'swath direction in degrees clockwise from north, or auto', 'auto')
    .option('--speed <m/s>', 'spraying speed', '5')
    .option('--home <lat,lon>', 'take-off and refill point (overrides the file’s home)')
    .option(
      '--format <format>',
      `output format: ${[...planFormats.keys(), ...MISSION_FORMATS].join('|')} (plan = QGroundControl .plan, waypoints = Mission Planner QGC WPL 110, one sortie each)`,
      'geojson',
    )
    .option('--sortie <n>', 'with --format plan|waypoints: which sortie (tank load), 1-based', '1');
  addJobOptions(cmd);
  cmd.addHelpText(
    'after',
    "\nGiving any job flag (--volume, --product, --profile, --tank, --battery-min) cuts the route into sorties\n(tank loads): --format geojson then numbers each line's sortie, --format json adds the dosage and the sorties.",
  );
  cmd.action(async (file: string, opts: PlanOpts & JobFlags & { sortie?: string }) => {
    const mission = (MISSION_FORMATS as readonly string[]).includes(opts.format)
      ? (opts.format as MissionFileFormat)
      : undefined;
    const format = planFormats.get(opts.format);
    if (!format && !mission) {
      throw new CliError(
        `--format: expected one of ${[...planFormats.keys(), ...MISSION_FORMATS].join(', ')}, got "${opts.format}"`,
        2,
      );
    }
    const { params, home } = planParamsFromFlags(opts);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const field = parseFieldFile(text);
    let plan: Plan;
    try {
      plan = planCoverage(field, params, home ? { home } : {});
    } catch (e) {
      if (e instanceof PlanParamsError) throw new CliError(`${FLAG_OF[e.param] ?? e.param}: ${e.message}`, 2);
      throw e;
    }
    for (const w of plan.warnings) process.stderr.write(`agrispray: warning: ${w}\n`);
    const noFly = field.noFly.map((z) => z.ring);
    if (mission) {
      const r = await missionFileOutput(plan, mission, opts, noFly);
      for (const w of r.warnings) process.stderr.write(`agrispray: warning: ${w}\n`);
      process.stdout.write(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
      return;
    }
    const jobFlagGiven = JOB_FLAGS.some((k) => cmd.getOptionValueSource(k) === 'cli');
    if (jobFlagGiven && opts.format === 'geojson') {
      // cut into sorties: every line carries its tank load
      const job = await jobFromFlags(plan, opts, false, noFly);
      for (const w of job.warnings) process.stderr.write(`agrispray: warning: ${w}\n`);
      process.stdout.write(`${JSON.stringify(routeToGeoJson(sortieRouteLines(job.sorties)))}\n`);
      return;
    }
    if (opts.format === 'json' && jobFlagGiven) {
      const job = await jobFromFlags(plan, opts, false, noFly);
      for (const w of job.warnings) process.stderr.write(`agrispray: warning: ${w}\n`);
      const base = JSON.parse(format!(plan)) as Record<string, unknown>;
      base.path = routeToGeoJson(sortieRouteLines(job.sorties));
      const dosage = {
        volumeLPerHa: job.sorties.volumeLPerHa,
        spraySpeedMps: job.rate.speedMps,
        speedCapped: job.rate.capped,
        flowLpm: job.rate.flowLpm,
        ...(job.mix ? { mix: job.mix } : {}),
        ...(Object.keys(job.vehicleParams).length ? { vehicleParams: job.vehicleParams } : {}),
      };
      const sorties = job.sorties.sorties.map((x) => ({
        sortie: x.index,
        areaHa: x.areaHa,
        liquidL: x.liquidL,
        flightTimeS: x.flightTimeS,
        batteryUsedPct: x.batteryUsedPct,
        endReason: x.endReason,
        items: job.missions[x.index - 1]?.items.length ?? 0,
      }));
      process.stdout.write(`${JSON.stringify({ ...base, dosage, sorties, totals: job.sorties.totals })}\n`);
      return;
    }
    process.stdout.write(format!(plan));
  });
}

/** Output formats that are mission files of one sortie (need the job flags). */
const MISSION_FORMATS = ['plan', 'waypoints'] as const;
/** Flags whose presence makes `--format json` include the dosage and sorties. */
const JOB_FLAGS = ['volume', 'product', 'profile', 'tank', 'batteryMin'];
