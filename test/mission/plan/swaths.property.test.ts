import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { XY } from '../../../mission/geo/types.js';
import {
  areaM2,
  difference,
  type Paths,
  polygonToPaths,
  union,
  widenLine,
} from '../../../mission/plan/geometry.js';
import { buildSwaths } from '../../../mission/plan/swaths.js';

/** A star-shaped ring (concave when radii vary), metres, counter-clockwise. */
function star(r: number, radii: number[], phase: number, stretch: number): XY[] {
  const n = radii.length;
  return radii.map((k, i) => {
    const a = phase + (2 * Math.PI * i) / n;
    return [r * (0.35 + 0.65 * k) * Math.cos(a) * stretch, r * (0.35 + 0.65 * k) * Math.sin(a)];
  });
}

describe('buildSwaths (property): the lanes placed by dynamic programming cover the whole area', () => {
  it('full reach, no caps: the lanes’ bands cover every square metre of a random concave area with a hole', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 8, max: 120, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 14 }),
        fc.double({ min: 0, max: Math.PI, noNaN: true }),
        fc.double({ min: 1, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 180, noNaN: true }),
        fc.boolean(),
        fc.constantFrom(3, 5, 7.5),
        (r, radii, phase, stretch, angleDeg, withHole, swathM) => {
          const poly: XY[][] = [star(r, radii, phase, stretch)];
          if (withHole) {
            const h = r * 0.15;
            poly.push([
              [-h, -h],
              [-h, h],
              [h, h],
              [h, -h],
            ]);
          }
          const area: Paths = union(polygonToPaths(poly));
          const A = areaM2(area);
          if (A < swathM * swathM) return;
          const cells = buildSwaths(area, swathM, angleDeg);
          const bands = union(cells.flatMap((c) => c.swaths.flatMap((s) => widenLine([s.a, s.b], swathM))));
          const dry = areaM2(difference(area, bands));
          // a lane keeps pieces of its band above 0.2 % of a swath², so only specks may stay dry
          expect(dry).toBeLessThan(0.002 * A + 0.05 * swathM * swathM);
        },
      ),
      { numRuns: 120, seed: 20261129 },
    );
  });
});
