import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MissionTransferError } from '../../mavlink/errors.js';
import type { MissionItem } from '../../mission/items/types.js';
import { simAndVehicle, sprayMission, until } from './helpers.js';

/** PX4 has no home item: the mission starts with the take-off. */
function px4Mission(n: number, alt = 3.5): MissionItem[] {
  return sprayMission(n + 1, { alt })
    .slice(1)
    .map((it, seq) => ({ ...it, seq }));
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(opts: Parameters<typeof simAndVehicle>[0] = {}) {
  const s = await simAndVehicle({ autopilot: 'px4', mission: { resendMs: 200 }, ...opts });
  cleanup = s.close;
  return s;
}

describe('PX4 vehicle (simulated)', () => {
  it('uploads without a home item over a lossy link and reads back every item, item 0 included', async () => {
    // (no reordering: PX4 aborts a transfer on an item from further back, which the client then reports)
    const { session } = await setup({ loss: 0.15, seed: 5 });
    const v = session.vehicle;
    expect(v.autopilot).toBe('px4');
    expect(v.status.mode).toBe('STABILIZED');
    const items = px4Mission(150);
    const r = await v.uploadAndVerify(items, { timing: { minItemTimeoutMs: 5 } });
    expect(r.comparison.summary).toBe('read-back matches: 150 items');
    expect(r.readBack[0]?.command).toBe(22);
  });

  it('keeps the old mission when an upload fails (atomic), and says nothing about a mix', async () => {
    const { session, sim } = await setup();
    const old = px4Mission(40, 3);
    await session.vehicle.mission.upload(old);
    sim.injectMissionResult({ seq: 20, result: common.MavMissionResult.INVALID_PARAM7 });
    const err = await session.vehicle.mission.upload(px4Mission(40, 6)).catch((e) => e);
    expect(err).toBeInstanceOf(MissionTransferError);
    expect(err.partial).toBe(false);
    expect(err.message).toMatch(/item 20 \(NAV_WAYPOINT\) has an invalid param7/);
    expect(err.message).not.toMatch(/mix/);
    const held = await session.vehicle.mission.download(0);
    expect(held.filter((it) => it.command === 16).every((it) => it.z === 3)).toBe(true);
  });

  it('arms, starts the mission and changes modes with PX4 mode numbers', async () => {
    const { session } = await setup({ speedup: 10 });
    const v = session.vehicle;
    await v.mission.upload(px4Mission(12));
    await v.arm();
    await v.missionStart();
    await until(() => v.status.mode === 'AUTO.MISSION' && v.status.armed, 3000, 'AUTO.MISSION');
    await until(() => (v.status.altM ?? 0) > 1, 5000, 'take-off');
    await v.setMode('RTL');
    await until(() => v.status.mode === 'AUTO.RTL', 3000, 'AUTO.RTL');
    expect(v.status.missionTotal).toBe(12); // PX4 counts every item
  });
});
