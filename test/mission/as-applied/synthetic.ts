import type { Plot } from '../../../mission/field/types.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { LngLat, XY } from '../../../mission/geo/types.js';
import { DEFAULT_PLAN_PARAMS, type PathPiece, type Plan } from '../../../mission/plan/types.js';
import type { TelemetrySample } from '../../../mission/telemetry/types.js';

export const ORIGIN: LngLat = [105.6204, 19.9803];
export const FRAME = new LocalFrame(ORIGIN);

/** A rectangular plot [x0, y0]–[x1, y1] in the local frame, as a Plot. */
export function rectPlot(id: string, x0: number, y0: number, x1: number, y1: number, name?: string): Plot {
  const ring: XY[] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  return { id, name: name ?? id, owner: 'Nguyễn Văn An', polygons: [[FRAME.ringToLngLat(ring)]] };
}

function piece(kind: 'spray' | 'transit', xy: XY[]): PathPiece {
  const lengthM = xy.slice(1).reduce((s, p, i) => s + Math.hypot(p[0] - xy[i]![0], p[1] - xy[i]![1]), 0);
  return { kind, xy, coords: xy.map((q) => FRAME.toLngLat(q)), lengthM };
}

/** A hand-built boustrophedon plan over a rectangle: lanes along x, `swath` apart, transits between. */
export function lanePlan(x0: number, y0: number, x1: number, y1: number, swath: number): Plan {
  const pieces: PathPiece[] = [];
  const lanes = Math.round((y1 - y0) / swath);
  let prevEnd: XY | undefined;
  for (let k = 0; k < lanes; k++) {
    const y = y0 + swath * (k + 0.5);
    const a: XY = k % 2 === 0 ? [x0, y] : [x1, y];
    const b: XY = k % 2 === 0 ? [x1, y] : [x0, y];
    if (prevEnd) pieces.push(piece('transit', [prevEnd, a]));
    pieces.push(piece('spray', [a, b]));
    prevEnd = b;
  }
  const area = (x1 - x0) * (y1 - y0);
  return {
    params: { ...DEFAULT_PLAN_PARAMS, swathM: swath },
    pieces,
    metrics: {
      sprayableAreaM2: area,
      coverage: 1,
      offTarget: 0,
      overlap: 0,
      pathRatio: 1,
      pathLengthM: pieces.reduce((s, p) => s + p.lengthM, 0),
      sprayLengthM: pieces.filter((p) => p.kind === 'spray').reduce((s, p) => s + p.lengthM, 0),
      transitLengthM: pieces.filter((p) => p.kind === 'transit').reduce((s, p) => s + p.lengthM, 0),
      swaths: lanes,
      turns: lanes - 1,
      estimatedTimeS: 0,
    },
    perPlot: [],
    angleDeg: 90,
    computeMs: 0,
    origin: ORIGIN,
    sprayable: [],
    warnings: [],
  };
}

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FlyOptions {
  hz?: number;
  speedMps?: number;
  /** Planned rate (L/ha): the pump flow is set from it (flow = rate × swath × speed × 60 / 10 000). */
  rateLha?: number;
  /** Multiplies the logged flow (e.g. 0.7 for a clogged nozzle). */
  flowFactor?: number;
  /** Omit flow from the samples. */
  noFlow?: boolean;
  /** GPS noise, metres (uniform ±). */
  noiseM?: number;
  t0?: number;
  swathM?: number;
  /** Frame of the pieces' `xy` (the plan's origin); default ORIGIN. */
  origin?: LngLat;
}

/**
 * Flies a plan like a simulated drone: samples at `hz` along every piece at constant speed,
 * nozzles on along spray pieces, with position noise.
 */
export function flyPlan(pieces: readonly PathPiece[], o: FlyOptions = {}): TelemetrySample[] {
  const hz = o.hz ?? 10;
  const v = o.speedMps ?? 5;
  const swath = o.swathM ?? 5;
  const rand = rng(42);
  const noise = o.noiseM ?? 0.05;
  const flow = o.rateLha ? ((o.rateLha * swath * v * 60) / 10_000) * (o.flowFactor ?? 1) : undefined;
  const frame = o.origin ? new LocalFrame(o.origin) : FRAME;
  const out: TelemetrySample[] = [];
  let t = o.t0 ?? Date.UTC(2026, 10, 29, 1, 0, 0);
  const step = v / hz;
  for (const p of pieces) {
    const xy = p.xy;
    for (let i = 1; i < xy.length; i++) {
      const a = xy[i - 1]!;
      const b = xy[i]!;
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      const n = Math.max(1, Math.round(len / step));
      const hdg = ((Math.atan2(b[0] - a[0], b[1] - a[1]) * 180) / Math.PI + 360) % 360;
      for (let k = 0; k < n; k++) {
        const f = k / n;
        const q: XY = [
          a[0] + (b[0] - a[0]) * f + (rand() * 2 - 1) * noise,
          a[1] + (b[1] - a[1]) * f + (rand() * 2 - 1) * noise,
        ];
        const [lon, lat] = frame.toLngLat(q);
        const s: TelemetrySample = {
          t,
          lat,
          lon,
          altM: 3,
          groundSpeedMps: v,
          headingDeg: hdg,
          spraying: p.kind === 'spray',
          mode: 'AUTO',
          armed: true,
          batteryPct: 90 - out.length * 0.002,
        };
        if (!o.noFlow) s.flowLpm = p.kind === 'spray' && flow !== undefined ? flow : 0;
        out.push(s);
        t += 1000 / hz;
      }
    }
    // The last point of each piece, so spray pieces end exactly where planned.
    const last = xy[xy.length - 1]!;
    const [lon, lat] = frame.toLngLat(last);
    const s: TelemetrySample = {
      t,
      lat,
      lon,
      altM: 3,
      groundSpeedMps: v,
      headingDeg: 0,
      spraying: p.kind === 'spray',
      mode: 'AUTO',
      armed: true,
    };
    if (!o.noFlow) s.flowLpm = p.kind === 'spray' && flow !== undefined ? flow : 0;
    out.push(s);
    t += 1000 / hz;
  }
  return out;
}
