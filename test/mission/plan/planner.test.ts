import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFieldFile } from '../../../mission/field/parse-field-file.js';
import type { XY } from '../../../mission/geo/types.js';
import {
  areaM2,
  intersect,
  offset,
  polygonToPaths,
  union,
  widenLine,
} from '../../../mission/plan/geometry.js';
import { PlanParamsError, planCoverage, planToGeoJSON } from '../../../mission/plan/index.js';
import { segmentEntersRing } from '../../../mission/plan/transit.js';
import type { Plan } from '../../../mission/plan/types.js';
import { circle, FRAME, fieldOf, rect, ringLL, zone } from './helpers.js';

const fixture = (name: string) =>
  parseFieldFile(readFileSync(new URL(`../../fixtures/plan/${name}.geojson`, import.meta.url), 'utf8'));

/** Spray bands of a plan in the plan's own frame. */
function sprayBands(plan: Plan) {
  return union(
    plan.pieces
      .filter((p) => p.kind === 'spray')
      .flatMap((p) => widenLine(p.xy, plan.params.swathM, p.role === 'headland')),
  );
}

/** A ring given in the test frame, moved into the plan's frame. */
function inPlanFrame(plan: Plan, ring: XY[]): XY[] {
  const f = new (FRAME.constructor as typeof import('../../../mission/geo/local-frame.js').LocalFrame)(
    plan.origin,
  );
  return ring.map((p) => f.toXY(FRAME.toLngLat(p)));
}

