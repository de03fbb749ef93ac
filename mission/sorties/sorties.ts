import { InputError, type Issue } from '../dose/input-error.js';
import type { LngLat, XY } from '../geo/types.js';
import type { PathPiece, Plan } from '../plan/types.js';
import { type DroneProfile, usableFlightTimeS } from '../profile/drone-profile.js';
import type { TelemetrySample } from '../telemetry/types.js';
import { locateOnRoute, pointAt, type Route, routeOf, segmentAt, sliceRoute } from './route.js';

/** Why a sortie ends. */
export type SortieEnd = 'tank' | 'battery' | 'done';

/** One tank load: fly from the refill point, spray a stretch of the route, fly back. */
export interface Sortie {
  /** 1-based. */
  index: number;
  /** Route distance (m) where the sortie starts and where it stops spraying/flying the route. */
  startDistanceM: number;
  endDistanceM: number;
  /** Route pieces flown, split where the sortie starts or stops mid-piece. */
  pieces: PathPiece[];
  /** Refill point → start of `pieces` (a transit polyline; a single point when already there). */
  ferryOut: { xy: XY[]; coords: LngLat[]; lengthM: number };
  /** End of `pieces` → refill point. */
  ferryBack: { xy: XY[]; coords: LngLat[]; lengthM: number };
  sprayLengthM: number;
  /** Area under the nozzles (spray length × swath), ha. */
  areaHa: number;
  liquidL: number;
  flightTimeS: number;
  /** Share of the battery's endurance used (%), reserve not counted. */
  batteryUsedPct: number;
  endReason: SortieEnd;
}

export interface SortiePlan {
  sorties: Sortie[];
  totals: { sprayLengthM: number; areaHa: number; liquidL: number; flightTimeS: number };
  /** Refill point used (lon/lat) and its local position. */
  home: LngLat;
  homeXY: XY;
  /** Speed flown while spraying, and in transit to and from the refill point (m/s). */
  spraySpeedMps: number;
  cruiseSpeedMps: number;
  swathM: number;
  volumeLPerHa: number;
  origin: LngLat;
  warnings: string[];
}

export interface SortieOptions {
  profile: DroneProfile;
  /** Application volume (L/ha). */
  volumeLPerHa: number;
  /** Speed while spraying (m/s); default the plan's. Pass the pump-capped speed from `sprayRate`. */
  spraySpeedMps?: number;
  /** Refill point; default the plan's home, else the start of the route. */
  home?: LngLat;
  /**
   * Connects two local points by a safe polyline (e.g. the planner's obstacle-avoiding transit);
   * the default is a straight line. Must return at least [from, to].
   */
  connect?: (from: XY, to: XY) => XY[];
}

function polyLen(xy: readonly XY[]): number {
  let s = 0;
  for (let i = 1; i < xy.length; i++) s += Math.hypot(xy[i]![0] - xy[i - 1]![0], xy[i]![1] - xy[i - 1]![1]);
  return s;
}

/** Time model for the route: piecewise-linear cumulative time with turn penalties at vertices. */
interface TimeModel {
  /** Cumulative time (s) at each segment start, penalty of the turn into it included. */
  startT: number[];
  speed: number[];
}

