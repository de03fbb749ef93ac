import { createHash } from 'node:crypto';
import { canonicalJson } from '../../mission/records/canonical-json.js';
import type { Db } from '../db.js';

/** What happened. Free-form kinds are allowed; these are the ones the app writes. */
export type AuditKind =
  | 'field.created'
  | 'field.edited'
  | 'field.deleted'
  | 'job.created'
  | 'job.edited'
  | 'plan.made'
  | 'mission.uploaded'
  | 'flight.started'
  | 'flight.ended'
  | 'record.opened'
  | 'record.edited'
  | 'record.closed'
  | 'report.exported'
  | (string & {});

/** An event to append. `data` is any JSON value (e.g. `{ itemsSha256, count }` for mission.uploaded). */
export interface AuditEventInput {
  kind: AuditKind;
  /** What it is about, e.g. "field:abc", "flight:flt-1a2b", "job:job-9f". */
  subject: string;
  /** Who did it (operator name or "cli"), when known. */
  actor?: string;
  data?: unknown;
  /** Event time; defaults to now. */
  at?: Date;
}

/** A stored audit row. */
export interface AuditEntry {
  seq: number;
  at: string;
  kind: string;
  subject: string;
  actor: string;
  data: unknown;
  prevHash: string;
  hash: string;
}

/**
 * sha256 of a value's canonical JSON, for event data that names content by its hash, e.g.
 * `{ kind: 'mission.uploaded', data: { items: n, itemsSha256: contentSha256(items) } }`.
 * Non-finite numbers (MAVLink's NaN "unchanged" params) are hashed as the strings "NaN"/"Infinity".
 */
export function contentSha256(value: unknown): string {
  return createHash('sha256')
    .update(canonicalJson(finite(value)))
    .digest('hex');
}

function finite(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.map(finite);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, finite(x)]));
  return v;
}

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The hash of one event: sha256(prevHash + canonical JSON of its content including seq). */
export function auditHash(
  prevHash: string,
  e: { seq: number; at: string; kind: string; subject: string; actor: string; data: unknown },
): string {
  const content = canonicalJson({
    seq: e.seq,
    at: e.at,
    kind: e.kind,
    subject: e.subject,
    actor: e.actor,
    data: e.data ?? null,
  });
  return createHash('sha256').update(prevHash).update(content).digest('hex');
}

/**
 * Appends one event to the chain. Call it INSIDE the transaction of the user action it records
 * (`db.transaction(async (tx) => { ...; await appendAudit(tx, {...}); })`) so the action and its
 * audit row commit together; use `recordAudit` when there is no other write.
 */
export async function appendAudit(db: Db, event: AuditEventInput): Promise<AuditEntry> {
  if (!event.kind) throw new Error('appendAudit: kind is required');
  if (!event.subject) throw new Error('appendAudit: subject is required');
  const head = await db.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM records_audit ORDER BY seq DESC LIMIT 1',
  );
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const at = (event.at ?? new Date()).toISOString();
  const actor = event.actor ?? '';
  // Round-trip the data through canonical JSON so what is hashed is exactly what is stored.
  const dataJson = canonicalJson(event.data ?? null);
  const data = JSON.parse(dataJson) as unknown;
  const hash = auditHash(prevHash, { seq, at, kind: event.kind, subject: event.subject, actor, data });
  await db.run(
    'INSERT INTO records_audit(seq, at, kind, subject, actor, data, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)',
    [seq, at, event.kind, event.subject, actor, dataJson, prevHash, hash],
  );
  return { seq, at, kind: event.kind, subject: event.subject, actor, data, prevHash, hash };
}

/** `appendAudit` in its own transaction, for events that change nothing else (e.g. report exported). */
export function recordAudit(db: Db, event: AuditEventInput): Promise<AuditEntry> {
  return db.transaction((tx) => appendAudit(tx, event));
}

/** The last event of the chain (the "head"), or undefined when empty. Print it to anchor the chain. */
export async function auditHead(db: Db): Promise<{ seq: number; hash: string } | undefined> {
  return db.get<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM records_audit ORDER BY seq DESC LIMIT 1',
  );
}

