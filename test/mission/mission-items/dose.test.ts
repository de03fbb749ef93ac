import { describe, expect, it } from 'vitest';
import { arduSprayerParams, flowLpm, maxSpeedForPump, sprayRate } from '../../../mission/dose/flow.js';
import { InputError } from '../../../mission/dose/input-error.js';
import { computeMix, formatMixSheet, ratePerHaFromKnapsack } from '../../../mission/dose/mix.js';
import {
  BUILTIN_PROFILES,
  parseDroneProfile,
  parseDroneProfileJson,
} from '../../../mission/profile/drone-profile.js';
import { jobRequestSchema } from '../../../mission/sorties/job.js';
import { FUNGICIDE, INSECTICIDE } from './helpers.js';

describe('flow and speed', () => {
  it('flow = volume × swath × speed × 60 / 10 000 (20 L/ha, 5 m, 5 m/s → 3 L/min)', () => {
    expect(flowLpm(20, 5, 5)).toBeCloseTo(3, 12);
    expect(flowLpm(15, 4, 4)).toBeCloseTo(1.44, 12);
  });

  it('lowers the speed when the pump cannot keep up, and says so', () => {
    // 2.4 L/min can carry 20 L/ha over 5 m at 2.4 × 10 000 / (20 × 5 × 60) = 4 m/s.
    expect(maxSpeedForPump(20, 5, 2.4)).toBeCloseTo(4, 12);
    const r = sprayRate({ volumeLPerHa: 20, swathM: 5, speedMps: 5, pumpMaxLpm: 2.4 });
    expect(r.capped).toBe(true);
    expect(r.speedMps).toBeCloseTo(4, 12);
    expect(r.flowLpm).toBeCloseTo(2.4, 12);
    expect(r.warnings[0]).toMatch(
      /speed lowered from 5\.0 to 4\.00 m\/s.*needs 3\.00 L\/min.*at most 2\.4 L\/min/,
    );
    const ok = sprayRate({ volumeLPerHa: 20, swathM: 5, speedMps: 3, pumpMaxLpm: 2.4 });
    expect(ok.capped).toBe(false);
    expect(ok.speedMps).toBe(3);
    expect(ok.warnings).toEqual([]);
  });

  it('refuses absurd numbers with what and where', () => {
    expect(() => sprayRate({ volumeLPerHa: Number.NaN, swathM: 5, speedMps: 5, pumpMaxLpm: 2 })).toThrow(
      /volumeLPerHa: must be a positive number/,
    );
    expect(() => sprayRate({ volumeLPerHa: 20, swathM: -1, speedMps: 5, pumpMaxLpm: 2 })).toThrow(/swathM/);
    expect(() => sprayRate({ volumeLPerHa: 600, swathM: 5, speedMps: 5, pumpMaxLpm: 2 })).toThrow(
      /above the sane limit 500/,
    );
  });

  it('SPRAY_PUMP_RATE = 0.6 × volume × swath / max flow gives the dose at any speed', () => {
    const r = arduSprayerParams({ volumeLPerHa: 20, swathM: 5, pumpMaxLpm: 2.4, speedMps: 4, pumpServo: 9 });
    expect(r.pumpRatePct).toBeCloseTo(25, 12);
    expect(r.params).toMatchObject({
      SPRAY_ENABLE: 1,
      SPRAY_PUMP_RATE: 25,
      SPRAY_PUMP_MIN: 0,
      SERVO9_FUNCTION: 22,
    });
    expect(r.params.SPRAY_SPEED_MIN).toBe(100);
    // AC_Sprayer: pump % = rate × speed. With a linear pump the flow equals the target flow at 2 and 4 m/s.
    for (const v of [2, 4]) expect((2.4 * r.pumpRatePct * v) / 100).toBeCloseTo(flowLpm(20, 5, v), 12);
    expect(r.pumpPctAtSpeed).toBeCloseTo(100, 9);
    expect(r.warnings).toEqual([]);
    const tooFast = arduSprayerParams({
      volumeLPerHa: 20,
      swathM: 5,
      pumpMaxLpm: 2.4,
      speedMps: 5,
      pumpServo: 9,
    });
    expect(tooFast.warnings.join()).toMatch(/saturates/);
  });
});

