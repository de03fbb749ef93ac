import { createHash, randomUUID } from 'node:crypto';
import type { Plan } from '../../mission/plan/types.js';
import { canonicalJson } from '../../mission/records/canonical-json.js';
import { type JobInput, type JobSpec, parseJobInput } from '../../mission/records/job.js';
import type { Db, SqlValue } from '../db.js';
import { appendAudit } from './audit.js';

export type JobStatus = 'planned' | 'flown' | 'closed' | 'cancelled';

/** A stored job. */
export interface Job extends JobSpec {
  id: string;
  status: JobStatus;
  createdAt: string;
  updatedAt: string;
}

interface JobRow {
  id: string;
  created_at: string;
  updated_at: string;
  farmer: string;
  farmer_phone: string;
  plots: string;
  crop: string;
  crop_stage: string;
  target: string;
  products: string;
  water_lha: number | null;
  planned_date: string | null;
  status: JobStatus;
  notes: string;
}

function toJob(r: JobRow): Job {
  const j: Job = {
    id: r.id,
    status: r.status,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    farmer: r.farmer,
    farmerPhone: r.farmer_phone,
    plots: JSON.parse(r.plots),
    crop: r.crop,
    cropStage: r.crop_stage,
    target: r.target,
    products: JSON.parse(r.products),
    notes: r.notes,
  };
  if (r.water_lha !== null) j.waterLha = r.water_lha;
  if (r.planned_date !== null) j.plannedDate = r.planned_date;
  return j;
}

/** A new job id, e.g. "job-5c1e09aa". */
export function newJobId(): string {
  return `job-${randomUUID().slice(0, 8)}`;
}

/** Validates and stores a job, with a `job.created` audit event, in one transaction. */
export async function createJob(
  db: Db,
  input: JobInput,
  opts: { actor?: string; id?: string } = {},
): Promise<Job> {
  const spec = parseJobInput(input);
  const id = opts.id ?? newJobId();
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO records_jobs(id, created_at, updated_at, farmer, farmer_phone, plots, crop, crop_stage, target,
         products, water_lha, planned_date, notes) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
      [
        id,
        now,
        now,
        spec.farmer,
        spec.farmerPhone,
        JSON.stringify(spec.plots),
        spec.crop,
        spec.cropStage,
        spec.target,
        JSON.stringify(spec.products),
        spec.waterLha ?? null,
        spec.plannedDate ?? null,
        spec.notes,
      ],
    );
    await appendAudit(tx, {
      kind: 'job.created',
      subject: `job:${id}`,
      actor: opts.actor ?? '',
      data: {
        farmer: spec.farmer,
        plots: spec.plots.map((p) => ({ plotId: p.plotId, areaM2: p.areaM2 })),
        products: spec.products.map((p) => ({ name: p.name, dosePerHa: p.dosePerHa, unit: p.unit })),
        plannedDate: spec.plannedDate ?? null,
      },
    });
  });
  return (await getJob(db, id))!;
}

export async function getJob(db: Db, id: string): Promise<Job | undefined> {
  const r = await db.get<JobRow>('SELECT * FROM records_jobs WHERE id = ?', [id]);
  return r ? toJob(r) : undefined;
}

/** Jobs, newest planned date first. */
export async function listJobs(db: Db, opts: { status?: JobStatus; limit?: number } = {}): Promise<Job[]> {
  const where = opts.status ? 'WHERE status = ?' : '';
  const params: SqlValue[] = opts.status ? [opts.status] : [];
  const rows = await db.all<JobRow>(
    `SELECT * FROM records_jobs ${where} ORDER BY coalesce(planned_date, created_at) DESC, created_at DESC LIMIT ?`,
    [...params, opts.limit ?? -1],
  );
  return rows.map(toJob);
}

/** Sets a job's status (with a `job.edited` audit event). */
export async function setJobStatus(db: Db, id: string, status: JobStatus, actor = ''): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.run('UPDATE records_jobs SET status = ?, updated_at = ? WHERE id = ?', [
      status,
      new Date().toISOString(),
      id,
    ]);
    if (r.changes === 0) throw new Error(`no job ${id}`);
    await appendAudit(tx, { kind: 'job.edited', subject: `job:${id}`, actor, data: { status } });
  });
}

/** sha256 of a plan's canonical JSON (what `plan.made` records). */
export function planDigest(plan: Plan): string {
  return createHash('sha256')
    .update(
      canonicalJson({
        params: plan.params,
        pieces: plan.pieces.map((p) => ({ kind: p.kind, coords: p.coords })),
      }),
    )
    .digest('hex');
}

/**
 * Links a plan to a job and keeps a snapshot of it (reports draw its route), with a `plan.made`
 * audit event carrying the plan's digest, in one transaction.
 */
export async function attachPlan(
  db: Db,
  jobId: string,
  plan: Plan,
  opts: { planId?: string; actor?: string } = {},
): Promise<{ planId: string; sha256: string }> {
  const planId = opts.planId ?? `plan-${randomUUID().slice(0, 8)}`;
  const sha256 = planDigest(plan);
  await db.transaction(async (tx) => {
    if (!(await tx.get('SELECT 1 FROM records_jobs WHERE id = ?', [jobId])))
      throw new Error(`no job ${jobId}`);
    await tx.run('INSERT INTO records_job_plans(job_id, plan_id, created_at, plan_json) VALUES (?,?,?,?)', [
      jobId,
      planId,
      new Date().toISOString(),
      JSON.stringify(plan),
    ]);
    await appendAudit(tx, {
      kind: 'plan.made',
      subject: `job:${jobId}`,
      actor: opts.actor ?? '',
      data: {
        planId,
        sha256,
        swathM: plan.params.swathM,
        sprayableAreaM2: plan.metrics.sprayableAreaM2,
        coverage: plan.metrics.coverage,
      },
    });
  });
  return { planId, sha256 };
}

/** The plans of a job, oldest first. */
export async function jobPlans(
  db: Db,
  jobId: string,
): Promise<{ planId: string; createdAt: string; plan: Plan }[]> {
  const rows = await db.all<{ plan_id: string; created_at: string; plan_json: string }>(
    'SELECT plan_id, created_at, plan_json FROM records_job_plans WHERE job_id = ? ORDER BY created_at, plan_id',
    [jobId],
  );
  return rows.map((r) => ({
    planId: r.plan_id,
    createdAt: r.created_at,
    plan: JSON.parse(r.plan_json) as Plan,
  }));
}
