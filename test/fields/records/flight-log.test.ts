import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Db } from '../../../fields/db.js';
import { ALL_MIGRATIONS } from '../../../fields/migrations.js';
import { verifyAudit } from '../../../fields/records/audit.js';
import {
  closeFlight,
  FlightLogger,
  listFlights,
  readSamples,
  verifyFlightSamples,
} from '../../../fields/records/flight-log.js';
import type { TelemetrySample } from '../../../mission/telemetry/types.js';
import { tempDb } from './helpers.js';

function sample(i: number, t0 = 1_700_000_000_000): TelemetrySample {
  return {
    t: t0 + i * 100,
    lat: 10.5 + i * 1e-6,
    lon: 105.6,
    altM: 3,
    groundSpeedMps: 5,
    headingDeg: 0,
    spraying: i % 2 === 0,
    flowLpm: i % 2 === 0 ? 2.1 : undefined,
    batteryPct: 80,
    mode: 'AUTO',
    armed: true,
    missionSeq: i,
  };
}

describe('FlightLogger', () => {
  it('stores every sample in order and closes the flight with a digest in the audit chain', async () => {
    const t = await tempDb();
    try {
      const log = await FlightLogger.start(
        t.db,
        { vehicle: 'T30', operator: 'Lan', sortie: 1 },
        { batchSize: 64 },
      );
      for (let i = 0; i < 1000; i++) log.append(sample(i));
      const f = await log.close();
      expect(f.sampleCount).toBe(1000);
      const back = await readSamples(t.db, log.flightId);
      expect(back).toHaveLength(1000);
      expect(back[3]).toEqual(sample(3));
      expect(back[4]).toEqual(sample(4));
      const flights = await listFlights(t.db);
      expect(flights[0]).toMatchObject({ id: log.flightId, vehicle: 'T30', sortie: 1, storedSamples: 1000 });
      expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 2 });
      expect(await verifyFlightSamples(t.db)).toEqual({ checked: 1, mismatches: [] });
      // A closed flight takes no more samples, and stored samples cannot be changed through SQL.
      await expect(
        t.db.run("INSERT INTO records_samples VALUES (?,1,0,0,0,0,0,0,NULL,NULL,NULL,'AUTO',1,NULL)", [
          log.flightId,
        ]),
      ).rejects.toThrow(/closed/);
      await expect(t.db.run('UPDATE records_samples SET lat = 0')).rejects.toThrow(/append-only/);
      await expect(t.db.run('DELETE FROM records_samples')).rejects.toThrow(/append-only/);
    } finally {
      await t.cleanup();
    }
  });

  it('append never waits for the disk, and out-of-order samples are dropped and counted', async () => {
    const t = await tempDb();
    try {
      const log = await FlightLogger.start(t.db, { vehicle: 'T30' });
      const r = log.append(sample(5));
      expect(r).toBeUndefined();
      log.append(sample(4));
      expect(log.dropped).toBe(1);
      expect(log.pending).toBe(1);
      await log.flush();
      expect(log.written).toBe(1);
      await log.close();
    } finally {
      await t.cleanup();
    }
  });

  it('catches samples edited directly in the database after the flight closed', async () => {
    const t = await tempDb();
    try {
      const log = await FlightLogger.start(t.db, { vehicle: 'T30' });
      for (let i = 0; i < 50; i++) log.append(sample(i));
      await log.close();
      await t.db.exec('DROP TRIGGER records_samples_no_update');
      await t.db.run('UPDATE records_samples SET spraying = 1 WHERE rowid = 8');
      const v = await verifyFlightSamples(t.db);
      expect(v.mismatches).toEqual([
        { flightId: log.flightId, problem: expect.stringMatching(/no longer match/) },
      ]);
    } finally {
      await t.cleanup();
    }
  });

  it('a closed flight row is final, and a change made behind the triggers is caught', async () => {
    const t = await tempDb();
    try {
      const log = await FlightLogger.start(t.db, { vehicle: 'T30 #1', sortie: 2 });
      for (let i = 0; i < 20; i++) log.append(sample(i));
      await log.close();
      log.append(sample(99)); // after close: dropped, never throws into the link's handler
      expect(log.dropped).toBe(1);
      await expect(t.db.run("UPDATE records_flights SET vehicle = 'T30 #9'")).rejects.toThrow(/closed/);
      await expect(t.db.run('DELETE FROM records_flights')).rejects.toThrow(/never deleted/);
      await t.db.exec('DROP TRIGGER records_flights_closed_no_update');
      await t.db.run("UPDATE records_flights SET vehicle = 'T30 #9'");
      expect((await verifyFlightSamples(t.db)).mismatches).toEqual([
        { flightId: log.flightId, problem: 'flight row vehicle differ from the audit chain' },
      ]);
    } finally {
      await t.cleanup();
    }
  });

  it('after kill -9 while logging, at most the last second is lost and the database opens cleanly', async () => {
    const t = await tempDb();
    await t.db.close();
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(new URL('./fixtures/log-child.ts', import.meta.url)), t.path],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const flightId = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (b: Buffer) => {
          const m = /ready (\S+)/.exec(b.toString());
          if (m) resolve(m[1]!);
        });
        child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
      await new Promise((r) => setTimeout(r, 2500));
      const killedAt = Date.now();
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const db = await Db.open(t.path, ALL_MIGRATIONS);
      try {
        expect(await db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' });
        const samples = await readSamples(db, flightId);
        expect(samples.length).toBeGreaterThan(100);
        // No holes: what was written is a prefix of what was appended.
        expect(samples.map((s) => s.missionSeq)).toEqual(samples.map((_, i) => i));
        const lastT = samples[samples.length - 1]!.t;
        expect(killedAt - lastT).toBeLessThanOrEqual(1000);
        // The crashed flight can be closed afterwards; the chain stays valid.
        const f = await closeFlight(db, flightId);
        expect(f.sampleCount).toBe(samples.length);
        expect(await verifyAudit(db)).toMatchObject({ ok: true, count: 2 });
      } finally {
        await db.close();
      }
    } finally {
      await t.cleanup();
    }
  });
});
