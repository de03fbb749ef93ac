import { Clipper } from 'clipper2-ts';
import { type Paths, SCALE, simplify } from './geometry.js';
import { laneOffsets, laneRotation } from './swaths.js';
import { legTime, type TimeModel } from './time-model.js';

/** The time model plus the weight of double dose (see `DOUBLE_DOSE_WEIGHT`) for choosing a sweep. */
export interface SweepModel extends TimeModel {
  /** Defaults to `DOUBLE_DOSE_WEIGHT`. */
  doubleDoseWeight?: number;
}

/** A candidate sweep angle and its estimated interior flight time. */
export interface AngleEstimate {
  angleDeg: number;
  timeS: number;
  /** The flight time alone (without the double-dose penalty). */
  flightS: number;
}

/**
 * Quick estimate of the time to fly the interior at `angleDeg`: lane centre lines are cut by
 * the area's edges (a scan line, no clipping), each piece is a leg from stop to stop at spray
 * speed, and each turn costs two stops plus a short transit of one lane spacing.
 */
export function estimateSweep(rings: Paths, swathM: number, angleDeg: number, m: SweepModel): number {
  const { flightS, doubleM2 } = sweepParts(rings, swathM, angleDeg, m);
  return flightS + doubleDosePenalty(doubleM2, swathM, m);
}

/** The flight time of a sweep and the double dose (m²) its lanes would spray (see `estimateSweep`). */
function sweepParts(
  rings: Paths,
  swathM: number,
  angleDeg: number,
  m: SweepModel,
): { flightS: number; doubleM2: number } {
  const rot = laneRotation(angleDeg);
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  const edges: number[] = [];
  let minY = Infinity;
  let maxY = -Infinity;
  for (const r of rings) {
    const n = r.length;
    for (let i = 0; i < n; i++) {
      const p = r[i]!;
      const q = r[(i + 1) % n]!;
      const x1 = (p.x * c - p.y * s) / SCALE;
      const y1 = (p.x * s + p.y * c) / SCALE;
      const x2 = (q.x * c - q.y * s) / SCALE;
      const y2 = (q.x * s + q.y * c) / SCALE;
      if (y1 < minY) minY = y1;
      if (y1 > maxY) maxY = y1;
      if (y1 !== y2) edges.push(x1, y1, x2, y2);
    }
  }
  const ys = laneOffsets(minY, maxY, swathM);
  const minLen = Math.min(0.2, swathM / 10);
  const turn = 2 * m.turnStopS + legTime(swathM, m.transitSpeedMps, m.accelMps2);
  let total = 0;
  let legs = 0;
  let sprayLen = 0;
  const xs: number[] = [];
  const spans: [number, number][] = [];
  const cut = (y: number) => {
    xs.length = 0;
    for (let k = 0; k < edges.length; k += 4) {
      const y1 = edges[k + 1]!;
      const y2 = edges[k + 3]!;
      if (y1 <= y !== y2 <= y) {
        const x1 = edges[k]!;
        const x2 = edges[k + 2]!;
        xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) spans.push([xs[k]!, xs[k + 1]!]);
  };
  ys.forEach((y, i) => {
    // the lane must reach every point of its own band: sample the band's edges and middle
    const lo = i > 0 ? (y - ys[i - 1]!) / 2 : swathM / 2;
    const hi = i + 1 < ys.length ? (ys[i + 1]! - y) / 2 : swathM / 2;
    spans.length = 0;
    cut(y - lo * 0.98);
    cut(y);
    cut(y + hi * 0.98);
    spans.sort((a, b) => a[0] - b[0]);
    let cur: [number, number] | null = null;
    const flush = () => {
      if (cur && cur[1] - cur[0] >= minLen) {
        total += legTime(cur[1] - cur[0], m.speedMps, m.accelMps2);
        sprayLen += cur[1] - cur[0];
        legs++;
      }
    };
    for (const sp of spans) {
      if (cur && sp[0] <= cur[1]) cur[1] = Math.max(cur[1], sp[1]);
      else {
        flush();
        cur = [sp[0], sp[1]];
      }
    }
    flush();
  });
  const doubleM2 = Math.max(0, sprayLen * swathM - Math.abs(Clipper.areaPaths(rings)) / (SCALE * SCALE));
  return { flightS: total + Math.max(0, legs - 1) * turn, doubleM2 };
}

/**
 * Double dose is pesticide wasted and a risk to the crop, not only flight time: a sweep pays for
 * each square metre sprayed twice this many times the time it takes to spray it (on top of
 * flying it), when the sweep angle, the regions and the lane placement are chosen. At 8, a
 * sweep with 1 % more of the field sprayed twice must save about 8 % of the spraying time.
 * (Plan parameter `doubleDoseWeight`; 0 = fastest flight only.)
 */
export const DOUBLE_DOSE_WEIGHT = 8;

/** The extra cost (s) of `doubleM2` square metres of double dose (see `DOUBLE_DOSE_WEIGHT`). */
export function doubleDosePenalty(doubleM2: number, swathM: number, m: SweepModel): number {
  return ((m.doubleDoseWeight ?? DOUBLE_DOSE_WEIGHT) * doubleM2) / (swathM * m.speedMps);
}

/**
 * Candidate sweep angles ranked by estimated time, best first: the directions of the area's
 * long edges (a field is usually best swept along one of them) plus a coarse sweep every 10°.
 */
export function rankAngles(area: Paths, swathM: number, m: SweepModel, coarse = false): AngleEstimate[] {
  const simple = simplify(area, Math.min(0.5, swathM / 10));
  const edgeDirs: { deg: number; len: number }[] = [];
  for (const r of simple)
    for (let i = 0; i < r.length; i++) {
      const p = r[i]!;
      const q = r[(i + 1) % r.length]!;
      const dx = q.x - p.x;
      const dy = q.y - p.y;
      const len = Math.hypot(dx, dy) / SCALE;
      if (len < swathM) continue;
      const deg = ((((Math.atan2(dx, dy) * 180) / Math.PI) % 180) + 180) % 180; // clockwise from north
      edgeDirs.push({ deg, len });
    }
  edgeDirs.sort((a, b) => b.len - a.len);
  const cands: number[] = [];
  const add = (d: number) => {
    const x = ((d % 180) + 180) % 180;
    if (!cands.some((c) => Math.abs(c - x) < 0.5 || Math.abs(c - x) > 179.5)) cands.push(x);
  };
  for (const e of edgeDirs.slice(0, coarse ? 6 : 16)) add(e.deg);
  for (let d = 0; d < 180; d += coarse ? 20 : 10) add(d);
  return cands
    .map((angleDeg) => {
      const { flightS, doubleM2 } = sweepParts(area, swathM, angleDeg, m);
      return { angleDeg, timeS: flightS + doubleDosePenalty(doubleM2, swathM, m), flightS };
    })
    .sort((a, b) => a.timeS - b.timeS);
}
