import { LocalFrame } from '../geo/local-frame.js';
import type { LngLat, XY } from '../geo/types.js';
import type { PathPiece, PieceKind, Plan } from '../plan/types.js';

/** One straight segment of the route, with its distance from the route's start. */
export interface RouteSegment {
  pieceIndex: number;
  kind: PieceKind;
  a: XY;
  b: XY;
  lengthM: number;
  /** Distance along the route at `a` (m). */
  startM: number;
}

/** The plan's route as straight segments in flight order (zero-length segments dropped). */
export interface Route {
  segments: RouteSegment[];
  lengthM: number;
  frame: LocalFrame;
  plan: Plan;
}

/** Builds the segment list of a plan's route. */
export function routeOf(plan: Plan): Route {
  const segments: RouteSegment[] = [];
  let s = 0;
  plan.pieces.forEach((p, pieceIndex) => {
    for (let i = 1; i < p.xy.length; i++) {
      const a = p.xy[i - 1]!;
      const b = p.xy[i]!;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (!(len > 1e-9)) continue;
      segments.push({ pieceIndex, kind: p.kind, a, b, lengthM: len, startM: s });
      s += len;
    }
  });
  return { segments, lengthM: s, frame: new LocalFrame(plan.origin), plan };
}

/** Index of the segment that holds distance `d` (the last one whose start ≤ d). */
export function segmentAt(route: Route, d: number): number {
  const segs = route.segments;
  let lo = 0;
  let hi = segs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segs[mid]!.startM <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The local position at distance `d` along the route. */
export function pointAt(route: Route, d: number): XY {
  if (route.segments.length === 0) throw new Error('the route is empty');
  const seg = route.segments[segmentAt(route, d)]!;
  const t = Math.min(1, Math.max(0, (d - seg.startM) / seg.lengthM));
  return [seg.a[0] + (seg.b[0] - seg.a[0]) * t, seg.a[1] + (seg.b[1] - seg.a[1]) * t];
}

function toLngLat(route: Route, q: XY, original?: { xy: XY; coord: LngLat }): LngLat {
  if (original && original.xy[0] === q[0] && original.xy[1] === q[1]) return original.coord;
  return route.frame.toLngLat(q);
}

/**
 * The route between distances `from` and `to` as pieces (split where needed), keeping each
 * piece's kind and role. Points taken from the plan keep their original coordinates.
 */
export function sliceRoute(route: Route, from: number, to: number): PathPiece[] {
  const out: PathPiece[] = [];
  if (to - from <= 1e-9) return out;
  const segs = route.segments;
  let cur: { pieceIndex: number; xy: XY[] } | undefined;
  const flush = () => {
    if (!cur || cur.xy.length < 2) return;
    const src = route.plan.pieces[cur.pieceIndex]!;
    const coords = cur.xy.map((q) => {
      const k = src.xy.findIndex((p) => p[0] === q[0] && p[1] === q[1]);
      return toLngLat(route, q, k >= 0 ? { xy: src.xy[k]!, coord: src.coords[k]! } : undefined);
    });
    let len = 0;
    for (let i = 1; i < cur.xy.length; i++)
      len += Math.hypot(cur.xy[i]![0] - cur.xy[i - 1]![0], cur.xy[i]![1] - cur.xy[i - 1]![1]);
    const piece: PathPiece = { kind: src.kind, coords, xy: cur.xy, lengthM: len };
    if (src.role) piece.role = src.role;
    if (src.cell !== undefined) piece.cell = src.cell;
    out.push(piece);
  };
  for (let i = segmentAt(route, from); i < segs.length; i++) {
    const s = segs[i]!;
    if (s.startM >= to - 1e-9) break;
    const t0 = Math.max(0, (from - s.startM) / s.lengthM);
    const t1 = Math.min(1, (to - s.startM) / s.lengthM);
    if (t1 - t0 <= 1e-12) continue;
    const p0: XY = t0 <= 0 ? s.a : [s.a[0] + (s.b[0] - s.a[0]) * t0, s.a[1] + (s.b[1] - s.a[1]) * t0];
    const p1: XY = t1 >= 1 ? s.b : [s.a[0] + (s.b[0] - s.a[0]) * t1, s.a[1] + (s.b[1] - s.a[1]) * t1];
    if (!cur || cur.pieceIndex !== s.pieceIndex) {
      flush();
      cur = { pieceIndex: s.pieceIndex, xy: [p0] };
    }
    const last = cur.xy[cur.xy.length - 1]!;
    if (Math.hypot(last[0] - p0[0], last[1] - p0[1]) > 1e-9) cur.xy.push(p0);
    cur.xy.push(p1);
  }
  flush();
  return out;
}

/** Where a position lies on the route: distance along it and how far off it is. */
export interface RouteLocation {
  distanceM: number;
  offRouteM: number;
  kind: PieceKind;
  pieceIndex: number;
}

/**
 * Projects a position onto the nearest point of the route (optionally only between two
 * distances, e.g. the sortie that was flying).
 */
export function locateOnRoute(route: Route, p: XY, range?: [number, number]): RouteLocation {
  let best: RouteLocation | undefined;
  for (const s of route.segments) {
    const dx = s.b[0] - s.a[0];
    const dy = s.b[1] - s.a[1];
    let t = ((p[0] - s.a[0]) * dx + (p[1] - s.a[1]) * dy) / (s.lengthM * s.lengthM);
    let d = s.startM + Math.min(1, Math.max(0, t)) * s.lengthM;
    if (range) {
      if (s.startM + s.lengthM < range[0] || s.startM > range[1]) continue;
      d = Math.min(range[1], Math.max(range[0], d));
    }
    t = (d - s.startM) / s.lengthM;
    const q: XY = [s.a[0] + dx * t, s.a[1] + dy * t];
    const off = Math.hypot(p[0] - q[0], p[1] - q[1]);
    if (!best || off < best.offRouteM - 1e-9)
      best = { distanceM: d, offRouteM: off, kind: s.kind, pieceIndex: s.pieceIndex };
  }
  if (!best) throw new Error('the route is empty (or the range holds none of it)');
  return best;
}
