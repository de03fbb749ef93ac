import { describe, expect, it } from 'vitest';
import type { TelemetrySample } from '../../mission/telemetry/types.js';
import { simAndVehicle, sprayMission, until } from './helpers.js';

describe('simulator telemetry at a speed-up', () => {
  it('flow and nozzle state in each sample describe the same instant, 10 Hz of simulated time', async () => {
    // 10× faster than real time, positions every 10 ms real = 100 ms simulated (as the demo vehicle)
    const s = await simAndVehicle({ speedup: 10, telemetryMs: 10 });
    try {
      const v = s.session.vehicle;
      await v.uploadAndVerify(sprayMission(16));
      const samples: TelemetrySample[] = [];
      v.on('sample', (x) => samples.push(x));
      await until(() => v.status.gpsFix >= 3 && v.status.batteryPct !== undefined, 3000, 'GPS and battery');
      await v.setMode('GUIDED');
      await v.arm();
      await v.missionStart();
      await until(() => v.status.mode === 'RTL', 20_000, 'RTL at the end of the mission');
      const flying = samples.filter((x) => x.mode === 'AUTO' && x.altM > 1);
      const sprayed = flying.filter((x) => x.spraying);
      expect(sprayed.length).toBeGreaterThan(50);
      // the pump output and the flow the vehicle reports switch together
      // (below the on-threshold of the servo, 1150 µs = 6.25 % of output, a barely turning pump
      // at walking pace is not counted as spraying: it may trickle up to 6.25 % of its 5 L/min)
      for (const x of flying) {
        if (x.flowLpm === undefined) continue;
        if (x.spraying) expect(x.flowLpm).toBeGreaterThan(0);
        else expect(x.flowLpm).toBeLessThan(0.32); // 6.25 % of 5 L/min, and the servo rounds to 1 µs
      }
      expect(sprayed.filter((x) => x.flowLpm === undefined).length).toBeLessThanOrEqual(3);
      // dense in simulated time: no sample dropped as "too soon" because of timer jitter
      const gaps = flying.slice(1).map((x, i) => x.t - flying[i]!.t);
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      expect(mean).toBeLessThan(115);
    } finally {
      await s.close();
    }
  }, 30_000);
});
