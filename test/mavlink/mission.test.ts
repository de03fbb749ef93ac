import { common } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MissionTransferError } from '../../mavlink/errors.js';
import type { MissionItem } from '../../mission/items/types.js';
import { simAndVehicle, sprayMission } from './helpers.js';

const R = common.MavMissionResult;
const FAST = { minItemTimeoutMs: 5 };
const SIM_MISSION = { resendMs: 200, uploadTimeoutMs: 1500 };

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function setup(opts: Parameters<typeof simAndVehicle>[0] = {}, linkLostMs?: number) {
  const s = await simAndVehicle({ mission: SIM_MISSION, ...opts }, linkLostMs);
  cleanup = s.close;
  return s;
}

async function rejection(p: Promise<unknown>): Promise<MissionTransferError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(MissionTransferError);
    return e as MissionTransferError;
  }
  throw new Error('expected the transfer to fail');
}

describe('mission upload and read-back against the simulated ArduPilot over UDP', () => {
  it.each([
    [0, 0, 0],
    [0.1, 0.05, 0.05],
    [0.3, 0.1, 0.1],
  ])(
    '600 items at %s loss (dup %s, reorder %s): accepted and read back identical',
    async (loss, duplicate, reorder) => {
      const { session, sim } = await setup({ loss, duplicate, reorder, seed: 7 });
      const items = sprayMission(600);
      const progress: number[] = [];
      const r = await session.vehicle.uploadAndVerify(items, {
        timing: FAST,
        onProgress: (p) => {
          if (p.operation === 'upload') progress.push(p.done);
        },
      });
      expect(r.comparison.summary).toMatch(/matches/);
      expect(r.comparison.same).toBe(true);
      expect(r.readBack).toHaveLength(600);
      // ArduPilot specifics visible on read-back: INT frame reported as non-INT, item 0 is the vehicle's home
      expect(r.readBack[5]?.frame).toBe(3);
      expect(r.readBack[0]?.x).toBeCloseTo(10.0452, 6);
      expect(progress.at(-1)).toBe(600);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      if (loss > 0) expect(sim.link.dropped).toBeGreaterThan(0);
      // the vehicle reports the mission without home
      await new Promise((res) => setTimeout(res, 600));
      expect(session.vehicle.status.missionTotal).toBe(599);
    },
    30_000,
  );

  it('refuses more than 650 items with NO_SPACE, and nothing was changed', async () => {
    const { session } = await setup();
    await session.vehicle.mission.upload(sprayMission(20), { timing: FAST });
    const err = await rejection(session.vehicle.mission.upload(sprayMission(651), { timing: FAST }));
    expect(err.result).toBe(R.NO_SPACE);
    expect(err.resultName).toBe('NO_SPACE');
    expect(err.message).toMatch(/no room for 651 items/);
    expect(err.partial).toBe(false);
    expect(await session.vehicle.mission.download(0)).toHaveLength(20);
  });

  it.each([
    [R.DENIED, 0, /refused the transfer \(DENIED\)/],
    [R.UNSUPPORTED, 4, /does not support item 4 \(DO_SPRAYER\)/],
    [R.UNSUPPORTED_FRAME, 4, /coordinate frame of item 4/],
    [R.INVALID_PARAM1, 3, /item 3 \(NAV_WAYPOINT\) has an invalid param1/],
    [R.INVALID_PARAM5_X, 6, /invalid param5\/x \(latitude\)/],
    [R.INVALID_PARAM7, 6, /invalid param7\/z \(altitude\)/],
    [R.INVALID_SEQUENCE, 2, /out of order at item 2/],
    [R.OPERATION_CANCELLED, 5, /cancelled the transfer/],
    [R.ERROR, 1, /general error at item 1/],
  ])('result %s at item %s gets a clear message', async (result, seq, message) => {
    const { session, sim } = await setup();
    if (result === R.DENIED && seq === 0) sim.missions.denyUploads = true;
    else sim.injectMissionResult({ seq, result });
    // ArduPilot also sends INVALID_SEQUENCE for harmless duplicates, so the client only gives up on it
    // when the transfer then stalls
    const timing = result === R.INVALID_SEQUENCE ? { ...FAST, stallTimeoutMs: 800 } : FAST;
    const err = await rejection(session.vehicle.mission.upload(sprayMission(30), { timing }));
    expect(err.result).toBe(result);
    expect(err.failure).toBe('rejected');
    expect(err.message).toMatch(message);
    if (seq > 0) {
      expect(err.partial).toBe(true);
      expect(err.message).toMatch(/mix of the old and the new mission/);
    }
  });

  it('refuses badly numbered or non-finite items before sending anything', async () => {
    const { session, sim } = await setup();
    const items = sprayMission(10);
    const bad: MissionItem[] = items.map((it, i) =>
      i === 4 ? { ...it, seq: 7 } : i === 6 ? { ...it, x: Number.POSITIVE_INFINITY } : it,
    );
    const err = await rejection(session.vehicle.mission.upload(bad));
    expect(err.message).toMatch(/item 4: seq is 7, expected 4/);
    expect(err.message).toMatch(/item 6: x is not a finite number/);
    expect(sim.missions.store[0]).toHaveLength(0);
  });

  it('a link drop mid-upload gives a clear error, and the vehicle then holds a mix of old and new', async () => {
    const { session, sim } = await setup({}, 800);
    const old = sprayMission(60, { alt: 3 });
    await session.vehicle.mission.upload(old, { timing: FAST });
    const fresh = sprayMission(60, { alt: 6 });
    const err = await rejection(
      session.vehicle.mission.upload(fresh, {
        timing: FAST,
        onProgress: (p) => {
          if (p.done === 30) sim.faults.down = true;
        },
      }),
    );
    expect(['link-lost', 'timeout']).toContain(err.failure);
    expect(err.partial).toBe(true);
    expect(err.message).toMatch(/mission upload failed: .*(link lost|no reply)/);
    expect(err.message).toMatch(/mix of the old and the new mission/);
    sim.faults.down = false;
    await new Promise((res) => setTimeout(res, 1700)); // the vehicle cancels the stalled upload
    const held = await session.vehicle.mission.download(0, { timing: FAST });
    expect(held).toHaveLength(60);
    const alts = held.filter((it) => it.command === 16 && it.seq > 0).map((it) => it.z);
    expect(alts).toContain(3);
    expect(alts).toContain(6);
  });

  it('uploads, downloads and clears a fence (mission type 1) independently of the mission', async () => {
    const { session } = await setup();
    await session.vehicle.mission.upload(sprayMission(12), { timing: FAST });
    const corners = [
      [10.045, 105.746],
      [10.046, 105.746],
      [10.046, 105.748],
      [10.045, 105.748],
    ];
    const fence: MissionItem[] = corners.map(([lat, lon], seq) => ({
      seq,
      frame: 5,
      command: 5001,
      current: 0,
      autocontinue: 1,
      param1: 4,
      param2: 0,
      param3: 0,
      param4: 0,
      x: lat as number,
      y: lon as number,
      z: 0,
      missionType: 1,
    }));
    const r = await session.vehicle.uploadAndVerify(fence, { missionType: 1, timing: FAST });
    expect(r.comparison.same).toBe(true);
    expect(r.readBack[2]?.x).toBeCloseTo(10.046, 7);
    expect(await session.vehicle.mission.download(0)).toHaveLength(12);
    await session.vehicle.mission.clear(1);
    expect(await session.vehicle.mission.download(1)).toHaveLength(0);
    await session.vehicle.mission.clear(0);
    expect(await session.vehicle.mission.download(0)).toHaveLength(1); // ArduPilot keeps home
  });

  it('times out with a clear message when the vehicle never answers', async () => {
    const { session, sim } = await setup({}, 60_000);
    sim.faults.down = true;
    const err = await rejection(
      session.vehicle.mission.upload(sprayMission(5), { timing: { ackTimeoutMs: 60, retries: 2 } }),
    );
    expect(err.failure).toBe('timeout');
    expect(err.message).toMatch(/no reply from the vehicle to the item count after 2 retries/);
    expect(err.partial).toBe(false);
  });

  it('can be cancelled with an AbortSignal', async () => {
    const { session } = await setup({ latencyMs: 2 });
    const ac = new AbortController();
    const p = session.vehicle.mission.upload(sprayMission(300), {
      signal: ac.signal,
      onProgress: (x) => {
        if (x.done === 50) ac.abort();
      },
    });
    const err = await rejection(p);
    expect(err.failure).toBe('cancelled');
    expect(err.message).toMatch(/cancelled; ArduPilot writes items as they arrive/);
  });
});
