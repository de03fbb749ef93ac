import { connectVehicle, type VehicleSession } from '../../mavlink/connect.js';
import { type Sim, type SimOptions, startLoopbackSim } from '../../mavlink/sim/sim.js';
import type { MissionItem } from '../../mission/items/types.js';

export const HOME = { lat: 10.0452, lon: 105.7469 };

/** A spray mission: home, take-off, speed, then lanes with sprayer on/off, then RTL. `n` items in total. */
export function sprayMission(
  n: number,
  opts: { home?: { lat: number; lon: number }; alt?: number; lane?: number } = {},
): MissionItem[] {
  const home = opts.home ?? HOME;
  const alt = opts.alt ?? 3.5;
  const laneM = opts.lane ?? 20;
  const base = {
    frame: 6,
    current: 0 as const,
    autocontinue: 1 as const,
    param1: 0,
    param2: 0,
    param3: 0,
    param4: Number.NaN,
    missionType: 0 as const,
  };
  const items: MissionItem[] = [
    { ...base, seq: 0, frame: 0, command: 16, x: home.lat, y: home.lon, z: 5, param4: 0 },
    { ...base, seq: 1, frame: 6, command: 22, x: 0, y: 0, z: alt, param4: 0 },
    {
      ...base,
      seq: 2,
      frame: 2,
      command: 178,
      param1: 1,
      param2: 4.5,
      param3: -1,
      param4: 0,
      x: 0,
      y: 0,
      z: 0,
    },
  ];
  let i = 0;
  while (items.length < n - 1) {
    const seq = items.length;
    const k = Math.floor(i / 4);
    const phase = i % 4;
    const north = (k * 5) / 111_320;
    const east = (phase === 1 || phase === 2 ? laneM : 0) / (111_320 * Math.cos((home.lat * Math.PI) / 180));
    const flip = k % 2 === 1;
    if (phase === 0 || phase === 2) {
      items.push({
        ...base,
        seq,
        command: 16,
        x: home.lat + 0.0001 + north,
        y: home.lon + (flip ? laneM / (111_320 * Math.cos((home.lat * Math.PI) / 180)) - east : east),
        z: alt,
      });
    } else {
      items.push({
        ...base,
        seq,
        frame: 2,
        command: 216,
        param1: phase === 1 ? 1 : 0,
        param4: 0,
        x: 0,
        y: 0,
        z: 0,
      });
    }
    i++;
  }
  items.push({ ...base, seq: items.length, frame: 2, command: 20, x: 0, y: 0, z: 0, param4: 0 });
  return items.slice(0, n);
}

/** Starts a sim listening on a random UDP port and connects a ground station to it. */
export async function simAndVehicle(
  simOpts: Partial<SimOptions> = {},
  linkLostMs = 1500,
): Promise<{ sim: Sim; session: VehicleSession; close(): Promise<void> }> {
  const { sim, connectUrl } = await startLoopbackSim({ speedup: 10, ...simOpts });
  const session = await connectVehicle(connectUrl, {
    timeoutMs: 5000,
    linkLostMs,
    telemetryHz: 0,
  });
  return {
    sim,
    session,
    async close() {
      await session.close();
      await sim.close();
    },
  };
}

/** Resolves once `pred()` holds (checked every `everyMs`), or rejects naming `what` after `timeoutMs`. */
export function until(pred: () => boolean, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const timer = setInterval(() => {
      if (pred()) {
        clearInterval(timer);
        resolve();
      } else if (performance.now() - t0 > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${what}`));
      }
    }, everyMs);
  });
}
