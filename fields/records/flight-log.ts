import { createHash, randomUUID } from 'node:crypto';
import type { TelemetrySample } from '../../mission/telemetry/types.js';
import type { Db, SqlValue } from '../db.js';
import { appendAudit } from './audit.js';

/** What a flight row says about the flight. */
export interface FlightInfo {
  /** Vehicle name or id (e.g. "T30 #2" or "sysid 1"). */
  vehicle: string;
  jobId?: string;
  planId?: string;
  /** 1-based tank load of the plan this flight flies. */
  sortie?: number;
  operator?: string;
  /** Swath used for the as-applied map (m); the plan's swath when known. */
  swathM?: number;
  /** Planned application volume (L/ha). */
  rateLha?: number;
}

/** A stored flight. Times are unix ms. */
export interface FlightRow extends FlightInfo {
  id: string;
  startedAt: number;
  endedAt: number | null;
  sampleCount: number | null;
  samplesSha256: string | null;
}

const COLS =
  '(flight_id,t,lat,lon,alt_m,gs_mps,hdg_deg,spraying,flow_lpm,batt_pct,batt_v,mode,armed,mission_seq)';
const NCOLS = 14;
/** Rows per INSERT statement (14 × 500 = 7000 bound variables, well under SQLite's 32766). */
const ROWS_PER_STATEMENT = 500;

/** Options of a `FlightLogger`. */
export interface FlightLoggerOptions {
  /** Flush at least this often (ms). Bounds what a crash can lose. Default 500. */
  flushIntervalMs?: number;
  /** Flush as soon as this many samples wait. Default 1000. */
  batchSize?: number;
  /** Samples kept in memory while the disk is slow; beyond this the oldest are dropped (and counted). */
  maxBuffered?: number;
  /** Called when a flush fails (the samples stay buffered and are retried). */
  onError?: (e: Error) => void;
}

/**
 * Records one flight: `append` only pushes onto an in-memory buffer (it never waits on the disk,
 * so the link and the UI are never stalled); a timer writes the buffer in one transaction of
 * multi-row INSERTs at least every `flushIntervalMs`, so a crash loses at most that much.
 */
export class FlightLogger {
  private buf: TelemetrySample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private closed = false;
  private lastT = -Infinity;
  /** Samples written to the database so far. */
  written = 0;
  /** Samples dropped because the buffer was full (disk too slow) or out of time order. */
  dropped = 0;
  /** The last flush error, if any. */
  lastError: Error | undefined;

  private constructor(
    private readonly db: Db,
    readonly flightId: string,
    private readonly opts: Required<Omit<FlightLoggerOptions, 'onError'>> &
      Pick<FlightLoggerOptions, 'onError'>,
  ) {
    this.timer = setInterval(() => void this.flush(), this.opts.flushIntervalMs);
    this.timer.unref?.();
  }

