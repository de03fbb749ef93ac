import { z } from 'zod';
import { InputError, parseWith } from '../dose/input-error.js';

/** How the mission switches the nozzles. */
export const sprayControlSchema = z.discriminatedUnion('type', [
  /** ArduPilot's sprayer library (SPRAY_ENABLE=1, a servo with function 22): MAV_CMD_DO_SPRAYER. */
  z.object({
    type: z.literal('sprayer'),
    /** Output (SERVOn) wired to the pump, for the recommended SERVOn_FUNCTION=22. */
    pumpServo: z.number().int().min(1).max(32).default(9),
  }),
  /** A pump on a PWM output: MAV_CMD_DO_SET_SERVO with these PWM values. */
  z.object({
    type: z.literal('servo'),
    channel: z.number().int().min(1).max(32),
    pwmOn: z.number().int().min(800).max(2200),
    pwmOff: z.number().int().min(800).max(2200),
  }),
  /**
   * PX4: a pump on an output assigned "Peripheral via Actuator Set N" (N = `actuator`, 1–6), switched
   * by MAV_CMD_DO_SET_ACTUATOR with the values for on and off (-1..1).
   */
  z.object({
    type: z.literal('actuator'),
    actuator: z.number().int().min(1).max(6),
    on: z.number().min(-1).max(1).default(1),
    off: z.number().min(-1).max(1).default(-1),
  }),
  /** A pump on a relay: MAV_CMD_DO_SET_RELAY; `invert` when the relay is on at 0. */
  z.object({
    type: z.literal('relay'),
    relay: z.number().int().min(0).max(15),
    invert: z.boolean().default(false),
  }),
]);
export type SprayControl = z.output<typeof sprayControlSchema>;

const pos = (max: number) => z.number().positive().max(max);

/** A spraying drone as the planner needs it. Units in the names. */
export const droneProfileSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(120),
    autopilot: z.enum(['ardupilot', 'px4']),
    /** Usable tank volume (L). */
    tankL: pos(100),
    /** Pump maximum flow, all nozzles together (L/min). */
    pumpMaxLpm: pos(60),
    /** Flight time on one battery set with a full tank (min). Be conservative. */
    batteryEnduranceMin: pos(120),
    /** Share of the battery kept for landing and the unexpected (%). */
    batteryReservePct: z.number().min(0).max(80),
    /** Transit speed to and from the field and between blocks (m/s). */
    cruiseSpeedMps: pos(20),
    /** Default speed while spraying (m/s); the plan may choose another, the pump may cap it. */
    spraySpeedMps: pos(15),
    /** Height above the crop while spraying (m). */
    sprayHeightM: z.number().min(0.5).max(30),
    /** Take-off and ferry altitude above home (m). */
    transitAltM: z.number().min(1).max(120),
    /** Climb and descent speed used for time estimates (m/s). */
    verticalSpeedMps: pos(10).default(2),
    /** Horizontal acceleration for time estimates (m/s²). */
    accelMps2: pos(10).default(2),
    /** Straight run before the crop edge to reach spray speed with nozzles off (m). */
    leadInM: z.number().min(0).max(30),
    /** Straight run after the crop edge before turning (m). */
    leadOutM: z.number().min(0).max(30),
    /**
     * Transits between spray runs longer than this (m) climb to the transit altitude and fly at
     * cruise speed (to the next plot, around an obstacle); shorter ones (turns) stay low and slow.
     */
    highTransitM: z.number().min(0).max(10_000).default(60),
    /**
     * How far ahead of the vehicle the autopilot counts a waypoint as reached (m), together with the
     * nozzle response. The nozzle-switch waypoints are moved this far past the crop edge so the
     * switch happens at the edge, not this many metres before it. ArduPilot Copter: about
     * WPNAV_RADIUS; PX4: the acceptance radius (NAV_ACC_RAD, 2 m by default, as our items leave
     * NAV_WAYPOINT param2 at 0). PX4 also runs a mission's DO items once the waypoint before is accepted.
     */
    switchAheadM: z.number().min(0).max(10),
    sprayControl: sprayControlSchema,
    /** How each sortie ends: NAV_LAND at the refill point, or RTL. */
    finish: z.enum(['land', 'rtl']).default('land'),
  })
  .superRefine((p, ctx) => {
    if (p.transitAltM < p.sprayHeightM)
      ctx.addIssue({ code: 'custom', path: ['transitAltM'], message: 'must be at least sprayHeightM' });
    if (p.spraySpeedMps > p.cruiseSpeedMps)
      ctx.addIssue({ code: 'custom', path: ['spraySpeedMps'], message: 'must not exceed cruiseSpeedMps' });
    if (p.autopilot === 'px4' && p.sprayControl.type === 'sprayer')
      ctx.addIssue({
        code: 'custom',
        path: ['sprayControl', 'type'],
        message: 'PX4 has no MAV_CMD_DO_SPRAYER: use "servo" or "relay"',
      });
    if (p.autopilot === 'ardupilot' && p.sprayControl.type === 'actuator')
      ctx.addIssue({
        code: 'custom',
        path: ['sprayControl', 'type'],
        message: 'ArduPilot missions switch a pump with "sprayer", "servo" or "relay"',
      });
    if (p.sprayControl.type === 'actuator' && p.sprayControl.on === p.sprayControl.off)
      ctx.addIssue({ code: 'custom', path: ['sprayControl', 'on'], message: 'must differ from off' });
    if (p.sprayControl.type === 'servo' && p.sprayControl.pwmOn === p.sprayControl.pwmOff)
      ctx.addIssue({ code: 'custom', path: ['sprayControl', 'pwmOn'], message: 'must differ from pwmOff' });
  });

