import { DOUBLE_DOSE_WEIGHT } from './angle.js';
import { DEFAULT_PLAN_PARAMS, type PlanParams } from './types.js';

/** Thrown when planner parameters are refused. The message names the parameter and the value. */
export class PlanParamsError extends Error {
  readonly param: string;
  constructor(param: string, message: string) {
    super(`${param}: ${message}`);
    this.name = 'PlanParamsError';
    this.param = param;
  }
}

/** Default margin (m) kept between the drone and a no-fly zone. */
export const DEFAULT_NO_FLY_MARGIN_M = 1;

/** Parameters the planner uses after defaults are applied (all present). */
export interface ResolvedParams extends PlanParams {
  transitSpeedMps: number;
  noFlyMarginM: number;
  doubleDoseWeight: number;
}

function num(
  p: Partial<PlanParams>,
  key: keyof PlanParams,
  min: number,
  max: number,
  opts: { minExclusive?: boolean; integer?: boolean; unit?: string } = {},
): void {
  const v = p[key];
  if (v === undefined) return;
  const unit = opts.unit ? ` ${opts.unit}` : '';
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new PlanParamsError(key, `must be a finite number, got ${JSON.stringify(v)}`);
  }
  if (opts.integer && !Number.isInteger(v))
    throw new PlanParamsError(key, `must be a whole number, got ${v}`);
  if (opts.minExclusive ? v <= min : v < min) {
    throw new PlanParamsError(
      key,
      `must be ${opts.minExclusive ? 'greater than' : 'at least'} ${min}${unit}, got ${v}`,
    );
  }
  if (v > max) throw new PlanParamsError(key, `must be at most ${max}${unit}, got ${v}`);
}

/**
 * Applies defaults and validates every parameter. Throws `PlanParamsError` naming the first bad
 * parameter and its value (e.g. `swathM: must be greater than 0 m, got 0`).
 */
export function resolveParams(partial: Partial<PlanParams> & { noFlyMarginM?: number } = {}): ResolvedParams {
  if (partial === null || typeof partial !== 'object')
    throw new PlanParamsError('params', 'must be an object');
  num(partial, 'swathM', 0, 100, { minExclusive: true, unit: 'm' });
  num(partial, 'headlandPasses', 0, 10, { integer: true });
  num(partial, 'edgeBufferM', 0, 100, { unit: 'm' });
  num(partial, 'noSprayBufferM', 0, 100, { unit: 'm' });
  num(partial, 'speedMps', 0, 30, { minExclusive: true, unit: 'm/s' });
  num(partial, 'transitSpeedMps', 0, 30, { minExclusive: true, unit: 'm/s' });
  num(partial, 'accelMps2', 0, 20, { minExclusive: true, unit: 'm/s²' });
  num(partial, 'turnStopS', 0, 60, { unit: 's' });
  num(partial, 'plotGapM', 0, 20, { unit: 'm' });
  num(partial, 'doubleDoseWeight', 0, 100);
  const margin = partial.noFlyMarginM;
  if (
    margin !== undefined &&
    (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0 || margin > 50)
  ) {
    throw new PlanParamsError(
      'noFlyMarginM',
      `must be a number of metres between 0 and 50, got ${JSON.stringify(margin)}`,
    );
  }
  const a = partial.angleDeg;
  if (a !== undefined && a !== 'auto' && (typeof a !== 'number' || !Number.isFinite(a))) {
    throw new PlanParamsError('angleDeg', `must be 'auto' or a number of degrees, got ${JSON.stringify(a)}`);
  }
  const hf = partial.headlandFirst;
  if (hf !== undefined && typeof hf !== 'boolean') {
    throw new PlanParamsError('headlandFirst', `must be true or false, got ${JSON.stringify(hf)}`);
  }
  const merged: PlanParams = { ...DEFAULT_PLAN_PARAMS };
  for (const [k, v] of Object.entries(partial))
    if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  if (typeof merged.angleDeg === 'number') merged.angleDeg = ((merged.angleDeg % 180) + 180) % 180;
  return {
    ...merged,
    transitSpeedMps: merged.transitSpeedMps ?? merged.speedMps,
    noFlyMarginM: margin ?? DEFAULT_NO_FLY_MARGIN_M,
    doubleDoseWeight: merged.doubleDoseWeight ?? DOUBLE_DOSE_WEIGHT,
  };
}
