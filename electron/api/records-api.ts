import type { FeatureCollection } from 'geojson';
import { z } from 'zod';
import type { StoredRecord } from '../../fields/records/applications.js';
import type { FlightRow } from '../../fields/records/flight-log.js';
import type { Job } from '../../fields/records/jobs.js';
import type { RecordProblem } from '../../mission/records/application.js';
import { method } from './define.js';

export type JobDto = Job;
export type FlightDto = FlightRow & { storedSamples?: number };
export type RecordDto = StoredRecord;

export interface AsAppliedDto {
  /** Plots, planned route, as-applied area, gaps, double spray, off-target, track — by `properties.role`. */
  geojson: FeatureCollection;
  summary?: {
    sprayedM2: number;
    coverage?: number;
    coverageOfPlan?: number;
    doubleSprayedM2: number;
    outsideM2: number;
    noSprayM2: number;
    liquidL?: number;
    /** Rate × plot area (L). */
    plannedLiquidL?: number;
    /** What the planned route puts out (rate × swath × planned spray length, L): compare liquid with this. */
    plannedRouteLiquidL?: number;
  };
  notes: string[];
}

export const recordsApi = {
  'jobs.list': method<JobDto[]>()(
    z.object({ status: z.enum(['planned', 'flown', 'closed', 'cancelled']).optional() }).strict(),
  ),
  /** A farmer's request on stored plots; products from the catalogue at a rate per ha. */
  'jobs.create': method<JobDto>()(
    z
      .object({
        farmer: z.string().trim().min(1, 'who asked for the job?').max(120),
        farmerPhone: z.string().trim().max(40).optional(),
        fieldIds: z.array(z.string().min(1)).min(1, 'pick at least one plot'),
        crop: z.string().trim().max(80).optional(),
        cropStage: z.string().trim().max(80).optional(),
        target: z.string().trim().max(200).optional(),
        products: z
          .array(
            z.object({ productId: z.string().min(1), dosePerHa: z.number().positive().max(100) }).strict(),
          )
          .max(10)
          .optional(),
        waterLha: z.number().positive().max(500).optional(),
        plannedDate: z.iso.date({ message: 'a date YYYY-MM-DD' }).optional(),
        notes: z.string().max(4000).optional(),
      })
      .strict(),
  ),
  'jobs.get': method<{ job: JobDto; flights: FlightDto[]; records: RecordDto[] }>()(
    z.object({ id: z.string().min(1) }).strict(),
  ),
  /** Attaches a stored plan to a job (its snapshot and hash), so as-applied compares against it. */
  'jobs.attachPlan': method<{ planId: string; sha256: string }>()(
    z.object({ jobId: z.string().min(1), planId: z.string().min(1) }).strict(),
  ),
  'records.open': method<{ record: RecordDto; problems: RecordProblem[] }>()(
    z.object({ jobId: z.string().min(1) }).strict(),
  ),
  'records.update': method<{ record: RecordDto; problems: RecordProblem[] }>()(
    z.object({ id: z.string().min(1), patch: z.record(z.string(), z.unknown()) }).strict(),
  ),
  'records.status': method<{ record: RecordDto; problems: RecordProblem[] }>()(
    z.object({ id: z.string().min(1) }).strict(),
  ),
  /** Closes a record: refused, naming every missing field, until it is complete. */
  'records.close': method<RecordDto>()(z.object({ id: z.string().min(1) }).strict()),
  'flights.list': method<FlightDto[]>()(z.object({ jobId: z.string().optional() }).strict()),
  /** Planned route and as-applied area (with gaps) of a job or a flight, for the map. */
  'asApplied.view': method<AsAppliedDto>()(z.object({ id: z.string().min(1) }).strict()),
  /** A report of a job, flight or record: PDF (with QR), CSV or GeoJSON, in Vietnamese or English. */
  'report.export': method<{ fileName: string; mime: string; base64: string }>()(
    z
      .object({
        id: z.string().min(1),
        format: z.enum(['pdf', 'csv', 'geojson']),
        lang: z.enum(['vi', 'en']).default('vi'),
      })
      .strict(),
  ),
  'audit.verify': method<{
    ok: boolean;
    count: number;
    head?: { seq: number; hash: string };
    broken?: { index: number; seq: number | null; problem: string };
  }>()(z.object({}).strict()),
};

export interface RecordsEvents {
  'records.changed': { reason: string };
}
