import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { XY } from '../../../mission/geo/types.js';
import { builtinProfile } from '../../../mission/profile/drone-profile.js';
import { prepareJob } from '../../../mission/sorties/job.js';
import { ORIGIN, planFromLanes } from './helpers.js';

/** Distance from `p` to the polyline `line`. */
function toLine(p: XY, line: XY[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!;
    const b = line[i]!;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const l2 = dx * dx + dy * dy;
    const u = l2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
    best = Math.min(best, Math.hypot(a[0] + u * dx - p[0], a[1] + u * dy - p[1]));
  }
  return best;
}

/**
 * A headland lap offset from a boundary comes with rounded corners of many vertices a few centimetres
 * to decimetres apart. As waypoints, each is a leg too short for Copter to keep its speed on: it
 * crawls through the corner and AC_Sprayer's pump, which follows the speed, stutters on and off.
 */
describe('waypoints of a spray run', () => {
  it('a rounded corner of vertices decimetres apart becomes waypoints the drone can fly at speed', () => {
    // a lap: 40 m east, a quarter circle of 2.5 m radius in 0.15 m steps, 40 m north
    const lap: XY[] = [
      [0, 0],
      [40, 0],
    ];
    for (let k = 1; k < 26; k++) {
      const a = (k / 26) * (Math.PI / 2);
      lap.push([40 + 2.5 * Math.sin(a), 2.5 - 2.5 * Math.cos(a)]);
    }
    lap.push([42.5, 2.5], [42.5, 42.5]);
    const plan = planFromLanes([lap], { swathM: 5 });
    const job = prepareJob(plan, { profile: builtinProfile('generic-10l')!, volumeLPerHa: 20 });
    const frame = new LocalFrame(ORIGIN);
    const items = job.missions[0]!.items;
    const on = items.findIndex((it) => it.command === 216 && it.param1 === 1);
    const off = items.findIndex((it, i) => i > on && it.command === 216 && it.param1 === 0);
    const run = items
      .slice(on, off)
      .filter((it) => it.command === 16)
      .map((it) => frame.toXY([it.y, it.x]));
    const legs = run.slice(1).map((q, i) => Math.hypot(q[0] - run[i]![0], q[1] - run[i]![1]));
    expect(Math.min(...legs)).toBeGreaterThan(0.5);
    // and the flown line still follows the lap within a decimetre
    for (const v of lap.slice(1)) expect(toLine(v, run)).toBeLessThan(0.1 + 1e-6);
  });
});
