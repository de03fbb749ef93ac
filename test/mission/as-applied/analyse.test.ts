import { describe, expect, it } from 'vitest';
import { analyseAsApplied } from '../../../mission/as-applied/analyse.js';
import type { Zone } from '../../../mission/field/types.js';
import type { XY } from '../../../mission/geo/types.js';
import { FRAME, flyPlan, lanePlan, rectPlot } from './synthetic.js';

const SWATH = 5;
const RATE = 20; // L/ha
const plot = rectPlot('lo-5', 0, 0, 100, 60, 'Lô 5');
const plan = lanePlan(0, 0, 100, 60, SWATH);

describe('analyseAsApplied', () => {
  it('a flight that follows the plan covers ≥ 98 % of it with liquid within 5 % of planned', () => {
    const samples = flyPlan(plan.pieces, { rateLha: RATE, swathM: SWATH, noiseM: 0.15 });
    const r = analyseAsApplied({ samples, swathM: SWATH, plots: [plot], rateLha: RATE, plan });
    expect(r.coverage).toBeGreaterThanOrEqual(0.98);
    expect(r.coverageOfPlan).toBeGreaterThanOrEqual(0.98);
    expect(r.targetAreaM2).toBeCloseTo(6000, 0);
    expect(r.liquidSource).toBe('flow');
    expect(r.plannedLiquidL).toBeCloseTo(12, 6);
    expect(Math.abs(r.liquidL / r.plannedLiquidL! - 1)).toBeLessThan(0.05);
    const p = r.perPlot[0]!;
    expect(p.doseFlag).toBe('ok');
    expect(p.flags).toEqual([]);
    // GPS noise of ±0.15 m along the edges puts a thin sliver outside; nothing more.
    expect(r.outsidePlots.areaM2).toBeLessThan(0.02 * 6000);
    expect(r.inNoSpray.areaM2).toBe(0);
    // Shapes come both in metres and in degrees.
    expect(r.sprayed.xy.length).toBeGreaterThan(0);
    expect(r.sprayed.lngLat[0]![0]![0]![0]).toBeCloseTo(105.62, 2);
  });

  it('finds a missed lane as a gap polygon where it is, and flags the plot', () => {
    const pieces = plan.pieces.map((p, i) => (i === 4 ? { ...p, kind: 'transit' as const } : p));
    const r = analyseAsApplied({
      samples: flyPlan(pieces, { rateLha: RATE }),
      swathM: SWATH,
      plots: [plot],
      rateLha: RATE,
    });
    const p = r.perPlot[0]!;
    expect(p.coverage).toBeCloseTo(55 / 60, 2);
    expect(p.gaps).toHaveLength(1);
    expect(p.gaps[0]!.areaM2).toBeCloseTo(500, -1);
    // Lane 3 (index 4 in the pieces) lies between y = 10 and y = 15.
    const ys = p.gaps[0]!.lngLat[0]![0]!.map((q) => FRAME.toXY(q)[1]);
    expect(Math.min(...ys)).toBeCloseTo(10, 0);
    expect(Math.max(...ys)).toBeCloseTo(15, 0);
    expect(p.flags.join()).toMatch(/coverage 91\.\d %/);
  });

  it('measures double spray when a lane is flown twice', () => {
    const lane = plan.pieces[2]!;
    const back = { ...lane, xy: [...lane.xy].reverse() as XY[], coords: [...lane.coords].reverse() };
    const pieces = [
      ...plan.pieces,
      { ...lane, kind: 'transit' as const, xy: [plan.pieces.at(-1)!.xy.at(-1)!, back.xy[0]!] },
      back,
    ];
    const r = analyseAsApplied({
      samples: flyPlan(pieces, { rateLha: RATE }),
      swathM: SWATH,
      plots: [plot],
      rateLha: RATE,
    });
    expect(r.perPlot[0]!.doubleSprayedM2).toBeGreaterThan(450);
    expect(r.perPlot[0]!.doubleSprayedM2).toBeLessThan(560);
    expect(r.doubleSprayed.areaM2).toBeGreaterThanOrEqual(r.perPlot[0]!.doubleSprayedM2);
    expect(r.doubleSprayed.areaM2).toBeLessThan(r.perPlot[0]!.doubleSprayedM2 + 20);
  });

  it('catches spray outside the plot and inside a no-spray zone ', () => {
    // One lane overshoots the east edge by 10 m; a pond sits in the middle of the plot.
    const pieces = plan.pieces.map((p, i) =>
      i === 0 ? { ...p, xy: [p.xy[0]!, [110, p.xy[1]![1]] as XY], coords: [] } : p,
    );
    const pondRing: XY[] = [
      [40, 20],
      [60, 20],
      [60, 40],
      [40, 40],
    ];
    const pond: Zone = { kind: 'no-spray', name: 'ao', ring: FRAME.ringToLngLat(pondRing) };
    const r = analyseAsApplied({
      samples: flyPlan(pieces, { rateLha: RATE, noiseM: 0 }),
      swathM: SWATH,
      plots: [plot],
      noSpray: [pond],
      rateLha: RATE,
    });
    expect(r.outsidePlots.areaM2).toBeCloseTo(50, -1);
    expect(r.inNoSpray.areaM2).toBeCloseTo(400, -1);
    expect(r.perPlot[0]!.targetAreaM2).toBeCloseTo(5600, 0);
    expect(r.warnings.join('\n')).toMatch(/outside the plots/);
    expect(r.warnings.join('\n')).toMatch(/no-spray zone/);
    expect(r.liquidOutsideL).toBeGreaterThan(0);
  });

  it("counts spray over a plot's hole (pond) as no-spray, not as outside", () => {
    const pond: XY[] = [
      [40, 20],
      [60, 20],
      [60, 40],
      [40, 40],
    ];
    const withPond = { ...plot, polygons: [[plot.polygons[0]![0]!, FRAME.ringToLngLat(pond)]] };
    const r = analyseAsApplied({
      samples: flyPlan(plan.pieces, { rateLha: RATE, noiseM: 0 }),
      swathM: SWATH,
      plots: [withPond],
      rateLha: RATE,
    });
    expect(r.inNoSpray.areaM2).toBeCloseTo(400, -1);
    expect(r.outsidePlots.areaM2).toBeLessThan(1);
    expect(r.perPlot[0]!.targetAreaM2).toBeCloseTo(5600, 0);
    expect(r.perPlot[0]!.coverage).toBeGreaterThan(0.99);
  });

  it('flags under- and over-dose from the logged flow, and estimates liquid without flow', () => {
    const under = analyseAsApplied({
      samples: flyPlan(plan.pieces, { rateLha: RATE, flowFactor: 0.7 }),
      swathM: SWATH,
      plots: [plot],
      rateLha: RATE,
    });
    expect(under.perPlot[0]!.doseFlag).toBe('under');
    expect(under.perPlot[0]!.doseLha).toBeCloseTo(14, 0);
    expect(under.perPlot[0]!.underDoseLengthM).toBeGreaterThan(1000);
    const over = analyseAsApplied({
      samples: flyPlan(plan.pieces, { rateLha: RATE, flowFactor: 1.3 }),
      swathM: SWATH,
      plots: [plot],
      rateLha: RATE,
    });
    expect(over.perPlot[0]!.doseFlag).toBe('over');
    expect(over.perPlot[0]!.flags.join()).toMatch(/over-dose/);
    const noFlow = analyseAsApplied({
      samples: flyPlan(plan.pieces, { noFlow: true }),
      swathM: SWATH,
      plots: [plot],
      rateLha: RATE,
    });
    expect(noFlow.liquidSource).toBe('estimated');
    expect(noFlow.perPlot[0]!.doseFlag).toBe('unknown');
    expect(noFlow.liquidL).toBeCloseTo((RATE * noFlow.perPlot[0]!.coveredM2) / 10_000, 6);
  });

  it('splits liquid between two plots of a block and does not bridge a hole in the log', () => {
    const west = rectPlot('a', 0, 0, 50, 60);
    const east = rectPlot('b', 50, 0, 100, 60);
    const samples = flyPlan(plan.pieces, { rateLha: RATE });
    const holed = samples.filter((_, i) => i < 300 || i > 340); // 4 s lost in the middle of a lane
    const r = analyseAsApplied({ samples: holed, swathM: SWATH, plots: [west, east], rateLha: RATE });
    expect(r.perPlot.map((p) => p.plotId)).toEqual(['a', 'b']);
    for (const p of r.perPlot) expect(p.liquidL).toBeGreaterThan(2.5);
    expect(r.warnings.join()).toMatch(/log gap of 4\.\d s/);
    expect(r.coverage).toBeLessThan(0.99);
  });

  it('refuses bad input with a clear message', () => {
    expect(() => analyseAsApplied({ samples: [], swathM: 0, plots: [plot] })).toThrow(/swathM/);
    expect(() => analyseAsApplied({ samples: [], swathM: 5, plots: [] })).toThrow(/no plots/);
  });
});
