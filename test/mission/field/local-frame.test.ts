import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalFrame } from '../../../mission/geo/local-frame.js';

/** Vincenty-free check: on a meridian, 1° of latitude near 20° N is 110,704 m on WGS84. */
describe('LocalFrame', () => {
  it('measures a degree of latitude at 20° N like the ellipsoid (±1 m)', () => {
    const f = new LocalFrame([105.6, 20]);
    const a = f.toXY([105.6, 19.5]);
    const b = f.toXY([105.6, 20.5]);
    expect(Math.abs(Math.hypot(b[0] - a[0], b[1] - a[1]) - 110_704)).toBeLessThan(60);
  });
  it('is east/north oriented and centred on its origin', () => {
    const f = new LocalFrame([105.62, 19.98]);
    const o = f.toXY([105.62, 19.98]);
    expect(Math.hypot(o[0], o[1])).toBeLessThan(1e-9);
    const east = f.toXY([105.621, 19.98]);
    const north = f.toXY([105.62, 19.981]);
    expect(east[0]).toBeGreaterThan(100);
    expect(Math.abs(east[1])).toBeLessThan(0.01);
    expect(north[1]).toBeGreaterThan(100);
    expect(Math.abs(north[0])).toBeLessThan(1e-9);
  });
  it('round-trips positions within 1 mm up to 10 km away', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -179, max: 179, noNaN: true }),
        fc.double({ min: -70, max: 70, noNaN: true }),
        fc.double({ min: -10_000, max: 10_000, noNaN: true }),
        fc.double({ min: -10_000, max: 10_000, noNaN: true }),
        (lon, lat, x, y) => {
          const f = new LocalFrame([lon, lat]);
          const back = f.toXY(f.toLngLat([x, y]));
          return Math.hypot(back[0] - x, back[1] - y) < 1e-3;
        },
      ),
      { numRuns: 300 },
    );
  });
});
