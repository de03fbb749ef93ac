import type { Plot, Zone } from '../field/types.js';
import { LocalFrame, polylineLength } from '../geo/local-frame.js';
import type { LngLat, MultiPolygonXY, XY } from '../geo/types.js';
import type { PathPiece } from '../plan/types.js';
import type { TelemetrySample } from '../telemetry/types.js';
import {
  area,
  contains,
  difference,
  intersect,
  open,
  polygonsOf,
  type Region,
  regionOf,
  union,
  widenPolyline,
} from './polygons.js';

/** Tunables of the as-applied analysis. */
export interface AsAppliedOptions {
  /** Samples further apart than this (s) are not joined: the log has a hole there. Default 3. */
  maxGapS?: number;
  /** Relative dose deviation that raises an under/over-dose flag. Default 0.1 (±10 %). */
  doseTolerance?: number;
  /** Gaps smaller than this (m²) are not listed as polygons (they still count in coverage). Default 1. */
  minGapAreaM2?: number;
  /** Gaps narrower than this (m) are not listed as polygons (slivers between passes). Default 0.5. */
  minGapWidthM?: number;
  /** A turn sharper than this (degrees) while spraying splits the track, so spraying back over it counts as double. Default 150. */
  reversalDeg?: number;
  /** Coverage below this raises a "gaps" flag on a plot. Default 0.98. */
  minCoverage?: number;
  /**
   * Track vertices within this distance (m) of a straight line are dropped before widening (GPS
   * jitter). Default 0.1: more shaves the outside of every curve (a rounded corner loses up to this
   * much of its swath along the chord), which RTK-grade positions do not need.
   */
  simplifyM?: number;
}

/** What the analysis needs. Pure data: samples from the log, the job's plots, the plan's swath and rate. */
export interface AsAppliedInput {
  samples: readonly TelemetrySample[];
  /** Swath width (m) of the boom, normally the plan's `params.swathM`. */
  swathM: number;
  plots: readonly Plot[];
  noSpray?: readonly Zone[];
  /** Planned application volume (L/ha of spray liquid). */
  rateLha?: number;
  /** The planned route, to compare with (`Plan.pieces` and `Plan.origin`). */
  plan?: { pieces: readonly PathPiece[]; origin: LngLat };
  options?: AsAppliedOptions;
}

/** A set of polygons both in the local frame (for drawing) and as GeoJSON MultiPolygon coordinates. */
export interface AreaShape {
  areaM2: number;
  xy: MultiPolygonXY;
  lngLat: LngLat[][][];
}

export type DoseFlag = 'ok' | 'under' | 'over' | 'unknown';

/** The as-applied result for one plot. */
export interface PlotAsApplied {
  plotId: string;
  name?: string;
  owner?: string;
  /** Area to spray: the plot minus no-spray zones (m²). */
  targetAreaM2: number;
  /** Part of the target that was sprayed (m²). */
  coveredM2: number;
  /** coveredM2 / targetAreaM2. */
  coverage: number;
  /** Unsprayed parts of the target, larger than `minGapAreaM2` and wider than `minGapWidthM`, largest first. */
  gaps: AreaShape[];
  /** All unsprayed target area (m²), slivers included: targetAreaM2 − coveredM2. */
  gapAreaM2: number;
  /** Target area sprayed twice or more (m²). */
  doubleSprayedM2: number;
  /** Liquid put on this plot (L), from flow when logged, else estimated from rate × covered area. */
  liquidL: number;
  /** Planned liquid: rate × target area (L), when the rate is known. */
  plannedLiquidL?: number;
  /** Applied L/ha over the covered area. */
  doseLha?: number;
  doseFlag: DoseFlag;
  /** Track length where the instantaneous dose (flow / (swath × speed)) was under / over tolerance (m). */
  underDoseLengthM: number;
  overDoseLengthM: number;
  /** Short problems for the operator/agronomist, e.g. "coverage 91.2 % (gaps 84 m²)". */
  flags: string[];
}

