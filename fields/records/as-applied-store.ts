import {
  type AsAppliedOptions,
  type AsAppliedResult,
  analyseAsApplied,
} from '../../mission/as-applied/analyse.js';
import type { Plot, Zone } from '../../mission/field/types.js';
import type { Plan } from '../../mission/plan/types.js';
import type { TelemetrySample } from '../../mission/telemetry/types.js';
import type { Db } from '../db.js';
import { type FlightRow, getFlight, readSamples } from './flight-log.js';
import { getJob, type Job, jobPlans } from './jobs.js';

/** Everything a report or the UI needs about what was applied on a job (or one flight). */
export interface AppliedView {
  job?: Job;
  flights: FlightRow[];
  plan?: { planId: string; plan: Plan };
  samples: TelemetrySample[];
  analysis?: AsAppliedResult;
  /** Why there is no analysis, or assumptions made (e.g. swath taken from a default). */
  notes: string[];
}

/**
 * Loads the flights (all of a job, or the given ones), their samples, the job's plots and the plan
 * snapshot, and runs the as-applied analysis. Swath: the flight's, else the plan's; rate: the
 * flight's, else the job's water volume.
 */
export async function loadApplied(
  db: Db,
  what: { jobId: string } | { flightIds: string[] },
  opts: { noSpray?: Zone[]; options?: AsAppliedOptions } = {},
): Promise<AppliedView> {
  const notes: string[] = [];
  let flights: FlightRow[];
  let job: Job | undefined;
  if ('jobId' in what) {
    job = await getJob(db, what.jobId);
    if (!job) throw new Error(`no job ${what.jobId}`);
    const ids = await db.all<{ id: string }>(
      'SELECT id FROM records_flights WHERE job_id = ? ORDER BY started_at',
      [what.jobId],
    );
    flights = (await Promise.all(ids.map((r) => getFlight(db, r.id)))).filter((f): f is FlightRow => !!f);
  } else {
    flights = [];
    for (const id of what.flightIds) {
      const f = await getFlight(db, id);
      if (!f) throw new Error(`no flight ${id}`);
      flights.push(f);
    }
    const jobId = flights.find((f) => f.jobId)?.jobId;
    if (jobId) job = await getJob(db, jobId);
  }
  const samples: TelemetrySample[] = [];
  for (const f of flights) samples.push(...(await readSamples(db, f.id)));
  samples.sort((a, b) => a.t - b.t);

  let plan: AppliedView['plan'];
  if (job) {
    const plans = await jobPlans(db, job.id);
    const wanted = flights.find((f) => f.planId)?.planId;
    const hit = plans.find((p) => p.planId === wanted) ?? plans[plans.length - 1];
    if (hit) plan = { planId: hit.planId, plan: hit.plan };
  }
  const view: AppliedView = { flights, samples, notes };
  if (job) view.job = job;
  if (plan) view.plan = plan;
  if (!job) {
    notes.push('flight is not linked to a job: no plots to analyse against');
    return view;
  }
  const swathM = flights.find((f) => f.swathM)?.swathM ?? plan?.plan.params.swathM;
  if (!swathM) {
    notes.push('swath unknown (no plan and none on the flight): as-applied map not computed');
    return view;
  }
  const rateLha = flights.find((f) => f.rateLha)?.rateLha ?? job.waterLha;
  const plots: Plot[] = job.plots.map((p) => {
    const plot: Plot = { id: p.plotId, polygons: p.polygons };
    if (p.name !== undefined) plot.name = p.name;
    if (p.owner !== undefined) plot.owner = p.owner;
    return plot;
  });
  view.analysis = analyseAsApplied({
    samples,
    swathM,
    plots,
    ...(opts.noSpray ? { noSpray: opts.noSpray } : {}),
    ...(rateLha ? { rateLha } : {}),
    ...(plan ? { plan: { pieces: plan.plan.pieces, origin: plan.plan.origin } } : {}),
    ...(opts.options ? { options: opts.options } : {}),
  });
  return view;
}