function timeModel(
  route: Route,
  spraySpeed: number,
  accel: number,
  turnStopS: number,
  p: DroneProfile,
  cruise: number,
): TimeModel {
  const startT: number[] = [];
  const speed: number[] = [];
  let t = 0;
  let prev: { dx: number; dy: number; spray: boolean; pieceIndex: number } | undefined;
  const pieceLen = route.plan.pieces.map((pc) => {
    let l = 0;
    for (let i = 1; i < pc.xy.length; i++)
      l += Math.hypot(pc.xy[i]![0] - pc.xy[i - 1]![0], pc.xy[i]![1] - pc.xy[i - 1]![1]);
    return l;
  });
  const climbDescendS = (2 * (p.transitAltM - p.sprayHeightM)) / p.verticalSpeedMps;
  for (const s of route.segments) {
    const spray = s.kind === 'spray';
    // Long transits between runs are flown high at cruise speed (see buildSortieMission).
    const high = !spray && pieceLen[s.pieceIndex]! > p.highTransitM;
    const v = high ? cruise : spraySpeed;
    const dx = (s.b[0] - s.a[0]) / s.lengthM;
    const dy = (s.b[1] - s.a[1]) / s.lengthM;
    if (prev) {
      const cos = prev.dx * dx + prev.dy * dy;
      // A multirotor slows to a stop for a sharp turn (over ~30°) and accelerates again.
      if (cos < Math.cos(Math.PI / 6)) t += v / accel + turnStopS;
      // The mission flies a straight lead-out past the last crop edge and a lead-in before the next.
      if (prev.spray && !spray) t += p.leadOutM / spraySpeed;
      if (!prev.spray && spray) t += p.leadInM / spraySpeed;
      if (high && prev.pieceIndex !== s.pieceIndex) t += climbDescendS;
    }
    startT.push(t);
    speed.push(v);
    t += s.lengthM / v;
    prev = { dx, dy, spray, pieceIndex: s.pieceIndex };
  }
  return { startT, speed };
}

function timeAt(route: Route, tm: TimeModel, d: number): number {
  const i = segmentAt(route, d);
  const s = route.segments[i]!;
  return tm.startT[i]! + Math.max(0, Math.min(s.lengthM, d - s.startM)) / tm.speed[i]!;
}

/** Spray length between route start and `d`, via a prefix sum. */
function sprayAt(route: Route, prefix: number[], d: number): number {
  const i = segmentAt(route, d);
  const s = route.segments[i]!;
  return prefix[i]! + (s.kind === 'spray' ? Math.max(0, Math.min(s.lengthM, d - s.startM)) : 0);
}

/** Inverse of `sprayAt`: the smallest route distance at which `target` metres have been sprayed. */
function distanceForSpray(route: Route, prefix: number[], target: number): number {
  const segs = route.segments;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.kind !== 'spray') continue;
    if (prefix[i]! + s.lengthM >= target) return s.startM + Math.max(0, target - prefix[i]!);
  }
  return route.lengthM;
}

/** Next route distance ≥ d where spraying happens (skip transits), or the route's end. */
function nextSprayStart(route: Route, d: number): number {
  for (let i = segmentAt(route, d); i < route.segments.length; i++) {
    const s = route.segments[i]!;
    if (s.kind === 'spray' && s.startM + s.lengthM > d + 1e-9) return Math.max(d, s.startM);
  }
  return route.lengthM;
}

/** Last route distance ≤ d where spraying happened (to drop a trailing transit), or `from`. */
function lastSprayEnd(route: Route, from: number, d: number): number {
  for (let i = segmentAt(route, d); i >= 0; i--) {
    const s = route.segments[i]!;
    if (s.startM + s.lengthM < from) break;
    if (s.kind === 'spray' && s.startM < d) return Math.min(d, s.startM + s.lengthM);
  }
  return from;
}

function checkOptions(plan: Plan, o: SortieOptions): Issue[] {
  const issues: Issue[] = [];
  if (!Number.isFinite(o.volumeLPerHa) || o.volumeLPerHa <= 0 || o.volumeLPerHa > 500)
    issues.push({ where: 'volumeLPerHa', message: `must be in 0–500 L/ha, got ${o.volumeLPerHa}` });
  const sw = plan.params.swathM;
  if (!Number.isFinite(sw) || sw <= 0)
    issues.push({ where: 'plan.params.swathM', message: `must be positive, got ${sw}` });
  const v = o.spraySpeedMps ?? plan.params.speedMps;
  if (!Number.isFinite(v) || v <= 0 || v > 20)
    issues.push({ where: 'spraySpeedMps', message: `must be in 0–20 m/s, got ${v}` });
  if (plan.pieces.length === 0) issues.push({ where: 'plan.pieces', message: 'the plan has no route' });
  plan.pieces.forEach((p, i) => {
    if (p.xy.length < 2 || p.xy.length !== p.coords.length)
      issues.push({
        where: `plan.pieces[${i}]`,
        message: 'needs at least 2 points and as many xy as coords',
      });
    else if (p.xy.some((q) => !Number.isFinite(q[0]) || !Number.isFinite(q[1])))
      issues.push({ where: `plan.pieces[${i}].xy`, message: 'holds a non-finite coordinate' });
  });
  return issues;
}

