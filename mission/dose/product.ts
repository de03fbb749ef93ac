import { z } from 'zod';
import { parseWith } from './input-error.js';

/** Unit of a label rate per hectare: litres (liquid formulations) or kilograms (powders, granules). */
export const rateUnitSchema = z.enum(['L', 'kg']);
export type RateUnit = z.output<typeof rateUnitSchema>;

export const activeIngredientSchema = z.object({
  name: z.string().trim().min(1, 'active ingredient name is empty').max(120),
  /** Concentration in the product, e.g. 240 (g/L), 75 (%). */
  concentration: z.number().positive().max(1000),
  concentrationUnit: z.enum(['g/L', 'g/kg', '%']),
});
export type ActiveIngredient = z.output<typeof activeIngredientSchema>;

/** A plant-protection product as registered and labelled. */
export const productSchema = z
  .object({
    /** Database id; absent until stored. */
    id: z.string().min(1).optional(),
    name: z.string().trim().min(1, 'product name is empty').max(120),
    activeIngredients: z.array(activeIngredientSchema).min(1, 'at least one active ingredient'),
    /** Formulation code, e.g. EC, SC, WP, WG, SL, SE, OD. */
    formulation: z.string().trim().min(1).max(20),
    registrationNumber: z.string().trim().max(60).default(''),
    /** Label rate per hectare. */
    labelRate: z.object({
      min: z.number().positive().max(100),
      max: z.number().positive().max(100),
      unit: rateUnitSchema,
    }),
    /** Pre-harvest interval (days). */
    phiDays: z.number().int().min(0).max(365),
    notes: z.string().max(2000).default(''),
  })
  .superRefine((p, ctx) => {
    if (p.labelRate.min > p.labelRate.max)
      ctx.addIssue({ code: 'custom', path: ['labelRate', 'min'], message: 'must not exceed labelRate.max' });
  });
export type Product = z.output<typeof productSchema>;
export type ProductInput = z.input<typeof productSchema>;

/** Validates a product. Throws InputError with the path of every issue. */
export function parseProduct(value: unknown, where = ''): Product {
  return parseWith(productSchema, value, 'product', where);
}

/** One product in a tank mix at a rate per hectare (in the product's label unit). */
export const mixProductSchema = z.object({
  product: productSchema,
  ratePerHa: z.number().positive().max(100),
  /** Spraying outside the label range needs an explicit, recorded reason. */
  override: z.object({ reason: z.string().trim().min(3, 'give a reason for the override') }).optional(),
});
export type MixProduct = z.output<typeof mixProductSchema>;

/** A job's tank mix: spray volume of the mix per hectare and the products in it. */
export const tankMixSchema = z.object({
  /** Application volume (L of mix per ha). Drones spray about 10–30 L/ha. */
  volumeLPerHa: z.number().positive().max(500, 'above 500 L/ha is not a drone application volume'),
  products: z.array(mixProductSchema).min(1, 'a tank mix needs at least one product'),
});
export type TankMix = z.output<typeof tankMixSchema>;
export type TankMixInput = z.input<typeof tankMixSchema>;

/** Validates a tank mix (shape and numbers; label ranges are checked by `checkLabelRates`). */
export function parseTankMix(value: unknown): TankMix {
  return parseWith(tankMixSchema, value, 'tank mix');
}
