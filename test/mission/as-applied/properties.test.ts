import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyseAsApplied } from '../../../mission/as-applied/analyse.js';
import { flyPlan, lanePlan, rectPlot } from './synthetic.js';

describe('as-applied properties', () => {
  it('coverage equals the share of lanes flown, covered + gaps = target, liquid = flow × time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 120 }),
        fc.integer({ min: 2, max: 10 }),
        fc.constantFrom(3, 4, 5, 6),
        fc.option(fc.nat(), { nil: undefined }),
        (width, lanes, swath, missing) => {
          const plan = lanePlan(0, 0, width, lanes * swath, swath);
          const skip = missing === undefined ? -1 : (missing % lanes) * 2; // spray pieces are at even indexes
          const pieces = plan.pieces.map((p, i) => (i === skip ? { ...p, kind: 'transit' as const } : p));
          const r = analyseAsApplied({
            samples: flyPlan(pieces, { rateLha: 20, swathM: swath, noiseM: 0 }),
            swathM: swath,
            plots: [rectPlot('p', 0, 0, width, lanes * swath)],
            rateLha: 20,
          });
          const p = r.perPlot[0]!;
          const want = skip < 0 ? 1 : (lanes - 1) / lanes;
          expect(Math.abs(p.coverage - want)).toBeLessThan(0.01);
          expect(p.coveredM2 + p.gapAreaM2).toBeCloseTo(p.targetAreaM2, 0);
          expect(p.gaps.length).toBe(skip < 0 ? 0 : 1);
          const sprayedLength = (skip < 0 ? lanes : lanes - 1) * width;
          const flow = (20 * swath * 5 * 60) / 10_000; // L/min at 5 m/s
          expect(r.liquidL).toBeCloseTo((flow * r.sprayTimeS) / 60, 6);
          expect(Math.abs(r.liquidL / ((20 * swath * sprayedLength) / 10_000) - 1)).toBeLessThan(0.05);
          expect(r.doubleSprayed.areaM2).toBeLessThan(0.01 * p.targetAreaM2);
        },
      ),
      { numRuns: 25, seed: 6 },
    );
  });
});