describe('planCoverage on concrete fields', () => {
  it('a 100 × 60 m rectangle swept east–west has exactly 12 swaths and full coverage', () => {
    const plan = planCoverage(fieldOf(rect(0, 0, 100, 60)), { swathM: 5, headlandPasses: 0, angleDeg: 90 });
    const swaths = plan.pieces.filter((p) => p.kind === 'spray');
    expect(swaths).toHaveLength(12);
    for (const s of swaths) expect(s.lengthM).toBeCloseTo(100, 1);
    expect(plan.metrics.coverage).toBeGreaterThan(0.999);
    expect(plan.metrics.offTarget).toBeLessThan(1e-4);
    expect(plan.metrics.overlap).toBeLessThan(1e-3);
    expect(plan.metrics.sprayableAreaM2).toBeCloseTo(6000, -1);
    expect(plan.angleDeg).toBe(90);
  });

  it('with one headland lap 2.5 m inside the edge, then 10 interior swaths of 90 m', () => {
    const plan = planCoverage(fieldOf(rect(0, 0, 100, 60)), { swathM: 5, headlandPasses: 1, angleDeg: 90 });
    const spray = plan.pieces.filter((p) => p.kind === 'spray');
    const lap = spray.filter((p) => p.role === 'headland');
    expect(spray[0]!.role).toBe('headland');
    // right-angled corners get no spur: one closed lap
    expect(lap).toHaveLength(1);
    expect(lap[0]!.lengthM).toBeCloseTo(2 * (95 + 55), 0);
    const swaths = spray.filter((p) => p.role === 'swath');
    expect(swaths).toHaveLength(10);
    for (const s of swaths) expect(s.lengthM).toBeCloseTo(90, 1);
    expect(plan.metrics.coverage).toBeGreaterThan(0.995);
    expect(plan.metrics.offTarget).toBeLessThan(1e-4);
  });

  it('flies on into a sharp corner (a spur) so its tip is sprayed, without spraying over the edge', () => {
    const tri: XY[] = [
      [0, 0],
      [120, 0],
      [0, 60],
    ]; // 26.6° at the east corner
    const withSpur = planCoverage(fieldOf(tri), { swathM: 5, headlandPasses: 1 });
    const lap = withSpur.pieces.filter((p) => p.role === 'headland');
    expect(lap.length).toBeGreaterThan(1); // cut at the spurs
    expect(withSpur.metrics.offTarget).toBeLessThan(1e-4);
    expect(withSpur.metrics.coverage).toBeGreaterThan(0.99);
  });

  it('spreads the remainder: a 62 m wide field gets 13 lanes with no strip left at the far edge', () => {
    const plan = planCoverage(fieldOf(rect(0, 0, 100, 62)), { swathM: 5, headlandPasses: 0, angleDeg: 90 });
    expect(plan.pieces.filter((p) => p.kind === 'spray')).toHaveLength(13);
    expect(plan.metrics.coverage).toBeGreaterThan(0.999);
  });

  it('auto angle sweeps a long thin field along its length', () => {
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    // 300 × 40 m, long side at 30° clockwise from north
    const pts: XY[] = rect(-20, -150, 20, 150).map(([x, y]) => [x * c + y * s, -x * s + y * c]);
    const plan = planCoverage(fieldOf(pts), { swathM: 5, headlandPasses: 1 });
    expect(Math.abs(plan.angleDeg - 30)).toBeLessThan(1);
    expect(plan.metrics.coverage).toBeGreaterThan(0.995);
  });

  it('covers an L-shaped field without spraying outside it', () => {
    const plan = planCoverage(fixture('l_shaped'), { swathM: 5, headlandPasses: 1 });
    expect(plan.metrics.coverage).toBeGreaterThan(0.995);
    expect(plan.metrics.offTarget).toBeLessThan(0.001);
    expect(plan.metrics.pathRatio).toBeLessThan(1.25);
  });

  it('sweeps each arm of a long L-shaped field along its own length', () => {
    const ell: XY[] = [
      [0, 0],
      [200, 0],
      [200, 30],
      [30, 30],
      [30, 200],
      [0, 200],
    ];
    const plan = planCoverage(fieldOf(ell), { swathM: 5, headlandPasses: 1 });
    expect(plan.regionAnglesDeg).toBeDefined();
    const [a, b] = plan.regionAnglesDeg!;
    const diff = Math.abs(((a! - b! + 540) % 180) - 90); // 0 when perpendicular
    expect(diff).toBeLessThan(5);
    // faster than the best single direction
    const single = Math.min(
      ...[0, 90].map(
        (angleDeg) =>
          planCoverage(fieldOf(ell), { swathM: 5, headlandPasses: 1, angleDeg }).metrics.estimatedTimeS,
      ),
    );
    expect(plan.metrics.estimatedTimeS).toBeLessThan(single);
    expect(plan.metrics.coverage).toBeGreaterThan(0.995);
    expect(plan.metrics.offTarget).toBeLessThan(1e-4);
  });

  it('flies no lane stub shorter than the swath beside a pond when the coverage floor allows', () => {
    // lanes at 85° past a small pond near the edge leave a 1.5 m sliver between pond lap and
    // headland: a whole turn (two stops) for a few square metres, left dry instead
    const field = fieldOf(rect(0, 0, 120, 60), [circle(50, 9, 4, 16).reverse()]);
    const plan = planCoverage(field, { swathM: 5, headlandPasses: 1, angleDeg: 85 });
    const stubs = plan.pieces.filter((q) => q.kind === 'spray' && q.role === 'swath' && q.lengthM < 5);
    expect(stubs).toEqual([]);
    expect(plan.metrics.coverage).toBeGreaterThanOrEqual(0.995);
  });

  it('never sprays into a hole of the field, with or without headland', () => {
    const hole = circle(50, 30, 8);
    for (const headlandPasses of [0, 1]) {
      const plan = planCoverage(fieldOf(rect(0, 0, 100, 60), [hole]), { swathM: 5, headlandPasses });
      const inHole = areaM2(intersect(sprayBands(plan), polygonToPaths([inPlanFrame(plan, hole)])));
      expect(inHole).toBeLessThan(0.05);
      expect(plan.metrics.sprayableAreaM2).toBeCloseTo(6000 - Math.PI * 64, -1);
      if (headlandPasses === 1) {
        // a closed lap round the hole, 2.5 m out from it
        const rounds = plan.pieces.filter((p) => {
          if (p.role !== 'headland') return false;
          const [a, b] = [p.xy[0]!, p.xy[p.xy.length - 1]!];
          return Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-6;
        });
        const aroundHole = rounds.filter((p) => p.lengthM < 100);
        expect(aroundHole).toHaveLength(1);
        expect(aroundHole[0]!.lengthM).toBeGreaterThan(2 * Math.PI * 10.2);
        expect(aroundHole[0]!.lengthM).toBeLessThan(2 * Math.PI * 10.8);
        expect(plan.metrics.coverage).toBeGreaterThan(0.99);
      }
    }
  });

  it('keeps the no-spray buffer and the edge buffer unsprayed', () => {
    const pond = rect(40, 20, 60, 40);
    const plan = planCoverage(fieldOf(rect(0, 0, 100, 60), [], { noSpray: [zone('no-spray', pond)] }), {
      swathM: 5,
      edgeBufferM: 2,
      noSprayBufferM: 3,
    });
    expect(plan.metrics.sprayableAreaM2).toBeLessThan(96 * 56 - 26 * 26 + 10);
    const grown = offset(polygonToPaths([inPlanFrame(plan, pond)]), 2.95, 'round');
    expect(areaM2(intersect(sprayBands(plan), grown))).toBeLessThan(0.05);
    expect(plan.metrics.offTarget).toBeLessThan(1e-4);
  });

  it('starts and ends at home', () => {
    const home = FRAME.toLngLat([-20, -10]);
    const plan = planCoverage(fieldOf(rect(0, 0, 80, 50)), { swathM: 5 }, { home });
    const first = plan.pieces[0]!;
    const last = plan.pieces[plan.pieces.length - 1]!;
    expect(first.kind).toBe('transit');
    expect(last.kind).toBe('transit');
    expect(first.coords[0]![0]).toBeCloseTo(home[0], 9);
    expect(first.coords[0]![1]).toBeCloseTo(home[1], 9);
    expect(last.coords[last.coords.length - 1]![0]).toBeCloseTo(home[0], 9);
    expect(last.coords[last.coords.length - 1]![1]).toBeCloseTo(home[1], 9);
    expect(plan.home).toEqual(home);
  });

  it('headland last: the swaths come first and the laps close the route', () => {
    const plan = planCoverage(fieldOf(rect(0, 0, 80, 50)), { swathM: 5, headlandFirst: false });
    const spray = plan.pieces.filter((p) => p.kind === 'spray');
    expect(spray[0]!.role).toBe('swath');
    expect(spray[spray.length - 1]!.role).toBe('headland');
  });

  it('pieces alternate spray and transit, transits join pieces end to start, xy matches coords', () => {
    const plan = planCoverage(fixture('pond_and_pole'), { swathM: 5 });
    for (let i = 1; i < plan.pieces.length; i++) {
      const a = plan.pieces[i - 1]!;
      const b = plan.pieces[i]!;
      const end = a.xy[a.xy.length - 1]!;
      expect(Math.hypot(end[0] - b.xy[0]![0], end[1] - b.xy[0]![1])).toBeLessThan(1e-6);
      expect(a.kind === 'transit' && b.kind === 'transit').toBe(false);
    }
    for (const p of plan.pieces) expect(p.coords).toHaveLength(p.xy.length);
  });

  it('goes round a no-fly wall between two plots instead of crossing it', () => {
    const wall = rect(45, -30, 55, 90);
    const field = {
      plots: [
        { id: 'a', polygons: [[ringLL(rect(0, 0, 40, 60))]] },
        { id: 'b', polygons: [[ringLL(rect(60, 0, 100, 60))]] },
      ],
      noSpray: [],
      noFly: [zone('no-fly', wall)],
    };
    const plan = planCoverage(field, { swathM: 5 });
    const w = inPlanFrame(plan, wall);
    for (const p of plan.pieces)
      for (let i = 1; i < p.xy.length; i++) expect(segmentEntersRing(p.xy[i - 1]!, p.xy[i]!, w)).toBe(false);
    expect(plan.metrics.coverage).toBeGreaterThan(0.99);
  });

  it('rejects bad parameters with a message naming them', () => {
    const f = fieldOf(rect(0, 0, 50, 50));
    expect(() => planCoverage(f, { swathM: 0 })).toThrow(PlanParamsError);
    expect(() => planCoverage(f, { swathM: 0 })).toThrow(/swathM: must be greater than 0 m, got 0/);
    expect(() => planCoverage(f, { swathM: -3 })).toThrow(/swathM/);
    expect(() => planCoverage(f, { headlandPasses: 1.5 })).toThrow(/headlandPasses: must be a whole number/);
    expect(() => planCoverage(f, { speedMps: Number.NaN })).toThrow(/speedMps: must be a finite number/);
    expect(() => planCoverage(f, { angleDeg: 'north' as unknown as number })).toThrow(/angleDeg/);
    expect(() => planCoverage(f, { edgeBufferM: -1 })).toThrow(/edgeBufferM: must be at least 0/);
  });

  it('planToGeoJSON: LineStrings in flight order with kind and sortie 1', () => {
    const plan = planCoverage(fieldOf(rect(0, 0, 80, 50)), { swathM: 5 });
    const fc = planToGeoJSON(plan);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(plan.pieces.length);
    fc.features.forEach((f, i) => {
      expect(f.geometry.type).toBe('LineString');
      expect(f.properties.kind).toBe(plan.pieces[i]!.kind);
      expect(f.properties.sortie).toBe(1);
      expect(f.geometry.coordinates).toEqual(plan.pieces[i]!.coords);
    });
  });
});

