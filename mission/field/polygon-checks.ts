import { LocalFrame, pointInRing, polygonArea } from '../geo/local-frame.js';

export { pointInRing };

import type { LngLat, XY } from '../geo/types.js';
import type { InputIssue } from './types.js';

/** The largest field the app accepts (2,000 ha): beyond it an input is almost surely a mistake. */
export const MAX_FIELD_AREA_M2 = 2000 * 10_000;

const fmt = (p: readonly number[]) =>
  `(${(p[0] ?? Number.NaN).toFixed(6)}, ${(p[1] ?? Number.NaN).toFixed(6)})`;

/** Checks a position array is [lon, lat] with finite values in range. */
export function checkPosition(p: unknown, where: string, issues: InputIssue[]): p is LngLat {
  if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number') {
    issues.push({
      where,
      message: `a position must be [longitude, latitude] numbers, got ${JSON.stringify(p)}`,
    });
    return false;
  }
  const [lon, lat] = p as number[];
  if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
    issues.push({ where, message: 'a coordinate is not a finite number' });
    return false;
  }
  if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
    issues.push({
      where,
      message: `longitude/latitude out of range ${fmt(p as number[])}: longitude must be within ±180 and latitude within ±90 (are they swapped?)`,
    });
    return false;
  }
  return true;
}

/** Removes consecutive duplicates and closes the ring. Returns the closed ring. */
export function normaliseRing(ring: LngLat[]): LngLat[] {
  const out: LngLat[] = [];
  for (const p of ring) {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push([p[0], p[1]]);
  }
  if (out.length > 1) {
    const a = out[0]!;
    const b = out[out.length - 1]!;
    if (a[0] === b[0] && a[1] === b[1]) out.pop();
  }
  if (out.length > 0) out.push([out[0]![0], out[0]![1]]);
  return out;
}

function orient(a: XY, b: XY, c: XY): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: XY, b: XY, p: XY, eps: number): boolean {
  return (
    Math.min(a[0], b[0]) - eps <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) + eps &&
    Math.min(a[1], b[1]) - eps <= p[1] &&
    p[1] <= Math.max(a[1], b[1]) + eps
  );
}

/** True if segments ab and cd intersect or touch. */
export function segmentsIntersect(a: XY, b: XY, c: XY, d: XY): boolean {
  const eps = 1e-9;
  const d1 = orient(c, d, a);
  const d2 = orient(c, d, b);
  const d3 = orient(a, b, c);
  const d4 = orient(a, b, d);
  if (
    ((d1 > eps && d2 < -eps) || (d1 < -eps && d2 > eps)) &&
    ((d3 > eps && d4 < -eps) || (d3 < -eps && d4 > eps))
  )
    return true;
  if (Math.abs(d1) <= eps && onSegment(c, d, a, eps)) return true;
  if (Math.abs(d2) <= eps && onSegment(c, d, b, eps)) return true;
  if (Math.abs(d3) <= eps && onSegment(a, b, c, eps)) return true;
  if (Math.abs(d4) <= eps && onSegment(a, b, d, eps)) return true;
  return false;
}

interface Edge {
  ring: number;
  index: number;
  a: XY;
  b: XY;
  minX: number;
  maxX: number;
}

/**
 * Finds the first pair of crossing edges among the rings of a polygon (a sweep over x, so a
 * field with thousands of vertices is checked in milliseconds). Adjacent edges of one ring
 * share a vertex and are not counted.
 */
export function findCrossing(rings: XY[][]): { e1: Edge; e2: Edge } | null {
  const edges: Edge[] = [];
  rings.forEach((ring, r) => {
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[i]!;
      const b = ring[(i + 1) % n]!;
      edges.push({ ring: r, index: i, a, b, minX: Math.min(a[0], b[0]), maxX: Math.max(a[0], b[0]) });
    }
  });
  edges.sort((p, q) => p.minX - q.minX);
  const active: Edge[] = [];
  for (const e of edges) {
    for (let k = active.length - 1; k >= 0; k--) if (active[k]!.maxX < e.minX - 1e-9) active.splice(k, 1);
    for (const f of active) {
      if (e.ring === f.ring) {
        const n = rings[e.ring]!.length;
        const di = Math.abs(e.index - f.index);
        if (di === 1 || di === n - 1) continue;
      }
      if (segmentsIntersect(e.a, e.b, f.a, f.b))
        return e.index <= f.index ? { e1: e, e2: f } : { e1: f, e2: e };
    }
    active.push(e);
  }
  return null;
}

/** True when all points of a ring lie within 1 mm of one line (no area to spray). */
function isDegenerate(ring: XY[]): boolean {
  let a = ring[0]!;
  let b = ring[0]!;
  let best = 0;
  for (const p of ring) {
    const d = Math.hypot(p[0] - a[0], p[1] - a[1]);
    if (d > best) {
      best = d;
      b = p;
    }
  }
  if (best < 1e-3) return true;
  a = ring[0]!;
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  return ring.every((p) => Math.abs(orient(a, b, p)) / len < 1e-3);
}

/**
 * Validates one polygon (closed GeoJSON rings, already range-checked) and returns its area in m²
 * (0 when refused). Issues name the ring and vertex.
 */
export function checkPolygon(rings: LngLat[][], where: string, issues: InputIssue[]): number {
  const before = issues.length;
  const closed = rings.map(normaliseRing);
  closed.forEach((ring, r) => {
    const distinct = ring.length - 1;
    if (distinct < 3) {
      issues.push({
        where: `${where}, ring ${r}${r === 0 ? ' (outer)' : ' (hole)'}`,
        message: `needs at least 3 distinct points, has ${Math.max(distinct, 0)}`,
      });
    }
  });
  if (issues.length > before) return 0;
  const frame = LocalFrame.around(closed[0]!);
  const xy = closed.map((r) => frame.ringToXY(r));
  xy.forEach((ring, r) => {
    if (isDegenerate(ring)) {
      issues.push({ where: `${where}, ring ${r}`, message: 'has zero area (all points on one line)' });
    }
  });
  if (issues.length > before) return 0;
  const crossing = findCrossing(xy);
  if (crossing) {
    const { e1, e2 } = crossing;
    const p = closed[e1.ring]![e1.index]!;
    const what = e1.ring === e2.ring ? 'self-intersection' : 'rings cross each other';
    issues.push({
      where: `${where}, ring ${e1.ring}, edge ${e1.index}–${e1.index + 1} from ${fmt(p)}`,
      message: `${what}: it crosses ring ${e2.ring} edge ${e2.index}–${e2.index + 1} from ${fmt(closed[e2.ring]![e2.index]!)}. Redraw the boundary so its edges do not cross.`,
    });
    return 0;
  }
  for (let r = 1; r < xy.length; r++) {
    if (!pointInRing(xy[r]![0]!, xy[0]!)) {
      issues.push({
        where: `${where}, ring ${r} (hole) at ${fmt(closed[r]![0]!)}`,
        message: 'the hole lies outside its outer boundary',
      });
    }
  }
  if (issues.length > before) return 0;
  return polygonArea(xy);
}