/** The as-applied result of one flight (or several flights' samples joined). */
export interface AsAppliedResult {
  /** Origin of the local frame used for `xy` shapes. */
  origin: LngLat;
  swathM: number;
  /** Everything sprayed (track widened to the swath, unioned). */
  sprayed: AreaShape;
  /** Ground sprayed twice or more. */
  doubleSprayed: AreaShape;
  /** Sprayed outside every plot. */
  outsidePlots: AreaShape;
  /** Sprayed inside a no-spray zone. */
  inNoSpray: AreaShape;
  /** The track with nozzles on, per run (local frame), for drawing. */
  sprayTracksXY: XY[][];
  /** The whole flown track (local frame). */
  trackXY: XY[];
  /** The planned spray area (plan pieces widened), when a plan was given. */
  planned?: AreaShape;
  /** area(sprayed ∩ planned) / area(planned), when a plan was given. */
  coverageOfPlan?: number;
  sprayTimeS: number;
  sprayLengthM: number;
  liquidL: number;
  /** Where `liquidL` comes from: logged flow, or rate × covered area when no flow was logged. */
  liquidSource: 'flow' | 'estimated' | 'none';
  plannedLiquidL?: number;
  /** Liquid the planned route puts out: rate × swath × planned spray length (L), when a plan and rate are given. */
  plannedRouteLiquidL?: number;
  /** Liquid sprayed outside every plot (L). */
  liquidOutsideL: number;
  perPlot: PlotAsApplied[];
  /** Coverage over all plots together. */
  coverage: number;
  targetAreaM2: number;
  /** Holes in the log while spraying (time of the last sample before, unix ms; length in s). */
  logGaps: { at: number; durationS: number }[];
  warnings: string[];
}

/** One sprayed stretch of track between two samples. */
interface Stretch {
  a: XY;
  b: XY;
  lengthM: number;
  dtS: number;
  /** Middle of the stretch in time (unix ms). */
  tMid: number;
  /** Liquid in litres, when flow is known. */
  liquidL?: number;
  /** Instantaneous dose in L/ha, when flow and speed are known. */
  doseLha?: number;
}

/**
 * From the samples with nozzles on, the sprayed area and, per plot, coverage, gaps, double spray,
 * spray outside the plot or in a no-spray zone, liquid applied against planned, and dose flags.
 * All geometry is done in a local metric frame (never in degrees).
 */
