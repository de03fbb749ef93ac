import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readQgcPlan, writeQgcPlan } from '../../../mission/files/qgc-plan.js';
import { routeToGeoJson, routeToKml, sortieRouteLines } from '../../../mission/files/route-geo.js';
import { readWaypoints, writeWaypoints } from '../../../mission/files/waypoints.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { XY } from '../../../mission/geo/types.js';
import { buildMissions, buildSortieMission } from '../../../mission/items/build.js';
import { buildFence, missionPositions } from '../../../mission/items/fence.js';
import { MavCmd, type MissionItem } from '../../../mission/items/types.js';
import { checkMissionItems } from '../../../mission/items/validate.js';
import { BUILTIN_PROFILES, type DroneProfile } from '../../../mission/profile/drone-profile.js';
import { planSorties, resumeSorties } from '../../../mission/sorties/sorties.js';
import { ORIGIN, planFromLanes, rectanglePlan } from './helpers.js';

const P10 = BUILTIN_PROFILES.find((p) => p.id === 'generic-10l')!;
const PX4 = BUILTIN_PROFILES.find((p) => p.id === 'generic-16l-px4')!;
const frame = new LocalFrame(ORIGIN);
const xyOf = (it: MissionItem): XY => frame.toXY([it.y, it.x]);
const isSwitch = (it: MissionItem) =>
  it.command === MavCmd.DO_SPRAYER ||
  it.command === MavCmd.DO_SET_SERVO ||
  it.command === MavCmd.DO_SET_RELAY ||
  it.command === MavCmd.DO_SET_ACTUATOR;
/** The value a switch item sets: PWM for a servo, the setting for a relay, else param1. */
const switchValue = (it: MissionItem) =>
  it.command === MavCmd.DO_SET_SERVO || it.command === MavCmd.DO_SET_RELAY ? it.param2 : it.param1;

/** Each nozzle switch with the NAV waypoint whose arrival triggers it. */
function switchesWithTrigger(items: MissionItem[], on: (it: MissionItem) => boolean) {
  const out: { on: boolean; trigger: XY; index: number }[] = [];
  items.forEach((it, i) => {
    if (!isSwitch(it)) return;
    let k = i - 1;
    while (k >= 0 && items[k]!.frame === 2) k--;
    out.push({ on: on(it), trigger: xyOf(items[k]!), index: i });
  });
  return out;
}

