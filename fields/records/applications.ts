import { createHash, randomUUID } from 'node:crypto';
import {
  type ApplicationRecord,
  type ApplicationRecordDraft,
  completeRecord,
  parseApplicationRecord,
  type RecordProblem,
  recordProblems,
} from '../../mission/records/application.js';
import { canonicalJson } from '../../mission/records/canonical-json.js';
import type { Db, SqlValue } from '../db.js';
import { loadApplied } from './as-applied-store.js';
import { appendAudit } from './audit.js';
import { getJob } from './jobs.js';

/** A stored application record. `data` is complete (validated) once `status` is closed. */
export interface StoredRecord {
  id: string;
  jobId: string;
  status: 'open' | 'closed';
  data: ApplicationRecordDraft;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  /** sha256 of the canonical JSON of the closed record (printed on reports and in the QR code). */
  recordHash: string | null;
}

interface RecordRow {
  id: string;
  job_id: string;
  status: 'open' | 'closed';
  data: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  record_hash: string | null;
}

function toRecord(r: RecordRow): StoredRecord {
  return {
    id: r.id,
    jobId: r.job_id,
    status: r.status,
    data: JSON.parse(r.data),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    recordHash: r.record_hash,
  };
}

/** The hash of a closed record: sha256 of its canonical JSON, with its id. */
export function recordHash(id: string, record: ApplicationRecord): string {
  return createHash('sha256').update(canonicalJson({ id, record })).digest('hex');
}

/**
 * Opens a record for a job, prefilled from the job (plots, crop, stage, target, products, water)
 * and its flights (start/end, flight ids, sprayed area per plot from the as-applied map).
 * `draft` overrides the prefill. One transaction with a `record.opened` audit event.
 */
export async function openRecord(
  db: Db,
  jobId: string,
  opts: { draft?: ApplicationRecordDraft; actor?: string; id?: string } = {},
): Promise<StoredRecord> {
  const job = await getJob(db, jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  const applied = await loadApplied(db, { jobId }).catch(() => undefined);
  const flights = applied?.flights ?? [];
  const sprayed = new Map(applied?.analysis?.perPlot.map((p) => [p.plotId, p.coveredM2]) ?? []);
  const prefill: ApplicationRecordDraft = {
    jobId,
    plots: job.plots.map((p) => {
      const out: NonNullable<ApplicationRecordDraft['plots']>[number] = {
        plotId: p.plotId,
        areaM2: p.areaM2,
        polygons: p.polygons,
      };
      if (p.name !== undefined) out.name = p.name;
      if (p.owner !== undefined) out.owner = p.owner;
      const s = sprayed.get(p.plotId);
      if (s !== undefined) out.sprayedAreaM2 = Math.round(s * 10) / 10;
      return out;
    }),
    products: job.products.map((p) => {
      const out: NonNullable<ApplicationRecordDraft['products']>[number] = {
        name: p.name,
        dosePerHa: p.dosePerHa,
        unit: p.unit,
      };
      if (p.activeIngredient) out.activeIngredient = p.activeIngredient;
      if (p.registrationNo) out.registrationNo = p.registrationNo;
      if (p.phiDays !== undefined) out.phiDays = p.phiDays;
      return out;
    }),
    flightIds: flights.map((f) => f.id),
    notes: '',
  };
  if (job.crop) prefill.crop = job.crop;
  if (job.cropStage) prefill.cropStage = job.cropStage;
  if (job.target) prefill.target = job.target;
  if (job.waterLha) prefill.waterLha = job.waterLha;
  if (flights.length > 0) {
    prefill.startedAt = new Date(Math.min(...flights.map((f) => f.startedAt))).toISOString();
    const ends = flights.map((f) => f.endedAt).filter((e): e is number => e !== null);
    if (ends.length === flights.length) prefill.endedAt = new Date(Math.max(...ends)).toISOString();
  }
  if (applied?.analysis?.liquidSource === 'flow')
    prefill.waterTotalL = Math.round(applied.analysis.liquidL * 10) / 10;
  const data = mergeDraft(prefill, opts.draft ?? {});
  const id = opts.id ?? `rec-${randomUUID().slice(0, 8)}`;
  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    await tx.run(
      'INSERT INTO records_applications(id, job_id, status, data, created_at, updated_at) VALUES (?,?,?,?,?,?)',
      [id, jobId, 'open', JSON.stringify(data), now, now],
    );
    for (const f of flights)
      await tx.run('INSERT INTO records_application_flights(application_id, flight_id) VALUES (?,?)', [
        id,
        f.id,
      ]);
    await appendAudit(tx, {
      kind: 'record.opened',
      subject: `record:${id}`,
      actor: opts.actor ?? '',
      data: { jobId, flightIds: flights.map((f) => f.id) },
    });
  });
  return (await getRecord(db, id))!;
}

