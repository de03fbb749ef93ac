import type { FieldFile } from '../field/types.js';
import { distance, LocalFrame, polylineLength } from '../geo/local-frame.js';
import type { LngLat, RingXY, XY } from '../geo/types.js';
import { doubleDosePenalty, rankAngles, type SweepModel } from './angle.js';
import {
  areaM2,
  components,
  difference,
  intersect,
  offset,
  type Paths,
  pathToRing,
  simplify,
  toMultiPolygon,
  union,
  widenLine,
} from './geometry.js';
import { buildHeadland, type Headland } from './headland.js';
import { computeMetricsDetail } from './metrics.js';
import { type ResolvedParams, resolveParams } from './params.js';
import { splitRegions } from './regions.js';
import { buildRoute, type PieceXY } from './route.js';
import { buildSprayArea, type PlotArea } from './sprayable.js';
import { buildSwaths, type Cell } from './swaths.js';
import { estimateTime, legTime } from './time-model.js';
import { insideRing, TransitPlanner } from './transit.js';
import type { PathPiece, Plan, PlanParams, PlotShare } from './types.js';

export { rankAngles } from './angle.js';
export { planToGeoJSON } from './geojson.js';
export { computeMetrics, computeMetricsDetail, type MetricsInput } from './metrics.js';
export { PlanParamsError, resolveParams } from './params.js';
export { estimateTime, legTime, type TimeModel } from './time-model.js';

/** How many of the best-ranked angles are planned in full when the angle is `auto`. */
const AUTO_FULL_CANDIDATES = 5;
/** How many of the fastest-flying other angles are also planned in full. */
const AUTO_FASTEST_CANDIDATES = 2;

/**
 * Share of the sprayable area that may be left dry in thin caps at the far ends of the lane
 * stack (the last sliver of a slanted edge), when that saves a whole lane: 0.3 % of the area on
 * plots up to 0.5 ha, 0.4 % from 1 ha, for several per cent less double dose and flight.
 */
const CAP_BUDGET = 0.003;
const CAP_BUDGET_LARGE = 0.004;

/**
 * Lane-end reaches tried once the sweep is chosen (see `SwathOptions.endReach`; then 0, and the
 * step to the first that breaks the floor is halved `END_REACH_HALVINGS` times), and the coverage
 * they must keep: a lane end slanted against the headland either sprays a triangle twice or
 * leaves part of it dry; 0.45 % of the area may stay dry in such tips (and in end caps) when that
 * saves more double dose.
 */
const END_REACHES = [1, 0.6, 0.3];
const COVERAGE_FLOOR = 0.9955;
/** Halvings of the step between the shortest reach that keeps `COVERAGE_FLOOR` and the next. */
const END_REACH_HALVINGS = 2;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/** Options that are not planning parameters. */
export interface PlanOptions {
  /** Take-off and refill point: the route starts and ends here. Defaults to the field file's home. */
  home?: LngLat;
}

function timeModel(p: ResolvedParams): SweepModel {
  return {
    speedMps: p.speedMps,
    transitSpeedMps: p.transitSpeedMps,
    accelMps2: p.accelMps2,
    turnStopS: p.turnStopS,
    doubleDoseWeight: p.doubleDoseWeight,
  };
}

/**
 * Plans the spray route over a field (or a block of plots): sprayable area → headland laps →
 * parallel swaths in cells → ordered route with transits around no-fly zones → metrics.
 * Synchronous and pure (no I/O). Throws `PlanParamsError` for a bad parameter.
 */
