import { describe, expect, it } from 'vitest';
import type { XY } from '../../../mission/geo/types.js';
import {
  areaM2,
  difference,
  type Paths,
  ringToPath,
  union,
  widenLine,
} from '../../../mission/plan/geometry.js';
import { planCoverage } from '../../../mission/plan/index.js';
import { buildSwaths } from '../../../mission/plan/swaths.js';
import { fieldOf } from './helpers.js';

/** A parallelogram 20 m high whose left and right ends slant at 45°: lanes along x meet them at 45°. */
const slanted: XY[] = [
  [0, 0],
  [100, 0],
  [120, 20],
  [20, 20],
];
const paths = (ring: XY[]): Paths => [ringToPath(ring)];
const lengths = (cells: ReturnType<typeof buildSwaths>) =>
  cells.flatMap((c) => c.swaths.map((s) => Math.hypot(s.b[0] - s.a[0], s.b[1] - s.a[1])));

describe('buildSwaths lane ends against a slanted headland', () => {
  it('full reach covers the whole band of each lane: the lane runs to the far corner of its band', () => {
    const full = lengths(buildSwaths(paths(slanted), 5, 90));
    expect(full).toHaveLength(4);
    // a lane's band is 5 m high; at 45° its far corner is 5 m beyond the near one
    for (const l of full) expect(l).toBeCloseTo(105, 1);
  });

  it('a shorter reach stops part-way between the centre line and the far corner, at both ends', () => {
    const half = lengths(buildSwaths(paths(slanted), 5, 90, { endReach: 0.5 }));
    // centre line crosses each end 2.5 m before the far corner; half of that is kept
    for (const l of half) expect(l).toBeCloseTo(105 - 2 * 1.25, 1);
    const centre = lengths(buildSwaths(paths(slanted), 5, 90, { endReach: 0 }));
    for (const l of centre) expect(l).toBeCloseTo(100, 1);
  });

  it('keeps the full reach where the lane ends at a cut between regions, not at the headland', () => {
    // the region is the left half of a larger interior: its right end is a cut, its left end the edge
    const region: XY[] = [
      [0, 0],
      [50, 0],
      [70, 20],
      [20, 20],
    ];
    const lanes = buildSwaths(paths(region), 5, 90, { endReach: 0, wholeInterior: paths(slanted) });
    for (const c of lanes)
      for (const s of c.swaths) {
        const x1 = Math.max(s.a[0], s.b[0]);
        const y = s.a[1];
        // far corner of the band at the cut: the cut line x = 50 + y, band top y + 2.5
        expect(x1).toBeCloseTo(Math.min(70, 50 + y + 2.5), 1);
      }
  });

  it('a near-parallel edge (the band runs along it, not across) keeps the full reach', () => {
    // a long thin sliver: the top edge rises 2 m over 200 m
    const sliver: XY[] = [
      [0, 0],
      [200, 0],
      [200, 12],
      [0, 10],
    ];
    const full = lengths(buildSwaths(paths(sliver), 5, 90));
    const trimmed = lengths(buildSwaths(paths(sliver), 5, 90, { endReach: 0 }));
    expect(trimmed.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.99 * full.reduce((a, b) => a + b, 0));
  });
});

describe('buildSwaths lane placement', () => {
  /** A 200 × 10 m strip with a 20 × 2 m step on top: 12 m high, three lanes needed. */
  const stepped: XY[] = [
    [0, 0],
    [200, 0],
    [200, 10],
    [110, 10],
    [110, 12],
    [90, 12],
    [90, 10],
    [0, 10],
  ];

  it('puts the slack of the last partial swath where the lanes are short', () => {
    const cells = buildSwaths(paths(stepped), 5, 90);
    const ls = lengths(cells);
    expect(ls).toHaveLength(3);
    // evenly spread lanes would each run 200 m (600 m, 3 m of slack sprayed twice along the
    // strip); two full lanes along the strip and a short one over the step fly 420 m
    expect(ls.reduce((a, b) => a + b, 0)).toBeLessThan(430);
  });

  it('still covers every square metre of the area', () => {
    const cells = buildSwaths(paths(stepped), 5, 90);
    const bands = union(cells.flatMap((c) => c.swaths.flatMap((s) => widenLine([s.a, s.b], 5))));
    expect(areaM2(difference(paths(stepped), bands))).toBeLessThan(0.01);
  });
});

describe('planCoverage spends little dry ground for less double dose at slanted lane ends', () => {
  it('a 45° parallelogram with a headland: coverage ≥ 0.995 and less double dose than full-reach lane ends', () => {
    const field: XY[] = [
      [0, 0],
      [150, 0],
      [210, 60],
      [60, 60],
    ];
    const plan = planCoverage(fieldOf(field), { swathM: 5, headlandPasses: 1, angleDeg: 90 });
    expect(plan.metrics.coverage).toBeGreaterThanOrEqual(0.995);
    expect(plan.metrics.offTarget).toBeLessThan(1e-4);
    // full reach: 10 lanes × 2 ends × ½·5·5 m² = 250 m² on 9000 m² (0.028), all sprayed twice
    expect(plan.metrics.overlap).toBeLessThan(0.02);
  });
});

describe('planCoverage doubleDoseWeight: double dose against flight time', () => {
  // 121 × 31 m: along its length the 21 m interior needs 5 lanes for 4 m of slack over 111 m;
  // across, the 111 m interior takes 23 short lanes with little slack but many more turns
  const field = fieldOf([
    [0, 0],
    [121, 0],
    [121, 31],
    [0, 31],
  ]);

  it('0 chooses the fastest flight; a heavy weight accepts more turns for far less double dose', () => {
    const fast = planCoverage(field, { swathM: 5, headlandPasses: 1, doubleDoseWeight: 0 });
    const careful = planCoverage(field, { swathM: 5, headlandPasses: 1, doubleDoseWeight: 30 });
    expect(careful.metrics.overlap).toBeLessThan(0.5 * fast.metrics.overlap);
    expect(careful.metrics.estimatedTimeS).toBeGreaterThan(fast.metrics.estimatedTimeS);
    expect(careful.metrics.coverage).toBeGreaterThanOrEqual(0.995);
    expect(careful.params.doubleDoseWeight).toBe(30);
  });

  it('is echoed only when given, and refused outside 0–100', () => {
    expect(planCoverage(field, { swathM: 5 }).params).not.toHaveProperty('doubleDoseWeight');
    expect(() => planCoverage(field, { doubleDoseWeight: -1 })).toThrow(
      /doubleDoseWeight: must be at least 0/,
    );
    expect(() => planCoverage(field, { doubleDoseWeight: 101 })).toThrow(/doubleDoseWeight/);
  });
});
