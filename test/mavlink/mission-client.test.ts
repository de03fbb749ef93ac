import { common, minimal } from 'node-mavlink';
import { afterEach, describe, expect, it } from 'vitest';
import { connectVehicle, type VehicleSession } from '../../mavlink/connect.js';
import { createLinkPair } from '../../mavlink/link/pipe.js';
import { MavEndpoint } from '../../mavlink/protocol/endpoint.js';
import { mav } from '../../mavlink/protocol/frames.js';
import type { MavMessageIn } from '../../mavlink/protocol/inbox.js';
import { sprayMission } from './helpers.js';

/** A scripted vehicle: `onMessage` decides the replies, so protocol corner cases are exact. */
async function scripted(
  onMessage: (m: MavMessageIn, reply: (msg: Parameters<MavEndpoint['send']>[0]) => void) => void,
) {
  const [vehicleEnd, gcsEnd] = createLinkPair();
  const ep = new MavEndpoint(vehicleEnd, 1, 1);
  const beat = () =>
    ep.send(
      mav(minimal.Heartbeat, {
        type: 2,
        autopilot: 3,
        baseMode: 1 as minimal.MavModeFlag,
        customMode: 0,
        systemStatus: 3,
        mavlinkVersion: 3,
      }),
    );
  beat();
  const timer = setInterval(beat, 200);
  ep.on('message', (f) => onMessage(f, (msg) => ep.send(msg)));
  const session = await connectVehicle(gcsEnd, { timeoutMs: 2000, telemetryHz: 0, heartbeatMs: 0 });
  return {
    session,
    close: async () => {
      clearInterval(timer);
      await session.close();
    },
  };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const req = (seq: number, missionType = 0) =>
  mav(common.MissionRequestInt, { targetSystem: 255, targetComponent: 190, seq, missionType });
const ack = (type: number, missionType = 0) =>
  mav(common.MissionAck, { targetSystem: 255, targetComponent: 190, type, missionType });

describe('mission upload client, protocol corner cases', () => {
  it('answers MISSION_REQUEST_INT, ignores acks of another mission type, follows a vehicle that restarts', async () => {
    const received: number[] = [];
    let restarted = false;
    let s: VehicleSession;
    ({ session: s, close } = await scripted((f, reply) => {
      const m = f.message;
      if (m instanceof common.MissionCount) reply(req(0));
      if (m instanceof common.MissionItemInt) {
        received.push(m.seq);
        if (m.seq === 0 && received.length === 1) {
          reply(ack(common.MavMissionResult.DENIED, 1)); // a fence ack: not about this transfer
          reply(req(1));
        } else if (m.seq === 1 && !restarted) {
          restarted = true;
          reply(req(0)); // the vehicle starts over (asked twice, so it is meant)
          setTimeout(() => reply(req(0)), 30);
        } else if (m.seq < 2) reply(req(m.seq + 1));
        else reply(ack(common.MavMissionResult.ACCEPTED, 0));
      }
    }));
    const stats = await s.vehicle.mission.upload(sprayMission(3), { timing: { minItemTimeoutMs: 200 } });
    expect(stats.items).toBe(3);
    expect(received.slice(0, 2)).toEqual([0, 1]);
    expect(received.slice(-3)).toEqual([0, 1, 2]);
  });

  it('ignores a single late duplicate request for an earlier item', async () => {
    const received: number[] = [];
    let s: VehicleSession;
    ({ session: s, close } = await scripted((f, reply) => {
      const m = f.message;
      if (m instanceof common.MissionCount) reply(req(0));
      if (m instanceof common.MissionItemInt) {
        received.push(m.seq);
        if (m.seq === 2) {
          reply(req(1)); // stale copy of an earlier request
          reply(req(3));
        } else if (m.seq < 4) reply(req(m.seq + 1));
        else reply(ack(common.MavMissionResult.ACCEPTED));
      }
    }));
    const stats = await s.vehicle.mission.upload(sprayMission(5), { timing: { minItemTimeoutMs: 200 } });
    expect(stats.items).toBe(5);
    expect(received).toEqual([0, 1, 2, 3, 4]);
  });
});