export function planCoverage(
  field: FieldFile,
  params: Partial<PlanParams> = {},
  options: PlanOptions = {},
): Plan {
  const t0 = now();
  const p = resolveParams(params);
  const frame = LocalFrame.around(field.plots.flatMap((pl) => pl.polygons.flatMap((poly) => poly[0]!)));
  const area = buildSprayArea(field, p, frame);
  const warnings = [...area.warnings];
  const homeLL = options.home ?? field.home;
  const home: XY | undefined = homeLL ? frame.toXY(homeLL) : undefined;

  // Transits turn round the no-fly zones on few vertices: the zones grown a little beyond the
  // margin and simplified (each vertex stays outside the zone grown by 95 % of the margin).
  const blockRings = offset(area.noFly, p.noFlyMarginM * 0.95, 'miter').map(pathToRing);
  const aroundRings = simplify(offset(area.noFly, p.noFlyMarginM + 0.3, 'miter'), 0.2).map(pathToRing);
  const transit = new TransitPlanner(aroundRings, blockRings, fieldCover(area.sprayable, p.swathM));
  if (home && Math.hypot(home[0], home[1]) > 3000) {
    warnings.push(
      `the home point is ${(Math.hypot(home[0], home[1]) / 1000).toFixed(1)} km from the field: check it (latitude and longitude swapped?)`,
    );
  }
  if (home && blockRings.some((r) => insideRing(home, r))) {
    warnings.push('the home point lies inside a no-fly zone (or its margin): move it before flying');
  }

  const headland = buildHeadland(area.sprayable, p.swathM, p.headlandPasses);
  const parts: RingXY[][] = components(area.sprayable).map((c) => c.map(pathToRing));
  const model = timeModel(p);
  // Where a lap pinches off (a neck between a pond and the edge narrower than the laps), the
  // strip it leaves goes to the swaths; lanes through such remnants keep the boom over the field.
  const remnants = p.headlandPasses > 0 ? headlandRemnants(area.sprayable, headland, p.swathM) : [];
  const interior = remnants.length > 0 ? union(headland.interior, remnants) : headland.interior;
  const swathOpts = {
    ...(p.headlandPasses === 0 || remnants.length > 0 ? { trimTo: area.sprayable } : {}),
    ...(remnants.length > 0 ? { trimWhere: remnants } : {}),
  };

  /** Swaths over the interior regions, each in its own direction, then the route. */
  interface Candidate {
    angleDeg: number;
    regions: { area: Paths; angleDeg: number }[];
    cells: Cell[];
    pieces: PieceXY[];
    timeS: number;
  }
  const route = (cells: Cell[], orderRounds: number) =>
    buildRoute({
      parts,
      laps: headland.laps,
      cells,
      headlandFirst: p.headlandFirst,
      ...(home ? { home } : {}),
      transit,
      orderRounds,
    });
  // One more lane costs a turn (two stops, a short leg, braking and speeding up again); lane
  // length costs its flight time plus the double dose it may spray (`DOUBLE_DOSE_WEIGHT`).
  const laneCostM =
    ((2 * p.turnStopS + legTime(p.swathM, p.transitSpeedMps, p.accelMps2) + p.speedMps / p.accelMps2) *
      p.speedMps) /
    (1 + p.doubleDoseWeight);
  /** Candidates are compared with a quick cell order; the chosen one is then ordered carefully. */
  const planRegions = (
    regions: { area: Paths; angleDeg: number }[],
    orderRounds = 0,
    endReach = 1,
    caps = true,
    minSwathM = 0,
  ): Candidate => {
    const budget = caps ? (capShare(sprayableM2) * sprayableM2) / Math.max(1, regions.length) : 0;
    let cells = regions.flatMap((r) =>
      buildSwaths(r.area, p.swathM, r.angleDeg, {
        ...swathOpts,
        capBudgetM2: budget,
        endReach,
        wholeInterior: interior,
        laneCostM,
      }),
    );
    if (minSwathM > 0)
      cells = cells
        .map((c) => ({ swaths: c.swaths.filter((sw) => distance(sw.a, sw.b) >= minSwathM) }))
        .filter((c) => c.swaths.length > 0);
    const pieces = route(cells, orderRounds);
    return {
      angleDeg: regions[0]?.angleDeg ?? 0,
      regions,
      cells,
      pieces,
      timeS: estimateTime(pieces, model),
    };
  };
  const planAt = (angleDeg: number) => planRegions([{ area: interior, angleDeg }]);

  let best: ReturnType<typeof planAt>;
  let regionAngles: number[] | undefined;
  // Without a headland, lanes stop where the boom would leave the field, so the sweep direction
  // also decides how much is left dry: then a candidate pays for dry ground as three times the
  // time it would take to spray it.
  const sprayableM2 = areaM2(area.sprayable);
  const sprayableMP = toMultiPolygon(area.sprayable);
  const measure = (c: Candidate) =>
    computeMetricsDetail(
      { pieces: c.pieces, sprayable: sprayableMP, swathM: p.swathM, time: model },
      area.sprayable,
    );
  const cost = (c: Candidate) => {
    let sprayed = 0;
    for (const q of c.pieces) if (q.kind === 'spray') sprayed += polylineLength(q.xy) * p.swathM;
    if (p.headlandPasses > 0)
      return c.timeS + doubleDosePenalty(Math.max(0, sprayed - sprayableM2), p.swathM, model);
    return c.timeS + (3 * Math.max(0, sprayableM2 - sprayed)) / (p.swathM * p.speedMps);
  };
  const better = (alt: Candidate, cur: Candidate) => cost(alt) < cost(cur);
  if (p.angleDeg === 'auto') {
    const basis = areaM2(interior) > 0 ? interior : area.sprayable;
    const ranked =
      basis.length > 0 ? rankAngles(basis, p.swathM, model) : [{ angleDeg: 0, timeS: 0, flightS: 0 }];
    // the best by the estimate, and the fastest flights (the estimate of double dose is rough)
    const fastest = ranked
      .slice(AUTO_FULL_CANDIDATES)
      .sort((a, b) => a.flightS - b.flightS)
      .slice(0, AUTO_FASTEST_CANDIDATES);
    best = planAt(ranked[0]!.angleDeg);
    for (const cand of [...ranked.slice(1, AUTO_FULL_CANDIDATES), ...fastest]) {
      const alt = planAt(cand.angleDeg);
      if (better(alt, best)) best = alt;
    }
    // a concave interior may go faster in several regions, each swept its own way
    if (areaM2(interior) > 0) {
      const regions = splitRegions(interior, area.sprayable, p.swathM, model);
      if (regions.length > 1) {
        regions.sort((a, b) => areaM2(b.area) - areaM2(a.area));
        const alt = planRegions(regions);
        if (better(alt, best)) {
          best = alt;
          regionAngles = regions.map((r) => Math.round(r.angleDeg * 1000) / 1000);
        }
      }
    }
  } else {
    best = planAt(p.angleDeg);
  }

  let detail = measure(best);
  // The ground that may stay dry is spent where it saves the most: end caps (a whole lane less)
  // or shorter reaches at lane ends slanted against the headland (less double dose). Variants of
  // the chosen sweep are measured exactly; the cheapest that keeps the coverage floor (or does
  // not lose coverage) wins, double dose and dry ground both weighed as in `doubleDosePenalty`.
  if (p.headlandPasses > 0 && best.cells.length > 0) {
    const score = (c: Candidate, d: typeof detail) =>
      c.timeS +
      doubleDosePenalty((d.metrics.overlap + 1 - d.metrics.coverage) * sprayableM2, p.swathM, model);
    const floor = Math.min(detail.metrics.coverage, COVERAGE_FLOOR);
    let bestScore = score(best, detail);
    const regions = best.regions;
    let bestCaps = true;
    let bestReach = 1;
    /** Plans the variant; true when it keeps the coverage floor (and takes it when cheaper). */
    const tryVariant = (caps: boolean, reach: number, minSwathM = 0): boolean => {
      const alt = planRegions(regions, 0, reach, caps, minSwathM);
      const d = measure(alt);
      const sc = score(alt, d);
      if (d.metrics.coverage < floor) return false;
      if (sc < bestScore) {
        best = alt;
        detail = d;
        bestScore = sc;
        bestCaps = caps;
        bestReach = reach;
      }
      return true;
    };
    // the shortest reach on the grid that keeps the floor (and the next, which does not), with
    // end caps and without
    const bracket = new Map<boolean, [number, number]>();
    for (const caps of [true, false]) {
      let ok = 1;
      let fail = -1;
      for (const reach of [...END_REACHES, 0]) {
        if (caps && reach === 1) continue; // the plan in hand
        if (tryVariant(caps, reach)) ok = reach;
        else {
          fail = reach;
          break;
        }
      }
      bracket.set(caps, [ok, fail]);
    }
    // then, for the winner's end caps, that step halved: the dry ground allowed goes to less
    // double dose
    const [ok0, fail0] = bracket.get(bestCaps)!;
    let ok = ok0;
    let fail = fail0;
    for (let k = 0; k < END_REACH_HALVINGS && fail >= 0; k++) {
      const mid = (ok + fail) / 2;
      if (tryVariant(bestCaps, mid)) ok = mid;
      else fail = mid;
    }
    // stubs: a lane piece shorter than the swath is wide (the tip of a slanted edge, a sliver
    // beside a pond) costs a whole turn for a few square metres; left dry when the floor allows
    if (best.cells.some((c) => c.swaths.some((sw) => distance(sw.a, sw.b) < p.swathM)))
      tryVariant(bestCaps, bestReach, p.swathM);
  }

  {
    const pieces = route(best.cells, 6);
    const timeS = estimateTime(pieces, model);
    if (timeS <= best.timeS) {
      best = { ...best, pieces, timeS }; // same swaths, shorter order
      detail = measure(best);
    }
  }
  const perPlot = plotShares(area.plots, intersect(detail.sprayed, area.sprayable), p.plotGapM);
  for (const s of perPlot)
    if (s.areaM2 > 0 && s.sprayedAreaM2 < 0.5 * s.areaM2)
      warnings.push(
        `plot '${s.plotId}': only ${((100 * s.sprayedAreaM2) / s.areaM2).toFixed(0)} % can be sprayed: parts narrower than the ${p.swathM} m swath, buffers or zones (a narrower swath reaches more)`,
      );

  const pieces: PathPiece[] = best.pieces.map((q) => ({
    kind: q.kind,
    coords: q.xy.map((v) => frame.toLngLat(v)),
    xy: q.xy,
    lengthM: polylineLength(q.xy),
    ...(q.role ? { role: q.role } : {}),
    ...(q.cell !== undefined ? { cell: q.cell } : {}),
  }));
  const { noFlyMarginM: _m, transitSpeedMps: _t, doubleDoseWeight: _w, ...rest } = p;
  const outParams: PlanParams = {
    ...rest,
    ...(params.doubleDoseWeight !== undefined ? { doubleDoseWeight: p.doubleDoseWeight } : {}),
    ...(params.transitSpeedMps !== undefined ? { transitSpeedMps: p.transitSpeedMps } : {}),
    ...(params.noFlyMarginM !== undefined ? { noFlyMarginM: p.noFlyMarginM } : {}),
  };
  return {
    params: outParams,
    pieces,
    metrics: detail.metrics,
    perPlot,
    angleDeg: Math.round(best.angleDeg * 1000) / 1000,
    computeMs: now() - t0,
    ...(homeLL ? { home: homeLL } : {}),
    origin: frame.origin,
    sprayable: frame.multiPolygonToLngLat(sprayableMP),
    warnings,
    ...(regionAngles ? { regionAnglesDeg: regionAngles } : {}),
  };
}

