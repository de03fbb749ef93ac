import type { TelemetrySample } from '../../mission/telemetry/types.js';
import type { Db } from '../db.js';
import { type FlightInfo, FlightLogger, type FlightLoggerOptions, type FlightRow } from './flight-log.js';

/** Options of a `FlightRecorder`. */
export interface FlightRecorderOptions extends FlightLoggerOptions {
  /**
   * `armed` (default): one flight per arm…disarm, sortie numbers counting up.
   * `always`: one flight from the first sample until `stop()`.
   */
  mode?: 'armed' | 'always';
  /** Sortie number of the first flight (default 1). */
  firstSortie?: number;
  /** Who is recording (audit actor); default the operator. */
  actor?: string;
  onFlightStarted?: (flightId: string, sortie: number) => void;
  onFlightClosed?: (flight: FlightRow) => void;
}

/**
 * Records the flights of one connected vehicle from its telemetry samples: feed every sample to
 * `push` (it never blocks or throws), and the recorder opens a flight when the vehicle arms,
 * closes it (digest + audit event) when it disarms, and numbers the sorties. Samples that arrive
 * while a flight row is being created are kept. Call `stop()` when the link closes.
 *
 * App service: `vehicle.on('sample', (s) => recorder.push(s))`.
 */
/** One flight being recorded: its logger once created, and the samples that came before. */
interface Current {
  logger?: FlightLogger;
  pending: TelemetrySample[];
}

export class FlightRecorder {
  private current: Current | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private armed = false;
  private sortie: number;
  private readonly mode: 'armed' | 'always';
  /** Flights closed so far. */
  readonly closed: FlightRow[] = [];
  /** Last error (creating or closing a flight). Writing errors go to `onError` of the logger. */
  lastError: Error | undefined;

  constructor(
    private readonly db: Db,
    private readonly info: Omit<FlightInfo, 'sortie'>,
    private readonly opts: FlightRecorderOptions = {},
  ) {
    this.mode = opts.mode ?? 'armed';
    this.sortie = (opts.firstSortie ?? 1) - 1;
  }

  /** The flight being recorded, if its row exists yet. */
  get currentFlightId(): string | undefined {
    return this.current?.logger?.flightId;
  }

  /** Feeds one sample. Never blocks, never throws. */
  push(s: TelemetrySample): void {
    if (this.mode === 'armed') {
      if (s.armed && !this.armed) this.begin(s.t);
      const ending = !s.armed && this.armed;
      this.armed = s.armed;
      this.append(s);
      if (ending) void this.end();
      return;
    }
    if (!this.current) this.begin(s.t);
    this.append(s);
  }

  /** Closes the flight in progress (if any) and waits for everything to be written. */
  async stop(): Promise<FlightRow | undefined> {
    await this.end();
    return this.closed[this.closed.length - 1];
  }

  private append(s: TelemetrySample): void {
    const c = this.current;
    if (!c) return;
    if (c.logger) c.logger.append(s);
    else c.pending.push(s);
  }

  private begin(t: number): void {
    this.sortie++;
    const sortie = this.sortie;
    const cur: Current = { pending: [] };
    this.current = cur;
    this.chain = this.chain.then(async () => {
      try {
        const {
          mode: _m,
          firstSortie: _f,
          actor,
          onFlightStarted: _s,
          onFlightClosed: _c,
          ...logOpts
        } = this.opts;
        const logger = await FlightLogger.start(
          this.db,
          { ...this.info, sortie },
          { ...logOpts, startedAt: t, ...(actor ? { actor } : {}) },
        );
        for (const p of cur.pending) logger.append(p);
        cur.pending = [];
        cur.logger = logger;
        this.opts.onFlightStarted?.(logger.flightId, sortie);
      } catch (e) {
        this.lastError = e as Error;
      }
    });
  }

  /** Detaches the current flight now (later samples go to the next one) and closes it in order. */
  private end(): Promise<unknown> {
    const cur = this.current;
    this.current = undefined;
    this.chain = this.chain.then(async () => {
      if (!cur?.logger) return;
      try {
        const f = await cur.logger.close(this.opts.actor ? { actor: this.opts.actor } : {});
        this.closed.push(f);
        this.opts.onFlightClosed?.(f);
      } catch (e) {
        this.lastError = e as Error;
      }
    });
    return this.chain;
  }
}
