import { Clipper } from 'clipper2-ts';
import type { RingXY, XY } from '../geo/types.js';
import { offset, type Paths, pathToRing, SCALE } from './geometry.js';

/**
 * At a sharp convex corner: the lap sprays on past the vertex along the incoming edge to `out`,
 * flies with the nozzles off to `back` (behind the vertex on the outgoing edge; the vertex itself
 * unless the corner is acute) and sprays on from there.
 */
export interface CornerSpur {
  out: XY;
  back: XY;
}

/** One headland lap: a closed ring, and at sharp convex corners a spur that sprays into the corner. */
export interface LapRing {
  ring: RingXY;
  /** spurs[i]: the corner spur at vertex i, or null. */
  spurs: (CornerSpur | null)[];
}

/** Stage 3: headland laps and what is left for the interior swaths. */
export interface Headland {
  /** laps[k] = the closed rings flown on pass k+1 (outer boundaries and around holes), in metres. */
  laps: LapRing[][];
  /** Interior area T still to cover with parallel swaths (integer-mm paths). */
  interior: Paths;
}

/** Corners turning less than this (degrees) are flown through without a spur. */
const SPUR_MIN_TURN_DEG = 25;
/**
 * Only corners sharper than this get a spur. A spur sprays its whole length twice over (it runs
 * alongside the next edge's band) to wet the dry tip: at a right angle that is ~9 m² of double
 * dose for 1.3 m² of crop (5 m boom), not worth it; at 60° the tip is 4.3 m² and it is.
 */
const SPUR_MAX_INTERIOR = (80 * Math.PI) / 180;

/**
 * Headland laps of width `swathM`: pass k flies the boundary of the sprayable area shrunk by
 * (k − ½)·swath, so its spray band covers the band between (k−1)·swath and k·swath from the
 * edge (holes and no-spray zones are edges too). The interior is the area shrunk by
 * passes·swath. At a sharp convex corner a spray band turning round the corner would leave the
 * corner tip dry; the lap flies on into the corner (a spur, as far as the boom stays over
 * sprayable ground), then comes back with the nozzles off and sprays on along the next edge.
 */
export function buildHeadland(sprayable: Paths, swathM: number, passes: number): Headland {
  const laps: LapRing[][] = [];
  const area = sprayable.map(pathToRing);
  for (let k = 1; k <= passes; k++) {
    const rings = offset(sprayable, -(k - 0.5) * swathM, 'round');
    const kept: LapRing[] = [];
    for (const r of rings) {
      if (Math.abs(Clipper.area(r)) < 0.01 * SCALE * SCALE) continue;
      const ring = pathToRing(r);
      kept.push({ ring, spurs: cornerSpurs(ring, area, swathM) });
    }
    if (kept.length === 0) break;
    laps.push(kept);
  }
  const interior = passes > 0 ? offset(sprayable, -passes * swathM, 'round') : sprayable;
  return { laps, interior };
}

function cornerSpurs(ring: RingXY, area: RingXY[], w: number): (CornerSpur | null)[] {
  const n = ring.length;
  const out: (CornerSpur | null)[] = new Array(n).fill(null);
  if (n < 3) return out;
  const minTurn = (SPUR_MIN_TURN_DEG * Math.PI) / 180;
  /** How far (≤ want) a band from `v` along `u` stays over sprayable ground. */
  const reach = (v: XY, u: XY, want: number): number => {
    const nx = -u[1] * (w / 2);
    const ny = u[0] * (w / 2);
    const fits = (d: number) => {
      const e: XY = [v[0] + u[0] * d, v[1] + u[1] * d];
      return rectInside(
        [
          [v[0] - nx, v[1] - ny],
          [e[0] - nx, e[1] - ny],
          [e[0] + nx, e[1] + ny],
          [v[0] + nx, v[1] + ny],
        ],
        area,
      );
    };
    if (fits(want)) return want;
    let lo = 0;
    let hi = want;
    for (let it = 0; it < 5; it++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  for (let i = 0; i < n; i++) {
    const a = ring[(i + n - 1) % n]!;
    const v = ring[i]!;
    const b = ring[(i + 1) % n]!;
    const l1 = Math.hypot(v[0] - a[0], v[1] - a[1]);
    const l2 = Math.hypot(b[0] - v[0], b[1] - v[1]);
    if (l1 < 1e-6 || l2 < 1e-6) continue;
    const u1: XY = [(v[0] - a[0]) / l1, (v[1] - a[1]) / l1];
    const u2: XY = [(b[0] - v[0]) / l2, (b[1] - v[1]) / l2];
    const crossZ = u1[0] * u2[1] - u1[1] * u2[0];
    // clipper keeps the area on the left of every ring (outer and hole): a left turn is a convex corner
    if (crossZ <= 0) continue;
    const turn = Math.acos(Math.max(-1, Math.min(1, u1[0] * u2[0] + u1[1] * u2[1])));
    if (turn < minTurn) continue;
    const interior = Math.PI - turn;
    if (interior > SPUR_MAX_INTERIOR) continue;
    const want = Math.min(2 * w, w / 2 / Math.tan(interior / 2));
    if (want < 0.05 * w) continue;
    const d1 = reach(v, u1, want);
    // an acute corner: the next edge's band also starts behind the vertex, into the corner
    const d2 = interior < Math.PI / 2 - 0.05 ? reach(v, [-u2[0], -u2[1]], want) : 0;
    if (d1 < 0.3 * want && d2 < 0.3 * want) continue;
    out[i] = {
      out: [v[0] + u1[0] * d1, v[1] + u1[1] * d1],
      back: [v[0] - u2[0] * d2, v[1] - u2[1] * d2],
    };
  }
  return out;
}

function orient(a: XY, b: XY, c: XY): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function segmentsCross(a: XY, b: XY, c: XY, d: XY): boolean {
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** True if the convex quadrilateral lies inside the area (rings, even-odd), up to boundary contact. */
function rectInside(quad: XY[], area: RingXY[]): boolean {
  const shrink = (p: XY, c: XY): XY => [c[0] + (p[0] - c[0]) * 0.999, c[1] + (p[1] - c[1]) * 0.999];
  const c: XY = [(quad[0]![0] + quad[2]![0]) / 2, (quad[0]![1] + quad[2]![1]) / 2];
  const q = quad.map((p) => shrink(p, c));
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of q) {
    minX = Math.min(minX, p[0]);
    maxX = Math.max(maxX, p[0]);
    minY = Math.min(minY, p[1]);
    maxY = Math.max(maxY, p[1]);
  }
  for (const p of q) if (!insideArea(p, area)) return false;
  for (const ring of area)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[j]!;
      const b = ring[i]!;
      if (Math.max(a[0], b[0]) < minX || Math.min(a[0], b[0]) > maxX) continue;
      if (Math.max(a[1], b[1]) < minY || Math.min(a[1], b[1]) > maxY) continue;
      // a vertex of the area inside the quad, or an edge crossing it
      let inQuad = true;
      for (let k = 0; k < 4; k++) if (orient(q[k]!, q[(k + 1) % 4]!, b) < 0) inQuad = false;
      if (inQuad) return false;
      for (let k = 0; k < 4; k++) if (segmentsCross(a, b, q[k]!, q[(k + 1) % 4]!)) return false;
    }
  return true;
}

function insideArea(p: XY, area: RingXY[]): boolean {
  let inside = false;
  for (const ring of area)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]!;
      const b = ring[j]!;
      if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0])
        inside = !inside;
    }
  return inside;
}
