import { describe, expect, it } from 'vitest';
import { parseFieldFile } from '../../../mission/field/parse-field-file.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import { planCoverage } from '../../../mission/plan/index.js';
import { builtinProfile } from '../../../mission/profile/drone-profile.js';
import { prepareJob } from '../../../mission/sorties/job.js';

/**
 * Regression: a headland lap is a closed loop; the mission must fly every one of its corners with
 * the nozzles on, not cut across the field (which left most of the lap unsprayed).
 */
describe('headland laps in the mission', () => {
  it('flies every corner of the lap', () => {
    const frame = new LocalFrame([105.62, 19.98]);
    const ring = [
      [0, 0],
      [18, 0],
      [18, 38],
      [0, 38],
      [0, 0],
    ].map(([x, y]) => frame.toLngLat([x!, y!]));
    const field = parseFieldFile({ type: 'Polygon', coordinates: [ring] });
    const plan = planCoverage(
      field,
      { swathM: 5, headlandPasses: 1, headlandFirst: true },
      { home: frame.toLngLat([-20, -10]) },
    );
    const job = prepareJob(plan, { profile: builtinProfile('generic-10l')!, volumeLPerHa: 20 });
    const nav = job.missions.flatMap((m) => m.items).filter((it) => it.command === 16 && it.x !== 0);
    const navXY = nav.map((it) => frame.toXY([it.y, it.x]));
    const lap = plan.pieces.find((p) => p.kind === 'spray' && p.role === 'headland');
    expect(lap).toBeDefined();
    for (const v of lap!.coords) {
      const q = frame.toXY(v);
      const nearest = Math.min(...navXY.map((w) => Math.hypot(w[0] - q[0], w[1] - q[1])));
      expect(nearest, `lap vertex ${q.map((c) => c.toFixed(1)).join(',')}`).toBeLessThan(2.5);
    }
  });
});
