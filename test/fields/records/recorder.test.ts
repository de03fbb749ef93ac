import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../../fields/records/audit.js';
import { listFlights, readSamples } from '../../../fields/records/flight-log.js';
import { FlightRecorder } from '../../../fields/records/recorder.js';
import type { TelemetrySample } from '../../../mission/telemetry/types.js';
import { tempDb } from './helpers.js';

const s = (i: number, armed: boolean): TelemetrySample => ({
  t: 1_700_000_000_000 + i * 100,
  lat: 10.5 + i * 1e-6,
  lon: 105.6,
  altM: armed ? 3 : 0,
  groundSpeedMps: armed ? 5 : 0,
  headingDeg: 0,
  spraying: armed,
  mode: armed ? 'AUTO' : 'LOITER',
  armed,
  missionSeq: i,
});

describe('FlightRecorder', () => {
  it('opens one flight per arm…disarm with counting sorties, keeping every sample in its flight', async () => {
    const t = await tempDb();
    try {
      const started: number[] = [];
      const rec = new FlightRecorder(
        t.db,
        { vehicle: 'T20 #1', operator: 'Lan' },
        { onFlightStarted: (_, n) => started.push(n) },
      );
      // Fed synchronously, as a link handler would: no awaits between samples.
      let i = 0;
      for (const armed of [false, false, true, true, true, false, false, true, true, false])
        rec.push(s(i++, armed));
      await rec.stop();
      expect(started).toEqual([1, 2]);
      const flights = (await listFlights(t.db)).reverse();
      expect(flights.map((f) => [f.sortie, f.storedSamples, f.samplesSha256 !== null])).toEqual([
        [1, 4, true],
        [2, 3, true],
      ]);
      // The disarm sample ends its flight; nothing leaks into the next one.
      expect((await readSamples(t.db, flights[0]!.id)).map((x) => x.missionSeq)).toEqual([2, 3, 4, 5]);
      expect((await readSamples(t.db, flights[1]!.id)).map((x) => x.missionSeq)).toEqual([7, 8, 9]);
      expect(await verifyAudit(t.db)).toMatchObject({ ok: true, count: 4 });
    } finally {
      await t.cleanup();
    }
  });

  it("'always' mode records from the first sample until stop", async () => {
    const t = await tempDb();
    try {
      const rec = new FlightRecorder(t.db, { vehicle: 'bench' }, { mode: 'always' });
      for (let i = 0; i < 25; i++) rec.push(s(i, false));
      const f = await rec.stop();
      expect(f?.sampleCount).toBe(25);
    } finally {
      await t.cleanup();
    }
  });
});
