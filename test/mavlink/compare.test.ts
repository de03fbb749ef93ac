import { describe, expect, it } from 'vitest';
import { compareMissions } from '../../mavlink/mission/compare.js';
import type { MissionItem } from '../../mission/items/types.js';
import { sprayMission } from './helpers.js';

/** What ArduPilot hands back: float32 params, NaN as 0, 1e-7 degrees, centimetres, non-INT frames. */
function asArduPilotStores(items: MissionItem[]): MissionItem[] {
  const f = (v: number) => (Number.isNaN(v) ? 0 : Math.fround(v));
  return items.map((it) => ({
    ...it,
    frame: it.frame === 6 ? 3 : it.frame,
    param1: f(it.param1),
    param2: f(it.param2),
    param3: f(it.param3),
    param4: f(it.param4),
    x: Math.round(it.x * 1e7) / 1e7,
    y: Math.round(it.y * 1e7) / 1e7,
    z: Math.round(it.z * 100) / 100,
  }));
}

describe('compareMissions (read-back check)', () => {
  const sent = sprayMission(40).map((it) => (it.command === 16 ? { ...it, x: it.x + 3.3e-8, z: 3.456 } : it));

  it("accepts the autopilot's rounding", () => {
    const r = compareMissions(sent, asArduPilotStores(sent));
    expect(r.same).toBe(true);
    expect(r.summary).toBe('read-back matches: 40 items');
  });

  it('finds a moved waypoint, a changed nozzle command and a missing item', () => {
    const back = asArduPilotStores(sent);
    back[5] = { ...(back[5] as MissionItem), x: (back[5] as MissionItem).x + 1e-5 };
    back[4] = { ...(back[4] as MissionItem), param1: 0 };
    const r = compareMissions(sent, back);
    expect(r.same).toBe(false);
    expect(r.differences).toEqual([
      { seq: 4, field: 'param1', sent: 1, readBack: 0 },
      { seq: 5, field: 'x', sent: (sent[5] as MissionItem).x, readBack: (back[5] as MissionItem).x },
    ]);
    const short = compareMissions(sent, back.slice(0, 39));
    expect(short.summary).toMatch(/sent 40 items, vehicle holds 39/);
  });

  it('ignores home and params ArduPilot does not keep, but never the nozzle switch', () => {
    const back = asArduPilotStores(sent).map((it) =>
      it.command === 16 ? { ...it, param4: 0, param2: 0 } : it,
    );
    back[0] = { ...(back[0] as MissionItem), x: 10.1, y: 105.8 }; // the vehicle's own home
    const withYaw = sent.map((it) =>
      it.command === 16 && it.seq > 0 ? { ...it, param4: 90, param2: 2 } : it,
    );
    expect(compareMissions(withYaw, back).same).toBe(false);
    expect(compareMissions(withYaw, back, { ignoreHome: true, params: 'significant' }).same).toBe(true);
    back[4] = { ...(back[4] as MissionItem), param1: 0 };
    expect(compareMissions(withYaw, back, { ignoreHome: true, params: 'significant' }).differences).toEqual([
      { seq: 4, field: 'param1', sent: 1, readBack: 0 },
    ]);
  });
});
