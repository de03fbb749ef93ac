import { z } from 'zod';
import type { Product } from '../../mission/dose/product.js';
import type { DroneProfile } from '../../mission/profile/drone-profile.js';
import type { Job } from '../../mission/sorties/job.js';
import { method } from './define.js';
import { planParamsSchema } from './plan-api.js';

/** Which route a job is made from: a stored plan, or fields + parameters planned afresh. */
export const planSourceSchema = z.union([
  z.object({ planId: z.string().min(1) }).strict(),
  z
    .object({
      fieldIds: z.array(z.string().min(1)).min(1).max(500),
      params: planParamsSchema.default({}),
      home: z.tuple([z.number(), z.number()]).optional(),
    })
    .strict(),
]);

/** What the operator sets for a job besides the route. */
export const jobOptionsSchema = z
  .object({
    profileId: z.string().min(1),
    volumeLPerHa: z.number().positive().max(500, 'above 500 L/ha is not a drone application volume'),
    tankL: z.number().positive().max(100).optional(),
    batteryEnduranceMin: z.number().positive().max(120).optional(),
    spraySpeedMps: z.number().positive().max(15).optional(),
    products: z
      .array(
        z
          .object({
            productId: z.string().min(1),
            ratePerHa: z.number().positive().max(100),
            override: z
              .object({ reason: z.string().trim().min(3, 'give a reason for the override') })
              .optional(),
          })
          .strict(),
      )
      .max(10)
      .optional(),
  })
  .strict();

export type JobOptionsDto = z.input<typeof jobOptionsSchema>;

/** A product of the catalogue as stored. */
export type ProductDto = Product & { id: string };

export const missionApi = {
  'catalog.products': method<ProductDto[]>()(z.object({}).strict()),
  /** Creates (no id) or updates (with id) a product; validated against the product schema. */
  'catalog.saveProduct': method<ProductDto>()(
    z.object({ id: z.string().optional(), product: z.record(z.string(), z.unknown()) }).strict(),
  ),
  'catalog.deleteProduct': method<{ deleted: boolean }>()(z.object({ id: z.string().min(1) }).strict()),
  'catalog.importProductsCsv': method<{ created: number; updated: number }>()(
    z.object({ content: z.string().max(5_000_000), update: z.boolean().default(false) }).strict(),
  ),
  'catalog.profiles': method<{ profile: DroneProfile; builtin: boolean }[]>()(z.object({}).strict()),
  'catalog.saveProfile': method<DroneProfile>()(
    z.object({ profile: z.record(z.string(), z.unknown()) }).strict(),
  ),
  'catalog.deleteProfile': method<{ deleted: boolean }>()(z.object({ id: z.string().min(1) }).strict()),
  /** Dose, speed cap, sorties, mission items per sortie, fence and mix sheet for a route. */
  'job.prepare': method<Job>()(z.object({ source: planSourceSchema, options: jobOptionsSchema }).strict()),
  /** One sortie as a mission file, or the whole route as GeoJSON/KML. */
  'job.export': method<{ fileName: string; mime: string; content: string }>()(
    z
      .object({
        source: planSourceSchema,
        options: jobOptionsSchema,
        format: z.enum(['plan', 'waypoints', 'geojson', 'kml']),
        sortie: z.number().int().min(1).default(1),
      })
      .strict(),
  ),
};

export interface MissionEvents {
  'catalog.changed': { reason: string };
}
