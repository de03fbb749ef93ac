import { InputError, type Issue } from './input-error.js';

function requirePositive(issues: Issue[], where: string, v: number, max = Number.POSITIVE_INFINITY): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
    issues.push({ where, message: `must be a positive number, got ${v}` });
  else if (v > max) issues.push({ where, message: `${v} is above the sane limit ${max}` });
}

/**
 * Nozzle flow (L/min) that applies `volumeLPerHa` over a swath of `swathM` at `speedMps`:
 * volume × swath × speed × 60 / 10 000.
 */
export function flowLpm(volumeLPerHa: number, swathM: number, speedMps: number): number {
  return (volumeLPerHa * swathM * speedMps * 60) / 10_000;
}

/** Highest ground speed (m/s) at which a pump of `pumpMaxLpm` still delivers `volumeLPerHa`. */
export function maxSpeedForPump(volumeLPerHa: number, swathM: number, pumpMaxLpm: number): number {
  return (pumpMaxLpm * 10_000) / (volumeLPerHa * swathM * 60);
}

export interface SprayRateInput {
  volumeLPerHa: number;
  swathM: number;
  /** Requested spray speed (m/s). */
  speedMps: number;
  pumpMaxLpm: number;
}

export interface SprayRate {
  /** Speed to fly while spraying (m/s): the requested one, or lower when the pump can't keep up. */
  speedMps: number;
  requestedSpeedMps: number;
  /** True when the speed was lowered for the pump. */
  capped: boolean;
  /** Flow at `speedMps` (L/min). */
  flowLpm: number;
  /** Share of the pump's maximum used (0–1). */
  pumpLoad: number;
  warnings: string[];
}

/**
 * Spray speed and flow for a dose. When the flow at the requested speed exceeds the pump's maximum,
 * the speed is lowered to what the pump can deliver and a warning says so.
 */
export function sprayRate(input: SprayRateInput): SprayRate {
  const issues: Issue[] = [];
  requirePositive(issues, 'volumeLPerHa', input.volumeLPerHa, 500);
  requirePositive(issues, 'swathM', input.swathM, 30);
  requirePositive(issues, 'speedMps', input.speedMps, 20);
  requirePositive(issues, 'pumpMaxLpm', input.pumpMaxLpm, 60);
  if (issues.length) throw new InputError(issues, 'spray rate');
  const vmax = maxSpeedForPump(input.volumeLPerHa, input.swathM, input.pumpMaxLpm);
  const warnings: string[] = [];
  let speed = input.speedMps;
  let capped = false;
  if (speed > vmax) {
    const need = flowLpm(input.volumeLPerHa, input.swathM, speed);
    speed = vmax;
    capped = true;
    warnings.push(
      `speed lowered from ${input.speedMps.toFixed(1)} to ${vmax.toFixed(2)} m/s: ${input.volumeLPerHa} L/ha over ` +
        `${input.swathM} m at ${input.speedMps.toFixed(1)} m/s needs ${need.toFixed(2)} L/min, the pump gives at most ${input.pumpMaxLpm} L/min`,
    );
  }
  const flow = flowLpm(input.volumeLPerHa, input.swathM, speed);
  return {
    speedMps: speed,
    requestedSpeedMps: input.speedMps,
    capped,
    flowLpm: flow,
    pumpLoad: flow / input.pumpMaxLpm,
    warnings,
  };
}

export interface ArduSprayerInput {
  volumeLPerHa: number;
  swathM: number;
  pumpMaxLpm: number;
  /** Spray speed actually flown (m/s), after any pump cap. */
  speedMps: number;
  /** Servo output wired to the pump (SERVOn_FUNCTION = 22). */
  pumpServo: number;
}

export interface ArduSprayerParams {
  /** Parameter name → value, ready to write to the vehicle. */
  params: Record<string, number>;
  /** SPRAY_PUMP_RATE: pump % per m/s of ground speed. */
  pumpRatePct: number;
  /** Pump output at the spray speed (%). */
  pumpPctAtSpeed: number;
  warnings: string[];
}

/**
 * ArduPilot sprayer (AC_Sprayer) parameters for a dose. The sprayer drives the pump at
 * `SPRAY_PUMP_RATE` % per m/s of ground speed (servo position = speed × rate, clamped to 100 %), so
 * with a pump whose flow is linear in its output, flow = max × rate × speed / 100. Setting that
 * equal to volume × swath × speed × 60 / 10 000 gives rate = 0.6 × volume × swath / max flow, for
 * any speed: the dose per hectare holds while the drone accelerates or slows.
 * `SPRAY_SPEED_MIN` (cm/s) keeps the pump off while hovering and turning.
 */
export function arduSprayerParams(input: ArduSprayerInput): ArduSprayerParams {
  const issues: Issue[] = [];
  requirePositive(issues, 'volumeLPerHa', input.volumeLPerHa, 500);
  requirePositive(issues, 'swathM', input.swathM, 30);
  requirePositive(issues, 'pumpMaxLpm', input.pumpMaxLpm, 60);
  requirePositive(issues, 'speedMps', input.speedMps, 20);
  if (!Number.isInteger(input.pumpServo) || input.pumpServo < 1 || input.pumpServo > 32)
    issues.push({ where: 'pumpServo', message: `must be a servo output 1..32, got ${input.pumpServo}` });
  if (issues.length) throw new InputError(issues, 'sprayer parameters');
  const warnings: string[] = [];
  const rate = (0.6 * input.volumeLPerHa * input.swathM) / input.pumpMaxLpm;
  const pctAtSpeed = rate * input.speedMps;
  if (rate > 100)
    warnings.push(
      `SPRAY_PUMP_RATE ${rate.toFixed(1)} is above ArduPilot's 0–100 range: the pump is too small for this dose`,
    );
  if (pctAtSpeed > 100.0001)
    warnings.push(
      `at ${input.speedMps} m/s the pump would need ${pctAtSpeed.toFixed(0)} %: it saturates and under-doses`,
    );
  // Off below half the spray speed, at most 1 m/s (ArduPilot's default): no puddles in the turns.
  const speedMinCms = Math.round(Math.min(100, input.speedMps * 50));
  return {
    params: {
      SPRAY_ENABLE: 1,
      SPRAY_PUMP_RATE: Math.round(rate * 100) / 100,
      SPRAY_PUMP_MIN: 0,
      SPRAY_SPEED_MIN: speedMinCms,
      [`SERVO${input.pumpServo}_FUNCTION`]: 22,
    },
    pumpRatePct: rate,
    pumpPctAtSpeed: pctAtSpeed,
    warnings,
  };
}