/**
 * Cuts a plan's route into sorties where the tank runs dry or the battery reaches its reserve,
 * whichever comes first, counting the flight from and back to the refill point. Each sortie
 * resumes exactly where the last stopped spraying (a spray piece is split there); leftover transit
 * at a cut is replaced by the direct ferry legs. `fromDistanceM` starts part-way along the route
 * (resume after an interrupted sortie, see `resumeSorties`).
 */
export function planSorties(plan: Plan, options: SortieOptions, fromDistanceM = 0): SortiePlan {
  const issues = checkOptions(plan, options);
  if (issues.length) throw new InputError(issues, 'sorties');
  const p = options.profile;
  const route = routeOf(plan);
  if (route.segments.length === 0)
    throw new InputError([{ where: 'plan.pieces', message: 'the route has no length' }], 'sorties');
  const swath = plan.params.swathM;
  const V = options.volumeLPerHa;
  const litresPerSprayM = (V * swath) / 10_000;
  const spraySpeed = options.spraySpeedMps ?? plan.params.speedMps;
  const cruise = Math.max(p.cruiseSpeedMps, spraySpeed);
  const accel = plan.params.accelMps2 > 0 ? plan.params.accelMps2 : p.accelMps2;
  const tm = timeModel(route, spraySpeed, accel, Math.max(0, plan.params.turnStopS ?? 0), p, cruise);
  // A sortie cut mid-run still flies its lead-out before climbing home.
  const leadOutS = p.leadOutM / spraySpeed;
  const prefix: number[] = [];
  let acc = 0;
  for (const s of route.segments) {
    prefix.push(acc);
    if (s.kind === 'spray') acc += s.lengthM;
  }
  const totalSpray = acc;
  const home: LngLat = options.home ?? plan.home ?? plan.pieces[0]!.coords[0]!;
  const homeXY = route.frame.toXY(home);
  const connect = options.connect ?? ((a: XY, b: XY) => [a, b]);
  const usable = usableFlightTimeS(p);
  const vz = p.verticalSpeedMps;
  const climbS = p.transitAltM / vz;
  const altChangeS = (p.transitAltM - p.sprayHeightM) / vz;
  const ferryTime = (len: number) => (len > 0.5 ? len / cruise + cruise / accel : 0);
  const leg = (a: XY, b: XY) => {
    if (Math.hypot(a[0] - b[0], a[1] - b[1]) < 1e-6) return { xy: [a], lengthM: 0 };
    const xy = connect(a, b);
    return { xy, lengthM: polyLen(xy) };
  };
  const warnings: string[] = [];
  const sorties: Sortie[] = [];
  const start0 = Math.max(0, Math.min(route.lengthM, fromDistanceM));
  let s0 = start0 > 0 ? nextSprayStart(route, start0) : 0;

  while (s0 < route.lengthM - 1e-6) {
    if (sorties.length > 0 && sprayAt(route, prefix, route.lengthM) - sprayAt(route, prefix, s0) < 1e-6)
      break;
    const startXY = pointAt(route, s0);
    const out = leg(homeXY, startXY);
    const fixedOut = climbS + ferryTime(out.lengthM) + altChangeS + (s0 > 0 ? p.leadInM / spraySpeed : 0);
    // Battery: the last distance from which the drone can still fly home within the usable time.
    // With straight ferry legs the check is monotonic (route time grows at least as fast as the
    // return shrinks); with detours the bisection still keeps `lo` feasible.
    const t0 = timeAt(route, tm, s0);
    const need = (d: number) =>
      fixedOut +
      (timeAt(route, tm, d) - t0) +
      leadOutS +
      altChangeS +
      ferryTime(leg(pointAt(route, d), homeXY).lengthM) +
      climbS;
    let battEnd = route.lengthM;
    if (need(route.lengthM) > usable) {
      let lo = s0;
      let hi = route.lengthM;
      for (let k = 0; k < 60 && hi - lo > 1e-4; k++) {
        const mid = (lo + hi) / 2;
        if (need(mid) <= usable) lo = mid;
        else hi = mid;
      }
      battEnd = lo;
    }
    // Tank: where the liquid sprayed since s0 fills the tank.
    const sprayed0 = sprayAt(route, prefix, s0);
    const tankEnd = distanceForSpray(route, prefix, sprayed0 + p.tankL / litresPerSprayM);
    let cut = Math.min(battEnd, tankEnd);
    let reason: SortieEnd = tankEnd <= battEnd ? 'tank' : 'battery';
    if (totalSpray - sprayAt(route, prefix, cut) < 1e-6) {
      // Nothing left to spray: this is the last sortie; fly the plan's own way home if the battery allows.
      reason = 'done';
      if (battEnd >= route.lengthM - 1e-6) cut = route.lengthM;
    }
    if (cut - s0 < 1e-3 || (reason !== 'done' && sprayAt(route, prefix, cut) - sprayed0 < 1e-3)) {
      throw new InputError(
        [
          {
            where: 'profile.batteryEnduranceMin',
            message: `one battery (${p.batteryEnduranceMin} min, ${p.batteryReservePct}% reserve) cannot fly from the refill point to the route at ${s0.toFixed(0)} m, spray and come back: move the refill point closer or use a bigger battery`,
          },
        ],
        'sorties',
      );
    }
    // A cut sortie flies home from where it stopped spraying, not along the rest of a transit.
    const end = cut >= route.lengthM ? cut : lastSprayEnd(route, s0, cut);
    const pieces = sliceRoute(route, s0, end);
    const endXY = pointAt(route, end);
    const back = leg(endXY, homeXY);
    const sprayLen = sprayAt(route, prefix, end) - sprayed0;
    const flight =
      fixedOut + (timeAt(route, tm, end) - t0) + leadOutS + altChangeS + ferryTime(back.lengthM) + climbS;
    sorties.push({
      index: sorties.length + 1,
      startDistanceM: s0,
      endDistanceM: end,
      pieces,
      ferryOut: { xy: out.xy, coords: out.xy.map((q) => route.frame.toLngLat(q)), lengthM: out.lengthM },
      ferryBack: { xy: back.xy, coords: back.xy.map((q) => route.frame.toLngLat(q)), lengthM: back.lengthM },
      sprayLengthM: sprayLen,
      areaHa: (sprayLen * swath) / 10_000,
      liquidL: sprayLen * litresPerSprayM,
      flightTimeS: flight,
      batteryUsedPct: (flight / (p.batteryEnduranceMin * 60)) * 100,
      endReason: reason,
    });
    if (flight > usable + 1)
      warnings.push(
        `sortie ${sorties.length}: the flight (${(flight / 60).toFixed(1)} min) eats into the battery reserve`,
      );
    if (reason === 'done') break;
    s0 = nextSprayStart(route, cut);
    if (sorties.length > 5000)
      throw new Error('planSorties: more than 5000 sorties; check the tank and battery');
  }
  const totals = sorties.reduce(
    (t, s) => ({
      sprayLengthM: t.sprayLengthM + s.sprayLengthM,
      areaHa: t.areaHa + s.areaHa,
      liquidL: t.liquidL + s.liquidL,
      flightTimeS: t.flightTimeS + s.flightTimeS,
    }),
    { sprayLengthM: 0, areaHa: 0, liquidL: 0, flightTimeS: 0 },
  );
  return {
    sorties,
    totals,
    home,
    homeXY,
    spraySpeedMps: spraySpeed,
    cruiseSpeedMps: cruise,
    swathM: swath,
    volumeLPerHa: V,
    origin: plan.origin,
    warnings,
  };
}