describe('a block of plots', () => {
  it('bridges the bunds between paddies into one sprayable area and shares the spray per plot', () => {
    const field = fixture('vn_paddy_block');
    const plan = planCoverage(field, { swathM: 5, headlandPasses: 1 });
    expect(plan.sprayable).toHaveLength(1); // one block, bunds bridged
    const plotsArea = plan.perPlot.reduce((s, p) => s + p.areaM2, 0);
    expect(plan.metrics.sprayableAreaM2).toBeGreaterThan(plotsArea);
    expect(plan.metrics.sprayableAreaM2).toBeLessThan(plotsArea * 1.03); // only the bunds were added
    const shares = plan.perPlot.reduce((s, p) => s + p.sprayedAreaM2, 0);
    const sprayed = plan.metrics.coverage * plan.metrics.sprayableAreaM2;
    expect(shares).toBeCloseTo(sprayed, -1);
    expect(Math.abs(shares - sprayed) / sprayed).toBeLessThan(1e-3);
    for (const p of plan.perPlot) {
      expect(p.owner).toBeTruthy();
      expect(p.sprayedAreaM2).toBeGreaterThan(0.97 * p.areaM2);
    }
    expect(plan.metrics.coverage).toBeGreaterThan(0.995);
  });

  it('counts ground of plots drawn overlapping once, and says so', () => {
    const field = {
      plots: [
        { id: 'a', polygons: [[ringLL(rect(0, 0, 50, 40))]] },
        { id: 'b', polygons: [[ringLL(rect(40, 0, 90, 40))]] },
      ],
      noSpray: [],
      noFly: [],
    };
    const plan = planCoverage(field, { swathM: 5 });
    const shares = plan.perPlot.reduce((s, p) => s + p.sprayedAreaM2, 0);
    expect(shares).toBeCloseTo(plan.metrics.coverage * plan.metrics.sprayableAreaM2, -1);
    expect(plan.warnings.some((w) => /overlap by 400 m²/.test(w))).toBe(true);
  });

  it('keeps plots apart when the gap is wider than plotGapM, and does not fill a plot’s own notch', () => {
    const field = {
      plots: [
        { id: 'a', polygons: [[ringLL(rect(0, 0, 40, 40))]] },
        { id: 'b', polygons: [[ringLL(rect(43, 0, 80, 40))]] },
      ],
      noSpray: [],
      noFly: [],
    };
    const apart = planCoverage(field, { swathM: 5, plotGapM: 1 });
    expect(apart.sprayable).toHaveLength(2);
    expect(apart.metrics.sprayableAreaM2).toBeCloseTo(1600 + 1480, -1);
    const merged = planCoverage(field, { swathM: 5, plotGapM: 4 });
    expect(merged.sprayable).toHaveLength(1);
    expect(merged.metrics.sprayableAreaM2).toBeCloseTo(80 * 40, -1);
    // a single plot with a 0.5 m wide notch keeps its notch
    const notch: XY[] = [
      [0, 0],
      [20, 0],
      [20, 30],
      [20.5, 30],
      [20.5, 0],
      [40, 0],
      [40, 40],
      [0, 40],
    ];
    const one = planCoverage(fieldOf(notch), { swathM: 5, plotGapM: 1 });
    expect(one.metrics.sprayableAreaM2).toBeCloseTo(1600 - 15, 0);
  });
});
