import { simplifyPolyline } from '../as-applied/polygons.js';
import { InputError } from '../dose/input-error.js';
import { LocalFrame, pointInRing } from '../geo/local-frame.js';
import type { LngLat, XY } from '../geo/types.js';
import type { DroneProfile } from '../profile/drone-profile.js';
import type { Sortie, SortiePlan } from '../sorties/sorties.js';
import { type Autopilot, MavCmd, MavFrame, type MissionItem } from './types.js';

export interface MissionBuildOptions {
  profile: DroneProfile;
  /** Default: the profile's autopilot. */
  autopilot?: Autopilot;
  /** Home altitude above mean sea level (m), for ArduPilot's item 0. The vehicle overwrites it at arming. */
  homeAltAmslM?: number;
  /** No-fly zones (closed [lon, lat] rings): lead-in/lead-out points are shortened to stay out of them. */
  noFly?: LngLat[][];
  /**
   * Vertices of the planned path closer than this (m) to the line through their neighbours are not
   * made waypoints. Offset headland laps carry rounded corners of many vertices a few decimetres
   * apart; as waypoints each is a leg too short to keep speed on, so Copter crawls through them
   * (and AC_Sprayer's pump follows the speed down and stutters). Default 0.1.
   */
  pathToleranceM?: number;
}

/** Where the mission switches the nozzles, for the map and for checks. */
export interface SwitchPoint {
  /** The crop edge (or resume point) where the nozzles should switch. */
  edge: LngLat;
  /** The waypoint whose arrival triggers the switch (moved `switchAheadM` past the edge). */
  trigger: LngLat;
  /** Lead-in (for on) or lead-out (for off) point. */
  lead: LngLat;
  on: boolean;
}

export interface SortieMission {
  /** 1-based sortie number. */
  sortie: number;
  autopilot: Autopilot;
  items: MissionItem[];
  switches: SwitchPoint[];
  warnings: string[];
}

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;
const round2 = (v: number) => Math.round(v * 100) / 100;

/**
 * Turns one sortie into MAVLink mission items:
 * (ArduPilot: item 0 home) → take-off to the transit altitude → nozzles off → cruise speed → ferry
 * to the start → descend at the lead-in point → spray speed → for each spray run: lead-in point,
 * switch-on waypoint `switchAheadM` inside the crop edge (ArduPilot runs the DO item when it counts
 * that waypoint reached, i.e. when the vehicle is about at the edge), the run, switch-off waypoint
 * `switchAheadM` past the far edge, lead-out point → nozzles off explicitly → climb → cruise speed
 * → ferry back → land at the refill point (or RTL).
 */
