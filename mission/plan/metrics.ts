import type { MultiPolygonXY, XY } from '../geo/types.js';
import { areaM2, difference, multiPolygonToPaths, type Paths, union, widenLine } from './geometry.js';
import { estimateTime, type TimeModel } from './time-model.js';
import type { PlanMetrics } from './types.js';

/** What `computeMetrics` needs: the route and the area it should spray, in local metres. */
export interface MetricsInput {
  pieces: readonly { kind: 'spray' | 'transit'; xy: readonly XY[] }[];
  /** Sprayable area (field minus no-spray zones and their buffers), polygons with holes. */
  sprayable: MultiPolygonXY;
  swathM: number;
  time: TimeModel;
}

/** Metrics plus the sprayed union, for per-plot accounting. */
export interface MetricsDetail {
  metrics: PlanMetrics;
  /** S: union of every spray piece widened to the swath (integer-mm paths). */
  sprayed: Paths;
}

function isClosed(xy: readonly XY[]): boolean {
  if (xy.length < 4) return false;
  const a = xy[0]!;
  const b = xy[xy.length - 1]!;
  return Math.abs(a[0] - b[0]) < 1e-6 && Math.abs(a[1] - b[1]) < 1e-6;
}

function length(xy: readonly XY[]): number {
  let s = 0;
  for (let i = 1; i < xy.length; i++) s += Math.hypot(xy[i]![0] - xy[i - 1]![0], xy[i]![1] - xy[i - 1]![1]);
  return s;
}

/**
 * Plan quality as DESIGN.md "Metrics" defines it. Each spray piece is widened to the swath
 * (a band of half a swath each side, butt ends, round joins; a closed lap is a closed band);
 * S is their union. With A the sprayable area:
 * coverage = |S ∩ A| / |A|; off-target = |S \ A| / |A|; overlap = (Σ|band| − |S|) / |A|;
 * path ratio = total length / (|A| / swath); swaths = spray pieces; turns = manoeuvres between
 * consecutive spray pieces; estimated time from the multirotor model.
 */
export function computeMetricsDetail(input: MetricsInput, sprayablePaths?: Paths): MetricsDetail {
  const A = sprayablePaths ?? union(multiPolygonToPaths(input.sprayable));
  const areaA = areaM2(A);
  const bands: Paths = [];
  let sumBands = 0;
  let sprayLen = 0;
  let transitLen = 0;
  let spraysSeen = 0;
  let turns = 0;
  for (const p of input.pieces) {
    const len = length(p.xy);
    if (p.kind === 'spray') {
      sprayLen += len;
      if (len <= 0) continue;
      const band = widenLine(p.xy, input.swathM, isClosed(p.xy));
      sumBands += areaM2(band);
      bands.push(...band);
      if (spraysSeen > 0) turns++;
      spraysSeen++;
    } else transitLen += len;
  }
  const S = bands.length > 0 ? union(bands) : [];
  const areaS = areaM2(S);
  const outside = Math.max(0, areaM2(difference(S, A))); // clipper rounding can give -0
  const inside = Math.min(areaA, areaS - outside);
  const pathLen = sprayLen + transitLen;
  const safe = (x: number) => (areaA > 0 ? x / areaA : 0);
  return {
    metrics: {
      sprayableAreaM2: areaA,
      coverage: safe(inside),
      offTarget: safe(outside),
      overlap: safe(Math.max(0, sumBands - areaS)),
      pathRatio: areaA > 0 ? pathLen / (areaA / input.swathM) : 0,
      pathLengthM: pathLen,
      sprayLengthM: sprayLen,
      transitLengthM: transitLen,
      swaths: spraysSeen,
      turns,
      estimatedTimeS: estimateTime(input.pieces, input.time),
    },
    sprayed: S,
  };
}

/** DESIGN.md metrics of a route over a sprayable area (see `computeMetricsDetail`). */
export function computeMetrics(input: MetricsInput): PlanMetrics {
  return computeMetricsDetail(input).metrics;
}