/** Share of the area the lane band may leave dry in thin end caps: more on bigger fields. */
function capShare(areaM2: number): number {
  const ha = areaM2 / 10_000;
  return ha >= 1
    ? CAP_BUDGET_LARGE
    : ha <= 0.5
      ? CAP_BUDGET
      : CAP_BUDGET + (CAP_BUDGET_LARGE - CAP_BUDGET) * (ha - 0.5) * 2;
}

/**
 * The ground transits should stay over: the sprayable area grown by a swath (outer boundaries
 * only: crossing a pond is fine), and the inner corners to turn at (half a swath out).
 */
function fieldCover(sprayable: Paths, swathM: number): { rings: RingXY[]; corners: XY[] } {
  const outerOnly = (paths: Paths) => components(paths).map((c) => c[0]!);
  const outline = simplify(outerOnly(sprayable), 0.3); // only a guide: detail does not matter
  const rings = outerOnly(simplify(offset(outline, swathM, 'miter'), 0.2)).map(pathToRing);
  const corners: XY[] = [];
  for (const r of outerOnly(simplify(offset(outline, swathM / 2, 'miter'), 0.5)).map(pathToRing)) {
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const a = r[(i + n - 1) % n]!;
      const v = r[i]!;
      const b = r[(i + 1) % n]!;
      // counter-clockwise outer ring: a right turn is an inner (reflex) corner
      if ((v[0] - a[0]) * (b[1] - v[1]) - (v[1] - a[1]) * (b[0] - v[0]) < 0) corners.push(v);
    }
  }
  return { rings, corners };
}

