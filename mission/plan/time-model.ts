import type { XY } from '../geo/types.js';

/** Multirotor kinematics for time estimates. */
export interface TimeModel {
  /** Cruise speed while spraying (m/s). */
  speedMps: number;
  /** Cruise speed on transits (m/s). */
  transitSpeedMps: number;
  /** Acceleration and braking (m/s²). */
  accelMps2: number;
  /** Time stopped at each sharp turn (s). */
  turnStopS: number;
}

/** Heading change (degrees) above which the drone stops to turn; smaller bends are flown through. */
export const SHARP_TURN_DEG = 30;

/** Time (s) to fly a straight leg of `d` metres from standstill to standstill (trapezoidal speed). */
export function legTime(d: number, v: number, a: number): number {
  if (d <= 0) return 0;
  const dAccel = (v * v) / a; // accelerate + brake
  return d >= dAccel ? d / v + v / a : 2 * Math.sqrt(d / a);
}

/**
 * Estimated flight time (s) of a route given as pieces in flight order. The route is split into
 * legs at every vertex where the heading changes by more than SHARP_TURN_DEG; each leg is flown
 * from a stop to a stop at its cruise speed (the slower one if it mixes spray and transit), and
 * each stop between legs costs `turnStopS`.
 */
export function estimateTime(pieces: readonly { kind: string; xy: readonly XY[] }[], m: TimeModel): number {
  let total = 0;
  let legLen = 0;
  let legSpeed = Infinity;
  let lastDir: XY | null = null;
  let stops = 0;
  const cosSharp = Math.cos((SHARP_TURN_DEG * Math.PI) / 180);
  for (const piece of pieces) {
    const v = piece.kind === 'spray' ? m.speedMps : m.transitSpeedMps;
    for (let i = 1; i < piece.xy.length; i++) {
      const p = piece.xy[i - 1]!;
      const q = piece.xy[i]!;
      const dx = q[0] - p[0];
      const dy = q[1] - p[1];
      const d = Math.hypot(dx, dy);
      if (d < 1e-9) continue;
      const dir: XY = [dx / d, dy / d];
      if (lastDir && lastDir[0] * dir[0] + lastDir[1] * dir[1] < cosSharp) {
        total += legTime(legLen, legSpeed, m.accelMps2);
        legLen = 0;
        legSpeed = Infinity;
        stops++;
      }
      legLen += d;
      legSpeed = Math.min(legSpeed, v);
      lastDir = dir;
    }
  }
  if (legLen > 0) total += legTime(legLen, legSpeed, m.accelMps2);
  return total + stops * m.turnStopS;
}
