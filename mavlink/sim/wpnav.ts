/**
 * Waypoint navigation of the simulated Copter, after ArduPilot's AC_WPNav: the vehicle follows the
 * straight track from where the leg starts to the waypoint (it does not bee-line from wherever it is),
 * accelerates and brakes within WPNAV_ACCEL, and passes through an intermediate ("fast") waypoint on a
 * rounded corner that begins WPNAV_RADIUS before it, slowing for the corner so the turn stays within
 * the acceleration limit. A reversal (or a waypoint that changes only the altitude) is a full stop.
 * Pure geometry in metres on a local east/north plane; no MAVLink here.
 */

/** East, north in metres. */
export type EN = readonly [number, number];

/** Limits of the navigation, in SI units (the Copter parameters divided by 100). */
export interface WpNavLimits {
  /** WPNAV_SPEED (or DO_CHANGE_SPEED), m/s. */
  speedMps: number;
  /** WPNAV_ACCEL, m/s². */
  accelMps2: number;
  /** WPNAV_RADIUS, m: the corner of a fast waypoint begins this far before it. */
  radiusM: number;
}

/** A rounded corner the next leg starts with. */
export interface Fillet {
  /** Points from where the corner begins (on the incoming track) to where it ends (on the outgoing one). */
  points: EN[];
  /** Speed through the corner, m/s. */
  speedMps: number;
}

/** Turns sharper than this (degrees) are flown as a stop and turn on the spot, as the S-curve does. */
const MAX_FILLET_TURN_DEG = 170;
const FILLET_STEPS = 8;

const sub = (a: EN, b: EN): [number, number] => [a[0] - b[0], a[1] - b[1]];
const len = (a: EN): number => Math.hypot(a[0], a[1]);
const lerp = (a: EN, b: EN, t: number): [number, number] => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
];

/**
 * The corner at waypoint `w` between the track arriving from `from` and the one leaving for `next`:
 * undefined when the vehicle must stop there (reversal, zero-length leg).
 */
export function cornerAt(from: EN, w: EN, next: EN, lim: WpNavLimits): Fillet | undefined {
  const a = sub(w, from);
  const b = sub(next, w);
  const la = len(a);
  const lb = len(b);
  if (la < 0.1 || lb < 0.1) return undefined;
  const cos = (a[0] * b[0] + a[1] * b[1]) / (la * lb);
  const turn = Math.acos(Math.max(-1, Math.min(1, cos)));
  if ((turn * 180) / Math.PI > MAX_FILLET_TURN_DEG) return undefined;
  // The corner begins at most WPNAV_RADIUS before the waypoint, and never past half of either leg.
  const d = Math.min(lim.radiusM, la / 2, lb / 2);
  const ua: EN = [a[0] / la, a[1] / la];
  const ub: EN = [b[0] / lb, b[1] / lb];
  const t1: EN = [w[0] - ua[0] * d, w[1] - ua[1] * d];
  const t2: EN = [w[0] + ub[0] * d, w[1] + ub[1] * d];
  // Radius of the circle tangent to both tracks at t1/t2; lateral acceleration v²/r ≤ WPNAV_ACCEL.
  const tanHalf = Math.tan(turn / 2);
  const r = tanHalf > 1e-6 ? d / tanHalf : Number.POSITIVE_INFINITY;
  const speedMps = Math.min(lim.speedMps, Math.sqrt(lim.accelMps2 * r));
  const points: EN[] = [];
  if (d < 1e-6) points.push(w);
  else
    for (let i = 0; i <= FILLET_STEPS; i++) {
      // Quadratic Bézier t1 → w → t2: tangent to both tracks.
      const t = i / FILLET_STEPS;
      points.push(lerp(lerp(t1, w, t), lerp(w, t2, t), t));
    }
  return { points, speedMps };
}

/**
 * One leg being flown: a polyline (an optional corner from the previous waypoint, then the straight
 * track) that ends either on the waypoint (stop) or where the corner of the next one begins.
 */
