import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MavConnection } from '../../mavlink/connection.js';
import { CommandError } from '../../mavlink/errors.js';
import { openLink } from '../../mavlink/link/open.js';
import type { UdpLink } from '../../mavlink/link/udp.js';
import { startSim } from '../../mavlink/sim/sim.js';
import type { MissionItem } from '../../mission/items/types.js';
import type { TelemetrySample } from '../../mission/telemetry/types.js';
import { HOME, simAndVehicle, until } from './helpers.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(opts: Parameters<typeof simAndVehicle>[0] = {}, linkLostMs?: number) {
  const s = await simAndVehicle(opts, linkLostMs);
  cleanup = s.close;
  return s;
}

const M_PER_DEG = 111_320;
const east = (m: number) => m / (M_PER_DEG * Math.cos((HOME.lat * Math.PI) / 180));
const north = (m: number) => m / M_PER_DEG;

/** Home, take-off to 4 m, 5 m/s, wp A, sprayer on, wp B 60 m east, sprayer off, wp C, RTL. */
function shortSprayMission(): MissionItem[] {
  const b = {
    current: 0 as const,
    autocontinue: 1 as const,
    param1: 0,
    param2: 0,
    param3: 0,
    param4: 0,
    missionType: 0 as const,
  };
  const nav = (seq: number, command: number, x: number, y: number, z: number): MissionItem => ({
    ...b,
    seq,
    frame: 6,
    command,
    x,
    y,
    z,
  });
  const act = (seq: number, command: number, p1: number, p2 = 0): MissionItem => ({
    ...b,
    seq,
    frame: 2,
    command,
    param1: p1,
    param2: p2,
    x: 0,
    y: 0,
    z: 0,
  });
  const lat = HOME.lat + north(10);
  return [
    { ...b, seq: 0, frame: 0, command: 16, x: HOME.lat, y: HOME.lon, z: 5 },
    nav(1, 22, 0, 0, 4),
    act(2, 178, 1, 5),
    nav(3, 16, lat, HOME.lon, 4),
    act(4, 216, 1),
    nav(5, 16, lat, HOME.lon + east(60), 4),
    act(6, 216, 0),
    nav(7, 16, lat + north(10), HOME.lon + east(60), 4),
    act(8, 20, 0),
  ];
}

