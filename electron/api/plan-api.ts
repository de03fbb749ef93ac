import { z } from 'zod';
import type { Plan, PlanMetrics, PlanParams } from '../../mission/plan/types.js';
import { method } from './define.js';
import { polygonGeometry } from './fields-api.js';

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** Planner parameters as the window and CLI send them; every one optional (defaults apply). */
export const planParamsSchema = z
  .object({
    swathM: z.number().positive().max(100),
    headlandPasses: z.number().int().min(0).max(10),
    edgeBufferM: z.number().min(0).max(100),
    noSprayBufferM: z.number().min(0).max(100),
    angleDeg: z.union([z.literal('auto'), z.number().min(-360).max(360)]),
    speedMps: z.number().positive().max(30),
    transitSpeedMps: z.number().positive().max(30),
    accelMps2: z.number().positive().max(20),
    turnStopS: z.number().min(0).max(60),
    headlandFirst: z.boolean(),
    plotGapM: z.number().min(0).max(20),
    /** Trade chemical for time: 0 fastest flight, 8 default, 12 least double dose. */
    doubleDoseWeight: z.number().min(0).max(100),
  })
  .partial()
  .strict();

export interface ZoneDto {
  id: string;
  kind: 'no-spray' | 'no-fly' | 'home';
  name: string;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'Point'; coordinates: number[] };
  radiusM: number | null;
  createdAt: string;
}

export interface PlanSummaryDto {
  id: string;
  name: string;
  fieldIds: string[];
  params: PlanParams;
  home: [number, number] | null;
  metrics: PlanMetrics;
  createdAt: string;
}

const planRequest = {
  fieldIds: z.array(z.string().min(1)).min(1, 'pick at least one field').max(500),
  params: planParamsSchema.default({}),
  /** Take-off/refill point; defaults to the nearest stored home zone, if any. */
  home: lngLat.optional(),
};

export const planApi = {
  'zones.list': method<ZoneDto[]>()(z.object({}).strict()),
  'zones.create': method<ZoneDto>()(
    z
      .object({
        kind: z.enum(['no-spray', 'no-fly', 'home']),
        name: z.string().trim().max(120).default(''),
        geometry: z.union([polygonGeometry, z.object({ type: z.literal('Point'), coordinates: lngLat })]),
        radiusM: z.number().positive().max(5000).optional(),
        id: z.string().min(1).max(64).optional(),
      })
      .strict(),
  ),
  'zones.delete': method<{ deleted: ZoneDto }>()(z.object({ id: z.string().min(1) }).strict()),
  /** Plans without storing (live preview while parameters change). */
  'plan.compute': method<Plan>()(z.object(planRequest).strict()),
  /** Plans and stores the result with its parameters. */
  'plan.save': method<{ summary: PlanSummaryDto; plan: Plan }>()(
    z.object({ ...planRequest, name: z.string().trim().min(1).max(120).optional() }).strict(),
  ),
  'plan.list': method<PlanSummaryDto[]>()(z.object({ fieldId: z.string().optional() }).strict()),
  'plan.get': method<{ summary: PlanSummaryDto; plan: Plan }>()(z.object({ id: z.string().min(1) }).strict()),
  'plan.delete': method<{ deleted: boolean }>()(z.object({ id: z.string().min(1) }).strict()),
};

export interface PlanEvents {
  'zones.changed': { reason: string };
  'plans.changed': { reason: string };
}
