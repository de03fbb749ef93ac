import { readFileSync } from 'node:fs';
import { Db } from '../../fields/db.js';
import { ALL_MIGRATIONS } from '../../fields/migrations.js';
import { closeFlight } from '../../fields/records/flight-log.js';
import { type ApiOutput, contract, isMethodName, type MethodName } from '../api/contract.js';
import { ApiError } from '../api/define.js';
import { toApiError } from './api-errors.js';
import { ServiceContext } from './context.js';
import { fieldsHandlers } from './fields-service.js';
import { missionHandlers } from './mission-service.js';
import { planHandlers } from './plan-service.js';
import { recordsHandlers } from './records-service.js';
import { VehicleManager, vehicleHandlers } from './vehicle-service.js';

type Handlers = { [M in MethodName]: (input: never) => Promise<ApiOutput<M>> };

/** The app's version from package.json (found from the source tree or from the compiled dist-electron/). */
function packageVersion(): string {
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (pkg.name === 'agrispray-planner') return pkg.version;
    } catch {
      // try the next place
    }
  }
  return '0.0.0';
}

/**
 * The one service that implements the app API. Bridges (IPC, HTTP, CLI) call `call(method, input)`
 * with untrusted input: it is validated against the contract's schema here, once, for all of them.
 */
export class AppService {
  readonly ctx: ServiceContext;
  private readonly handlers: Handlers;
  readonly vehicles: VehicleManager;

  private constructor(ctx: ServiceContext) {
    this.ctx = ctx;
    this.vehicles = new VehicleManager(ctx);
    this.handlers = {
      ...fieldsHandlers(ctx),
      ...planHandlers(ctx),
      ...missionHandlers(ctx),
      ...vehicleHandlers(ctx, this.vehicles),
      ...recordsHandlers(ctx),
    } satisfies Handlers;
  }

  static async open(dbPath: string, mode: 'desktop' | 'browser' | 'cli'): Promise<AppService> {
    const db = await Db.open(dbPath, ALL_MIGRATIONS);
    const service = new AppService(new ServiceContext(db, mode, packageVersion()));
    if (mode !== 'cli') await service.closeAbandonedFlights();
    return service;
  }

  /**
   * Flights left open by a crash or a power cut (no sample for 2 minutes) are closed at start: their
   * samples get their digest and a flight.ended audit event, so nothing recorded is left unsealed.
   * A flight another process is still recording (recent samples) is left alone.
   */
  async closeAbandonedFlights(quietMs = 120_000): Promise<string[]> {
    const rows = await this.ctx.db.all<{ id: string; last: number | null; started_at: number }>(
      `SELECT f.id, f.started_at, (SELECT MAX(t) FROM records_samples s WHERE s.flight_id = f.id) AS last
         FROM records_flights f WHERE f.ended_at IS NULL`,
    );
    const closed: string[] = [];
    for (const r of rows) {
      if (Date.now() - (r.last ?? r.started_at) < quietMs) continue;
      try {
        await closeFlight(this.ctx.db, r.id, { actor: 'app start (flight left open)' });
        closed.push(r.id);
      } catch {
        // a flight that cannot be closed stays open and is reported by `audit verify`
      }
    }
    return closed;
  }

  /** Validates `input` against the method's schema and runs its handler. Errors are always ApiError. */
  async call(method: string, input: unknown): Promise<unknown> {
    if (!isMethodName(method))
      throw new ApiError({ code: 'not_found', message: `unknown API method "${method}"` });
    const parsed = contract[method].input.safeParse(input ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({
        where: i.path.length ? i.path.join('.') : 'input',
        message: i.message,
      }));
      throw new ApiError({
        code: 'invalid_input',
        message: `${method}: ${issues.map((i) => `${i.where}: ${i.message}`).join('; ')}`,
        issues,
      });
    }
    try {
      const handler = this.handlers[method] as (i: unknown) => Promise<unknown>;
      return await handler(parsed.data);
    } catch (e) {
      throw toApiError(e);
    }
  }

  async close(): Promise<void> {
    await this.vehicles.disconnect();
    await this.ctx.db.close();
  }
}