/** Events in order, optionally only those about one subject. */
export async function listAudit(
  db: Db,
  opts: { subject?: string; limit?: number } = {},
): Promise<AuditEntry[]> {
  const where = opts.subject ? 'WHERE subject = ?' : '';
  const params = opts.subject ? [opts.subject] : [];
  const rows = await db.all<AuditRow>(
    `SELECT seq, at, kind, subject, actor, data, prev_hash, hash FROM records_audit ${where} ORDER BY seq LIMIT ?`,
    [...params, opts.limit ?? -1],
  );
  return rows.map(rowToEntry);
}

/** The result of `verifyAudit`. */
export type AuditVerification =
  | { ok: true; count: number; head?: { seq: number; hash: string } }
  | {
      ok: false;
      count: number;
      /** The first broken link: which row (its position and seq) and what no longer matches. */
      broken: { index: number; seq: number | null; problem: string };
    };

/**
 * Re-walks the chain from the start and recomputes every hash. Finds an edited row (content no
 * longer matches its hash), a deleted row (a seq gap or a prev_hash that points elsewhere), an
 * inserted row, and reordered rows, whether done through SQL with the triggers dropped or by
 * editing the file. `expectHead` (a seq and its hash, or the first ≥ 12 hex digits of it, as
 * printed earlier on a report) also catches rows deleted from the end or a chain rewritten from
 * that point on.
 */
export async function verifyAudit(
  db: Db,
  opts: { expectHead?: { seq: number; hash: string } } = {},
): Promise<AuditVerification> {
  // Row order on disk is not trusted: read by rowid (insertion order) and check seq against it.
  const rows = await db.all<AuditRow & { rid: number }>(
    'SELECT rowid AS rid, seq, at, kind, subject, actor, data, prev_hash, hash FROM records_audit ORDER BY rowid',
  );
  let prev = GENESIS_HASH;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    const fail = (problem: string): AuditVerification => ({
      ok: false,
      count: rows.length,
      broken: { index: i + 1, seq: typeof r.seq === 'number' ? r.seq : null, problem },
    });
    if (r.seq !== i + 1) {
      return fail(
        r.seq > i + 1
          ? `expected seq ${i + 1} but found ${r.seq}: ${r.seq - i - 1} row(s) missing before it`
          : `expected seq ${i + 1} but found ${r.seq}: rows are out of order or a row was inserted`,
      );
    }
    if (r.prev_hash !== prev) {
      return fail(`prev_hash ${short(r.prev_hash)} does not match the hash of seq ${i} (${short(prev)})`);
    }
    let data: unknown;
    try {
      data = JSON.parse(r.data);
    } catch {
      return fail('data is not valid JSON');
    }
    let h: string;
    try {
      h = auditHash(prev, { seq: r.seq, at: r.at, kind: r.kind, subject: r.subject, actor: r.actor, data });
    } catch (e) {
      return fail(`content cannot be hashed: ${(e as Error).message}`);
    }
    if (h !== r.hash) {
      return fail(
        `content (at, kind, subject, actor or data) no longer matches its hash: stored ${short(r.hash)}, recomputed ${short(h)}`,
      );
    }
    prev = r.hash;
  }
  const head = rows.length ? { seq: rows[rows.length - 1]!.seq, hash: prev } : undefined;
  if (opts.expectHead) {
    const found = rows.find((r) => r.seq === opts.expectHead!.seq);
    const want = opts.expectHead.hash.toLowerCase();
    if (want.length < 12) throw new Error('verifyAudit: the anchor hash needs at least 12 hex digits');
    if (!found?.hash.startsWith(want)) {
      return {
        ok: false,
        count: rows.length,
        broken: {
          index: found ? opts.expectHead.seq : rows.length + 1,
          seq: opts.expectHead.seq,
          problem: found
            ? `seq ${opts.expectHead.seq} has hash ${short(found.hash)}, the anchor says ${short(opts.expectHead.hash)}`
            : `the anchor names seq ${opts.expectHead.seq} but the chain ends at ${head?.seq ?? 0}: rows were removed`,
        },
      };
    }
  }
  return head ? { ok: true, count: rows.length, head } : { ok: true, count: 0 };
}

interface AuditRow {
  seq: number;
  at: string;
  kind: string;
  subject: string;
  actor: string;
  data: string;
  prev_hash: string;
  hash: string;
}

function rowToEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    kind: r.kind,
    subject: r.subject,
    actor: r.actor,
    data: JSON.parse(r.data) as unknown,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function short(h: unknown): string {
  return typeof h === 'string' ? `${h.slice(0, 12)}…` : String(h);
}
