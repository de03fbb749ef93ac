import { afterAll, describe, expect, it } from 'vitest';
import { AppService } from '../../electron/service/app-service.js';
import { Db } from '../../fields/db.js';
import { ALL_MIGRATIONS } from '../../fields/migrations.js';
import { FlightLogger, getFlight } from '../../fields/records/flight-log.js';
import { tempDbPath } from '../helpers/temp-db.js';

/** Nothing recorded is left unsealed: the app closes flights a crash left open, not live ones. */
describe('flights left open by a crash', () => {
  const tmp = tempDbPath();
  afterAll(() => tmp.cleanup());

  it('are closed (digest + audit) when the app starts; a flight still being recorded is not', async () => {
    const db = await Db.open(tmp.path, ALL_MIGRATIONS);
    const sample = (t: number) => ({
      t,
      lat: 19.98,
      lon: 105.62,
      altM: 2.5,
      groundSpeedMps: 4,
      headingDeg: 90,
      spraying: true,
      mode: 'AUTO',
      armed: true,
    });
    const old = await FlightLogger.start(db, { vehicle: 'sysid 1' }, { startedAt: Date.now() - 3_600_000 });
    old.append(sample(Date.now() - 3_600_000));
    await old.flush();
    const live = await FlightLogger.start(db, { vehicle: 'sysid 2' });
    live.append(sample(Date.now()));
    await live.flush();
    // the process "crashes": neither logger is closed
    await db.close();

    const service = await AppService.open(tmp.path, 'browser');
    try {
      const flights = (await service.call('flights.list', {})) as {
        id: string;
        endedAt: number | null;
        samplesSha256: string | null;
      }[];
      const o = flights.find((f) => f.id === old.flightId)!;
      const l = flights.find((f) => f.id === live.flightId)!;
      expect(o.endedAt).not.toBeNull();
      expect(o.samplesSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(l.endedAt).toBeNull();
      expect(((await service.call('audit.verify', {})) as { ok: boolean }).ok).toBe(true);
      expect(await getFlight(service.ctx.db, old.flightId)).toBeDefined();
    } finally {
      await service.close();
    }
  });
});
