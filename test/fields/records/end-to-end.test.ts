import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  closeRecord,
  openRecord,
  recordStatus,
  updateRecord,
  verifyRecords,
} from '../../../fields/records/applications.js';
import { loadApplied } from '../../../fields/records/as-applied-store.js';
import { verifyAudit } from '../../../fields/records/audit.js';
import { FlightLogger, verifyFlightSamples } from '../../../fields/records/flight-log.js';
import { attachPlan, createJob } from '../../../fields/records/jobs.js';
import { parseFieldFile, plotAreaM2 } from '../../../mission/field/parse-field-file.js';
import { planCoverage } from '../../../mission/plan/index.js';
import { RecordIncompleteError } from '../../../mission/records/application.js';
import { flyPlan } from '../../mission/as-applied/synthetic.js';
import { tempDb } from './helpers.js';

const FIELD = new URL('../../../../shared/fields/vn_field_concave.geojson', import.meta.url);
const RATE = 20;
const SWATH = 5;

describe('a flight recorded end to end', () => {
  it.skipIf(!existsSync(FIELD))(
    'plan → flight log → as-applied → closed record, all verifiable',
    async () => {
      const field = parseFieldFile(readFileSync(FIELD, 'utf8'));
      const plan = planCoverage(field, { swathM: SWATH, speedMps: 5 });
      const t = await tempDb();
      try {
        const job = await createJob(
          t.db,
          {
            farmer: 'Nguyễn Văn An',
            plots: field.plots.map((p) => ({
              plotId: p.id,
              name: p.name ?? 'Lô 1',
              polygons: p.polygons,
              areaM2: plotAreaM2(p.polygons),
            })),
            crop: 'lúa',
            cropStage: 'đòng trổ',
            target: 'rầy nâu',
            products: [
              {
                name: 'Chess 50WG',
                activeIngredient: 'Pymetrozine 50%',
                dosePerHa: 0.3,
                unit: 'kg',
                phiDays: 7,
              },
            ],
            waterLha: RATE,
            plannedDate: '2026-11-29',
          },
          { actor: 'Lan' },
        );
        const { planId } = await attachPlan(t.db, job.id, plan, { actor: 'Lan' });

        // The simulated drone flies the plan; every sample goes through the logger into SQLite.
        const samples = flyPlan(plan.pieces, {
          rateLha: RATE,
          swathM: SWATH,
          origin: plan.origin,
          noiseM: 0.1,
        });
        const log = await FlightLogger.start(
          t.db,
          {
            vehicle: 'sim T20',
            jobId: job.id,
            planId,
            sortie: 1,
            operator: 'Lan',
            swathM: SWATH,
            rateLha: RATE,
          },
          { startedAt: samples[0]!.t },
        );
        for (const s of samples) log.append(s);
        await log.close();

        const view = await loadApplied(t.db, { jobId: job.id });
        const a = view.analysis!;
        expect(view.samples).toHaveLength(samples.length);
        expect(a.coverageOfPlan).toBeGreaterThanOrEqual(0.98);
        // Planned liquid: what the route puts out at the planned rate (rate × swath × spray length).
        const plannedL = (RATE * SWATH * plan.metrics.sprayLengthM) / 10_000;
        expect(a.plannedRouteLiquidL).toBeCloseTo(plannedL, 6);
        expect(Math.abs(a.liquidL / plannedL - 1)).toBeLessThanOrEqual(0.05);
        expect(a.perPlot[0]!.coverage).toBeGreaterThanOrEqual(0.98);

        // Closing names what is missing; once completed it closes with a hash the chain carries.
        const rec = await openRecord(t.db, job.id, { actor: 'Lan' });
        expect(rec.data.plots![0]!.sprayedAreaM2).toBeGreaterThan(0);
        expect(rec.data.flightIds).toEqual([log.flightId]);
        const err = await closeRecord(t.db, rec.id).catch((e) => e);
        expect(err).toBeInstanceOf(RecordIncompleteError);
        const missing = (err as RecordIncompleteError).problems.map((p) => p.path);
        expect(missing).toEqual(
          expect.arrayContaining(['products[0].registrationNo', 'operator', 'drone', 'weather']),
        );
        expect((err as Error).message).toMatch(/registration number/);
        await updateRecord(t.db, rec.id, {
          products: [{ ...rec.data.products![0]!, registrationNo: 'BVTV-1234/2024' }],
          operator: { name: 'Trần Thị Lan', licenceNo: 'UAV-VN-0420' },
          drone: { model: 'DJI Agras T20', registrationNo: 'VN-UAV-77' },
          weather: {
            windSpeedMps: 2.1,
            windDirDeg: 45,
            temperatureC: 29,
            humidityPct: 78,
            source: 'entered',
          },
        });
        expect((await recordStatus(t.db, rec.id)).problems).toEqual([]);
        const closed = await closeRecord(t.db, rec.id, { actor: 'Lan' });
        expect(closed.status).toBe('closed');
        expect(closed.data.safeHarvestDate).toBe('2026-12-06');
        expect(closed.recordHash).toMatch(/^[0-9a-f]{64}$/);
        await expect(updateRecord(t.db, rec.id, { notes: 'x' })).rejects.toThrow(/closed/);

        const v = await verifyAudit(t.db);
        expect(v).toMatchObject({ ok: true });
        expect(v.count).toBe(7); // job.created, plan.made, flight.started, flight.ended, record.opened, .edited, .closed
        expect(await verifyFlightSamples(t.db)).toEqual({ checked: 1, mismatches: [] });
        expect(await verifyRecords(t.db)).toEqual({ checked: 1, mismatches: [] });

        // Changing a closed record behind the app's back is caught.
        await t.db.exec('DROP TRIGGER records_applications_closed_no_update');
        await t.db.run(
          "UPDATE records_applications SET data = json_set(data, '$.products[0].dosePerHa', 0.15)",
        );
        expect((await verifyRecords(t.db)).mismatches).toHaveLength(1);
      } finally {
        await t.cleanup();
      }
    },
  );
});