/** Merges `patch` into an open record (objects merged deeply, arrays replaced), with a `record.edited` event. */
export async function updateRecord(
  db: Db,
  id: string,
  patch: ApplicationRecordDraft,
  opts: { actor?: string } = {},
): Promise<StoredRecord> {
  await db.transaction(async (tx) => {
    const cur = await tx.get<RecordRow>('SELECT * FROM records_applications WHERE id = ?', [id]);
    if (!cur) throw new Error(`no record ${id}`);
    if (cur.status === 'closed') throw new Error(`record ${id} is closed: corrections go into a new record`);
    const data = mergeDraft(JSON.parse(cur.data), patch);
    await tx.run('UPDATE records_applications SET data = ?, updated_at = ? WHERE id = ?', [
      JSON.stringify(data),
      new Date().toISOString(),
      id,
    ]);
    await appendAudit(tx, {
      kind: 'record.edited',
      subject: `record:${id}`,
      actor: opts.actor ?? '',
      data: { fields: Object.keys(patch).sort() },
    });
  });
  return (await getRecord(db, id))!;
}

/** What still stops a record from being closed (after computing PHI, safe-harvest date and totals). */
export async function recordStatus(
  db: Db,
  id: string,
): Promise<{ record: StoredRecord; problems: RecordProblem[] }> {
  const record = await getRecord(db, id);
  if (!record) throw new Error(`no record ${id}`);
  return { record, problems: record.status === 'closed' ? [] : recordProblems(completeRecord(record.data)) };
}

/**
 * Closes a record: computes what can be computed (PHI, safe-harvest date, totals), validates it
 * (throws `RecordIncompleteError` naming every missing field), stores it as final with its hash,
 * and appends `record.closed` with that hash to the audit chain — one transaction.
 */
export async function closeRecord(
  db: Db,
  id: string,
  opts: { actor?: string; utcOffsetMin?: number } = {},
): Promise<StoredRecord> {
  await db.transaction(async (tx) => {
    const cur = await tx.get<RecordRow>('SELECT * FROM records_applications WHERE id = ?', [id]);
    if (!cur) throw new Error(`no record ${id}`);
    if (cur.status === 'closed') throw new Error(`record ${id} is already closed`);
    const complete = parseApplicationRecord(completeRecord(JSON.parse(cur.data), opts));
    const hash = recordHash(id, complete);
    const now = new Date().toISOString();
    await tx.run(
      "UPDATE records_applications SET data = ?, status = 'closed', closed_at = ?, updated_at = ?, record_hash = ? WHERE id = ?",
      [JSON.stringify(complete), now, now, hash, id],
    );
    await tx.run(
      "UPDATE records_jobs SET status = 'closed', updated_at = ? WHERE id = ? AND status != 'cancelled'",
      [now, complete.jobId],
    );
    await appendAudit(tx, {
      kind: 'record.closed',
      subject: `record:${id}`,
      actor: opts.actor ?? complete.operator.name,
      data: { recordHash: hash, jobId: complete.jobId, safeHarvestDate: complete.safeHarvestDate },
    });
  });
  return (await getRecord(db, id))!;
}

export async function getRecord(db: Db, id: string): Promise<StoredRecord | undefined> {
  const r = await db.get<RecordRow>('SELECT * FROM records_applications WHERE id = ?', [id]);
  return r ? toRecord(r) : undefined;
}

export async function listRecords(db: Db, opts: { jobId?: string } = {}): Promise<StoredRecord[]> {
  const where = opts.jobId ? 'WHERE job_id = ?' : '';
  const params: SqlValue[] = opts.jobId ? [opts.jobId] : [];
  const rows = await db.all<RecordRow>(
    `SELECT * FROM records_applications ${where} ORDER BY created_at`,
    params,
  );
  return rows.map(toRecord);
}

/**
 * Checks every closed record against the hash its `record.closed` audit event carries.
 * Returns the records whose stored content no longer matches.
 */
export async function verifyRecords(
  db: Db,
): Promise<{ checked: number; mismatches: { recordId: string; problem: string }[] }> {
  const closed = await listRecords(db);
  const events = await db.all<{ subject: string; data: string }>(
    "SELECT subject, data FROM records_audit WHERE kind = 'record.closed'",
  );
  const audited = new Map<string, string>();
  for (const e of events) {
    try {
      audited.set(
        e.subject.replace(/^record:/, ''),
        (JSON.parse(e.data) as { recordHash: string }).recordHash,
      );
    } catch {
      // reported by verifyAudit
    }
  }
  const mismatches: { recordId: string; problem: string }[] = [];
  let checked = 0;
  for (const r of closed) {
    if (r.status !== 'closed') continue;
    checked++;
    const want = audited.get(r.id);
    if (!want)
      mismatches.push({ recordId: r.id, problem: 'closed, but no record.closed event in the audit chain' });
    else if (recordHash(r.id, r.data as ApplicationRecord) !== want)
      mismatches.push({
        recordId: r.id,
        problem: 'content no longer matches the hash recorded when it was closed',
      });
  }
  return { checked, mismatches };
}

/** Deep merge for drafts: plain objects merge, arrays and values replace, `undefined` leaves as is. */
export function mergeDraft(
  base: ApplicationRecordDraft,
  patch: ApplicationRecordDraft,
): ApplicationRecordDraft {
  return merge(base, patch) as ApplicationRecordDraft;
}

function merge(a: unknown, b: unknown): unknown {
  if (b === undefined) return a;
  if (isPlain(a) && isPlain(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
    return out;
  }
  return b;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
