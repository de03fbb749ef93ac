import { describe, expect, it } from 'vitest';
import { QgcPlanError, readQgcPlan, writeQgcPlan } from '../../../mission/files/qgc-plan.js';
import { readWaypoints, WaypointsFileError, writeWaypoints } from '../../../mission/files/waypoints.js';
import type { MissionItem } from '../../../mission/items/types.js';

function it0(p: Partial<MissionItem>): MissionItem {
  return {
    seq: 0,
    frame: 3,
    command: 16,
    current: 0,
    autocontinue: 1,
    param1: 0,
    param2: 0,
    param3: 0,
    param4: 0,
    x: 0,
    y: 0,
    z: 0,
    missionType: 0,
    ...p,
  };
}

const HOME = it0({ frame: 0, x: 21.0285123, y: 105.8048456, z: 12.5 });
const MISSION: MissionItem[] = [
  HOME,
  it0({ seq: 1, command: 22, x: 21.0285123, y: 105.8048456, z: 10 }),
  it0({ seq: 2, frame: 2, command: 178, param1: 1, param2: 4.5, param3: -1 }),
  it0({ seq: 3, x: 21.02861, y: 105.80501, z: 2.5 }),
  it0({ seq: 4, frame: 2, command: 216, param1: 1 }),
  it0({ seq: 5, x: 21.02871, y: 105.80531, z: 2.5, param4: Number.NaN }),
  it0({ seq: 6, frame: 2, command: 216, param1: 0 }),
  it0({ seq: 7, command: 21, x: 21.0285123, y: 105.8048456, z: 0 }),
];
const FENCE: MissionItem[] = [
  ...[0, 1, 2, 3].map((k) =>
    it0({
      seq: k,
      frame: 0,
      command: 5001,
      param1: 4,
      x: 21.028 + (k & 1) * 0.001,
      y: 105.804 + (k >> 1) * 0.001,
      missionType: 1,
    }),
  ),
  ...[0, 1, 2].map((k) =>
    it0({
      seq: 4 + k,
      frame: 0,
      command: 5002,
      param1: 3,
      x: 21.0284 + k * 0.0001,
      y: 105.8044 + (k % 2) * 0.0001,
      missionType: 1,
    }),
  ),
  it0({ seq: 7, frame: 0, command: 5004, param1: 7.5, x: 21.0286, y: 105.8049, missionType: 1 }),
];
const RALLY = [it0({ command: 5100, x: 21.0283, y: 105.8046, z: 15, missionType: 2 })];

