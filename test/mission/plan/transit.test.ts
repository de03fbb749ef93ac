import { describe, expect, it } from 'vitest';
import type { XY } from '../../../mission/geo/types.js';
import { segmentEntersRing, TransitPlanner } from '../../../mission/plan/transit.js';
import { circle, rect } from './helpers.js';

const length = (p: XY[]) =>
  p.slice(1).reduce((s, q, i) => s + Math.hypot(q[0] - p[i]![0], q[1] - p[i]![1]), 0);

describe('TransitPlanner', () => {
  it('flies straight when nothing is in the way', () => {
    const t = new TransitPlanner([], []);
    expect(t.path([0, 0], [50, 10])).toEqual([
      [0, 0],
      [50, 10],
    ]);
  });

  it('goes round a no-fly zone on the shortest side, never through it', () => {
    const pole = circle(50, 2, 5, 16);
    const grown = circle(50, 2, 6.3, 16);
    const t = new TransitPlanner([grown], [circle(50, 2, 5.9, 16)]);
    const p = t.path([0, 0], [100, 0]);
    expect(p.length).toBeGreaterThan(2);
    for (let i = 1; i < p.length; i++) expect(segmentEntersRing(p[i - 1]!, p[i]!, pole)).toBe(false);
    // round the south side (the pole sits north of the line's middle): short detour
    expect(length(p)).toBeLessThan(103);
    expect(p.slice(1, -1).every((q) => q[1] < 2)).toBe(true);
  });

  it('stays over a U-shaped field instead of cutting across the gap between its arms', () => {
    // turning points sit just inside the field's inner corners (the planner puts them half a swath in)
    const u: XY[] = [
      [0, 0],
      [100, 0],
      [100, 80],
      [70, 80],
      [70, 20],
      [30, 20],
      [30, 80],
      [0, 80],
    ];
    const t = new TransitPlanner([], [], {
      rings: [u],
      corners: [
        [29, 19],
        [71, 19],
      ],
    });
    const p = t.path([15, 75], [85, 75]);
    const gap = rect(31, 21, 69, 200);
    for (let i = 1; i < p.length; i++) expect(segmentEntersRing(p[i - 1]!, p[i]!, gap)).toBe(false);
    expect(p).toHaveLength(4); // down the left arm, across the bottom, up the right arm
    // an end off the field: straight across (it may cross other land)
    expect(t.path([50, 90], [85, 75])).toHaveLength(2);
  });
});
