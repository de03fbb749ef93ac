import { z } from 'zod';
import { type ArduSprayerParams, arduSprayerParams, type SprayRate, sprayRate } from '../dose/flow.js';
import { InputError } from '../dose/input-error.js';
import { computeMix, type MixSheet } from '../dose/mix.js';
import type { TankMixInput } from '../dose/product.js';
import type { LngLat, XY } from '../geo/types.js';
import { buildMissions, type SortieMission } from '../items/build.js';
import { buildFence, type Fence, missionPositions } from '../items/fence.js';
import type { Plan } from '../plan/types.js';
import { type DroneProfile, droneProfileSchema, parseDroneProfile } from '../profile/drone-profile.js';
import { type Breakpoint, planSorties, resumeSorties, type SortiePlan } from './sorties.js';

/**
 * A job request as it crosses the app API: the profile by id (built-in or stored) or inline,
 * products by catalogue id. The handler resolves the ids, then calls `prepareJob`.
 */
export const jobRequestSchema = z
  .object({
    profileId: z.string().min(1).optional(),
    profile: droneProfileSchema.optional(),
    volumeLPerHa: z.number().positive().max(500, 'above 500 L/ha is not a drone application volume'),
    tankL: z.number().positive().max(100).optional(),
    batteryEnduranceMin: z.number().positive().max(120).optional(),
    spraySpeedMps: z.number().positive().max(20).optional(),
    products: z
      .array(
        z.object({
          productId: z.string().min(1),
          ratePerHa: z.number().positive().max(100),
          override: z
            .object({ reason: z.string().trim().min(3, 'give a reason for the override') })
            .optional(),
        }),
      )
      .default([]),
    saoM2: z.number().min(100).max(1000).optional(),
    fenceMarginM: z.number().min(0).max(200).optional(),
    homeAltAmslM: z.number().min(-500).max(9000).optional(),
  })
  .refine((r) => (r.profileId === undefined) !== (r.profile === undefined), {
    message: 'give either profileId or profile',
    path: ['profileId'],
  });
export type JobRequest = z.output<typeof jobRequestSchema>;

/** Everything a job needs besides the route. */
export interface JobOptions {
  profile: DroneProfile;
  /** Application volume (L/ha of mix). */
  volumeLPerHa: number;
  /** Overrides the profile's tank (L). */
  tankL?: number;
  /** Overrides the profile's battery endurance (min). */
  batteryEnduranceMin?: number;
  /** Spray speed wanted (m/s); default the plan's. Lowered if the pump can't keep up. */
  spraySpeedMps?: number;
  /** Products and rates; when given, the job carries a mix sheet (rates checked against labels). */
  products?: TankMixInput['products'];
  /** m² per sào for the mix sheet (default 360). */
  saoM2?: number;
  /** Refill point; default the plan's home. */
  home?: LngLat;
  /** Home altitude AMSL for ArduPilot's item 0 (m). */
  homeAltAmslM?: number;
  /** No-fly zones (closed [lon, lat] rings): fence exclusions, and lead points kept out. */
  noFly?: LngLat[][];
  /** Fence margin around the block, route and home (m); default 10. */
  fenceMarginM?: number;
  /** Obstacle-avoiding connector for the ferry legs (local metres); default straight. */
  connect?: (from: XY, to: XY) => XY[];
}

/** A plan turned into what the drone flies and what the operator mixes. */
export interface Job {
  /** The profile with the job's tank/battery overrides applied. */
  profile: DroneProfile;
  rate: SprayRate;
  /** ArduPilot sprayer parameters to set (profiles with `sprayer` control). */
  sprayer?: ArduSprayerParams;
  /**
   * ArduPilot parameters to check on the vehicle before flying: the sprayer's (if used) and the
   * fence (FENCE_ENABLE, FENCE_TYPE = 5: max altitude + polygon, FENCE_ALT_MAX). Empty for PX4.
   */
  vehicleParams: Record<string, number>;
  sorties: SortiePlan;
  missions: SortieMission[];
  fence: Fence;
  mix?: MixSheet;
  /** Everything the operator should read: speed cap, off-label overrides, shortened leads… */
  warnings: string[];
}

function effectiveProfile(o: JobOptions): DroneProfile {
  const p: Record<string, unknown> = { ...o.profile };
  if (o.tankL !== undefined) p.tankL = o.tankL;
  if (o.batteryEnduranceMin !== undefined) p.batteryEnduranceMin = o.batteryEnduranceMin;
  return parseDroneProfile(p);
}

