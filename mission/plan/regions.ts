import type { XY } from '../geo/types.js';
import { rankAngles, type SweepModel } from './angle.js';
import { areaM2, components, difference, type Paths, ringToPath, SCALE, simplify } from './geometry.js';

/** A part of the interior swept in its own direction. */
export interface Region {
  area: Paths;
  angleDeg: number;
  /** Estimated time to sweep it (s). */
  timeS: number;
}

/** Most regions a field is split into. */
const MAX_REGIONS = 6;
/** A split must save at least this share of the estimated time. */
const MIN_GAIN = 0.03;
/** Reflex corners sharper than this (degrees) are tried as cut points. */
const MIN_REFLEX_DEG = 20;
const MAX_CUTS_PER_REGION = 12;
/** Parts whose area is above this share of their convex hull are not split. */
const MIN_SOLIDITY = 0.85;

/** Area (m²) of the convex hull of all vertices (monotone chain). */
function hullArea(paths: Paths): number {
  const pts = paths.flat().map((q) => [q.x / SCALE, q.y / SCALE] as XY);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return 0;
  const half = (list: XY[]) => {
    const h: XY[] = [];
    for (const p of list) {
      while (h.length >= 2 && cross(h[h.length - 2]!, h[h.length - 1]!, p) <= 0) h.pop();
      h.push(p);
    }
    h.pop();
    return h;
  };
  const hull = [...half(pts), ...half(pts.slice().reverse())];
  let a = 0;
  for (let i = 0; i < hull.length; i++) {
    const p = hull[i]!;
    const q = hull[(i + 1) % hull.length]!;
    a += p[0] * q[1] - q[0] * p[1];
  }
  return Math.abs(a) / 2;
}

function best(area: Paths, swathM: number, m: SweepModel, coarse = false): Region {
  const r = rankAngles(area, swathM, m, coarse)[0] ?? { angleDeg: 0, timeS: 0 };
  return { area, angleDeg: r.angleDeg, timeS: r.timeS };
}

function cross(o: XY, a: XY, b: XY): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** Distances along the ray p + t·u (t > 0) at which it crosses the rings' edges, ascending. */
function rayHits(p: XY, u: XY, rings: XY[][]): number[] {
  const out: number[] = [];
  for (const ring of rings)
    for (let i = 0; i < ring.length; i++) {
      const a = ring[i]!;
      const b = ring[(i + 1) % ring.length]!;
      const ex = b[0] - a[0];
      const ey = b[1] - a[1];
      const den = u[0] * ey - u[1] * ex;
      if (Math.abs(den) < 1e-12) continue;
      const wx = a[0] - p[0];
      const wy = a[1] - p[1];
      const t = (wx * ey - wy * ex) / den;
      const s = (wx * u[1] - wy * u[0]) / den;
      if (t > 1e-3 && s >= 0 && s < 1) out.push(t);
    }
  return out.sort((x, y) => x - y);
}

interface Cut {
  pieces: Region[];
  timeS: number;
}

function bestCut(region: Region, corners: XY[][], swathM: number, m: SweepModel): Cut | null {
  const rings = region.area.map((p) => p.map((q) => [q.x / SCALE, q.y / SCALE] as XY));
  const cands: { v: XY; u: XY; sharp: number }[] = [];
  const minReflex = (MIN_REFLEX_DEG * Math.PI) / 180;
  for (const ring of corners) {
    const n = ring.length;
    for (let i = 0; i < n; i++) {
      const a = ring[(i + n - 1) % n]!;
      const v = ring[i]!;
      const b = ring[(i + 1) % n]!;
      if (cross(a, v, b) >= 0) continue; // area on the left: a right turn is a reflex corner
      const l1 = Math.hypot(v[0] - a[0], v[1] - a[1]);
      const l2 = Math.hypot(b[0] - v[0], b[1] - v[1]);
      if (l1 < swathM || l2 < swathM) continue;
      const u1: XY = [(v[0] - a[0]) / l1, (v[1] - a[1]) / l1];
      const u2: XY = [(b[0] - v[0]) / l2, (b[1] - v[1]) / l2];
      const turn = Math.acos(Math.max(-1, Math.min(1, u1[0] * u2[0] + u1[1] * u2[1])));
      if (turn < minReflex) continue;
      cands.push({ v, u: u1, sharp: turn }, { v, u: [-u2[0], -u2[1]], sharp: turn });
    }
  }
  cands.sort((p, q) => q.sharp - p.sharp);
  let bestCutFound: Cut | null = null;
  for (const c of cands.slice(0, MAX_CUTS_PER_REGION)) {
    // the corner of the sprayable area lies outside the interior: cut from it through the first
    // stretch of interior the ray crosses
    const hits = rayHits(c.v, c.u, rings);
    if (hits.length < 2) continue;
    const t = hits[1]!;
    const nx = -c.u[1] * 0.001;
    const ny = c.u[0] * 0.001;
    const p0: XY = [c.v[0], c.v[1]];
    const p1: XY = [c.v[0] + c.u[0] * (t + 0.05), c.v[1] + c.u[1] * (t + 0.05)];
    const slit = [
      ringToPath([
        [p0[0] - nx, p0[1] - ny],
        [p1[0] - nx, p1[1] - ny],
        [p1[0] + nx, p1[1] + ny],
        [p0[0] + nx, p0[1] + ny],
      ]),
    ];
    const parts = components(difference(region.area, slit));
    if (parts.length < 2) continue;
    if (parts.some((p) => areaM2(p) < swathM * swathM)) continue;
    const pieces = parts.map((p) => best(p, swathM, m, true));
    const timeS = pieces.reduce((s, p) => s + p.timeS, 0) + 2 * m.turnStopS;
    if (!bestCutFound || timeS < bestCutFound.timeS) bestCutFound = { pieces, timeS };
  }
  // the chosen pieces get a fine angle search
  if (bestCutFound) {
    bestCutFound.pieces = bestCutFound.pieces.map((p) => best(p.area, swathM, m));
    bestCutFound.timeS = bestCutFound.pieces.reduce((s, p) => s + p.timeS, 0) + 2 * m.turnStopS;
  }
  return bestCutFound;
}

/**
 * Splits a concave interior into regions each swept in its own best direction, where that saves
 * time: cuts run from a reflex corner along one of its edges to the opposite boundary (a 2 mm
 * slit, so nothing measurable is lost); the best cut is kept if it saves at least 3 % of the
 * estimated time, and the pieces are tried again (up to MAX_REGIONS regions).
 */
export function splitRegions(interior: Paths, sprayable: Paths, swathM: number, m: SweepModel): Region[] {
  const corners = simplify(sprayable, 0.25).map((p) => p.map((q) => [q.x / SCALE, q.y / SCALE] as XY));
  const out: Region[] = [];
  const queue: Region[] = [];
  for (const c of components(interior)) {
    // nearly convex parts gain nothing from a split
    if (areaM2(c) > MIN_SOLIDITY * hullArea(c)) out.push({ area: c, angleDeg: 0, timeS: 0 });
    else queue.push(best(c, swathM, m));
  }
  if (queue.length === 0) return out.length > 1 ? out.map((r) => best(r.area, swathM, m)) : out;
  while (queue.length > 0) {
    const r = queue.shift()!;
    if (out.length + queue.length + 1 >= MAX_REGIONS) {
      out.push(r);
      continue;
    }
    const cut = bestCut(r, corners, swathM, m);
    if (cut && cut.timeS < r.timeS * (1 - MIN_GAIN)) queue.push(...cut.pieces);
    else out.push(r);
  }
  return out;
}