describe('mission items (ArduPilot)', () => {
  const plan = rectanglePlan(100, 50, 5);
  const sp = planSorties(plan, { profile: P10, volumeLPerHa: 45 });
  const missions = buildMissions(sp, { profile: P10, homeAltAmslM: 8 });

  it('item 0 is home, then take-off, nozzles off, cruise speed; ends with nozzles off and a landing at home', () => {
    for (const m of missions) {
      const it = m.items;
      expect(it[0]).toMatchObject({ seq: 0, frame: 0, command: MavCmd.NAV_WAYPOINT, z: 8 });
      expect(it[1]).toMatchObject({ frame: 3, command: MavCmd.NAV_TAKEOFF, z: P10.transitAltM });
      expect(it[2]).toMatchObject({ frame: 2, command: MavCmd.DO_SPRAYER, param1: 0 });
      expect(it[3]).toMatchObject({ frame: 2, command: MavCmd.DO_CHANGE_SPEED, param2: sp.cruiseSpeedMps });
      const last = it.at(-1)!;
      expect(last).toMatchObject({ frame: 3, command: MavCmd.NAV_LAND });
      expect(Math.hypot(...(xyOf(last).map((v, k) => v - sp.homeXY[k]!) as [number, number]))).toBeLessThan(
        0.05,
      );
      // The last nozzle command before the return is "off", and no "on" follows it.
      const sw = it.filter(isSwitch);
      expect(sw.at(-1)!.param1).toBe(0);
    }
  });

  it('is valid for ArduPilot: frames, commands, no NaN where refused', () => {
    for (const m of missions) expect(checkMissionItems(m.items, 'ardupilot')).toEqual([]);
  });

  it('switches the nozzles at the crop edge: trigger waypoints switchAheadM past the edge, lead points outside', () => {
    const m = missions[0]!;
    const sw = switchesWithTrigger(m.items, (it) => it.param1 === 1);
    const ons = sw.filter((s) => s.on);
    const offs = sw.filter((s) => !s.on && s.index > 3);
    expect(ons.length).toBe(5); // lanes 1–4 and the first part of lane 5
    for (const s of ons) {
      // East-bound lanes start at x = 0, west-bound at x = 100: trigger 1.5 m inside the crop.
      const x = s.trigger[0];
      expect(Math.min(Math.abs(x - P10.switchAheadM), Math.abs(x - (100 - P10.switchAheadM)))).toBeLessThan(
        0.01,
      );
    }
    // The vehicle is about switchAheadM behind the trigger when ArduPilot counts it reached: at the edge.
    for (const s of m.switches.filter((q) => q.on)) {
      const e = frame.toXY(s.edge);
      const t = frame.toXY(s.trigger);
      const l = frame.toXY(s.lead);
      expect(Math.hypot(t[0] - e[0], t[1] - e[1])).toBeCloseTo(P10.switchAheadM, 2);
      expect(Math.hypot(l[0] - e[0], l[1] - e[1])).toBeCloseTo(P10.leadInM, 2);
      // Lead-in, edge and trigger are on one line, edge in the middle.
      expect((t[0] - e[0]) * (l[0] - e[0]) + (t[1] - e[1]) * (l[1] - e[1])).toBeLessThan(0);
      expect(e[0] === 0 || Math.abs(e[0]) < 0.01 || Math.abs(e[0] - 100) < 0.01).toBe(true);
    }
    for (const s of m.switches.filter((q) => !q.on)) {
      const e = frame.toXY(s.edge);
      const t = frame.toXY(s.trigger);
      expect(Math.hypot(t[0] - e[0], t[1] - e[1])).toBeCloseTo(P10.switchAheadM, 2);
    }
    // Full lanes switch off past x = 100 or x = 0; the tank cut switches off at x = 44.4 (+1.5).
    const offXs = offs.map((s) => s.trigger[0]);
    expect(offXs.slice(0, 4).every((x) => Math.abs(x - 101.5) < 0.01 || Math.abs(x + 1.5) < 0.01)).toBe(true);
    expect(offXs[4]).toBeCloseTo(44.444 + 1.5, 2);
  });

  it('flies spray runs at spray height and ferries at transit altitude', () => {
    const m = missions[1]!;
    const navs = m.items.filter((it) => it.command === MavCmd.NAV_WAYPOINT && it.frame === 3);
    const onIdx = m.items.findIndex((it) => it.command === MavCmd.DO_SPRAYER && it.param1 === 1);
    const lastOn = m.items.findLastIndex((it) => it.command === MavCmd.DO_SPRAYER && it.param1 === 1);
    const offIdx = m.items.findIndex(
      (it, i) => i > lastOn && it.command === MavCmd.DO_SPRAYER && it.param1 === 0,
    );
    expect(onIdx).toBeGreaterThan(0);
    expect(offIdx).toBeGreaterThan(lastOn);
    for (const it of m.items.slice(onIdx, offIdx)) if (it.frame === 3) expect(it.z).toBe(P10.sprayHeightM);
    expect(navs.filter((it) => it.z === P10.transitAltM).length).toBeGreaterThanOrEqual(2);
  });

  it('climbs and cruises over a long hop between plots, and comes down before the next run', () => {
    const twoPlots = planFromLanes([
      [
        [0, 2.5],
        [50, 2.5],
      ],
      [
        [250, 2.5],
        [300, 2.5],
      ],
    ]);
    const s = planSorties(twoPlots, { profile: P10, volumeLPerHa: 20 });
    const m = buildSortieMission(s, s.sorties[0]!, { profile: P10 });
    expect(checkMissionItems(m.items, 'ardupilot')).toEqual([]);
    const off1 = m.items.findIndex((it) => it.command === MavCmd.DO_SPRAYER && it.param1 === 0 && it.seq > 4);
    const on2 = m.items.findLastIndex((it) => it.command === MavCmd.DO_SPRAYER && it.param1 === 1);
    const between = m.items.slice(off1, on2);
    // Up to the transit altitude at cruise speed, then down to spray height and spray speed before the run.
    expect(between.some((it) => it.command === MavCmd.NAV_WAYPOINT && it.z === P10.transitAltM)).toBe(true);
    expect(between.find((it) => it.command === MavCmd.DO_CHANGE_SPEED)!.param2).toBe(s.cruiseSpeedMps);
    expect(between.findLast((it) => it.command === MavCmd.DO_CHANGE_SPEED)!.param2).toBe(s.spraySpeedMps);
    expect(m.items[on2 - 1]!.z).toBe(P10.sprayHeightM);
    // The sortie time counts the hop at cruise speed plus the climb and descent.
    const lowAndSlow = planSorties(twoPlots, { profile: { ...P10, highTransitM: 1000 }, volumeLPerHa: 20 });
    expect(s.sorties[0]!.flightTimeS).not.toBeCloseTo(lowAndSlow.sorties[0]!.flightTimeS, 0);
  });

  it('resumes with the nozzles re-asserted on at the breakpoint', () => {
    const r = resumeSorties(
      plan,
      { profile: P10, volumeLPerHa: 45 },
      { position: frame.toLngLat([61, 13]), sortie: 1 },
      sp,
    );
    const m = buildSortieMission(r.plan, r.plan.sorties[0]!, { profile: P10 });
    expect(checkMissionItems(m.items, 'ardupilot')).toEqual([]);
    const first = m.switches[0]!;
    expect(first.on).toBe(true);
    const e = frame.toXY(first.edge);
    expect(e[0]).toBeCloseTo(61, 3);
    expect(e[1]).toBeCloseTo(12.5, 3);
    // No nozzle-on before the trigger waypoint just past the breakpoint.
    const onAt = m.items.findIndex((it) => it.command === MavCmd.DO_SPRAYER && it.param1 === 1);
    expect(xyOf(m.items[onAt - 1]!)[0]).toBeCloseTo(61 + P10.switchAheadM, 2);
  });

  it('shortens a lead-out that would enter a no-fly zone, and says so', () => {
    const tree = [
      [101, 1],
      [106, 1],
      [106, 4],
      [101, 4],
      [101, 1],
    ].map((q) => frame.toLngLat(q as XY));
    const m = buildSortieMission(sp, sp.sorties[0]!, { profile: P10, noFly: [tree] });
    expect(m.warnings.join()).toMatch(/lead-out shortened/);
    const lane1Off = m.switches.find((s) => !s.on)!;
    expect(frame.toXY(lane1Off.lead)[0]).toBeLessThan(101);
  });

  it('is valid on random routes (property)', () => {
    const pt = fc.tuple(
      fc.double({ min: -100, max: 100, noNaN: true }),
      fc.double({ min: -100, max: 100, noNaN: true }),
    ) as fc.Arbitrary<XY>;
    fc.assert(
      fc.property(
        fc.array(fc.array(pt, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(P10, PX4),
        (lanes, profile) => {
          const p = planFromLanes(lanes, { swathM: 4 });
          const s = planSorties(p, { profile, volumeLPerHa: 30 });
          for (const m of buildMissions(s, { profile })) {
            expect(checkMissionItems(m.items, profile.autopilot)).toEqual([]);
            const sw = m.items.filter(isSwitch);
            const c = profile.sprayControl;
            const offValue = c.type === 'servo' ? c.pwmOff : c.type === 'actuator' ? c.off : 0;
            expect(switchValue(sw.at(-1)!)).toBe(offValue);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('mission items (PX4, servo and relay control)', () => {
  const plan = rectanglePlan(100, 50, 5);
  it('has no home item, keeps heading (NaN yaw) and switches the pump with DO_SET_ACTUATOR', () => {
    const sp = planSorties(plan, { profile: PX4, volumeLPerHa: 20 });
    const m = buildSortieMission(sp, sp.sorties[0]!, { profile: PX4 });
    expect(m.items[0]!.command).toBe(MavCmd.NAV_TAKEOFF);
    expect(Number.isNaN(m.items[0]!.param4)).toBe(true);
    expect(checkMissionItems(m.items, 'px4')).toEqual([]);
    const act = m.items.filter((it) => it.command === MavCmd.DO_SET_ACTUATOR);
    expect(act.length).toBeGreaterThan(2);
    expect(new Set(act.map((s) => s.param1))).toEqual(new Set([1, -1]));
    // The other outputs are left alone (NaN), which ArduPilot would refuse.
    expect(Number.isNaN(act[0]!.param2)).toBe(true);
    expect(checkMissionItems(m.items, 'ardupilot').length).toBeGreaterThan(0);
  });

  it('switches a pump on a servo output (ArduPilot DO_SET_SERVO)', () => {
    const servo: DroneProfile = {
      ...P10,
      sprayControl: { type: 'servo', channel: 10, pwmOn: 1900, pwmOff: 1100 },
    };
    const sp = planSorties(plan, { profile: servo, volumeLPerHa: 20 });
    const m = buildSortieMission(sp, sp.sorties[0]!, { profile: servo });
    expect(checkMissionItems(m.items, 'ardupilot')).toEqual([]);
    const sv = m.items.filter((it) => it.command === MavCmd.DO_SET_SERVO);
    expect(sv.every((it) => it.param1 === 10)).toBe(true);
    expect(new Set(sv.map((it) => it.param2))).toEqual(new Set([1900, 1100]));
  });

  it('drives an inverted relay', () => {
    const relay: DroneProfile = { ...P10, sprayControl: { type: 'relay', relay: 2, invert: true } };
    const sp = planSorties(plan, { profile: relay, volumeLPerHa: 20 });
    const m = buildSortieMission(sp, sp.sorties[0]!, { profile: relay });
    const r = m.items.filter((it) => it.command === MavCmd.DO_SET_RELAY);
    expect(r[0]).toMatchObject({ param1: 2, param2: 1 }); // off = 1 when inverted
    expect(r.find((x) => x.param2 === 0)).toBeDefined();
    expect(checkMissionItems(m.items, 'ardupilot')).toEqual([]);
  });

  it('the checker catches what ArduPilot refuses', () => {
    const sp = planSorties(plan, { profile: P10, volumeLPerHa: 20 });
    const items = buildSortieMission(sp, sp.sorties[0]!, { profile: P10 }).items;
    const broken = items.map((it) => ({ ...it }));
    broken[2]!.param1 = Number.NaN; // DO_SPRAYER param1
    broken[4]!.frame = 0;
    broken[5]!.seq = 99;
    const issues = checkMissionItems(broken, 'ardupilot');
    expect(issues.map((i) => i.where)).toEqual(expect.arrayContaining(['item 2', 'item 4', 'item 5']));
    expect(issues.find((i) => i.where === 'item 2')!.message).toMatch(/param1 is NaN/);
    const noHome = items.slice(1).map((it, i) => ({ ...it, seq: i }));
    expect(checkMissionItems(noHome, 'ardupilot')[0]!.message).toMatch(/item 0 must be home/);
  });
});

describe('geofence', () => {
  const plan = rectanglePlan(100, 50, 5);
  const sp = planSorties(plan, { profile: P10, volumeLPerHa: 45 });
  const missions = buildMissions(sp, { profile: P10 });
  const outline = [
    [0, 0],
    [100, 0],
    [100, 50],
    [0, 50],
  ].map((q) => frame.toLngLat(q as XY));
  const pond = [
    [40, 60],
    [50, 60],
    [50, 70],
    [40, 60],
  ].map((q) => frame.toLngLat(q as XY));

  it('includes the block, the route and home with the margin, and excludes no-fly zones', () => {
    const pts = [...outline, ...missions.flatMap((m) => missionPositions(m.items))];
    const fence = buildFence(pts, { marginM: 10, noFly: [pond], origin: ORIGIN });
    const incl = fence.items.filter((i) => i.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION);
    const excl = fence.items.filter((i) => i.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION);
    expect(incl.length).toBeGreaterThanOrEqual(3);
    expect(incl.every((i) => i.param1 === incl.length && i.missionType === 1 && i.frame === 0)).toBe(true);
    expect(excl.length).toBe(3);
    expect(excl.every((i) => i.param1 === 3)).toBe(true);
    expect(fence.items.map((i) => i.seq)).toEqual(fence.items.map((_, k) => k));
    // Every point is inside the inclusion polygon and at least 10 m from its edges.
    const ring = fence.inclusion.slice(0, -1).map((q) => frame.toXY(q));
    for (const p of pts.map((q) => frame.toXY(q))) {
      for (let k = 0; k < ring.length; k++) {
        const a = ring[k]!;
        const b = ring[(k + 1) % ring.length]!;
        const cross =
          ((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) /
          Math.hypot(b[0] - a[0], b[1] - a[1]);
        expect(cross).toBeGreaterThanOrEqual(10 - 0.01); // counter-clockwise ring: left of every edge
      }
    }
  });

  it('survives a .plan round trip with the mission', () => {
    const fence = buildFence(outline, { marginM: 5, noFly: [pond] });
    const m = missions[0]!;
    const back = readQgcPlan(
      writeQgcPlan({ mission: m.items, fence: fence.items, rally: [], autopilot: 'ardupilot' }),
    );
    expect(back.fence).toEqual(fence.items);
    expect(back.mission).toEqual(m.items);
    const json = JSON.parse(
      writeQgcPlan({ mission: m.items, fence: fence.items, rally: [], autopilot: 'ardupilot' }),
    );
    expect(json.geoFence.polygons.map((p: { inclusion: boolean }) => p.inclusion)).toEqual([true, false]);
  });
});

describe('files of a built mission', () => {
  const plan = rectanglePlan(100, 50, 5);
  const sp = planSorties(plan, { profile: P10, volumeLPerHa: 45 });
  const m = buildMissions(sp, { profile: P10 })[1]!;

  it('round-trips through .waypoints', () => {
    const back = readWaypoints(writeWaypoints(m.items));
    expect(back.map((i) => ({ ...i, current: 0 }))).toEqual(m.items);
  });

  it('exports the route as GeoJSON (kind, sortie) and KML', () => {
    const lines = sortieRouteLines(sp);
    const gj = routeToGeoJson(lines);
    expect(gj.features.length).toBe(lines.length);
    expect(new Set(gj.features.map((f) => f.properties.sortie))).toEqual(new Set([1, 2, 3]));
    expect(gj.features.every((f) => f.geometry.coordinates.length >= 2)).toBe(true);
    const sprayed = gj.features
      .filter((f) => f.properties.kind === 'spray')
      .reduce((s, f) => s + f.properties.lengthM, 0);
    expect(sprayed).toBeCloseTo(1000, 1);
    const kml = routeToKml(lines, 'Lô 5 & 6');
    expect(kml).toMatch(/<kml xmlns="http:\/\/www.opengis.net\/kml\/2.2">/);
    expect(kml).toContain('Lô 5 &amp; 6');
    expect((kml.match(/<Folder>/g) ?? []).length).toBe(3);
    expect((kml.match(/<Placemark>/g) ?? []).length).toBe(lines.length);
  });
});