export function analyseAsApplied(input: AsAppliedInput): AsAppliedResult {
  const opt = {
    maxGapS: input.options?.maxGapS ?? 3,
    doseTolerance: input.options?.doseTolerance ?? 0.1,
    minGapAreaM2: input.options?.minGapAreaM2 ?? 1,
    minGapWidthM: input.options?.minGapWidthM ?? 0.5,
    reversalDeg: input.options?.reversalDeg ?? 150,
    minCoverage: input.options?.minCoverage ?? 0.98,
    simplifyM: input.options?.simplifyM ?? 0.1,
  };
  if (!(input.swathM > 0)) throw new Error(`analyseAsApplied: swathM must be > 0 (got ${input.swathM})`);
  if (input.plots.length === 0) throw new Error('analyseAsApplied: no plots');
  const frame = input.plan
    ? new LocalFrame(input.plan.origin)
    : LocalFrame.around(input.plots.flatMap((p) => p.polygons.flatMap((poly) => poly[0] ?? [])));
  const toShape = (r: Region): AreaShape => {
    const xy = polygonsOf(r);
    return { areaM2: area(r), xy, lngLat: frame.multiPolygonToLngLat(xy) };
  };
  const warnings: string[] = [];
  const logGaps: { at: number; durationS: number }[] = [];

  // 1. Track → sprayed stretches and runs.
  const samples = [...input.samples].sort((p, q) => p.t - q.t);
  const trackXY = samples.map((s) => frame.toXY([s.lon, s.lat]));
  const stretches: Stretch[] = [];
  const runs: XY[][] = [];
  let run: XY[] = [];
  /** Indexes into `run` of points at least REVERSAL_BASE_M apart. */
  let anchors: number[] = [];
  const endRun = (): void => {
    if (run.length >= 2) runs.push(run);
    run = [];
    anchors = [];
  };
  let anyFlow = false;
  let sprayTimeS = 0;
  const cosRev = Math.cos((opt.reversalDeg * Math.PI) / 180);
  for (let i = 1; i < samples.length; i++) {
    const s0 = samples[i - 1]!;
    const s1 = samples[i]!;
    const dtS = (s1.t - s0.t) / 1000;
    if (!(s0.spraying || s1.spraying)) {
      endRun();
      continue;
    }
    if (dtS > opt.maxGapS) {
      logGaps.push({ at: s0.t, durationS: dtS });
      warnings.push(`log gap of ${dtS.toFixed(1)} s with nozzles on at ${new Date(s0.t).toISOString()}`);
      endRun();
      continue;
    }
    // Half an interval when the nozzles switch: the switch happened somewhere in between.
    const p0 = trackXY[i - 1]!;
    const p1 = trackXY[i]!;
    const mid: XY = [(p0[0] + p1[0]) / 2, (p0[1] + p1[1]) / 2];
    const a = s0.spraying ? p0 : mid;
    const b = s1.spraying ? p1 : mid;
    const frac = s0.spraying && s1.spraying ? 1 : 0.5;
    const lengthM = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const tMid = s0.spraying && s1.spraying ? (s0.t + s1.t) / 2 : s0.spraying ? s0.t : s1.t;
    const st: Stretch = { a, b, lengthM, dtS: dtS * frac, tMid };
    sprayTimeS += st.dtS;
    const flows = [s0.spraying ? s0.flowLpm : undefined, s1.spraying ? s1.flowLpm : undefined].filter(
      (f): f is number => typeof f === 'number' && Number.isFinite(f),
    );
    if (flows.length > 0) {
      anyFlow = true;
      const flow = flows.reduce((x, y) => x + y, 0) / flows.length;
      st.liquidL = (flow * st.dtS) / 60;
      const speed = st.dtS > 0 ? lengthM / st.dtS : 0;
      if (speed > 0.3) st.doseLha = (flow * 10_000) / (input.swathM * speed * 60);
    }
    stretches.push(st);
    // Build runs for the widened area; split at reversals so a pass back over sprayed ground counts.
    if (lengthM < 1e-3) continue;
    if (run.length === 0 || !samePoint(run[run.length - 1]!, a)) {
      endRun();
      run.push(a);
      anchors = [0];
    }
    run.push(b);
    // Direction is judged between anchors at least REVERSAL_BASE_M apart, so position jitter on
    // short steps is not a reversal and a slow turn-back is still seen.
    const lastAnchor = run[anchors[anchors.length - 1]!]!;
    if (Math.hypot(b[0] - lastAnchor[0], b[1] - lastAnchor[1]) >= REVERSAL_BASE_M) {
      if (anchors.length >= 2) {
        const prev = run[anchors[anchors.length - 2]!]!;
        const ux = lastAnchor[0] - prev[0];
        const uy = lastAnchor[1] - prev[1];
        const vx = b[0] - lastAnchor[0];
        const vy = b[1] - lastAnchor[1];
        const cos = (ux * vx + uy * vy) / (Math.hypot(ux, uy) * Math.hypot(vx, vy));
        if (cos < cosRev) {
          // Cut at the turning point (farthest along the old direction): the earlier run ends
          // there, a new one starts there.
          let cut = anchors[anchors.length - 1]!;
          let far = -Infinity;
          for (let k = cut; k < run.length; k++) {
            const q = run[k]!;
            const along = (q[0] - prev[0]) * ux + (q[1] - prev[1]) * uy;
            if (along > far) {
              far = along;
              cut = k;
            }
          }
          const tail = run.slice(cut);
          run = run.slice(0, cut + 1);
          endRun();
          run = tail;
          anchors = [0];
        }
      }
      anchors.push(run.length - 1);
    }
    if (!s1.spraying) endRun();
  }
  endRun();
  const flowFilledS = anyFlow ? fillMissingFlow(samples, stretches, opt.maxGapS, input.swathM) : 0;
  if (flowFilledS > 0)
    warnings.push(
      `no flow reading for ${flowFilledS.toFixed(1)} s of spraying: liquid there taken from the nearest reading`,
    );

  // 2. Sprayed area and double spray (each run against the union of those before it).
  let sprayed: Region = [];
  const doubles: Region[] = [];
  for (const r of runs) {
    const band = widenPolyline(r, input.swathM, opt.simplifyM);
    if (sprayed.length > 0) {
      const again = intersect(band, sprayed);
      if (area(again) > 1e-6) doubles.push(again);
    }
    sprayed = union(sprayed, band);
  }
  const doubleRegion = union(...doubles);

  // 3. Plots, no-spray zones, outside.
  // A plot's interior rings are no-spray holes (pond, house): spray there is "in a no-spray zone",
  // not "outside the plot".
  const plotRegions = input.plots.map((p) => regionOf(p.polygons.map((poly) => frame.polygonToXY(poly))));
  const plotOuters = union(
    ...input.plots.map((p) => regionOf(p.polygons.map((poly) => [frame.ringToXY(poly[0] ?? [])]))),
  );
  const holes = input.plots.flatMap((p) =>
    p.polygons.flatMap((poly) => poly.slice(1).map((h) => regionOf([[frame.ringToXY(h)]]))),
  );
  const noSprayRegion = union(
    ...(input.noSpray ?? []).map((z) => regionOf([[frame.ringToXY(z.ring)]])),
    ...holes,
  );
  const outside = difference(sprayed, plotOuters);
  const inNoSpray = intersect(sprayed, noSprayRegion);

  // 4. Liquid per plot: each stretch goes to the plot under its midpoint.
  const liquidByPlot = new Array<number>(input.plots.length).fill(0);
  const underByPlot = new Array<number>(input.plots.length).fill(0);
  const overByPlot = new Array<number>(input.plots.length).fill(0);
  let liquidOutsideL = 0;
  const rate = input.rateLha;
  for (const st of stretches) {
    const m: XY = [(st.a[0] + st.b[0]) / 2, (st.a[1] + st.b[1]) / 2];
    const k = plotRegions.findIndex((r) => contains(r, m));
    if (st.liquidL !== undefined) {
      if (k >= 0) liquidByPlot[k]! += st.liquidL;
      else liquidOutsideL += st.liquidL;
    }
    if (k >= 0 && rate && st.doseLha !== undefined) {
      if (st.doseLha < rate * (1 - opt.doseTolerance)) underByPlot[k]! += st.lengthM;
      else if (st.doseLha > rate * (1 + opt.doseTolerance)) overByPlot[k]! += st.lengthM;
    }
  }
  if (!anyFlow && stretches.length > 0) {
    warnings.push(
      rate
        ? 'no flow in the log: liquid estimated from the planned rate × covered area'
        : 'no flow in the log and no planned rate: liquid unknown',
    );
  }

  // 5. Per plot.
  let targetTotal = 0;
  let coveredTotal = 0;
  const perPlot: PlotAsApplied[] = input.plots.map((plot, k) => {
    const target = difference(plotRegions[k]!, noSprayRegion);
    const targetAreaM2 = area(target);
    const covered = intersect(target, sprayed);
    const coveredM2 = area(covered);
    const gapRegion = difference(target, sprayed);
    const gaps = polygonsOf(intersect(open(gapRegion, opt.minGapWidthM / 2), target))
      .map((poly) => toShape(regionOf([poly])))
      .filter((g) => g.areaM2 >= opt.minGapAreaM2)
      .sort((g, h) => h.areaM2 - g.areaM2);
    const coverage = targetAreaM2 > 0 ? coveredM2 / targetAreaM2 : 0;
    const liquidL = anyFlow ? liquidByPlot[k]! : rate ? (rate * coveredM2) / 10_000 : 0;
    const plannedLiquidL = rate ? (rate * targetAreaM2) / 10_000 : undefined;
    const doseLha = coveredM2 > 0 && (anyFlow || rate) ? liquidL / (coveredM2 / 10_000) : undefined;
    let doseFlag: DoseFlag = 'unknown';
    if (anyFlow && rate && doseLha !== undefined) {
      doseFlag =
        doseLha < rate * (1 - opt.doseTolerance)
          ? 'under'
          : doseLha > rate * (1 + opt.doseTolerance)
            ? 'over'
            : 'ok';
    }
    const doubleSprayedM2 = area(intersect(target, doubleRegion));
    const flags: string[] = [];
    if (coverage < opt.minCoverage)
      flags.push(`coverage ${(coverage * 100).toFixed(1)} % (gaps ${area(gapRegion).toFixed(0)} m²)`);
    if (doseFlag === 'under' || doseFlag === 'over')
      flags.push(`${doseFlag}-dose: ${doseLha!.toFixed(1)} L/ha against ${rate} L/ha planned`);
    if (doubleSprayedM2 > 0.02 * targetAreaM2)
      flags.push(
        `double-sprayed ${doubleSprayedM2.toFixed(0)} m² (${((doubleSprayedM2 / targetAreaM2) * 100).toFixed(1)} %)`,
      );
    targetTotal += targetAreaM2;
    coveredTotal += coveredM2;
    const out: PlotAsApplied = {
      plotId: plot.id,
      targetAreaM2,
      coveredM2,
      coverage,
      gaps,
      gapAreaM2: area(gapRegion),
      doubleSprayedM2,
      liquidL,
      doseFlag,
      underDoseLengthM: underByPlot[k]!,
      overDoseLengthM: overByPlot[k]!,
      flags,
    };
    if (plot.name !== undefined) out.name = plot.name;
    if (plot.owner !== undefined) out.owner = plot.owner;
    if (plannedLiquidL !== undefined) out.plannedLiquidL = plannedLiquidL;
    if (doseLha !== undefined) out.doseLha = doseLha;
    return out;
  });

  const outsideShape = toShape(outside);
  const inNoSprayShape = toShape(inNoSpray);
  if (outsideShape.areaM2 > 1)
    warnings.push(`sprayed ${outsideShape.areaM2.toFixed(0)} m² outside the plots`);
  if (inNoSprayShape.areaM2 > 0.1)
    warnings.push(`sprayed ${inNoSprayShape.areaM2.toFixed(1)} m² inside a no-spray zone`);

  const liquidPlotsL = perPlot.reduce((s, p) => s + p.liquidL, 0);
  const result: AsAppliedResult = {
    origin: frame.origin,
    swathM: input.swathM,
    sprayed: toShape(sprayed),
    doubleSprayed: toShape(doubleRegion),
    outsidePlots: outsideShape,
    inNoSpray: inNoSprayShape,
    sprayTracksXY: runs,
    trackXY,
    sprayTimeS,
    sprayLengthM: stretches.reduce((s, st) => s + st.lengthM, 0),
    liquidL: anyFlow ? liquidPlotsL + liquidOutsideL : liquidPlotsL,
    liquidSource: anyFlow ? 'flow' : rate && stretches.length > 0 ? 'estimated' : 'none',
    liquidOutsideL,
    perPlot,
    coverage: targetTotal > 0 ? coveredTotal / targetTotal : 0,
    targetAreaM2: targetTotal,
    logGaps,
    warnings,
  };
  if (rate) result.plannedLiquidL = (rate * targetTotal) / 10_000;
  if (input.plan) {
    const planFrame = new LocalFrame(input.plan.origin);
    let planned: Region = [];
    let plannedSprayM = 0;
    for (const piece of input.plan.pieces) {
      if (piece.kind !== 'spray') continue;
      const xy =
        piece.xy?.length === piece.coords.length ? piece.xy : piece.coords.map((c) => planFrame.toXY(c));
      planned = union(planned, widenPolyline(xy, input.swathM));
      plannedSprayM += polylineLength(xy);
    }
    if (rate) result.plannedRouteLiquidL = (rate * input.swathM * plannedSprayM) / 10_000;
    result.planned = toShape(planned);
    result.coverageOfPlan =
      result.planned.areaM2 > 0 ? area(intersect(planned, sprayed)) / result.planned.areaM2 : 0;
  }
  return result;
}

