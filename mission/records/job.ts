import { z } from 'zod';
import { parseWith } from '../dose/input-error.js';

const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

/** A product the farmer asked for, at a rate; registration data may be completed later. */
export const jobProductSchema = z.object({
  name: z.string().trim().min(1, 'product name is empty').max(120),
  activeIngredient: z.string().trim().max(200).optional(),
  registrationNo: z.string().trim().max(60).optional(),
  /** Product per hectare, in `unit`. */
  dosePerHa: z.number().positive().max(100),
  unit: z.enum(['L', 'kg']),
  phiDays: z.number().int().min(0).max(365).optional(),
});
export type JobProduct = z.output<typeof jobProductSchema>;

/** What a job is created from (a farmer's request). */
export const jobInputSchema = z.object({
  farmer: z.string().trim().min(1, 'farmer is empty').max(120),
  farmerPhone: z.string().trim().max(40).default(''),
  plots: z
    .array(
      z.object({
        plotId: z.string().trim().min(1, 'plot id is empty'),
        name: z.string().max(120).optional(),
        owner: z.string().max(120).optional(),
        areaM2: z.number().positive(),
        polygons: z.array(z.array(z.array(lngLat).min(4, 'a ring needs at least 4 positions'))).min(1),
      }),
    )
    .min(1, 'a job needs at least one plot'),
  crop: z.string().trim().max(80).default('lúa'),
  cropStage: z.string().trim().max(80).default(''),
  target: z.string().trim().max(200).default(''),
  products: z.array(jobProductSchema).default([]),
  /** Spray liquid per hectare (L/ha). */
  waterLha: z.number().positive().max(500).optional(),
  plannedDate: z.iso.date({ message: 'must be a date YYYY-MM-DD' }).optional(),
  notes: z.string().max(4000).default(''),
});
export type JobInput = z.input<typeof jobInputSchema>;
export type JobSpec = z.output<typeof jobInputSchema>;

/** Validates a job request; throws InputError naming every bad field. */
export function parseJobInput(value: unknown): JobSpec {
  return parseWith(jobInputSchema, value, 'job');
}
