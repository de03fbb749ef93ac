import { common, type MavLinkData } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { mav } from '../../mavlink/protocol/frames.js';
import type { MavMessageIn } from '../../mavlink/protocol/inbox.js';
import { TelemetryTracker } from '../../mavlink/telemetry.js';
import type { TelemetrySample } from '../../mission/telemetry/types.js';

const frame = (message: MavLinkData) => ({ sysid: 1, compid: 1, message }) as unknown as MavMessageIn;

function tracker(): { t: TelemetryTracker; samples: TelemetrySample[] } {
  const t = new TelemetryTracker('ardupilot');
  const samples: TelemetrySample[] = [];
  t.on('sample', (s) => samples.push(s));
  return { t, samples };
}

const position = (bootMs: number) =>
  frame(
    mav(common.GlobalPositionInt, {
      timeBootMs: bootMs,
      lat: 100_452_000,
      lon: 1_057_469_000 + bootMs,
      alt: 7500,
      relativeAlt: 2500,
      vx: 400,
      vy: 0,
      vz: 0,
      hdg: 0,
    }),
  );
const pump = (pwm: number) => {
  const m: Record<string, number> = { timeUsec: 0, port: 0 };
  for (let i = 1; i <= 16; i++) m[`servo${i}Raw`] = 0;
  m.servo9Raw = pwm;
  return frame(mav(common.ServoOutputRaw, m as never));
};
const flow = (bootMs: number, lpm: number) =>
  frame(mav(common.NamedValueFloat, { timeBootMs: bootMs, name: 'FLOW_LPM', value: lpm }));

describe('telemetry samples', () => {
  it('keeps every position sent at 10 Hz with jitter (none dropped as "too soon")', () => {
    const { t, samples } = tracker();
    let bootMs = 1000;
    for (let i = 0; i < 300; i++) {
      bootMs += 100 + (i % 2 === 0 ? -8 : 8); // 92, 108, 92, … ms apart
      t.consume(position(bootMs));
    }
    expect(samples).toHaveLength(300);
  });

  it('thins a faster stream to 10 Hz of vehicle time', () => {
    const { t, samples } = tracker();
    for (let i = 0; i < 1000; i++) t.consume(position(1000 + i * 20)); // 50 Hz for 20 s
    expect(samples.length).toBeGreaterThanOrEqual(199);
    expect(samples.length).toBeLessThanOrEqual(201);
    const gaps = samples.slice(1).map((s, i) => s.t - samples[i]!.t);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(100);
  });

  it('leaves out a flow reading from before the pump was switched, and one gone stale', () => {
    const { t, samples } = tracker();
    t.consume(flow(1000, 0));
    t.consume(position(1000));
    t.consume(pump(1900)); // pump on; the last flow reading (0 L/min) is from before
    t.consume(position(1100));
    t.consume(flow(1150, 2.4));
    t.consume(position(1200));
    t.consume(position(2300)); // no flow reading for 1.15 s
    expect(samples.map((s) => [s.spraying, s.flowLpm])).toEqual([
      [false, 0],
      [true, undefined],
      [true, 2.4],
      [true, undefined],
    ]);
  });
});