export function buildSortieMission(
  plan: SortiePlan,
  sortie: Sortie,
  options: MissionBuildOptions,
): SortieMission {
  const p = options.profile;
  const autopilot = options.autopilot ?? p.autopilot;
  if (autopilot === 'px4' && p.sprayControl.type === 'sprayer')
    throw new InputError(
      [{ where: 'profile.sprayControl', message: 'PX4 has no MAV_CMD_DO_SPRAYER: use a servo or relay' }],
      'mission',
    );
  const frame = new LocalFrame(plan.origin);
  const noFly = (options.noFly ?? []).map((r) => frame.ringToXY(r));
  const ardu = autopilot === 'ardupilot';
  const yaw = ardu ? 0 : Number.NaN; // PX4: NaN keeps the current heading; ArduPilot Copter ignores it.
  const items: MissionItem[] = [];
  const switches: SwitchPoint[] = [];
  const warnings: string[] = [];
  const sprayH = p.sprayHeightM;
  const transitH = p.transitAltM;
  let lastNav: { xy: XY; z: number } | undefined;

  const push = (
    frameId: number,
    command: number,
    p1: number,
    p2: number,
    p3: number,
    p4: number,
    x: number,
    y: number,
    z: number,
  ) => {
    items.push({
      seq: items.length,
      frame: frameId,
      command,
      current: 0,
      autocontinue: 1,
      param1: p1,
      param2: p2,
      param3: p3,
      param4: p4,
      x,
      y,
      z,
      missionType: 0,
    });
  };
  const wp = (q: XY, z: number) => {
    if (
      lastNav &&
      Math.hypot(lastNav.xy[0] - q[0], lastNav.xy[1] - q[1]) < 0.05 &&
      Math.abs(lastNav.z - z) < 0.01
    )
      return;
    const [lon, lat] = frame.toLngLat(q);
    push(
      MavFrame.GLOBAL_RELATIVE_ALT,
      MavCmd.NAV_WAYPOINT,
      0,
      0,
      0,
      yaw,
      round7(lat),
      round7(lon),
      round2(z),
    );
    lastNav = { xy: q, z };
  };
  const doItem = (command: number, p1: number, p2 = 0, p3 = 0, p4 = 0) =>
    push(MavFrame.MISSION, command, p1, p2, p3, p4, 0, 0, 0);
  const nozzles = (on: boolean) => {
    const c = p.sprayControl;
    if (c.type === 'sprayer') doItem(MavCmd.DO_SPRAYER, on ? 1 : 0);
    else if (c.type === 'servo') doItem(MavCmd.DO_SET_SERVO, c.channel, on ? c.pwmOn : c.pwmOff);
    else if (c.type === 'actuator') {
      // Params 1–6 are the six actuator outputs; NaN leaves the others unchanged. Param 7 = set 0.
      const v = [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
      v[c.actuator - 1] = on ? c.on : c.off;
      push(MavFrame.MISSION, MavCmd.DO_SET_ACTUATOR, v[0]!, v[1]!, v[2]!, v[3]!, v[4]!, v[5]!, 0);
    } else doItem(MavCmd.DO_SET_RELAY, c.relay, on !== c.invert ? 1 : 0);
  };
  const speed = (mps: number) => doItem(MavCmd.DO_CHANGE_SPEED, 1, round2(mps), -1, 0);
  const along = (a: XY, u: XY, d: number): XY => [a[0] + u[0] * d, a[1] + u[1] * d];
  const unit = (a: XY, b: XY): XY => {
    const l = Math.hypot(b[0] - a[0], b[1] - a[1]);
    return [(b[0] - a[0]) / l, (b[1] - a[1]) / l];
  };
  /** A lead point `d` metres from `a` along `u`, shortened (and said) if it falls in a no-fly zone. */
  const leadPoint = (a: XY, u: XY, d: number, what: string): XY => {
    let dd = d;
    while (dd > 0.25 && noFly.some((r) => pointInRing(along(a, u, dd), r))) dd /= 2;
    if (dd !== d) {
      if (dd <= 0.25) dd = 0;
      warnings.push(
        `sortie ${sortie.index}: ${what} shortened from ${d} m to ${dd.toFixed(1)} m to stay out of a no-fly zone`,
      );
    }
    return along(a, u, dd);
  };
  const ll = (q: XY) => frame.toLngLat(q);

  const home = plan.homeXY;
  const [homeLon, homeLat] = plan.home;
  if (ardu) {
    push(
      MavFrame.GLOBAL,
      MavCmd.NAV_WAYPOINT,
      0,
      0,
      0,
      0,
      round7(homeLat),
      round7(homeLon),
      round2(options.homeAltAmslM ?? 0),
    );
  }
  push(
    MavFrame.GLOBAL_RELATIVE_ALT,
    MavCmd.NAV_TAKEOFF,
    0,
    0,
    0,
    yaw,
    round7(homeLat),
    round7(homeLon),
    round2(transitH),
  );
  lastNav = { xy: home, z: transitH };
  nozzles(false);
  speed(plan.cruiseSpeedMps);

  const tol = options.pathToleranceM ?? 0.1;
  const pieces = sortie.pieces.map((pc) =>
    tol > 0 && pc.xy.length > 2 ? { ...pc, xy: simplifyPolyline(pc.xy, tol) } : pc,
  );
  const firstSpray = pieces.findIndex((pc) => pc.kind === 'spray');
  let lastSpray = -1;
  for (let i = pieces.length - 1; i >= 0; i--)
    if (pieces[i]!.kind === 'spray') {
      lastSpray = i;
      break;
    }
  // Ferry out (its first point is home).
  for (const q of sortie.ferryOut.xy.slice(1, firstSpray >= 0 ? -1 : undefined)) wp(q, transitH);

  if (firstSpray < 0) {
    for (const pc of pieces) for (const q of pc.xy.slice(1)) wp(q, transitH);
  } else {
    // Leading transit pieces, at transit altitude, up to the first crop edge (exclusive).
    for (let i = 0; i < firstSpray; i++) {
      const xy = pieces[i]!.xy;
      for (const q of xy.slice(1, i === firstSpray - 1 ? -1 : undefined)) wp(q, transitH);
    }
    let descendBeforeNextRun = false;
    for (let i = firstSpray; i <= lastSpray; i++) {
      const pc = pieces[i]!;
      const xy = pc.xy;
      if (pc.kind === 'transit') {
        if (pc.lengthM > p.highTransitM) {
          // A long hop (next plot, around an obstacle): climb where the run ended, cruise high.
          if (lastNav) wp(lastNav.xy, transitH);
          speed(plan.cruiseSpeedMps);
          for (const q of xy.slice(1, -1)) wp(q, transitH);
          descendBeforeNextRun = true;
        } else {
          // A turn between spray runs, at spray height: only its inner vertices (the ends are the lead points' lines).
          for (const q of xy.slice(1, -1)) wp(q, sprayH);
        }
        continue;
      }
      const prevSpray = i > firstSpray && pieces[i - 1]!.kind === 'spray';
      const nextSpray = i < lastSpray && pieces[i + 1]!.kind === 'spray';
      const start = xy[0]!;
      const end = xy[xy.length - 1]!;
      const u0 = unit(start, xy[1]!);
      const firstSegLen = Math.hypot(xy[1]![0] - start[0], xy[1]![1] - start[1]);
      let inner = xy.slice(1, -1);
      if (!prevSpray) {
        const lead = leadPoint(start, [-u0[0], -u0[1]], p.leadInM, 'lead-in');
        if (i === firstSpray || descendBeforeNextRun) {
          wp(lead, transitH);
          wp(lead, sprayH);
          speed(plan.spraySpeedMps);
          descendBeforeNextRun = false;
        } else {
          wp(lead, sprayH);
        }
        const ahead = Math.min(p.switchAheadM, firstSegLen / 2);
        const trigger = along(start, u0, ahead);
        wp(trigger, sprayH);
        nozzles(true);
        switches.push({ edge: ll(start), trigger: ll(trigger), lead: ll(lead), on: true });
      } else {
        wp(start, sprayH);
      }
      if (nextSpray) {
        for (const q of inner) wp(q, sprayH);
        wp(end, sprayH);
      } else {
        const before = xy[xy.length - 2]!;
        const u1 = unit(before, end);
        // Every vertex of the run is flown: a headland lap is a closed loop whose vertices lie on
        // all sides of its end point, so none may be dropped by direction. Only a vertex on the end
        // point itself is redundant.
        inner = inner.filter((q) => Math.hypot(q[0] - end[0], q[1] - end[1]) > 1e-6);
        for (const q of inner) wp(q, sprayH);
        const trigger = along(end, u1, p.switchAheadM);
        wp(trigger, sprayH);
        nozzles(false);
        const lead = leadPoint(end, u1, Math.max(p.leadOutM, p.switchAheadM), 'lead-out');
        wp(lead, sprayH);
        switches.push({ edge: ll(end), trigger: ll(trigger), lead: ll(lead), on: false });
      }
    }
    // Climb where the last run ended; nozzles off before any return (ArduPilot keeps spraying in
    // RTL otherwise), even though the last run already switched them off; then home, high and fast.
    if (lastNav) wp(lastNav.xy, transitH);
    nozzles(false);
    speed(plan.cruiseSpeedMps);
    for (let i = lastSpray + 1; i < pieces.length; i++)
      for (const q of pieces[i]!.xy.slice(1)) wp(q, transitH);
  }
  if (firstSpray < 0) {
    nozzles(false);
    speed(plan.cruiseSpeedMps);
  }
  for (const q of sortie.ferryBack.xy.slice(1)) wp(q, transitH);
  if (p.finish === 'rtl') {
    push(MavFrame.MISSION, MavCmd.NAV_RETURN_TO_LAUNCH, 0, 0, 0, 0, 0, 0, 0);
  } else {
    wp(home, transitH);
    push(MavFrame.GLOBAL_RELATIVE_ALT, MavCmd.NAV_LAND, 0, 0, 0, yaw, round7(homeLat), round7(homeLon), 0);
  }
  return { sortie: sortie.index, autopilot, items, switches, warnings };
}

/** Missions for every sortie of a plan. */
export function buildMissions(plan: SortiePlan, options: MissionBuildOptions): SortieMission[] {
  return plan.sorties.map((s) => buildSortieMission(plan, s, options));
}
