import {
  Clipper,
  ClipType,
  EndType,
  FillRule,
  JoinType,
  type PathD,
  type PathsD,
  type PolyPathD,
  PolyTreeD,
} from 'clipper2-ts';
import { ringSignedArea } from '../geo/local-frame.js';
import type { MultiPolygonXY, PolygonXY, XY } from '../geo/types.js';

/**
 * Thin helpers over clipper2-ts for polygon sets in the local metric frame (metres).
 * A `Region` is a set of paths in Clipper's convention: outer rings counter-clockwise, holes
 * clockwise, combined with the non-zero rule. Precision is millimetres.
 */
export type Region = PathsD;

const PRECISION = 3;

/** Polygons with holes → a region (orientation normalised, so overlapping inputs union correctly). */
export function regionOf(mp: readonly PolygonXY[]): Region {
  const out: PathsD = [];
  for (const poly of mp) {
    poly.forEach((ring, i) => {
      if (ring.length < 3) return;
      const a = ringSignedArea(ring);
      const wantPositive = i === 0;
      const pts = ring.map(([x, y]) => ({ x, y }));
      out.push(a > 0 === wantPositive ? pts : pts.reverse());
    });
  }
  return out;
}

/** Union of one or more regions. */
export function union(...regions: Region[]): Region {
  const all = regions.flat();
  if (all.length === 0) return [];
  return Clipper.booleanOpD(ClipType.Union, all, null, FillRule.NonZero, PRECISION);
}

export function intersect(a: Region, b: Region): Region {
  if (a.length === 0 || b.length === 0) return [];
  return Clipper.booleanOpD(ClipType.Intersection, a, b, FillRule.NonZero, PRECISION);
}

export function difference(a: Region, b: Region): Region {
  if (a.length === 0) return [];
  if (b.length === 0) return union(a);
  return Clipper.booleanOpD(ClipType.Difference, a, b, FillRule.NonZero, PRECISION);
}

/** Net area (m²): outer rings minus holes. */
export function area(r: Region): number {
  return Math.abs(Clipper.areaPathsD(r));
}

/**
 * A polyline widened to `width` (half each side) with flat ends at the first and last point and
 * round joins: the ground a boom of that swath wets when flown along it with nozzles on.
 * `simplifyM` > 0 first drops vertices within that distance of the line (Ramer–Douglas–Peucker).
 */
export function widenPolyline(line: readonly XY[], width: number, simplifyM = 0): Region {
  if (line.length < 2 || !(width > 0)) return [];
  // Position noise makes a jagged track whose round joins widen the band; straighten it first.
  const pts = simplifyM > 0 && line.length > 2 ? simplifyPolyline(line, simplifyM) : line;
  const path: PathD = pts.map(([x, y]) => ({ x, y }));
  return Clipper.inflatePathsD([path], width / 2, JoinType.Round, EndType.Butt, 2, PRECISION, 0.02);
}

/**
 * Ramer–Douglas–Peucker on an open polyline, measuring distance to the SEGMENT between the kept
 * points (not to the infinite line), so a track that doubles back on itself is never collapsed.
 */
export function simplifyPolyline(line: readonly XY[], eps: number): XY[] {
  const n = line.length;
  if (n <= 2) return [...line];
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  const eps2 = eps * eps;
  while (stack.length > 0) {
    const [i0, i1] = stack.pop()!;
    let worst = -1;
    let worstD = eps2;
    for (let i = i0 + 1; i < i1; i++) {
      const d = segDist2(line[i]!, line[i0]!, line[i1]!);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push([i0, worst], [worst, i1]);
    }
  }
  return line.filter((_, i) => keep[i] === 1);
}

function segDist2(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  let u = l2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
  u = Math.max(0, Math.min(1, u));
  const ex = a[0] + u * dx - p[0];
  const ey = a[1] + u * dy - p[1];
  return ex * ex + ey * ey;
}

/**
 * Morphological opening: shrinks by `d` then grows back by `d`. Removes slivers narrower than
 * 2·d (GPS jitter between adjacent passes) and keeps real gaps with their shape.
 */
export function open(r: Region, d: number): Region {
  if (r.length === 0 || !(d > 0)) return r;
  const shrunk = Clipper.inflatePathsD(r, -d, JoinType.Miter, EndType.Polygon, 4, PRECISION);
  if (shrunk.length === 0) return [];
  return Clipper.inflatePathsD(shrunk, d, JoinType.Miter, EndType.Polygon, 4, PRECISION);
}

/** A region → polygons with holes (outer ring first), rings not closed. */
export function polygonsOf(r: Region): MultiPolygonXY {
  if (r.length === 0) return [];
  const tree = new PolyTreeD();
  Clipper.booleanOpDWithPolyTree(ClipType.Union, r, null, tree, FillRule.NonZero, PRECISION);
  const out: MultiPolygonXY = [];
  const visitOuter = (node: PolyPathD): void => {
    const outer = node.poly;
    if (!outer || outer.length < 3) return;
    const poly: PolygonXY = [outer.map((p) => [p.x, p.y] as XY)];
    for (let i = 0; i < node.count; i++) {
      const hole = node.child(i);
      if (hole.poly && hole.poly.length >= 3) poly.push(hole.poly.map((p) => [p.x, p.y] as XY));
      for (let j = 0; j < hole.count; j++) visitOuter(hole.child(j));
    }
    out.push(poly);
  };
  for (let i = 0; i < tree.count; i++) visitOuter(tree.child(i));
  return out;
}

/** True when the point lies inside the region (non-zero rule; on the edge counts as inside). */
export function contains(r: Region, p: XY): boolean {
  let winding = 0;
  for (const path of r) {
    const res = Clipper.pointInPolygonD({ x: p[0], y: p[1] }, path, PRECISION);
    if (res === 0) return true; // IsOn
    if (res === 1) winding += Clipper.isPositiveD(path) ? 1 : -1; // IsInside
  }
  return winding !== 0;
}