/**
 * Parts of the sprayable area that neither the headland laps (with their corner spurs) nor the
 * interior reach: necks where a lap pinched off. Slivers from arc rounding and tiny corner tips
 * are dropped.
 */
function headlandRemnants(sprayable: Paths, h: Headland, swathM: number): Paths {
  // a lap that pinches off splits or merges rings: with the same number of rings everywhere
  // (and all passes flown) there is nothing to look for
  const rings = sprayable.length;
  if (h.laps.every((laps) => laps.length === rings) && h.interior.length === rings) return [];
  const bands: Paths = [];
  for (const laps of h.laps)
    for (const lap of laps) {
      bands.push(...widenLine(lap.ring, swathM, true));
      lap.ring.forEach((v, i) => {
        const spur = lap.spurs[i];
        if (!spur) return;
        bands.push(...widenLine([v, spur.out], swathM), ...widenLine([spur.back, v], swathM));
      });
    }
  const rest = difference(sprayable, union(bands, h.interior));
  if (rest.length === 0) return [];
  const opened = offset(offset(rest, -0.1, 'miter'), 0.1, 'miter');
  return components(opened)
    .filter((c) => areaM2(c) >= 0.1 * swathM * swathM)
    .flat();
}

/**
 * Area sprayed on each plot. Spray on a plot belongs to it; spray on the bund between merged
 * plots is shared out to the nearer plot (claimed in steps of a quarter of the gap), so the
 * shares add up to the whole sprayed area.
 */