/** Where an interrupted sortie actually stopped. */
export type Breakpoint =
  | { position: LngLat /** Only look within this sortie of `previous` (1-based). */; sortie?: number }
  | { distanceM: number };

/** How far from the route (m) a breakpoint position may be before it is refused. */
export const MAX_BREAKPOINT_OFFSET_M = 15;

/**
 * The continuation after an interrupted sortie: the rest of the job cut into sorties, the first
 * starting exactly at the breakpoint (its mission re-asserts the nozzles on there). A position
 * (e.g. the last telemetry fix with the nozzles on) is projected onto the route; give `sortie` to
 * search only the stretch that sortie was flying (parallel lanes are a swath apart).
 */
export function resumeSorties(
  plan: Plan,
  options: SortieOptions,
  at: Breakpoint,
  previous?: SortiePlan,
): { breakpointM: number; offRouteM: number; plan: SortiePlan } {
  const route = routeOf(plan);
  let d: number;
  let off = 0;
  if ('distanceM' in at) {
    if (!Number.isFinite(at.distanceM) || at.distanceM < 0 || at.distanceM > route.lengthM)
      throw new InputError(
        [
          {
            where: 'breakpoint.distanceM',
            message: `must be within 0–${route.lengthM.toFixed(1)} m, got ${at.distanceM}`,
          },
        ],
        'resume',
      );
    d = at.distanceM;
  } else {
    const [lon, lat] = at.position;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180)
      throw new InputError(
        [{ where: 'breakpoint.position', message: `not a valid [lon, lat]: ${JSON.stringify(at.position)}` }],
        'resume',
      );
    let range: [number, number] | undefined;
    if (at.sortie !== undefined) {
      const s = previous?.sorties[at.sortie - 1];
      if (!s)
        throw new InputError(
          [{ where: 'breakpoint.sortie', message: `no sortie ${at.sortie} in the previous plan` }],
          'resume',
        );
      range = [s.startDistanceM, s.endDistanceM];
    }
    const loc = locateOnRoute(route, route.frame.toXY(at.position), range);
    if (loc.offRouteM > MAX_BREAKPOINT_OFFSET_M)
      throw new InputError(
        [
          {
            where: 'breakpoint.position',
            message: `is ${loc.offRouteM.toFixed(1)} m from the route (at most ${MAX_BREAKPOINT_OFFSET_M} m)`,
          },
        ],
        'resume',
      );
    d = loc.distanceM;
    off = loc.offRouteM;
  }
  return { breakpointM: d, offRouteM: off, plan: planSorties(plan, options, Math.max(d, 1e-6)) };
}

/**
 * The breakpoint of an interrupted sortie from its telemetry: the last fix with the nozzles on
 * (the tank ran dry, the pilot took over, the link dropped…). Undefined if it never sprayed.
 * Pass `sortie` (1-based) so `resumeSorties` searches only the stretch that sortie was flying.
 */
export function breakpointFromTelemetry(
  samples: readonly TelemetrySample[],
  sortie?: number,
): Extract<Breakpoint, { position: LngLat }> | undefined {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (s.spraying && Number.isFinite(s.lat) && Number.isFinite(s.lon)) {
      return sortie !== undefined ? { position: [s.lon, s.lat], sortie } : { position: [s.lon, s.lat] };
    }
  }
  return undefined;
}
