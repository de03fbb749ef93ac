import { z } from 'zod';
import { method } from './define.js';
import { jobOptionsSchema, planSourceSchema } from './mission-api.js';

/** What the window knows of the connected drone. */
export interface VehicleStateDto {
  connected: boolean;
  url?: string;
  /** The built-in simulated drone. */
  simulated: boolean;
  linkLost: boolean;
  info?: { sysid: number; compid: number; autopilot: string; type: number };
  status?: {
    armed: boolean;
    mode: string;
    lat?: number;
    lon?: number;
    altM?: number;
    groundSpeedMps?: number;
    headingDeg?: number;
    gpsFix: number;
    satellites?: number;
    batteryPct?: number;
    batteryV?: number;
    missionSeq?: number;
    missionTotal?: number;
    spraying: boolean;
    flowLpm?: number;
    tankL?: number;
    windSpeedMps?: number;
    windFromDeg?: number;
  };
  /** Last status texts from the vehicle, newest last. */
  texts: { severity: number; text: string; t: number }[];
  /** What was last uploaded (and verified) from this app. */
  upload?: {
    sortie: number;
    sorties: number;
    items: number;
    fenceItems: number;
    verified: boolean;
    at: string;
    resumed: boolean;
  };
  /** The flight being recorded (armed), if any. */
  recording?: { flightId?: string; jobId?: string };
  /** Last position with the nozzles on: where a resume continues from. */
  lastSprayPosition?: [number, number];
}

export interface PreflightDto {
  ok: boolean;
  checks: { name: string; level: 'ok' | 'warn' | 'fail'; detail: string }[];
}

export interface UploadResultDto {
  mission: { items: number; resends: number; elapsedMs: number; verified: boolean; summary: string };
  fence?: { items: number; verified: boolean; summary: string };
  params?: Record<string, number>;
  sortie: number;
  sorties: number;
  warnings: string[];
}

const yes = z.literal(true, { error: 'confirm this action (it moves the drone)' });

export const vehicleApi = {
  'vehicle.ports': method<{
    ports: { path: string; manufacturer?: string; serialNumber?: string }[];
    note?: string;
  }>()(z.object({}).strict()),
  'vehicle.connect': method<VehicleStateDto>()(
    z
      .object({
        url: z.string().min(3).max(300),
        timeoutMs: z.number().int().min(500).max(60_000).optional(),
      })
      .strict(),
  ),
  /** Starts the built-in simulated drone at the nearest home point and connects to it. */
  'vehicle.connectDemo': method<VehicleStateDto>()(
    z
      .object({ speedup: z.number().min(1).max(50).default(5), loss: z.number().min(0).max(0.5).default(0) })
      .strict(),
  ),
  'vehicle.disconnect': method<VehicleStateDto>()(z.object({}).strict()),
  'vehicle.state': method<VehicleStateDto>()(z.object({}).strict()),
  /**
   * Builds the job and uploads one sortie's mission (and the fence), reads both back and compares.
   * With `resumeAt`, uploads the continuation from that point instead (after a refill).
   */
  'vehicle.upload': method<UploadResultDto>()(
    z
      .object({
        source: planSourceSchema,
        options: jobOptionsSchema,
        sortie: z.number().int().min(1).default(1),
        fence: z.boolean().default(true),
        resumeAt: z.tuple([z.number(), z.number()]).optional(),
        /** The job (farmer's request) this flight is for: its flights and as-applied map are linked to it. */
        jobId: z.string().min(1).optional(),
        operator: z.string().trim().max(120).optional(),
      })
      .strict(),
  ),
  'vehicle.preflight': method<PreflightDto>()(
    z.object({ tankConfirmed: z.boolean().default(false) }).strict(),
  ),
  /** Preflight, arm and start the mission. Refused unless every check passes and the tank is confirmed. */
  'vehicle.start': method<PreflightDto>()(z.object({ confirm: yes, tankConfirmed: yes }).strict()),
  'vehicle.pause': method<VehicleStateDto>()(z.object({ confirm: yes }).strict()),
  'vehicle.continue': method<VehicleStateDto>()(z.object({ confirm: yes }).strict()),
  /** Nozzles off, then return to launch. */
  'vehicle.rtl': method<VehicleStateDto>()(z.object({ confirm: yes }).strict()),
  'vehicle.sprayerTest': method<VehicleStateDto>()(z.object({ on: z.boolean() }).strict()),
};

export interface VehicleEvents {
  'vehicle.state': VehicleStateDto;
  'vehicle.progress': { operation: 'upload' | 'download'; missionType: number; done: number; total: number };
  'vehicle.text': { severity: number; text: string; t: number };
}