describe('mix sheet', () => {
  const mix = {
    volumeLPerHa: 20,
    products: [
      { product: INSECTICIDE, ratePerHa: 0.5 },
      { product: FUNGICIDE, ratePerHa: 0.3 },
    ],
  };

  it('gives amounts per ha, per sào, per 1000 m², per tank and in total (worked example)', () => {
    const s = computeMix({ mix, areaHa: 0.5, tankL: 10 });
    expect(s.totalLiquidL).toBeCloseTo(10, 12);
    const ins = s.products[0]!;
    expect(ins.perHa).toBe(0.5);
    expect(ins.perSao).toBeCloseTo(0.018, 12); // 0.5 L × 360 / 10 000 = 18 mL
    expect(ins.per1000m2).toBeCloseTo(0.05, 12);
    expect(ins.perFullTank).toBeCloseTo(0.25, 12); // 10 L tank covers 0.5 ha
    expect(ins.total).toBeCloseTo(0.25, 12);
    expect(s.products[1]!.perFullTank).toBeCloseTo(0.15, 12);
    // Water: the liquid product takes 0.5 L of each 20 L/ha; the powder's volume is ignored.
    expect(s.water.perHa).toBeCloseTo(19.5, 12);
    expect(s.water.perFullTank).toBeCloseTo(9.75, 12);
    expect(s.tanks).toHaveLength(1);
    expect(s.tanks[0]!.waterL).toBeCloseTo(9.75, 12);
    const text = formatMixSheet(s);
    expect(text).toMatch(/18 mL/);
    expect(text).toMatch(/Pre-harvest interval: 14 day/);
  });

  it("gives each plot's share for the owners", () => {
    const s = computeMix({
      mix,
      areaHa: 0.6,
      tankL: 10,
      plots: [
        { plotId: 'p1', name: 'Thửa 12', owner: 'Bà Lan', areaHa: 0.36 },
        { plotId: 'p2', areaHa: 0.18 },
      ],
    });
    expect(s.perPlot[0]).toMatchObject({
      plotId: 'p1',
      owner: 'Bà Lan',
      sao: expect.closeTo(10, 9),
      liquidL: expect.closeTo(7.2, 9),
    });
    expect(s.perPlot[0]!.products[0]!.amount).toBeCloseTo(0.18, 12);
    expect(s.perPlot[1]!.sao).toBeCloseTo(5, 12);
    expect(formatMixSheet(s)).toMatch(
      /Thửa 12 · Bà Lan: 3600 m² \(10\.0 sào\) = 180 mL Test insecticide 240SC \+ 108 g Test fungicide 75WP in 7\.20 L mix/,
    );
    expect(() =>
      computeMix({ mix, areaHa: 1, tankL: 10, plots: [{ plotId: 'x', areaHa: Number.NaN }] }),
    ).toThrow(/plots\[0\]\.areaHa/);
  });

  it('turns a knapsack label (per 16 L bình, bình per sào) into the rate per ha the drone must keep', () => {
    // 15 mL per bình, 2 bình per sào of 360 m² → 0.015 × 2 × 10 000 / 360 = 0.833 L/ha.
    expect(ratePerHaFromKnapsack({ amountPerTank: 0.015, tanksPerSao: 2 })).toBeCloseTo(0.8333, 4);
    expect(ratePerHaFromKnapsack({ amountPerTank: 0.015, tanksPerSao: 2, saoM2: 500 })).toBeCloseTo(0.6, 12);
    expect(() => ratePerHaFromKnapsack({ amountPerTank: 0, tanksPerSao: 2 })).toThrow(/amountPerTank/);
  });

  it('uses sào Trung Bộ when asked', () => {
    const s = computeMix({ mix, areaHa: 1, tankL: 10, saoM2: 500 });
    expect(s.products[0]!.perSao).toBeCloseTo(0.025, 12);
  });

  it('splits into full tanks and a remainder, or follows the sorties', () => {
    const s = computeMix({ mix, areaHa: 1.25, tankL: 10 });
    expect(s.tanks.map((t) => t.liquidL)).toEqual([10, 10, 5]);
    expect(s.tanks[2]!.products[0]!.amount).toBeCloseTo(0.125, 12);
    const bySortie = computeMix({ mix, areaHa: 1.25, tankL: 10, tankLoadsL: [9, 9, 7] });
    expect(bySortie.tanks.map((t) => t.liquidL)).toEqual([9, 9, 7]);
  });

  it('refuses a rate outside the label unless overridden with a reason, and records the override', () => {
    const high = { volumeLPerHa: 20, products: [{ product: INSECTICIDE, ratePerHa: 0.8 }] };
    expect(() => computeMix({ mix: high, areaHa: 1, tankL: 10 })).toThrow(
      /products\[0\]\.ratePerHa: 0\.8 L\/ha of Test insecticide 240SC is above the label range 0\.4–0\.6/,
    );
    const low = { volumeLPerHa: 20, products: [{ product: FUNGICIDE, ratePerHa: 0.1 }] };
    expect(() => computeMix({ mix: low, areaHa: 1, tankL: 10 })).toThrow(/below the label range/);
    const over = {
      volumeLPerHa: 20,
      products: [
        { product: INSECTICIDE, ratePerHa: 0.8, override: { reason: 'agronomist: heavy outbreak' } },
      ],
    };
    const s = computeMix({ mix: over, areaHa: 1, tankL: 10 });
    expect(s.overrides).toEqual([
      {
        product: 'Test insecticide 240SC',
        ratePerHa: 0.8,
        unit: 'L',
        labelMin: 0.4,
        labelMax: 0.6,
        reason: 'agronomist: heavy outbreak',
      },
    ]);
    expect(s.warnings.join()).toMatch(/OFF-LABEL/);
  });

  it('refuses absurd input with where', () => {
    const bad =
      (m: unknown, areaHa = 1, tankL = 10) =>
      () =>
        computeMix({ mix: m as never, areaHa, tankL });
    expect(bad({ ...mix, volumeLPerHa: 600 })).toThrow(/volumeLPerHa: above 500 L\/ha/);
    expect(bad({ ...mix, volumeLPerHa: 0 })).toThrow(/volumeLPerHa/);
    expect(bad({ ...mix, products: [{ product: INSECTICIDE, ratePerHa: -1 }] })).toThrow(
      /products\[0\]\.ratePerHa/,
    );
    expect(bad({ ...mix, products: [] })).toThrow(/products: a tank mix needs at least one product/);
    expect(bad(mix, Number.NaN)).toThrow(/areaHa: must be a positive number/);
    expect(bad(mix, 1, 0)).toThrow(/tankL/);
    expect(() => computeMix({ mix, areaHa: 1, tankL: 10, saoM2: 5 })).toThrow(/saoM2/);
    // Liquid products that fill the whole spray volume.
    const thick = {
      volumeLPerHa: 5,
      products: [{ product: { ...INSECTICIDE, labelRate: { min: 1, max: 10, unit: 'L' } }, ratePerHa: 6 }],
    };
    expect(bad(thick)).toThrow(/fill the spray volume/);
    let caught: unknown;
    try {
      bad({ ...mix, volumeLPerHa: -3 })();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect((caught as InputError).issues[0]!.where).toBe('volumeLPerHa');
  });
});

describe('drone profiles', () => {
  it('has valid built-ins for the 10 L and 40 L classes', () => {
    expect(BUILTIN_PROFILES.map((p) => p.tankL)).toEqual(expect.arrayContaining([10, 40]));
    for (const p of BUILTIN_PROFILES) expect(parseDroneProfile(p)).toEqual(p);
  });

  it('loads a profile from JSON, applies defaults, and refuses bad ones with the path', () => {
    const base = { ...BUILTIN_PROFILES[0]! } as Record<string, unknown>;
    delete base.verticalSpeedMps;
    const p = parseDroneProfileJson(JSON.stringify(base));
    expect(p.verticalSpeedMps).toBe(2);
    expect(() => parseDroneProfileJson('{')).toThrow(/not valid JSON/);
    expect(() => parseDroneProfile({ ...BUILTIN_PROFILES[0]!, tankL: -2 })).toThrow(/tankL/);
    expect(() => parseDroneProfile({ ...BUILTIN_PROFILES[0]!, transitAltM: 1 })).toThrow(
      /transitAltM: must be at least sprayHeightM/,
    );
    expect(() =>
      parseDroneProfile({ ...BUILTIN_PROFILES[0]!, sprayControl: { type: 'actuator', actuator: 1 } }),
    ).toThrow(/ArduPilot missions switch a pump with/);
    expect(() => parseDroneProfile({ ...BUILTIN_PROFILES[0]!, autopilot: 'px4' })).toThrow(
      /sprayControl\.type: PX4 has no MAV_CMD_DO_SPRAYER/,
    );
    expect(() =>
      parseDroneProfile({
        ...BUILTIN_PROFILES[0]!,
        sprayControl: { type: 'servo', channel: 9, pwmOn: 1500, pwmOff: 1500 },
      }),
    ).toThrow(/pwmOn/);
  });
});

describe('job request schema (app API)', () => {
  it('accepts a profile id and products by id, and refuses both or neither profile', () => {
    const ok = jobRequestSchema.parse({
      profileId: 'generic-10l',
      volumeLPerHa: 20,
      products: [{ productId: 'a', ratePerHa: 0.5 }],
    });
    expect(ok.products[0]!.ratePerHa).toBe(0.5);
    expect(jobRequestSchema.safeParse({ volumeLPerHa: 20 }).success).toBe(false);
    expect(
      jobRequestSchema.safeParse({ profileId: 'x', profile: BUILTIN_PROFILES[0], volumeLPerHa: 20 }).success,
    ).toBe(false);
    const bad = jobRequestSchema.safeParse({ profileId: 'x', volumeLPerHa: 900 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['volumeLPerHa']);
  });
});