  /**
   * Creates the flight row (and a `flight.started` audit event) in one transaction and starts
   * logging. `startedAt` defaults to now.
   */
  static async start(
    db: Db,
    info: FlightInfo,
    opts: FlightLoggerOptions & { startedAt?: number; id?: string; actor?: string } = {},
  ): Promise<FlightLogger> {
    if (!info.vehicle) throw new Error('FlightLogger.start: vehicle is required');
    const id = opts.id ?? newFlightId();
    const startedAt = opts.startedAt ?? Date.now();
    await db.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO records_flights(id, job_id, plan_id, vehicle, sortie, operator, swath_m, rate_lha, started_at)
         VALUES (?,?,?,?,?,?,?,?,?)`,
        [
          id,
          info.jobId ?? null,
          info.planId ?? null,
          info.vehicle,
          info.sortie ?? null,
          info.operator ?? '',
          info.swathM ?? null,
          info.rateLha ?? null,
          startedAt,
        ],
      );
      await appendAudit(tx, {
        kind: 'flight.started',
        subject: `flight:${id}`,
        actor: opts.actor ?? info.operator ?? '',
        at: new Date(startedAt),
        data: {
          vehicle: info.vehicle,
          jobId: info.jobId ?? null,
          planId: info.planId ?? null,
          sortie: info.sortie ?? null,
        },
      });
    });
    return new FlightLogger(db, id, {
      flushIntervalMs: opts.flushIntervalMs ?? 500,
      batchSize: opts.batchSize ?? 1000,
      maxBuffered: opts.maxBuffered ?? 500_000,
      onError: opts.onError,
    });
  }

  /**
   * Queues one sample. Never blocks and never throws (it is called from the link's event
   * handler): samples older than the last one, with no position, or arriving after `close()` are
   * dropped and counted in `dropped`.
   */
  append(s: TelemetrySample): void {
    if (this.closed) {
      this.dropped++;
      return;
    }
    if (!(s.t >= this.lastT) || !Number.isFinite(s.lat) || !Number.isFinite(s.lon)) {
      this.dropped++;
      return;
    }
    this.lastT = s.t;
    this.buf.push(s);
    if (this.buf.length > this.opts.maxBuffered) {
      this.buf.shift();
      this.dropped++;
    }
    if (this.buf.length >= this.opts.batchSize) void this.flush();
  }

  /** Samples waiting in memory. */
  get pending(): number {
    return this.buf.length;
  }

  /** Writes what is buffered now (one transaction). Resolves when it is on disk. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.buf.length === 0) return;
      const batch = this.buf;
      this.buf = [];
      try {
        await insertSamples(this.db, this.flightId, batch);
        this.written += batch.length;
        this.lastError = undefined;
      } catch (e) {
        this.buf = batch.concat(this.buf); // keep them for the next try
        this.lastError = e as Error;
        this.opts.onError?.(e as Error);
      }
    });
    return this.flushing;
  }

  /**
   * Flushes, then closes the flight: sets its end time, sample count and a sha256 of its samples
   * (so later edits are caught), and appends `flight.ended` to the audit chain — one transaction.
   */
  async close(opts: { endedAt?: number; actor?: string } = {}): Promise<FlightRow> {
    if (this.closed) throw new Error(`flight ${this.flightId} is already closed`);
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
    if (this.buf.length > 0) throw this.lastError ?? new Error('samples could not be written');
    return closeFlight(this.db, this.flightId, {
      endedAt: opts.endedAt ?? (Number.isFinite(this.lastT) ? this.lastT : Date.now()),
      actor: opts.actor,
    });
  }
}

/** A new flight id, e.g. "flt-3f9a1c2b". */
export function newFlightId(): string {
  return `flt-${randomUUID().slice(0, 8)}`;
}

/** Writes samples in one transaction of multi-row INSERTs. */
export async function insertSamples(
  db: Db,
  flightId: string,
  samples: readonly TelemetrySample[],
): Promise<void> {
  if (samples.length === 0) return;
  await db.transaction(async (tx) => {
    for (let i = 0; i < samples.length; i += ROWS_PER_STATEMENT) {
      const chunk = samples.slice(i, i + ROWS_PER_STATEMENT);
      const params: SqlValue[] = new Array(chunk.length * NCOLS);
      let k = 0;
      for (const s of chunk) {
        params[k++] = flightId;
        params[k++] = Math.round(s.t);
        params[k++] = s.lat;
        params[k++] = s.lon;
        params[k++] = s.altM;
        params[k++] = s.groundSpeedMps;
        params[k++] = s.headingDeg;
        params[k++] = s.spraying ? 1 : 0;
        params[k++] = s.flowLpm ?? null;
        params[k++] = s.batteryPct ?? null;
        params[k++] = s.batteryV ?? null;
        params[k++] = s.mode;
        params[k++] = s.armed ? 1 : 0;
        params[k++] = s.missionSeq ?? null;
      }
      await tx.run(`INSERT INTO records_samples${COLS} VALUES ${placeholders(chunk.length)}`, params);
    }
  });
}

const placeholderCache = new Map<number, string>();
function placeholders(n: number): string {
  let s = placeholderCache.get(n);
  if (!s) {
    s = new Array(n).fill('(?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',');
    placeholderCache.set(n, s);
  }
  return s;
}

interface SampleRow {
  t: number;
  lat: number;
  lon: number;
  alt_m: number;
  gs_mps: number;
  hdg_deg: number;
  spraying: number;
  flow_lpm: number | null;
  batt_pct: number | null;
  batt_v: number | null;
  mode: string;
  armed: number;
  mission_seq: number | null;
}

/** The samples of a flight in time order. */
export async function readSamples(db: Db, flightId: string): Promise<TelemetrySample[]> {
  const rows = await db.all<SampleRow>(
    'SELECT t,lat,lon,alt_m,gs_mps,hdg_deg,spraying,flow_lpm,batt_pct,batt_v,mode,armed,mission_seq FROM records_samples WHERE flight_id = ? ORDER BY t, rowid',
    [flightId],
  );
  return rows.map((r) => {
    const s: TelemetrySample = {
      t: r.t,
      lat: r.lat,
      lon: r.lon,
      altM: r.alt_m,
      groundSpeedMps: r.gs_mps,
      headingDeg: r.hdg_deg,
      spraying: r.spraying === 1,
      mode: r.mode,
      armed: r.armed === 1,
    };
    if (r.flow_lpm !== null) s.flowLpm = r.flow_lpm;
    if (r.batt_pct !== null) s.batteryPct = r.batt_pct;
    if (r.batt_v !== null) s.batteryV = r.batt_v;
    if (r.mission_seq !== null) s.missionSeq = r.mission_seq;
    return s;
  });
}

/** sha256 over the canonical text of the samples, in time order (what `flight.ended` records). */
export function samplesDigest(samples: readonly TelemetrySample[]): string {
  const h = createHash('sha256');
  for (const s of samples) {
    h.update(
      `${s.t},${s.lat},${s.lon},${s.altM},${s.groundSpeedMps},${s.headingDeg},${s.spraying ? 1 : 0},${s.flowLpm ?? ''},${s.batteryPct ?? ''},${s.batteryV ?? ''},${JSON.stringify(s.mode)},${s.armed ? 1 : 0},${s.missionSeq ?? ''}\n`,
    );
  }
  return h.digest('hex');
}

/**
 * Closes a flight (also one left open by a crash): end time, sample count and digest on the
 * flight row, and a `flight.ended` audit event carrying the digest — one transaction.
 */
export async function closeFlight(
  db: Db,
  flightId: string,
  opts: { endedAt?: number; actor?: string } = {},
): Promise<FlightRow> {
  return db.transaction(async (tx) => {
    const f = await getFlight(tx, flightId);
    if (!f) throw new Error(`no flight ${flightId}`);
    if (f.samplesSha256) throw new Error(`flight ${flightId} is already closed`);
    const samples = await readSamples(tx, flightId);
    const digest = samplesDigest(samples);
    const endedAt = opts.endedAt ?? samples[samples.length - 1]?.t ?? f.startedAt;
    await tx.run(
      'UPDATE records_flights SET ended_at = ?, sample_count = ?, samples_sha256 = ? WHERE id = ?',
      [endedAt, samples.length, digest, flightId],
    );
    if (f.jobId)
      await tx.run(
        "UPDATE records_jobs SET status = 'flown', updated_at = ? WHERE id = ? AND status = 'planned'",
        [new Date().toISOString(), f.jobId],
      );
    await appendAudit(tx, {
      kind: 'flight.ended',
      subject: `flight:${flightId}`,
      actor: opts.actor ?? f.operator ?? '',
      at: new Date(endedAt),
      data: { samples: samples.length, samplesSha256: digest },
    });
    return { ...f, endedAt, sampleCount: samples.length, samplesSha256: digest };
  });
}

interface FlightDbRow {
  id: string;
  job_id: string | null;
  plan_id: string | null;
  vehicle: string;
  sortie: number | null;
  operator: string;
  swath_m: number | null;
  rate_lha: number | null;
  started_at: number;
  ended_at: number | null;
  sample_count: number | null;
  samples_sha256: string | null;
}

function toFlight(r: FlightDbRow): FlightRow {
  const f: FlightRow = {
    id: r.id,
    vehicle: r.vehicle,
    operator: r.operator,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    sampleCount: r.sample_count,
    samplesSha256: r.samples_sha256,
  };
  if (r.job_id !== null) f.jobId = r.job_id;
  if (r.plan_id !== null) f.planId = r.plan_id;
  if (r.sortie !== null) f.sortie = r.sortie;
  if (r.swath_m !== null) f.swathM = r.swath_m;
  if (r.rate_lha !== null) f.rateLha = r.rate_lha;
  return f;
}

export async function getFlight(db: Db, id: string): Promise<FlightRow | undefined> {
  const r = await db.get<FlightDbRow>('SELECT * FROM records_flights WHERE id = ?', [id]);
  return r ? toFlight(r) : undefined;
}

/** Flights, newest first, with the number of samples stored for each. */
export async function listFlights(
  db: Db,
  opts: { jobId?: string; limit?: number } = {},
): Promise<(FlightRow & { storedSamples: number })[]> {
  const where = opts.jobId ? 'WHERE f.job_id = ?' : '';
  const params: SqlValue[] = opts.jobId ? [opts.jobId] : [];
  const rows = await db.all<FlightDbRow & { stored: number }>(
    `SELECT f.*, (SELECT count(*) FROM records_samples s WHERE s.flight_id = f.id) AS stored
     FROM records_flights f ${where} ORDER BY f.started_at DESC LIMIT ?`,
    [...params, opts.limit ?? -1],
  );
  return rows.map((r) => ({ ...toFlight(r), storedSamples: r.stored }));
}

/**
 * Checks each closed flight against the audit chain (run `verifyAudit` too, which protects the
 * chain itself): its vehicle, job, plan and sortie against `flight.started`, and its samples
 * against the count and sha256 that `flight.ended` recorded. Returns the flights changed since.
 */
export async function verifyFlightSamples(
  db: Db,
): Promise<{ checked: number; mismatches: { flightId: string; problem: string }[] }> {
  const flights = await db.all<{ id: string; sample_count: number; samples_sha256: string }>(
    'SELECT id, sample_count, samples_sha256 FROM records_flights WHERE samples_sha256 IS NOT NULL ORDER BY started_at',
  );
  const ended = await db.all<{ subject: string; data: string }>(
    "SELECT subject, data FROM records_audit WHERE kind = 'flight.ended' ORDER BY seq",
  );
  const audited = new Map<string, { samples: number; samplesSha256: string }>();
  for (const e of ended) {
    try {
      audited.set(e.subject.replace(/^flight:/, ''), JSON.parse(e.data));
    } catch {
      // a broken row is reported by verifyAudit
    }
  }
  const startedEvents = await db.all<{ subject: string; data: string }>(
    "SELECT subject, data FROM records_audit WHERE kind = 'flight.started' ORDER BY seq",
  );
  const started = new Map<string, Record<string, unknown>>();
  for (const e of startedEvents) {
    try {
      started.set(e.subject.replace(/^flight:/, ''), JSON.parse(e.data));
    } catch {
      // reported by verifyAudit
    }
  }
  const mismatches: { flightId: string; problem: string }[] = [];
  for (const f of flights) {
    const row = await getFlight(db, f.id);
    const s = started.get(f.id);
    if (!s) {
      mismatches.push({ flightId: f.id, problem: 'no flight.started event in the audit chain' });
      continue;
    }
    const changed = (['vehicle', 'jobId', 'planId', 'sortie'] as const).filter(
      (k) => (row?.[k] ?? null) !== (s[k] ?? null),
    );
    if (changed.length > 0) {
      mismatches.push({
        flightId: f.id,
        problem: `flight row ${changed.join(', ')} differ from the audit chain`,
      });
      continue;
    }
    const a = audited.get(f.id);
    if (!a) {
      mismatches.push({ flightId: f.id, problem: 'closed, but no flight.ended event in the audit chain' });
      continue;
    }
    const samples = await readSamples(db, f.id);
    if (samples.length !== a.samples) {
      mismatches.push({
        flightId: f.id,
        problem: `${samples.length} samples stored, ${a.samples} recorded at close`,
      });
    } else if (samplesDigest(samples) !== a.samplesSha256) {
      mismatches.push({ flightId: f.id, problem: 'samples no longer match the digest recorded at close' });
    } else if (f.samples_sha256 !== a.samplesSha256 || f.sample_count !== a.samples) {
      mismatches.push({ flightId: f.id, problem: 'flight row digest or count differs from the audit chain' });
    }
  }
  return { checked: flights.length, mismatches };
}
