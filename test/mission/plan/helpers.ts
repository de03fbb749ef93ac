import type { FieldFile, Zone } from '../../../mission/field/types.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { LngLat, XY } from '../../../mission/geo/types.js';

/** A frame near a Red River delta paddy, used to draw test fields in metres. */
export const FRAME = new LocalFrame([106.35, 20.45]);

export function ringLL(pts: XY[]): LngLat[] {
  const r = pts.map((p) => FRAME.toLngLat(p));
  return [...r, [r[0]![0], r[0]![1]]];
}

export function rect(x0: number, y0: number, x1: number, y1: number): XY[] {
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
}

export function fieldOf(outer: XY[], holes: XY[][] = [], extra: Partial<FieldFile> = {}): FieldFile {
  return {
    plots: [{ id: 'p1', polygons: [[ringLL(outer), ...holes.map((h) => ringLL(h))]] }],
    noSpray: [],
    noFly: [],
    ...extra,
  };
}

export function zone(kind: 'no-spray' | 'no-fly', pts: XY[]): Zone {
  return { kind, ring: ringLL(pts) };
}

export function circle(cx: number, cy: number, r: number, n = 24): XY[] {
  const out: XY[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    out.push([cx + r * Math.cos(a), cy + r * Math.sin(a)]);
  }
  return out;
}