export type DroneProfile = z.output<typeof droneProfileSchema>;
/** A profile as typed in a file: defaults may be left out. */
export type DroneProfileInput = z.input<typeof droneProfileSchema>;

/** Validates a drone profile (from the UI, the database or a file). Throws InputError with paths. */
export function parseDroneProfile(value: unknown, where = ''): DroneProfile {
  return parseWith(droneProfileSchema, value, 'drone profile', where);
}

/** Parses a drone profile from JSON text (a `--profile <file>`). */
export function parseDroneProfileJson(text: string, source = 'profile'): DroneProfile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new InputError(
      [{ where: source, message: `not valid JSON: ${(e as Error).message}` }],
      'drone profile',
    );
  }
  return parseDroneProfile(v);
}

/** Usable flight time per sortie (s): endurance less the reserve. */
export function usableFlightTimeS(p: DroneProfile): number {
  return p.batteryEnduranceMin * 60 * (1 - p.batteryReservePct / 100);
}

/**
 * Built-in profiles: generic classes with plausible specifications, to start from. Check them
 * against your own drone (weigh a timed catch test for the pump flow, log a full-tank flight for
 * the endurance) before flying a job.
 */
export const BUILTIN_PROFILES: readonly DroneProfile[] = [
  parseDroneProfile({
    id: 'generic-10l',
    name: 'Generic 10 L sprayer (ArduPilot)',
    autopilot: 'ardupilot',
    tankL: 10,
    pumpMaxLpm: 2.4,
    batteryEnduranceMin: 11,
    batteryReservePct: 25,
    cruiseSpeedMps: 7,
    spraySpeedMps: 4,
    sprayHeightM: 2.5,
    transitAltM: 10,
    verticalSpeedMps: 2,
    accelMps2: 2,
    leadInM: 4,
    leadOutM: 4,
    switchAheadM: 1.5,
    sprayControl: { type: 'sprayer', pumpServo: 9 },
    finish: 'land',
  }),
  parseDroneProfile({
    id: 'generic-16l-px4',
    name: 'Generic 16 L sprayer (PX4, pump on Actuator Set 1)',
    autopilot: 'px4',
    tankL: 16,
    pumpMaxLpm: 4,
    batteryEnduranceMin: 10,
    batteryReservePct: 25,
    cruiseSpeedMps: 8,
    spraySpeedMps: 5,
    sprayHeightM: 2.5,
    transitAltM: 10,
    verticalSpeedMps: 2,
    accelMps2: 2.5,
    leadInM: 5,
    leadOutM: 5,
    switchAheadM: 2,
    sprayControl: { type: 'actuator', actuator: 1, on: 1, off: -1 },
    finish: 'land',
  }),
  parseDroneProfile({
    id: 'generic-40l',
    name: 'Generic 40 L sprayer (ArduPilot)',
    autopilot: 'ardupilot',
    tankL: 40,
    pumpMaxLpm: 12,
    batteryEnduranceMin: 9,
    batteryReservePct: 25,
    cruiseSpeedMps: 10,
    spraySpeedMps: 6,
    sprayHeightM: 3,
    transitAltM: 12,
    verticalSpeedMps: 3,
    accelMps2: 2.5,
    leadInM: 6,
    leadOutM: 6,
    switchAheadM: 2,
    sprayControl: { type: 'sprayer', pumpServo: 9 },
    finish: 'land',
  }),
];

/** A built-in profile by id, or undefined. */
export function builtinProfile(id: string): DroneProfile | undefined {
  return BUILTIN_PROFILES.find((p) => p.id === id);
}