describe('QGroundControl .plan', () => {
  it('writes the QGC layout: home out of the items, NaN as null, fence polygons and rally points', () => {
    const text = writeQgcPlan({ mission: MISSION, fence: FENCE, rally: RALLY, autopilot: 'ardupilot' });
    const j = JSON.parse(text);
    expect(j.fileType).toBe('Plan');
    expect(j.version).toBe(1);
    expect(j.mission.version).toBe(2);
    expect(j.mission.firmwareType).toBe(3);
    expect(j.mission.vehicleType).toBe(2);
    expect(j.mission.plannedHomePosition).toEqual([21.0285123, 105.8048456, 12.5]);
    expect(j.mission.items).toHaveLength(MISSION.length - 1);
    expect(j.mission.items[0]).toMatchObject({
      type: 'SimpleItem',
      command: 22,
      frame: 3,
      doJumpId: 1,
      autoContinue: true,
    });
    expect(j.mission.items[4].params[3]).toBeNull();
    expect(j.mission.items[1].params).toEqual([1, 4.5, -1, 0, 0, 0, 0]);
    expect(j.geoFence.version).toBe(2);
    expect(j.geoFence.polygons).toHaveLength(2);
    expect(j.geoFence.polygons[0].inclusion).toBe(true);
    expect(j.geoFence.polygons[0].polygon).toHaveLength(4);
    expect(j.geoFence.polygons[1].inclusion).toBe(false);
    expect(j.geoFence.circles[0]).toEqual({
      circle: { center: [21.0286, 105.8049], radius: 7.5 },
      inclusion: false,
      version: 1,
    });
    expect(j.rallyPoints).toEqual({ points: [[21.0283, 105.8046, 15]], version: 2 });
  });

  it('round-trips mission, fence and rally for ArduPilot', () => {
    const back = readQgcPlan(
      writeQgcPlan({ mission: MISSION, fence: FENCE, rally: RALLY, autopilot: 'ardupilot' }),
    );
    expect(back.autopilot).toBe('ardupilot');
    expect(back.mission).toEqual(MISSION);
    expect(back.fence).toEqual(FENCE);
    expect(back.rally).toEqual(RALLY);
    expect(back.plannedHome).toEqual({ position: [105.8048456, 21.0285123], altM: 12.5 });
  });

  it('round-trips a PX4 mission (no home item) with its planned home', () => {
    const px4 = MISSION.slice(1).map((m, i) => ({ ...m, seq: i }));
    const back = readQgcPlan(
      writeQgcPlan({
        mission: px4,
        fence: [],
        rally: [],
        autopilot: 'px4',
        plannedHome: { position: [105.8, 21.02], altM: 3 },
      }),
    );
    expect(back.autopilot).toBe('px4');
    expect(back.mission).toEqual(px4);
    expect(back.plannedHome).toEqual({ position: [105.8, 21.02], altM: 3 });
  });

  it('refuses broken files saying what and where', () => {
    const good = JSON.parse(
      writeQgcPlan({ mission: MISSION, fence: FENCE, rally: RALLY, autopilot: 'ardupilot' }),
    );
    expect(() => readQgcPlan('{not json')).toThrow(/not valid JSON/);
    expect(() => readQgcPlan(JSON.stringify({ ...good, fileType: 'Mission' }))).toThrow(/fileType/);
    const badParams = structuredClone(good);
    badParams.mission.items[2].params = [0, 0, 0];
    expect(() => readQgcPlan(JSON.stringify(badParams))).toThrow(
      /mission\.items\[2\]\.params: expected 7 params/,
    );
    const badCmd = structuredClone(good);
    badCmd.mission.items[1].command = 'x';
    expect(() => readQgcPlan(JSON.stringify(badCmd))).toThrow(QgcPlanError);
    const complex = structuredClone(good);
    complex.mission.items[0] = { type: 'ComplexItem', complexItemType: 'survey' };
    expect(() => readQgcPlan(JSON.stringify(complex))).toThrow(/items\[0\].*survey/);
    const badFence = structuredClone(good);
    badFence.geoFence.polygons[0].polygon[1] = [95, 105];
    expect(() => readQgcPlan(JSON.stringify(badFence))).toThrow(
      /geoFence\.polygons\[0\]\.polygon\[1\]\[0\]: latitude 95/,
    );
  });
});

describe('Mission Planner .waypoints (QGC WPL 110)', () => {
  it('writes tab-separated lines with home as item 0 and reads them back', () => {
    const text = writeWaypoints(MISSION);
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('QGC WPL 110');
    expect(lines[1]).toBe('0\t1\t0\t16\t0\t0\t0\t0\t21.0285123\t105.8048456\t12.5\t1');
    expect(lines[5]!.split('\t')).toHaveLength(12);
    const back = readWaypoints(text);
    expect(back).toEqual(MISSION.map((m, i) => ({ ...m, current: i === 0 ? 1 : 0 })));
  });

  it('accepts CRLF and space separators', () => {
    const text = 'QGC WPL 110\r\n0 1 0 16 0 0 0 0 21.1 105.8 5 1\r\n1 0 3 22 0 0 0 0 0 0 10 1\r\n';
    expect(readWaypoints(text)).toHaveLength(2);
  });

  it('refuses broken files with the line number', () => {
    expect(() => readWaypoints('QGC WPL 100\n')).toThrow(/line 1: expected the header/);
    expect(() =>
      readWaypoints(
        'QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\t0\t21\t105\t5\t1\n1\t0\t3\t16\t0\t0\t0\t0\tabc\t105\t5\t1\n',
      ),
    ).toThrow(/line 3: latitude\/param5 "abc" is not a number/);
    expect(() => readWaypoints('QGC WPL 110\n0\t1\t0\t16\t0\t0\t0\n')).toThrow(WaypointsFileError);
    expect(() => readWaypoints('QGC WPL 110\n3\t1\t0\t16\t0\t0\t0\t0\t21\t105\t5\t1\n')).toThrow(
      /line 2: sequence number 3/,
    );
  });
});
