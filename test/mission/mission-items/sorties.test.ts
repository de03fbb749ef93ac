import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../mission/dose/input-error.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { XY } from '../../../mission/geo/types.js';
import type { Plan } from '../../../mission/plan/types.js';
import {
  BUILTIN_PROFILES,
  type DroneProfile,
  usableFlightTimeS,
} from '../../../mission/profile/drone-profile.js';
import { breakpointFromTelemetry, planSorties, resumeSorties } from '../../../mission/sorties/sorties.js';
import { ORIGIN, planFromLanes, rectanglePlan } from './helpers.js';

const P10 = BUILTIN_PROFILES.find((p) => p.id === 'generic-10l')!;
const sprayLength = (plan: Plan) =>
  plan.pieces.filter((p) => p.kind === 'spray').reduce((s, p) => s + p.lengthM, 0);
const frame = new LocalFrame(ORIGIN);

describe('sorties', () => {
  it('cuts a 100 m × 50 m block at the tank: 45 L/ha on 0.5 ha = 22.5 L → 10 + 10 + 2.5 L', () => {
    const plan = rectanglePlan(100, 50, 5);
    const sp = planSorties(plan, { profile: P10, volumeLPerHa: 45 });
    expect(sp.sorties.map((s) => s.endReason)).toEqual(['tank', 'tank', 'done']);
    expect(sp.sorties.map((s) => s.liquidL)).toEqual([
      expect.closeTo(10, 9),
      expect.closeTo(10, 9),
      expect.closeTo(2.5, 9),
    ]);
    expect(sp.totals.liquidL).toBeCloseTo(22.5, 9);
    expect(sp.totals.areaHa).toBeCloseTo(0.5, 12);
    expect(sp.totals.sprayLengthM).toBeCloseTo(1000, 9);
    // 10 L at 45 L/ha over a 5 m swath = 444.4 m of spraying: the cut is 44.4 m into lane 5 (x = 44.4, y = 22.5).
    const end1 = sp.sorties[0]!.pieces.at(-1)!;
    expect(end1.kind).toBe('spray');
    expect(end1.xy.at(-1)![0]).toBeCloseTo(44.444, 2);
    expect(end1.xy.at(-1)![1]).toBeCloseTo(22.5, 9);
    // The next sortie resumes exactly there, nozzles on.
    const start2 = sp.sorties[1]!.pieces[0]!;
    expect(start2.kind).toBe('spray');
    expect(start2.xy[0]).toEqual(end1.xy.at(-1));
    expect(sp.sorties[1]!.startDistanceM).toBeCloseTo(sp.sorties[0]!.endDistanceM, 9);
    // Ferry legs connect the refill point to where each sortie starts and ends.
    expect(sp.sorties[1]!.ferryOut.xy[0]).toEqual(sp.homeXY);
    expect(sp.sorties[1]!.ferryOut.xy.at(-1)).toEqual(start2.xy[0]);
    expect(sp.sorties[0]!.ferryBack.xy.at(-1)).toEqual(sp.homeXY);
    for (const s of sp.sorties) expect(s.flightTimeS).toBeLessThanOrEqual(usableFlightTimeS(P10));
  });

  it('cuts at the battery when it runs out before the tank, keeping the reserve', () => {
    const plan = rectanglePlan(200, 100, 5);
    const small: DroneProfile = { ...P10, batteryEnduranceMin: 4, batteryReservePct: 25, tankL: 40 };
    const sp = planSorties(plan, { profile: small, volumeLPerHa: 10 });
    expect(sp.sorties.length).toBeGreaterThan(2);
    expect(sp.sorties.slice(0, -1).every((s) => s.endReason === 'battery')).toBe(true);
    for (const s of sp.sorties) {
      expect(s.flightTimeS).toBeLessThanOrEqual(usableFlightTimeS(small) + 1e-6);
      expect(s.batteryUsedPct).toBeLessThanOrEqual(75 + 1e-6);
      expect(s.liquidL).toBeLessThanOrEqual(40);
    }
    expect(sp.totals.sprayLengthM).toBeCloseTo(sprayLength(plan), 6);
  });

  it('counts detours of the ferry legs (connect) against the battery', () => {
    const plan = rectanglePlan(200, 100, 5);
    const small: DroneProfile = { ...P10, batteryEnduranceMin: 4, tankL: 40 };
    // A detour 60 m to the side on every ferry leg, as around a row of trees.
    const connect = (a: XY, b: XY): XY[] => {
      const l = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const n: XY = [-(b[1] - a[1]) / l, (b[0] - a[0]) / l];
      return [a, [(a[0] + b[0]) / 2 + 60 * n[0], (a[1] + b[1]) / 2 + 60 * n[1]], b];
    };
    const straight = planSorties(plan, { profile: small, volumeLPerHa: 10 });
    const detour = planSorties(plan, { profile: small, volumeLPerHa: 10, connect });
    expect(detour.sorties[0]!.sprayLengthM).toBeLessThan(straight.sorties[0]!.sprayLengthM);
    const out = detour.sorties[1]!.ferryOut;
    const direct = Math.hypot(out.xy[2]![0] - out.xy[0]![0], out.xy[2]![1] - out.xy[0]![1]);
    expect(out.xy).toHaveLength(3);
    expect(out.lengthM).toBeGreaterThan(direct + 10);
    for (const s of detour.sorties) {
      expect(s.ferryBack.xy.length === 1 || s.ferryBack.xy.length === 3).toBe(true);
      expect(s.flightTimeS).toBeLessThanOrEqual(usableFlightTimeS(small) + 1e-6);
    }
    expect(detour.totals.sprayLengthM).toBeCloseTo(sprayLength(plan), 6);
  });

  it('refuses a battery that cannot reach the route and come back', () => {
    const plan = rectanglePlan(100, 50, 5, { home: [-3000, -3000] });
    expect(() =>
      planSorties(plan, { profile: { ...P10, batteryEnduranceMin: 2 }, volumeLPerHa: 20 }),
    ).toThrow(InputError);
  });

  it('sums to the job totals on random routes, never over the tank or the battery (property)', () => {
    const pt = fc.tuple(
      fc.double({ min: -150, max: 150, noNaN: true }),
      fc.double({ min: -150, max: 150, noNaN: true }),
    ) as fc.Arbitrary<XY>;
    fc.assert(
      fc.property(
        fc.array(fc.array(pt, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
        fc.double({ min: 5, max: 60, noNaN: true }),
        fc.double({ min: 5, max: 40, noNaN: true }),
        fc.double({ min: 6, max: 20, noNaN: true }),
        fc.double({ min: 2, max: 8, noNaN: true }),
        (lanes, volume, tankL, enduranceMin, swathM) => {
          const plan = planFromLanes(lanes, { swathM, home: [0, -180] });
          const profile: DroneProfile = { ...P10, tankL, batteryEnduranceMin: enduranceMin };
          const sp = planSorties(plan, { profile, volumeLPerHa: volume });
          const L = sprayLength(plan);
          expect(sp.totals.sprayLengthM).toBeCloseTo(L, 6);
          expect(sp.totals.liquidL).toBeCloseTo((L * swathM * volume) / 10_000, 6);
          expect(sp.sorties.reduce((s, x) => s + x.sprayLengthM, 0)).toBeCloseTo(L, 6);
          for (const s of sp.sorties) {
            expect(s.liquidL).toBeLessThanOrEqual(tankL + 1e-6);
            expect(s.flightTimeS).toBeLessThanOrEqual(usableFlightTimeS(profile) + 1e-3);
            const piecesSpray = s.pieces.filter((p) => p.kind === 'spray').reduce((a, p) => a + p.lengthM, 0);
            expect(piecesSpray).toBeCloseTo(s.sprayLengthM, 6);
          }
          // Consecutive sorties: the next starts spraying where the last stopped.
          for (let i = 1; i < sp.sorties.length; i++) {
            expect(sp.sorties[i]!.startDistanceM).toBeGreaterThanOrEqual(
              sp.sorties[i - 1]!.endDistanceM - 1e-6,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('resume from a breakpoint', () => {
  const plan = rectanglePlan(100, 50, 5);
  const opts = { profile: P10, volumeLPerHa: 45 };

  it('starts the continuation exactly at the position where the drone stopped (projected on the route)', () => {
    const first = planSorties(plan, opts);
    // Telemetry: the drone stopped 1.2 m off lane 3 (y = 12.5, flown west to east) at x = 61.
    const stopped = frame.toLngLat([61, 12.5 + 1.2]);
    const r = resumeSorties(plan, opts, { position: stopped, sortie: 1 }, first);
    expect(r.offRouteM).toBeCloseTo(1.2, 3);
    const s1 = r.plan.sorties[0]!;
    expect(s1.pieces[0]!.kind).toBe('spray');
    expect(s1.pieces[0]!.xy[0]![0]).toBeCloseTo(61, 6);
    expect(s1.pieces[0]!.xy[0]![1]).toBeCloseTo(12.5, 6);
    // The rest of the job: from x = 61 on lane 3 to the end.
    const rest = 39 + 7 * 100;
    expect(r.plan.totals.sprayLengthM).toBeCloseTo(rest, 6);
  });

  it('takes the breakpoint from telemetry: the last fix with the nozzles on', () => {
    const first = planSorties(plan, opts);
    const fix = (x: number, y: number, spraying: boolean, t: number) => {
      const [lon, lat] = frame.toLngLat([x, y]);
      return {
        t,
        lat,
        lon,
        altM: 2.5,
        groundSpeedMps: 4,
        headingDeg: 90,
        spraying,
        mode: 'AUTO',
        armed: true,
      };
    };
    const samples = [
      fix(10, 2.5, true, 0),
      fix(30, 7.6, true, 1),
      fix(33, 7.5, false, 2),
      fix(-20, -20, false, 3),
    ];
    const bp = breakpointFromTelemetry(samples, 1)!;
    expect(bp.sortie).toBe(1);
    const r = resumeSorties(plan, opts, bp, first);
    // Lane 2 (y = 7.5) is flown east to west: x = 30 there, 70 m into the lane.
    expect(r.plan.sorties[0]!.pieces[0]!.xy[0]![0]).toBeCloseTo(30, 6);
    expect(r.plan.sorties[0]!.pieces[0]!.xy[0]![1]).toBeCloseTo(7.5, 6);
    expect(breakpointFromTelemetry([fix(0, 0, false, 0)])).toBeUndefined();
  });

  it('resumes from a distance along the route, and refuses a position far from it', () => {
    const r = resumeSorties(plan, opts, { distanceM: plan.pieces[0]!.lengthM + 50 });
    expect(r.plan.sorties[0]!.pieces[0]!.xy[0]![0]).toBeCloseTo(50, 6);
    expect(r.plan.totals.sprayLengthM).toBeCloseTo(950, 6);
    expect(() => resumeSorties(plan, opts, { position: frame.toLngLat([50, 200]) })).toThrow(
      /from the route/,
    );
    expect(() => resumeSorties(plan, opts, { distanceM: -4 })).toThrow(/breakpoint\.distanceM/);
  });
});
