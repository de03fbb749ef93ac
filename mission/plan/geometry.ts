import {
  Clipper,
  ClipType,
  EndType,
  FillRule,
  JoinType,
  type Path64,
  type Paths64,
  type PolyPath64,
  PolyTree64,
} from 'clipper2-ts';
import type { MultiPolygonXY, PolygonXY, RingXY, XY } from '../geo/types.js';

/**
 * Thin wrappers over clipper2-ts for the planner. Geometry is kept as clipper `Paths64` in
 * integer millimetres of the plan's local metric frame (east/north), so offsetting and booleans
 * are exact and robust; conversion to metres happens only at the edges of the pipeline.
 */

/** Integer units per metre (1 mm resolution). */
export const SCALE = 1000;

export type Paths = Paths64;
export type Path = Path64;

export function ringToPath(ring: readonly XY[]): Path {
  return ring.map(([x, y]) => ({ x: Math.round(x * SCALE), y: Math.round(y * SCALE) }));
}

export function pathToRing(path: Path): RingXY {
  return path.map((p) => [p.x / SCALE, p.y / SCALE] as XY);
}

/** A polygon as clipper paths, outer ring counter-clockwise and holes clockwise (any input orientation). */
export function polygonToPaths(poly: PolygonXY): Paths {
  return poly.map((ring, i) => {
    const path = ringToPath(ring);
    return Clipper.isPositive(path) === (i === 0) ? path : path.reverse();
  });
}

export function multiPolygonToPaths(mp: MultiPolygonXY): Paths {
  return mp.flatMap((p) => polygonToPaths(p));
}

export function union(a: Paths, b?: Paths): Paths {
  return b ? Clipper.union(a, b, FillRule.NonZero) : Clipper.union(a, FillRule.NonZero);
}

export function intersect(a: Paths, b: Paths): Paths {
  if (a.length === 0 || b.length === 0) return [];
  return Clipper.intersect(a, b, FillRule.NonZero);
}

export function difference(a: Paths, b: Paths): Paths {
  if (a.length === 0) return [];
  if (b.length === 0) return a;
  return Clipper.difference(a, b, FillRule.NonZero);
}

/**
 * Grows (d > 0) or shrinks (d < 0) polygons by `dM` metres. Round joins follow the true
 * Minkowski sum with a disc (what a round spray footprint does); miter joins keep corners.
 */
export function offset(paths: Paths, dM: number, join: 'round' | 'miter' = 'round'): Paths {
  if (paths.length === 0) return [];
  if (dM === 0) return union(paths);
  return Clipper.inflatePaths(
    paths,
    dM * SCALE,
    join === 'round' ? JoinType.Round : JoinType.Miter,
    EndType.Polygon,
    join === 'miter' ? 4 : 2,
    ARC_TOLERANCE,
  );
}

/** Arc approximation tolerance for round joins (integer units): 1 cm. */
const ARC_TOLERANCE = 10;

/**
 * The band a boom of width `widthM` sprays along an open polyline (butt ends, round joins), or
 * along a closed lap when `closed`.
 */
export function widenLine(
  line: readonly XY[],
  widthM: number,
  closed = false,
  arcTolerance = ARC_TOLERANCE,
): Paths {
  const path = ringToPath(line);
  const pts = closed && path.length > 2 ? stripClosingPath(path) : path;
  if (pts.length < 2) return [];
  return Clipper.inflatePaths(
    [pts],
    (widthM / 2) * SCALE,
    JoinType.Round,
    closed ? EndType.Joined : EndType.Butt,
    2,
    arcTolerance,
  );
}

function stripClosingPath(p: Path): Path {
  const a = p[0]!;
  const b = p[p.length - 1]!;
  return a.x === b.x && a.y === b.y ? p.slice(0, -1) : p;
}

/** Area in square metres (holes negative, as clipper returns them). */
export function areaM2(paths: Paths): number {
  return Clipper.areaPaths(paths) / (SCALE * SCALE);
}

/** Axis-aligned bounds in integer units. */
export function bounds(paths: Paths): { minX: number; minY: number; maxX: number; maxY: number } {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of paths)
    for (const q of p) {
      if (q.x < minX) minX = q.x;
      if (q.x > maxX) maxX = q.x;
      if (q.y < minY) minY = q.y;
      if (q.y > maxY) maxY = q.y;
    }
  return { minX, minY, maxX, maxY };
}

/** Rotates paths about the origin by `rad` (counter-clockwise). */
export function rotatePaths(paths: Paths, rad: number): Paths {
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  return paths.map((p) =>
    p.map((q) => ({ x: Math.round(q.x * c - q.y * s), y: Math.round(q.x * s + q.y * c) })),
  );
}

/** Converts clipper output to polygons with holes (via a PolyTree union). */
export function toMultiPolygon(paths: Paths): MultiPolygonXY {
  if (paths.length === 0) return [];
  const tree = new PolyTree64();
  Clipper.booleanOpWithPolyTree(ClipType.Union, paths, null, tree, FillRule.NonZero);
  const out: MultiPolygonXY = [];
  const visit = (node: PolyPath64) => {
    for (let i = 0; i < node.count; i++) {
      const outer = node.child(i);
      if (!outer.poly) continue;
      const poly: PolygonXY = [pathToRing(outer.poly)];
      for (let j = 0; j < outer.count; j++) {
        const hole = outer.child(j);
        if (hole.poly) poly.push(pathToRing(hole.poly));
        visit(hole);
      }
      out.push(poly);
    }
  };
  visit(tree);
  return out;
}

/** Polygons with holes as clipper paths, outer rings counter-clockwise, holes clockwise. */
export function components(paths: Paths): Paths[] {
  return toMultiPolygon(paths).map((p) => polygonToPaths(p));
}

/** Removes spikes and near-duplicate vertices closer than `epsM` (keeps topology). */
export function simplify(paths: Paths, epsM: number): Paths {
  return Clipper.simplifyPaths(paths, epsM * SCALE, true).filter((p) => p.length >= 3);
}