function finishJob(
  plan: Plan,
  o: JobOptions,
  profile: DroneProfile,
  rate: SprayRate,
  sorties: SortiePlan,
): Job {
  const warnings = [...rate.warnings, ...sorties.warnings];
  let sprayer: ArduSprayerParams | undefined;
  if (profile.sprayControl.type === 'sprayer') {
    sprayer = arduSprayerParams({
      volumeLPerHa: o.volumeLPerHa,
      swathM: plan.params.swathM,
      pumpMaxLpm: profile.pumpMaxLpm,
      speedMps: rate.speedMps,
      pumpServo: profile.sprayControl.pumpServo,
    });
    warnings.push(...sprayer.warnings);
  }
  const missions = buildMissions(sorties, {
    profile,
    ...(o.homeAltAmslM !== undefined ? { homeAltAmslM: o.homeAltAmslM } : {}),
    ...(o.noFly ? { noFly: o.noFly } : {}),
  });
  for (const m of missions) warnings.push(...m.warnings);
  const outline = plan.sprayable.flatMap((poly) => poly[0] ?? []);
  const fence = buildFence(
    [...outline, ...missions.flatMap((m) => missionPositions(m.items)), sorties.home],
    {
      marginM: o.fenceMarginM ?? 10,
      origin: plan.origin,
      ...(o.noFly ? { noFly: o.noFly } : {}),
    },
  );
  let mix: MixSheet | undefined;
  if (o.products) {
    mix = computeMix({
      mix: { volumeLPerHa: o.volumeLPerHa, products: o.products },
      areaHa: sorties.totals.areaHa,
      tankL: profile.tankL,
      tankLoadsL: sorties.sorties.map((s) => Math.min(profile.tankL, s.liquidL)).filter((l) => l > 1e-9),
      ...(o.saoM2 !== undefined ? { saoM2: o.saoM2 } : {}),
      plots: plan.perPlot.map((pl) => ({
        plotId: pl.plotId,
        areaHa: pl.sprayedAreaM2 / 10_000,
        ...(pl.name !== undefined ? { name: pl.name } : {}),
        ...(pl.owner !== undefined ? { owner: pl.owner } : {}),
      })),
    });
    warnings.push(...mix.warnings);
  }
  const vehicleParams: Record<string, number> =
    profile.autopilot === 'ardupilot'
      ? {
          ...(sprayer?.params ?? {}),
          FENCE_ENABLE: 1,
          FENCE_TYPE: 5,
          FENCE_ALT_MAX: Math.ceil(profile.transitAltM + 15),
        }
      : {};
  const MAX_ITEMS = 600;
  for (const m of missions)
    if (m.items.length > MAX_ITEMS)
      warnings.push(
        `sortie ${m.sortie}: ${m.items.length} mission items; many flight controllers store about ${MAX_ITEMS}: check the upload is accepted`,
      );
  const job: Job = { profile, rate, vehicleParams, sorties, missions, fence, warnings };
  if (sprayer) job.sprayer = sprayer;
  if (mix) job.mix = mix;
  return job;
}

function rateFor(plan: Plan, o: JobOptions, profile: DroneProfile): SprayRate {
  if (!(plan.params.swathM > 0))
    throw new InputError([{ where: 'plan.params.swathM', message: 'must be positive' }], 'job');
  return sprayRate({
    volumeLPerHa: o.volumeLPerHa,
    swathM: plan.params.swathM,
    speedMps: o.spraySpeedMps ?? plan.params.speedMps,
    pumpMaxLpm: profile.pumpMaxLpm,
  });
}

/**
 * From a planned route to a flyable job: spray speed (capped for the pump), sorties (tank and
 * battery), MAVLink missions per sortie, the geofence, ArduPilot sprayer parameters and, with
 * products, the mix sheet with one tank load per sortie.
 */
export function prepareJob(plan: Plan, options: JobOptions): Job {
  const profile = effectiveProfile(options);
  const rate = rateFor(plan, options, profile);
  const sorties = planSorties(plan, {
    profile,
    volumeLPerHa: options.volumeLPerHa,
    spraySpeedMps: rate.speedMps,
    ...(options.home ? { home: options.home } : {}),
    ...(options.connect ? { connect: options.connect } : {}),
  });
  return finishJob(plan, options, profile, rate, sorties);
}

/**
 * The rest of a job after an interrupted sortie: sorties and missions from the breakpoint on, the
 * first mission switching the nozzles back on exactly there.
 */
export function resumeJob(
  plan: Plan,
  options: JobOptions,
  at: Breakpoint,
  previous?: SortiePlan,
): Job & { breakpointM: number } {
  const profile = effectiveProfile(options);
  const rate = rateFor(plan, options, profile);
  const r = resumeSorties(
    plan,
    {
      profile,
      volumeLPerHa: options.volumeLPerHa,
      spraySpeedMps: rate.speedMps,
      ...(options.home ? { home: options.home } : {}),
      ...(options.connect ? { connect: options.connect } : {}),
    },
    at,
    previous,
  );
  return { ...finishJob(plan, options, profile, rate, r.plan), breakpointM: r.breakpointM };
}