/**
 * Gives a flow to the sprayed stretches that have none while the log has flow elsewhere (a vehicle
 * that reports flow less often than position, a reading left out as stale): the reading of the
 * nearest spraying sample in time, if within `maxGapS`. Without it such stretches would add no
 * liquid at all and the total would come out short. Returns the seconds of spraying so filled.
 */
function fillMissingFlow(
  samples: readonly TelemetrySample[],
  stretches: Stretch[],
  maxGapS: number,
  swathM: number,
): number {
  const times: number[] = [];
  const flows: number[] = [];
  for (const s of samples)
    if (s.spraying && typeof s.flowLpm === 'number' && Number.isFinite(s.flowLpm)) {
      times.push(s.t);
      flows.push(s.flowLpm);
    }
  let filledS = 0;
  for (const st of stretches) {
    if (st.liquidL !== undefined) continue;
    // nearest reading by binary search
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < st.tMid) lo = mid + 1;
      else hi = mid;
    }
    let k = -1;
    for (const j of [lo - 1, lo])
      if (
        j >= 0 &&
        j < times.length &&
        (k < 0 || Math.abs(times[j]! - st.tMid) < Math.abs(times[k]! - st.tMid))
      )
        k = j;
    if (k < 0 || Math.abs(times[k]! - st.tMid) > maxGapS * 1000) continue;
    const flow = flows[k]!;
    st.liquidL = (flow * st.dtS) / 60;
    const speed = st.dtS > 0 ? st.lengthM / st.dtS : 0;
    if (speed > 0.3) st.doseLha = (flow * 10_000) / (swathM * speed * 60);
    filledS += st.dtS;
  }
  return filledS;
}

/** Baseline (m) over which the track's direction is compared to find reversals. */
const REVERSAL_BASE_M = 1.5;

function samePoint(p: XY, q: XY): boolean {
  return Math.abs(p[0] - q[0]) < 1e-9 && Math.abs(p[1] - q[1]) < 1e-9;
}