export class Leg {
  private readonly pts: EN[];
  private readonly cum: number[];
  /** Distance along the leg. */
  private s = 0;
  /** Speed along the leg, m/s. */
  speed: number;

  /**
   * @param start where the vehicle is
   * @param startSpeed its speed along the leg
   * @param entry the corner the leg begins with (used when the vehicle is at its start)
   * @param end where the leg ends: the waypoint, or the start of its corner
   * @param endSpeed speed at `end` (0: stop on the waypoint)
   */
  constructor(
    start: EN,
    startSpeed: number,
    entry: Fillet | undefined,
    end: EN,
    private readonly endSpeed: number,
  ) {
    const pts: EN[] = [start];
    this.entryEnd = 0;
    this.entrySpeed = Number.POSITIVE_INFINITY;
    if (entry && entry.points.length > 0 && len(sub(entry.points[0]!, start)) < 0.5) {
      for (const p of entry.points.slice(1)) pts.push(p);
      this.entrySpeed = entry.speedMps;
    }
    if (len(sub(end, pts[pts.length - 1]!)) > 1e-6) pts.push(end);
    this.pts = pts;
    this.cum = [0];
    for (let i = 1; i < pts.length; i++) this.cum.push(this.cum[i - 1]! + len(sub(pts[i]!, pts[i - 1]!)));
    if (this.entrySpeed !== Number.POSITIVE_INFINITY) this.entryEnd = this.cum[entry!.points.length - 1] ?? 0;
    this.speed = startSpeed;
  }

  private entryEnd: number;
  private entrySpeed: number;

  get length(): number {
    return this.cum[this.cum.length - 1]!;
  }

  get done(): boolean {
    return this.s >= this.length - 1e-6;
  }

  /** Where the vehicle is on the leg. */
  position(): EN {
    const s = this.s;
    const i = this.cum.findIndex((c) => c >= s);
    if (i < 0) return this.pts[this.pts.length - 1]!;
    if (i === 0) return this.pts[0]!;
    const c0 = this.cum[i - 1]!;
    const seg = this.cum[i]! - c0;
    return lerp(this.pts[i - 1]!, this.pts[i]!, seg > 0 ? (s - c0) / seg : 1);
  }

  /**
   * Advances up to `dt` seconds within the limits. Returns the velocity (east, north; speed along the
   * leg in its direction there) and the time left over when the leg ended within `dt`.
   */
  advance(dt: number, lim: WpNavLimits): { vel: EN; leftS: number } {
    const remaining = this.length - this.s;
    let v = Math.min(
      this.speed + lim.accelMps2 * dt,
      lim.speedMps,
      // the fastest speed from which, after this step, braking at the limit still ends at endSpeed
      -lim.accelMps2 * dt +
        Math.sqrt(
          (lim.accelMps2 * dt) ** 2 + this.endSpeed ** 2 + 2 * lim.accelMps2 * Math.max(0, remaining),
        ),
    );
    if (this.s < this.entryEnd) v = Math.min(v, this.entrySpeed);
    v = Math.max(0, v);
    let leftS = 0;
    if (v * dt >= remaining - 1e-3) {
      // the leg ends within this step: arrive at the end speed, keep the rest of the time
      const vEnd = Math.max(v, this.endSpeed);
      leftS = vEnd > 1e-9 ? Math.max(0, dt - remaining / vEnd) : 0;
      this.s = this.length;
      if (this.endSpeed > 0) v = Math.min(v, this.endSpeed); // arrive no faster than the corner allows
    } else this.s += v * dt;
    this.speed = v;
    const dir = this.direction();
    return { vel: [dir[0] * v, dir[1] * v], leftS };
  }

  /** Unit direction of the leg where the vehicle is (the last segment once at the end). */
  private direction(): EN {
    let i = this.cum.findIndex((c) => c > this.s + 1e-9);
    if (i < 1) i = this.pts.length - 1;
    if (i < 1) return [0, 0];
    const d = sub(this.pts[i]!, this.pts[i - 1]!);
    const l = len(d);
    return l > 0 ? [d[0] / l, d[1] / l] : [0, 0];
  }
}
