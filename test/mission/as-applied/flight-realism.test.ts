import { describe, expect, it } from 'vitest';
import { analyseAsApplied } from '../../../mission/as-applied/analyse.js';
import type { XY } from '../../../mission/geo/types.js';
import type { PathPiece } from '../../../mission/plan/types.js';
import type { TelemetrySample } from '../../../mission/telemetry/types.js';
import { FRAME, ORIGIN, rectPlot } from './synthetic.js';

/** Samples every 100 ms along a polyline at `speed` (and one at its end), nozzles on, flow from `flowAt(i)`. */
function fly(line: XY[], speed: number, flowAt: (i: number) => number | undefined): TelemetrySample[] {
  const out: TelemetrySample[] = [];
  let carried = 0;
  let i = 0;
  const push = (q: XY) => {
    const [lon, lat] = FRAME.toLngLat(q);
    const s: TelemetrySample = {
      t: 1_700_000_000_000 + i * 100,
      lat,
      lon,
      altM: 2.5,
      groundSpeedMps: speed,
      headingDeg: 0,
      spraying: true,
      mode: 'AUTO',
      armed: true,
    };
    const f = flowAt(i);
    if (f !== undefined) s.flowLpm = f;
    out.push(s);
    i++;
  };
  push(line[0]!);
  const step = speed * 0.1;
  for (let k = 1; k < line.length; k++) {
    const a = line[k - 1]!;
    const b = line[k]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    let d = step - carried;
    while (d <= len) {
      push([a[0] + ((b[0] - a[0]) * d) / len, a[1] + ((b[1] - a[1]) * d) / len]);
      d += step;
    }
    carried = len - (d - step);
  }
  if (carried > 1e-9) push(line[line.length - 1]!);
  return out;
}

function sprayPiece(xy: XY[]): PathPiece {
  const lengthM = xy.slice(1).reduce((s, p, i) => s + Math.hypot(p[0] - xy[i]![0], p[1] - xy[i]![1]), 0);
  return { kind: 'spray', xy, coords: xy.map((q) => FRAME.toLngLat(q)), lengthM };
}

describe('as-applied from a flight as a real drone logs it', () => {
  it('a flow reported less often than position still counts all the liquid', () => {
    // 60 m straight at 4 m/s, 2.4 L/min: 15 s → 0.6 L; flow in one sample of five (2 Hz)
    const line: XY[] = [
      [5, 10],
      [65, 10],
    ];
    const samples = fly(line, 4, (i) => (i % 5 === 0 ? 2.4 : undefined));
    const r = analyseAsApplied({
      samples,
      swathM: 5,
      plots: [rectPlot('p', 0, 0, 70, 20)],
      rateLha: 20,
    });
    expect(r.liquidSource).toBe('flow');
    expect(r.liquidL).toBeCloseTo(0.6, 2);
  });

  it('a rounded corner flown with RTK positions covers its own swath (the outside of the curve is not shaved)', () => {
    // quarter circle of 6 m radius, as Copter flies a corner; swath 5 m
    const arc: XY[] = [];
    for (let k = 0; k <= 90; k++) {
      const a = (k * Math.PI) / 180;
      arc.push([6 * Math.cos(a) + 20, 6 * Math.sin(a) + 20]);
    }
    const r = analyseAsApplied({
      samples: fly(arc, 4, () => 2.4),
      swathM: 5,
      plots: [rectPlot('p', 0, 0, 40, 40)],
      rateLha: 20,
      plan: { pieces: [sprayPiece(arc)], origin: ORIGIN },
    });
    expect(r.coverageOfPlan).toBeGreaterThan(0.98); // 0.956 when simplified at 0.3 m
  });
});
