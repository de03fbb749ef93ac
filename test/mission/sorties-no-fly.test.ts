import { describe, expect, it } from 'vitest';
import { parseFieldFile } from '../../mission/field/parse-field-file.js';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import type { XY } from '../../mission/geo/types.js';
import { planCoverage } from '../../mission/plan/index.js';
import { builtinProfile } from '../../mission/profile/drone-profile.js';
import { prepareJob } from '../../mission/sorties/job.js';
import { noFlyConnector } from '../../mission/sorties/no-fly-connector.js';

function segmentDistance(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** Safety: the legs to and from the refill point never fly through a no-fly zone (a pylon between home and field). */
describe('ferry legs and no-fly zones', () => {
  const frame = new LocalFrame([105.62, 19.98]);
  const ll = (x: number, y: number) => frame.toLngLat([x, y]);
  const ring = [ll(0, 20), ll(40, 20), ll(40, 60), ll(0, 60), ll(0, 20)];
  const pole: XY = [20, 0];
  const file = parseFieldFile({
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { role: 'field' }, geometry: { type: 'Polygon', coordinates: [ring] } },
      {
        type: 'Feature',
        properties: { role: 'no-fly', radius_m: 5 },
        geometry: { type: 'Point', coordinates: ll(...pole) },
      },
      {
        type: 'Feature',
        properties: { role: 'home' },
        geometry: { type: 'Point', coordinates: ll(20, -30) },
      },
    ],
  });
  const plan = planCoverage(file, { swathM: 5, headlandPasses: 1 });
  const noFly = file.noFly.map((z) => z.ring);
  const opts = { profile: builtinProfile('generic-10l')!, volumeLPerHa: 20, tankL: 1.2, noFly };

  it('go round the zone when given the no-fly connector', () => {
    const job = prepareJob(plan, { ...opts, connect: noFlyConnector(plan.origin, noFly)! });
    expect(job.sorties.sorties.length).toBeGreaterThan(1);
    const pf = new LocalFrame(plan.origin);
    const p = pf.toXY(ll(...pole));
    for (const s of job.sorties.sorties) {
      for (const leg of [s.ferryOut, s.ferryBack]) {
        for (let i = 1; i < leg.xy.length; i++) {
          expect(segmentDistance(p, leg.xy[i - 1]!, leg.xy[i]!), `sortie ${s.index}`).toBeGreaterThanOrEqual(
            5,
          );
        }
      }
    }
  });

  it('(without it, the straight legs would cross it: the test above can fail)', () => {
    const job = prepareJob(plan, opts);
    const pf = new LocalFrame(plan.origin);
    const p = pf.toXY(ll(...pole));
    const closest = Math.min(
      ...job.sorties.sorties.flatMap((s) =>
        [s.ferryOut, s.ferryBack].flatMap((leg) =>
          leg.xy.slice(1).map((q, i) => segmentDistance(p, leg.xy[i]!, q)),
        ),
      ),
    );
    expect(closest).toBeLessThan(5);
  });
});