describe('vehicle commands against the simulated ArduPilot', () => {
  it('discovers the vehicle from its heartbeat, as ArduPilot Copter', async () => {
    const { session } = await setup();
    expect(session.vehicle.info).toMatchObject({ sysid: 1, compid: 1, autopilotKind: 'ardupilot', type: 2 });
    await until(
      () => session.vehicle.status.mode === 'STABILIZE' && session.vehicle.status.gpsFix === 3,
      3000,
      'status',
    );
  });

  it('arms in LOITER, refuses arming in AUTO with the reason, and changes modes', async () => {
    const { session } = await setup();
    const v = session.vehicle;
    const texts: string[] = [];
    v.on('statusText', (t) => texts.push(t.text));
    await v.setMode('LOITER');
    await until(() => v.status.mode === 'LOITER', 3000, 'LOITER in the heartbeat');
    await v.arm();
    await until(() => v.status.armed, 3000, 'armed');
    await v.disarm();
    await until(() => !v.status.armed, 3000, 'disarmed');
    await expect(v.setMode('AUTO')).rejects.toThrow(/DO_SET_MODE refused: DENIED/); // no mission loaded
    await expect(v.setMode('SPORTY')).rejects.toThrow(/unknown ArduPilot Copter mode "SPORTY"/);
    await v.mission.upload(shortSprayMission());
    await v.setMode('AUTO');
    await expect(v.arm()).rejects.toThrow(/COMPONENT_ARM_DISARM refused: FAILED/);
    await until(() => texts.includes('Arm: Mode not armable'), 3000, 'the reason as a status text');
  });

  it('retries a command whose ack was lost, and reports a vehicle that never answers', async () => {
    const { session } = await setup({
      ignoreCommands: { [common.MavCmd.COMPONENT_ARM_DISARM]: 2, [common.MavCmd.DO_SET_HOME]: 99 },
    });
    await session.vehicle.setMode('GUIDED');
    const ack = await session.vehicle.command.long(common.MavCmd.COMPONENT_ARM_DISARM, [1], {
      timeoutMs: 150,
    });
    expect(ack.attempts).toBe(3);
    const err = await session.vehicle.command
      .long(common.MavCmd.DO_SET_HOME, [1], { timeoutMs: 80, retries: 2 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err.message).toMatch(/DO_SET_HOME: no acknowledgement from the vehicle after 3 attempts/);
    const unsupported = await session.vehicle.command
      .long(common.MavCmd.DO_FENCE_ENABLE, [1])
      .catch((e) => e);
    expect(unsupported.result).toBe(common.MavResult.UNSUPPORTED);
    expect(unsupported.message).toMatch(
      /DO_FENCE_ENABLE refused: UNSUPPORTED \(the autopilot does not support this command\)/,
    );
  });

  it('reads and writes SPRAY_* parameters, and names a missing one', async () => {
    const { session, sim } = await setup();
    expect((await session.vehicle.params.get('SPRAY_PUMP_RATE')).value).toBe(10);
    const set = await session.vehicle.params.set('SPRAY_PUMP_RATE', 12.5);
    expect(set.value).toBe(12.5);
    expect(sim.params.SPRAY_PUMP_RATE).toBe(12.5);
    await expect(session.vehicle.params.get('SPRAY_NOPE', { timeoutMs: 100, retries: 1 })).rejects.toThrow(
      /SPRAY_NOPE: no answer/,
    );
  });

  it('tests the pump on the ground: spray state follows the pump servo output', async () => {
    const { session } = await setup();
    const v = session.vehicle;
    await v.sprayerTest(true);
    await until(() => v.status.spraying, 3000, 'spraying');
    expect(v.status.pumpPwm).toBeGreaterThan(1150);
    await v.sprayerTest(false);
    await until(() => !v.status.spraying, 3000, 'pump off');
  });

  it('flies a short spray mission: take-off, lane with spray on, spray off, RTL and land', async () => {
    const { session, sim } = await setup({ speedup: 20 });
    const v = session.vehicle;
    const r = await v.uploadAndVerify(shortSprayMission());
    expect(r.comparison.summary).toMatch(/matches/);
    const samples: TelemetrySample[] = [];
    const reached: number[] = [];
    v.on('sample', (s) => samples.push(s));
    v.on('itemReached', (s) => reached.push(s));
    await until(() => v.status.gpsFix >= 3 && v.status.batteryPct !== undefined, 3000, 'GPS and battery');
    const pre = await v.preflight();
    expect(pre.checks.find((c) => c.name === 'mission')?.level).toBe('ok');
    expect(pre.ok).toBe(true);
    await v.setMode('GUIDED');
    await v.arm();
    await v.missionStart();
    await until(() => v.status.mode === 'RTL', 15_000, 'RTL at the end of the mission');
    await until(() => !v.status.armed, 15_000, 'landed and disarmed');
    // NAV items reached, DO items (2, 4, 6) never reported
    expect(reached).toEqual(expect.arrayContaining([1, 3, 5, 7]));
    expect(reached.some((s) => [2, 4, 6].includes(s))).toBe(false);
    // spray was on along the lane (east of A, before B), off on the way back
    const sprayed = samples.filter((s) => s.spraying);
    expect(sprayed.length).toBeGreaterThan(3);
    for (const s of sprayed) {
      expect(s.lat).toBeCloseTo(HOME.lat + north(10), 4);
      expect(s.lon).toBeGreaterThan(HOME.lon - east(3));
      expect(s.lon).toBeLessThan(HOME.lon + east(63));
      expect(s.mode).toBe('AUTO');
    }
    // sample times follow the vehicle clock: speeds implied by positions match the commanded 5 m/s
    const lane = sprayed.filter((s) => s.groundSpeedMps > 4.5);
    const first = lane[0] as TelemetrySample;
    const last = lane.at(-1) as TelemetrySample;
    const metres = (last.lon - first.lon) * M_PER_DEG * Math.cos((HOME.lat * Math.PI) / 180);
    expect(metres / ((last.t - first.t) / 1000)).toBeCloseTo(5, 0);
    expect(samples.every((s, i) => i === 0 || s.t > (samples[i - 1] as TelemetrySample).t)).toBe(true);
    // tank drained, back home
    expect(sim.model.tankL).toBeLessThan(10);
    expect(v.status.flowLpm).toBe(0);
    const end = samples.at(-1) as TelemetrySample;
    expect(Math.abs(end.lat - HOME.lat) * M_PER_DEG).toBeLessThan(3);
    expect(end.altM).toBeLessThan(0.5);
  }, 30_000);

  it('preflight refuses a mission that differs from the plan, a missing fence and strong wind', async () => {
    const { session } = await setup({ copter: { wind: { speedMps: 6, fromDeg: 90 } } });
    const v = session.vehicle;
    const plan = shortSprayMission();
    await v.mission.upload(plan);
    await until(
      () => v.status.windSpeedMps !== undefined && v.status.batteryPct !== undefined,
      3000,
      'telemetry',
    );
    const moved = plan.map((it) => (it.seq === 5 ? { ...it, y: it.y + 0.0001 } : it));
    const fence = [5001, 5001, 5001].map((command, seq) => ({
      ...(plan[0] as MissionItem),
      seq,
      command,
      frame: 5,
      param1: 3,
      missionType: 1 as const,
    }));
    const pre = await v.preflight({ expectedMission: moved, expectedFence: fence });
    const byName = Object.fromEntries(pre.checks.map((c) => [c.name, c]));
    expect(pre.ok).toBe(false);
    expect(byName.mission?.level).toBe('fail');
    expect(byName.mission?.detail).toMatch(/on board but read-back differs .* item 5 y/);
    expect(byName.fence?.detail).toMatch(/sent 3 items, vehicle holds 0/);
    expect(byName.wind?.level).toBe('fail');
    expect(byName.wind?.detail).toMatch(/at or above the 5 m\/s limit/);
    const good = await v.preflight({ expectedMission: plan, windRefuseMps: 8, windWarnMps: 3 });
    expect(good.checks.find((c) => c.name === 'mission')?.level).toBe('ok');
    expect(good.checks.find((c) => c.name === 'wind')?.level).toBe('warn');
    expect(good.ok).toBe(true);
  });

  it('reports an empty tank with a status text, and the pump stops', async () => {
    const { session } = await setup({ speedup: 20, copter: { tankL: 0.05 } });
    const v = session.vehicle;
    const texts: string[] = [];
    v.on('statusText', (t) => texts.push(t.text));
    await v.sprayerTest(true);
    await until(() => texts.includes('Sprayer: tank empty'), 5000, 'tank-empty text');
    await until(() => !v.status.spraying, 3000, 'pump off');
  });

  it('pauses, continues and returns to launch in flight', async () => {
    const { session } = await setup({ speedup: 10 });
    const v = session.vehicle;
    await v.mission.upload(shortSprayMission());
    await v.setMode('GUIDED');
    await v.arm();
    await v.missionStart();
    await until(() => (v.status.altM ?? 0) > 3 && (v.status.groundSpeedMps ?? 0) > 2, 10_000, 'cruising');
    await v.pause();
    await until(() => (v.status.groundSpeedMps ?? 9) < 0.3, 5000, 'holding');
    const heldAt = v.status.lon as number;
    await new Promise((r) => setTimeout(r, 300));
    expect(Math.abs((v.status.lon as number) - heldAt) * M_PER_DEG).toBeLessThan(0.5);
    await v.continue();
    await until(() => (v.status.groundSpeedMps ?? 0) > 2, 5000, 'moving again');
    await v.rtl();
    await until(() => v.status.mode === 'RTL', 3000, 'RTL');
  }, 30_000);

  it('detects a lost link and its recovery', async () => {
    const { session, sim } = await setup({}, 600);
    const events: string[] = [];
    session.vehicle.on('lost', () => events.push('lost'));
    session.vehicle.on('recovered', () => events.push('recovered'));
    sim.faults.down = true;
    await until(() => session.vehicle.isLost, 3000, 'lost');
    await expect(session.vehicle.arm()).rejects.toThrow(/link lost/);
    sim.faults.down = false;
    await until(() => !session.vehicle.isLost, 3000, 'recovered');
    expect(events).toEqual(['lost', 'recovered']);
  });

  it('sees several vehicles on one UDP port', async () => {
    const gcsLink = (await openLink('udpin://127.0.0.1:0')) as UdpLink;
    const conn = new MavConnection(gcsLink);
    const url = `udpout://127.0.0.1:${gcsLink.localPort}`;
    const sims = [await startSim({ link: url, sysid: 1 }), await startSim({ link: url, sysid: 2 })];
    cleanup = async () => {
      for (const s of sims) await s.close();
      await conn.close();
    };
    await conn.waitForVehicle({ sysid: 1, timeoutMs: 3000 });
    await conn.waitForVehicle({ sysid: 2, timeoutMs: 3000 });
    expect(
      conn
        .vehicles()
        .map((v) => v.sysid)
        .sort(),
    ).toEqual([1, 2]);
  });
});
