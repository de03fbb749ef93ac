import type { Db } from '../../../fields/db.js';
import {
  closeRecord,
  openRecord,
  type StoredRecord,
  updateRecord,
} from '../../../fields/records/applications.js';
import { FlightLogger } from '../../../fields/records/flight-log.js';
import { attachPlan, createJob, type Job } from '../../../fields/records/jobs.js';
import { plotAreaM2 } from '../../../mission/field/parse-field-file.js';
import { flyPlan, lanePlan, rectPlot } from '../../mission/as-applied/synthetic.js';

/**
 * A realistic small job on a local database: two neighbouring paddies of two farmers sprayed in
 * one flight that missed part of a lane (a gap) and went over one lane twice, then a closed record.
 */
export async function sprayScenario(
  db: Db,
  opts: { close?: boolean } = {},
): Promise<{ job: Job; flightId: string; record: StoredRecord }> {
  const a = rectPlot('lo-12', 0, 0, 50, 60, 'Lô 12');
  const b = { ...rectPlot('lo-13', 50, 0, 100, 60, 'Lô 13'), owner: 'Trần Thị Bình' };
  const job = await createJob(
    db,
    {
      farmer: 'HTX Nông nghiệp Yên Mỹ',
      farmerPhone: '0912 345 678',
      plots: [a, b].map((p) => ({
        plotId: p.id,
        name: p.name,
        owner: p.owner,
        polygons: p.polygons,
        areaM2: plotAreaM2(p.polygons),
      })),
      crop: 'Lúa (OM5451)',
      cropStage: 'Đòng trổ',
      target: 'Rầy nâu, đạo ôn cổ bông',
      products: [
        {
          name: 'Chess 50WG',
          activeIngredient: 'Pymetrozine 50%',
          registrationNo: 'BVTV 1234/CNĐKT',
          dosePerHa: 0.3,
          unit: 'kg',
          phiDays: 7,
        },
        {
          name: 'Beam 75WP',
          activeIngredient: 'Tricyclazole 75%',
          registrationNo: 'BVTV 0567/CNĐKT',
          dosePerHa: 0.3,
          unit: 'kg',
          phiDays: 14,
        },
      ],
      waterLha: 20,
      plannedDate: '2026-11-29',
    },
    { actor: 'Trần Thị Lan' },
  );
  const plan = lanePlan(0, 0, 100, 60, 5);
  const { planId } = await attachPlan(db, job.id, plan, { actor: 'Trần Thị Lan' });
  // Lane 5 loses spray for 40 m (clogged nozzle); lane 8 is flown back over.
  const pieces = plan.pieces.flatMap((p, i) => {
    if (i === 8) {
      const [s, e] = p.xy as [[number, number], [number, number]];
      const m1: [number, number] = [s[0] + (e[0] - s[0]) * 0.3, s[1]];
      const m2: [number, number] = [s[0] + (e[0] - s[0]) * 0.7, s[1]];
      return [
        { ...p, xy: [s, m1], coords: [] },
        { ...p, kind: 'transit' as const, xy: [m1, m2], coords: [] },
        { ...p, xy: [m2, e], coords: [] },
      ];
    }
    if (i === 14) return [p, { ...p, xy: [...p.xy].reverse(), coords: [] }];
    return [p];
  });
  const samples = flyPlan(pieces, {
    rateLha: 20,
    swathM: 5,
    noiseM: 0.08,
    t0: Date.UTC(2026, 10, 29, 0, 40),
  });
  const log = await FlightLogger.start(
    db,
    {
      vehicle: 'DJI Agras T20 #2',
      jobId: job.id,
      planId,
      sortie: 1,
      operator: 'Trần Thị Lan',
      swathM: 5,
      rateLha: 20,
    },
    { startedAt: samples[0]!.t },
  );
  for (const s of samples) log.append(s);
  await log.close();
  let record = await openRecord(db, job.id, { actor: 'Trần Thị Lan' });
  record = await updateRecord(db, record.id, {
    operator: { name: 'Trần Thị Lan', licenceNo: 'CC-UAV 0420/2025' },
    drone: { model: 'DJI Agras T20', registrationNo: 'VN-UAV-0077', serial: '1581F5BK' },
    weather: { windSpeedMps: 2.4, windDirDeg: 120, temperatureC: 28.5, humidityPct: 76, source: 'entered' },
  });
  if (opts.close !== false) record = await closeRecord(db, record.id, { actor: 'Trần Thị Lan' });
  return { job, flightId: log.flightId, record };
}
