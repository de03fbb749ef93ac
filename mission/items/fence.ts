import { LocalFrame } from '../geo/local-frame.js';
import type { LngLat, XY } from '../geo/types.js';
import { MavCmd, MavFrame, type MissionItem } from './types.js';

export interface FenceOptions {
  /** Distance from the outermost point (block outline, route, lead points, home) to the fence (m). */
  marginM: number;
  /** No-fly zones (closed or open [lon, lat] rings) as exclusion polygons. */
  noFly?: LngLat[][];
  /** Frame origin; default: around the points. */
  origin?: LngLat;
}

export interface Fence {
  /** Fence items (mission_type 1) in upload order: inclusion polygon, then each exclusion. */
  items: MissionItem[];
  /** The inclusion polygon (closed ring, [lon, lat]). */
  inclusion: LngLat[];
  exclusions: LngLat[][];
}

/** Convex hull (Andrew's monotone chain), counter-clockwise, no repeated point. */
export function convexHull(points: readonly XY[]): XY[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: XY, a: XY, b: XY) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: XY[] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: XY[] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i]!;
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

function vertexItems(ring: readonly LngLat[], command: number): MissionItem[] {
  return ring.map(([lon, lat]) => ({
    seq: 0,
    frame: MavFrame.GLOBAL,
    command,
    current: 0,
    autocontinue: 1,
    param1: ring.length,
    param2: 0,
    param3: 0,
    param4: 0,
    x: round7(lat),
    y: round7(lon),
    z: 0,
    missionType: 1,
  }));
}

function openRing(r: readonly LngLat[]): LngLat[] {
  const a = r[0];
  const b = r[r.length - 1];
  return a && b && r.length > 1 && a[0] === b[0] && a[1] === b[1] ? r.slice(0, -1) : [...r];
}

/**
 * A geofence for the job: an inclusion polygon = convex hull of every point given (the block's
 * outline, the route with its lead points, home) grown by `marginM` (each vertex pushed out along
 * 8 directions, so the fence is at least `marginM` from every point and adds at most 8 vertices to
 * the hull: fence storage on the vehicle is small), and an exclusion polygon
 * per no-fly zone. Items carry param1 = vertex count, as ArduPilot and PX4 expect.
 */
export function buildFence(points: readonly LngLat[], options: FenceOptions): Fence {
  if (points.length === 0) throw new Error('buildFence: no points');
  if (!(options.marginM >= 0) || options.marginM > 1000)
    throw new Error(`buildFence: margin ${options.marginM} m is not in 0–1000`);
  const frame = options.origin ? new LocalFrame(options.origin) : LocalFrame.around(points);
  const n = 8;
  // Circumscribed octagon so the buffer is never thinner than the margin.
  const r = options.marginM / Math.cos(Math.PI / n);
  const grown: XY[] = [];
  for (const p of convexHull(points.map((q) => frame.toXY(q)))) {
    if (r === 0) grown.push(p);
    else
      for (let k = 0; k < n; k++)
        grown.push([p[0] + r * Math.cos((2 * Math.PI * k) / n), p[1] + r * Math.sin((2 * Math.PI * k) / n)]);
  }
  const hull = convexHull(grown);
  if (hull.length < 3) throw new Error('buildFence: the points span no area (give a margin)');
  const inclusionOpen = hull.map((q) => frame.toLngLat(q));
  const exclusions = (options.noFly ?? []).map(openRing).filter((z) => z.length >= 3);
  const items = [
    ...vertexItems(inclusionOpen, MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION),
    ...exclusions.flatMap((z) => vertexItems(z, MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION)),
  ].map((it, i) => ({ ...it, seq: i }));
  return {
    items,
    inclusion: [...inclusionOpen, inclusionOpen[0]!],
    exclusions: exclusions.map((z) => [...z, z[0]!]),
  };
}

/** Every position a mission flies through (NAV items with a position), as [lon, lat]. */
export function missionPositions(items: readonly MissionItem[]): LngLat[] {
  return items
    .filter(
      (it) =>
        it.frame !== MavFrame.MISSION &&
        (it.command === MavCmd.NAV_WAYPOINT ||
          it.command === MavCmd.NAV_TAKEOFF ||
          it.command === MavCmd.NAV_LAND),
    )
    .map((it) => [it.y, it.x] as LngLat);
}
