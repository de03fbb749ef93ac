import { describe, expect, it } from 'vitest';
import { CopterModel, DEFAULT_PARAMS } from '../../mavlink/sim/copter.js';
import { moveBy, offsetMetres } from '../../mavlink/sim/geo.js';
import { cornerAt } from '../../mavlink/sim/wpnav.js';
import type { MissionItem } from '../../mission/items/types.js';

const HOME = { lat: 10.0452, lon: 105.7469, altMslM: 5 };

function item(seq: number, command: number, p: Partial<MissionItem> = {}): MissionItem {
  return {
    seq,
    frame: 3,
    command,
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

/** A mission through waypoints given as east/north metres from home, at 2.5 m, sprayer on at the first. */
function mission(
  points: [number, number][],
  opts: { sprayer?: boolean; speed?: number } = {},
): MissionItem[] {
  const items: MissionItem[] = [item(0, 16, { frame: 0, x: HOME.lat, y: HOME.lon })];
  items.push(item(1, 22, { x: HOME.lat, y: HOME.lon, z: 2.5 }));
  items.push(item(2, 178, { param1: 1, param2: opts.speed ?? 4, param3: -1 }));
  points.forEach(([e, n], i) => {
    const p = moveBy(HOME, e, n);
    items.push(item(items.length, 16, { x: p.lat, y: p.lon, z: 2.5 }));
    if (i === 0 && opts.sprayer) items.push(item(items.length, 216, { param1: 1 }));
  });
  return items;
}

function model(params: Record<string, number> = {}): CopterModel {
  const m = new CopterModel(
    {
      home: HOME,
      tankL: 10,
      pumpMaxLpm: 2.4,
      enduranceMin: 15,
      wind: { speedMps: 0, fromDeg: 0 },
      pumpServo: 9,
      firstItem: 1,
    },
    { ...DEFAULT_PARAMS, ...params },
  );
  return m;
}

interface Trace {
  t: number;
  e: number;
  n: number;
  speed: number;
  pumpPct: number;
  seq: number;
}

/** Flies the mission in AUTO and records the track every 50 ms until it ends or `maxS` passes. */
function fly(m: CopterModel, items: MissionItem[], maxS = 120, hoverAfterS = 0): Trace[] {
  m.mission = items;
  m.setMode(4);
  expect(m.arm()).toBeUndefined();
  expect(m.missionStart(0)).toBeUndefined();
  const out: Trace[] = [];
  let end = maxS;
  for (let t = 0; t < end; t += 0.05) {
    if (m.mode !== 3 && end === maxS) end = Math.min(maxS, t + hoverAfterS);
    m.step(0.05);
    const d = offsetMetres(HOME, m);
    out.push({ t, e: d.east, n: d.north, speed: m.groundSpeed, pumpPct: m.pumpPct(), seq: m.current });
  }
  return out;
}

describe('simulated Copter: waypoint tracks like AC_WPNav', () => {
  it('after a 90° corner it flies the new track, not a slanted line from where it turned', () => {
    // east 40 m, then north 40 m: the second leg is the line e = 40
    const tr = fly(
      model(),
      mission([
        [0, 0.01],
        [40, 0],
        [40, 40],
        [40, 41],
      ]),
    );
    const second = tr.filter((p) => p.seq === 5 && p.n > 4 && p.n < 38);
    expect(second.length).toBeGreaterThan(20);
    for (const p of second) expect(Math.abs(p.e - 40)).toBeLessThan(0.05);
    // the corner is rounded within WPNAV_RADIUS (2 m) of the waypoint, without a stop
    const nearCorner = tr.filter((p) => Math.hypot(p.e - 40, p.n) < 3);
    const apex = Math.min(...nearCorner.map((p) => Math.hypot(p.e - 40, p.n)));
    expect(apex).toBeGreaterThan(0.2);
    expect(apex).toBeLessThan(2);
    expect(Math.min(...nearCorner.map((p) => p.speed))).toBeGreaterThan(1);
  });

  it('stops and turns on the spot where the track reverses', () => {
    const tr = fly(
      model(),
      mission([
        [0, 0.01],
        [30, 0],
        [0, 0.5],
        [0, 10],
      ]),
    );
    const turn = tr.filter((p) => p.seq === 5);
    expect(Math.max(...turn.map((p) => p.e))).toBeGreaterThan(29.9); // reaches the waypoint
    expect(Math.max(...turn.map((p) => p.e))).toBeLessThan(30.01); // without overshooting it
    expect(Math.min(...tr.filter((p) => p.e > 29).map((p) => p.speed))).toBeLessThan(0.3);
  });

  it('accelerates and brakes within WPNAV_ACCEL', () => {
    const tr = fly(
      model({ WPNAV_ACCEL: 200 }),
      mission([
        [0, 0.01],
        [60, 0],
      ]),
    );
    const flying = tr.filter((p) => p.seq >= 4);
    for (let i = 1; i < flying.length; i++)
      expect(Math.abs(flying[i]!.speed - flying[i - 1]!.speed) / 0.05).toBeLessThan(2 * 1.1);
    expect(Math.max(...flying.map((p) => p.speed))).toBeCloseTo(4, 5);
  });

  it('corner geometry: begins WPNAV_RADIUS before the waypoint, slower the sharper the turn, none for a reversal', () => {
    const lim = { speedMps: 6, accelMps2: 2.5, radiusM: 2 };
    const gentle = cornerAt([0, 0], [50, 0], [100, 10], lim)!;
    const square = cornerAt([0, 0], [50, 0], [50, 50], lim)!;
    expect(Math.hypot(square.points[0]![0] - 50, square.points[0]![1])).toBeCloseTo(2, 6);
    expect(gentle.speedMps).toBeGreaterThan(square.speedMps);
    expect(square.speedMps).toBeCloseTo(Math.sqrt(2.5 * 2), 6); // v²/r = accel on a 2 m radius
    expect(cornerAt([0, 0], [50, 0], [0, 0.1], lim)).toBeUndefined();
  });
});

describe('simulated Copter: sprayer like AC_Sprayer', () => {
  it('pump output is SPRAY_PUMP_RATE × ground speed, and follows the speed through a slow corner', () => {
    const m = model({ SPRAY_PUMP_RATE: 20, SPRAY_SPEED_MIN: 100 });
    const tr = fly(
      m,
      mission(
        [
          [0, 0.01],
          [40, 0],
          [40, 40],
          [40, 41],
        ],
        { sprayer: true },
      ),
    );
    const spraying = tr.filter((p) => p.pumpPct > 0);
    expect(spraying.length).toBeGreaterThan(100);
    for (const p of spraying.filter((q) => q.speed > 1.05)) expect(p.pumpPct).toBeCloseTo(20 * p.speed, 6);
    const corner = spraying.filter((p) => Math.hypot(p.e - 40, p.n) < 2);
    expect(Math.min(...corner.map((p) => p.pumpPct))).toBeLessThan(20 * 3.9);
  });

  it('starts 100 ms after the speed passes SPRAY_SPEED_MIN and stops 1 s after it drops below', () => {
    // SPRAY_PUMP_MIN shows the pump running while the sprayer is on at a standstill
    const m = model({ SPRAY_SPEED_MIN: 100, SPRAY_PUMP_MIN: 10 });
    // sprayer on at the first waypoint (a stop): the pump waits for speed, then runs; stop at the end
    // then hovers at the end of the mission (LOITER), sprayer still on
    const tr = fly(
      m,
      mission(
        [
          [0, 0.01],
          [30, 0],
        ],
        { sprayer: true },
      ),
      40,
      3,
    );
    const firstOver = tr.findIndex((p) => p.seq >= 5 && p.speed >= 1);
    const firstOn = tr.findIndex((p) => p.pumpPct > 0);
    expect(firstOn).toBeGreaterThan(firstOver);
    expect((firstOn - firstOver) * 0.05).toBeGreaterThanOrEqual(0.1 - 1e-9);
    expect((firstOn - firstOver) * 0.05).toBeLessThanOrEqual(0.2 + 1e-9);
    const lastOver = tr.findLastIndex((p) => p.speed >= 1);
    const lastOn = tr.findLastIndex((p) => p.pumpPct > 0);
    expect((lastOn - lastOver) * 0.05).toBeGreaterThanOrEqual(0.95);
    expect((lastOn - lastOver) * 0.05).toBeLessThanOrEqual(1.1);
  });
});

describe('simulated Copter: waypoint hold time', () => {
  it('stops on a waypoint with a hold time (param1, whole seconds) and waits before going on', () => {
    const items = mission([
      [0, 0.01],
      [20, 0],
      [40, 0],
    ]);
    items[4] = { ...items[4]!, param1: 3 };
    const tr = fly(model(), items);
    const stopped = tr.filter((p) => p.seq === 4 && Math.hypot(p.e - 20, p.n) < 0.01 && p.speed < 0.01);
    expect(stopped.length * 0.05).toBeGreaterThan(2.9);
    expect(stopped.length * 0.05).toBeLessThan(3.2);
  });
});