function plotShares(plots: PlotArea[], sprayedIn: Paths, gapM: number): PlotShare[] {
  const shares = plots.map((pa) => ({
    plotId: pa.plot.id,
    ...(pa.plot.name !== undefined ? { name: pa.plot.name } : {}),
    ...(pa.plot.owner !== undefined ? { owner: pa.plot.owner } : {}),
    areaM2: pa.areaM2,
    sprayedAreaM2: 0,
  }));
  if (plots.length === 1) {
    shares[0]!.sprayedAreaM2 = areaM2(sprayedIn);
    return shares;
  }
  let rest = sprayedIn;
  plots.forEach((pa, i) => {
    // plots drawn overlapping: the overlap counts once, for the first of them
    const own = intersect(rest, pa.paths);
    if (own.length === 0) return;
    shares[i]!.sprayedAreaM2 += areaM2(own);
    rest = difference(rest, own);
  });
  if (gapM > 0 && areaM2(rest) > 0) {
    for (const f of [0.25, 0.5, 0.75, 1.01]) {
      plots.forEach((pa, i) => {
        if (rest.length === 0) return;
        const got = intersect(rest, offset(pa.paths, gapM * f, 'round'));
        if (got.length === 0) return;
        shares[i]!.sprayedAreaM2 += areaM2(got);
        rest = difference(rest, got);
      });
    }
  }
  return shares;
}
