import type { Db } from '../db.js';
import { listRecords, type StoredRecord } from '../records/applications.js';
import { type AppliedView, loadApplied } from '../records/as-applied-store.js';
import { auditHead } from '../records/audit.js';
import { getFlight } from '../records/flight-log.js';
import { getJob } from '../records/jobs.js';

/** Everything a report shows, loaded once; the renderers (PDF, CSV, GeoJSON) are pure functions of it. */
export interface ReportData {
  /** A job report covers all its flights; a flight report one flight. */
  scope: 'job' | 'flight';
  /** The job or flight id the report was asked for. */
  id: string;
  generatedAt: string;
  view: AppliedView;
  /** The job's closed record (the latest), else its latest open one. */
  record?: StoredRecord;
  /** The audit chain's head when the report was made (print it: it anchors the chain). */
  auditHead?: { seq: number; hash: string };
}

/** Thrown when the id names neither a job nor a flight nor a record. */
export class ReportSubjectError extends Error {}

/**
 * Loads a report's data for a job id, a flight id, or a record id (reported as its job).
 */
export async function loadReportData(db: Db, id: string, opts: { now?: Date } = {}): Promise<ReportData> {
  let scope: 'job' | 'flight';
  let view: AppliedView;
  let jobId: string | undefined;
  let recordId: string | undefined;
  const rec = await db.get<{ job_id: string }>('SELECT job_id FROM records_applications WHERE id = ?', [id]);
  if (rec) {
    recordId = id;
    jobId = rec.job_id;
  }
  if (!jobId && (await getJob(db, id))) jobId = id;
  if (jobId) {
    scope = 'job';
    view = await loadApplied(db, { jobId });
  } else if (await getFlight(db, id)) {
    scope = 'flight';
    view = await loadApplied(db, { flightIds: [id] });
    jobId = view.job?.id;
  } else {
    throw new ReportSubjectError(
      `no job, flight or record with id "${id}" (see: agrispray jobs list, flights list)`,
    );
  }
  let record: StoredRecord | undefined;
  if (jobId) {
    const records = await listRecords(db, { jobId });
    record =
      records.find((r) => r.id === recordId) ??
      [...records].reverse().find((r) => r.status === 'closed') ??
      records[records.length - 1];
    // A flight report shows a record only if that record covers the flight.
    if (scope === 'flight' && record && !(record.data.flightIds ?? []).includes(id)) record = undefined;
  }
  const data: ReportData = {
    scope,
    id: recordId && jobId ? jobId : id,
    generatedAt: (opts.now ?? new Date()).toISOString(),
    view,
  };
  if (record) data.record = record;
  const head = await auditHead(db);
  if (head) data.auditHead = head;
  return data;
}
