import { CatalogRepository } from '../../fields/catalog/catalog-repo.js';
import { contentSha256, recordAudit } from '../../fields/records/audit.js';
import { attachPlan, jobPlans } from '../../fields/records/jobs.js';
import { FlightRecorder } from '../../fields/records/recorder.js';
import {
  connectVehicle,
  createLinkPair,
  listSerialPorts,
  type Sim,
  startSim,
  type VehicleSession,
} from '../../mavlink/index.js';
import type { VehicleStatus } from '../../mavlink/telemetry.js';
import type { MissionItem } from '../../mission/items/types.js';
import { builtinProfile } from '../../mission/profile/drone-profile.js';
import { type Job, prepareJob, resumeJob } from '../../mission/sorties/job.js';
import type { ApiInput } from '../api/contract.js';
import { ApiError } from '../api/define.js';
import type { PreflightDto, UploadResultDto, VehicleStateDto } from '../api/vehicle-api.js';
import type { ServiceContext } from './context.js';
import { jobInputs } from './mission-service.js';

const STATUS_EVENT_MS = 250;
const DEMO_PROFILE = builtinProfile('generic-10l')!;
const MAX_TEXTS = 30;

/** Turns mavlink errors (transfer, command, lost link) into API errors with their own words. */
function vehicleError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  const err = e as Error;
  return new ApiError({ code: 'refused', message: err?.message ?? String(e) });
}

/**
 * The drone the app talks to: one vehicle at a time, over any link URL or the built-in simulated
 * drone. Pushes its state to the window (throttled), keeps what was uploaded so a start can check
 * that the mission on board is the plan, and remembers the last spraying position for a resume.
 */
export class VehicleManager {
  private session?: VehicleSession;
  private sim?: Sim;
  private url?: string;
  private texts: VehicleStateDto['texts'] = [];
  private lastUpload?: {
    items: MissionItem[];
    fence?: MissionItem[];
    dto: NonNullable<VehicleStateDto['upload']>;
    job: Job;
  };
  private lastSpray?: [number, number];
  private statusTimer?: ReturnType<typeof setTimeout>;
  private recorder?: FlightRecorder;
  private recordingJobId?: string;
  private readonly catalog: CatalogRepository;
  /** Subscribers to every telemetry sample (the flight logger). */
  readonly sampleListeners = new Set<
    (s: import('../../mission/telemetry/types.js').TelemetrySample) => void
  >();

  constructor(private readonly ctx: ServiceContext) {
    this.catalog = new CatalogRepository(ctx.db);
  }

  get vehicle() {
    return this.session?.vehicle;
  }

  state(): VehicleStateDto {
    const v = this.session?.vehicle;
    const s: VehicleStatus | undefined = v?.status;
    return {
      connected: !!v,
      simulated: !!this.sim,
      linkLost: v?.isLost ?? false,
      texts: this.texts.slice(-10),
      ...(this.url ? { url: this.url } : {}),
      ...(v
        ? { info: { sysid: v.info.sysid, compid: v.info.compid, autopilot: v.autopilot, type: v.info.type } }
        : {}),
      ...(s
        ? {
            status: {
              armed: s.armed,
              mode: s.mode,
              lat: s.lat,
              lon: s.lon,
              altM: s.altM,
              groundSpeedMps: s.groundSpeedMps,
              headingDeg: s.headingDeg,
              gpsFix: s.gpsFix,
              satellites: s.satellites,
              batteryPct: s.batteryPct,
              batteryV: s.batteryV,
              missionSeq: s.missionSeq,
              missionTotal: s.missionTotal,
              spraying: s.spraying,
              flowLpm: s.flowLpm,
              tankL: s.tankL,
              windSpeedMps: s.windSpeedMps,
              windFromDeg: s.windFromDeg,
            },
          }
        : {}),
      ...(this.lastUpload ? { upload: this.lastUpload.dto } : {}),
      ...(this.lastSpray ? { lastSprayPosition: this.lastSpray } : {}),
      ...(this.recorder?.currentFlightId || this.recordingJobId
        ? {
            recording: {
              ...(this.recorder?.currentFlightId ? { flightId: this.recorder.currentFlightId } : {}),
              ...(this.recordingJobId ? { jobId: this.recordingJobId } : {}),
            },
          }
        : {}),
    };
  }

  /** Starts a new flight recorder (closing the previous one): one flight per arm…disarm. */
  private async record(
    info: { jobId?: string; planId?: string; swathM?: number; rateLha?: number; operator?: string },
    firstSortie = 1,
  ): Promise<void> {
    const v = this.session?.vehicle;
    if (!v) return;
    await this.recorder?.stop().catch(() => undefined);
    this.recordingJobId = info.jobId;
    this.recorder = new FlightRecorder(
      this.ctx.db,
      { vehicle: `sysid ${v.info.sysid} (${v.autopilot})${this.sim ? ' SIM' : ''}`, ...info },
      {
        firstSortie,
        onFlightStarted: () => this.pushState(),
        onFlightClosed: () => {
          this.ctx.emit('records.changed', { reason: 'flight' });
          this.pushState();
        },
        onError: (e) =>
          this.ctx.emit('vehicle.text', { severity: 3, text: `flight log: ${e.message}`, t: Date.now() }),
      },
    );
  }

  private pushState = (): void => {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.ctx.emit('vehicle.state', this.state());
    }, STATUS_EVENT_MS);
  };

  private attach(session: VehicleSession, url: string): void {
    this.session = session;
    this.url = url;
    this.texts = [];
    this.lastUpload = undefined;
    const v = session.vehicle;
    v.on('status', this.pushState);
    v.on('lost', this.pushState);
    v.on('recovered', this.pushState);
    v.on('statusText', (tx) => {
      this.texts.push(tx);
      if (this.texts.length > MAX_TEXTS) this.texts.shift();
      this.ctx.emit('vehicle.text', tx);
      this.pushState();
    });
    void this.record({});
    v.on('sample', (sample) => {
      if (sample.spraying) this.lastSpray = [sample.lon, sample.lat];
      this.recorder?.push(sample);
      for (const l of this.sampleListeners) l(sample);
    });
    this.ctx.emit('vehicle.state', this.state());
  }

  async connect(url: string, timeoutMs = 10_000): Promise<VehicleStateDto> {
    await this.disconnect();
    try {
      this.attach(await connectVehicle(url, { timeoutMs }), url);
    } catch (e) {
      throw new ApiError({ code: 'refused', message: `${url}: ${(e as Error).message}` });
    }
    return this.state();
  }

  async connectDemo(speedup: number, loss: number, home?: [number, number]): Promise<VehicleStateDto> {
    await this.disconnect();
    const [gcsSide, simSide] = createLinkPair('demo');
    this.sim = await startSim({
      link: simSide,
      speedup,
      loss,
      // the simulated drone is the built-in 10 L profile, so doses and sorties match what is planned
      copter: {
        tankL: DEMO_PROFILE.tankL,
        pumpMaxLpm: DEMO_PROFILE.pumpMaxLpm,
        enduranceMin: DEMO_PROFILE.batteryEnduranceMin,
      },
      ...(home ? { home: { lat: home[1], lon: home[0], altMslM: 5 } } : {}),
    });
    try {
      this.attach(await connectVehicle(gcsSide, { timeoutMs: 5000 }), 'sim://built-in');
    } catch (e) {
      await this.sim.close();
      this.sim = undefined;
      throw vehicleError(e);
    }
    return this.state();
  }

  async disconnect(): Promise<VehicleStateDto> {
    clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    const s = this.session;
    const sim = this.sim;
    this.session = undefined;
    this.sim = undefined;
    this.url = undefined;
    this.lastSpray = undefined;
    const rec = this.recorder;
    this.recorder = undefined;
    this.recordingJobId = undefined;
    await rec?.stop().catch(() => undefined);
    await s?.close().catch(() => undefined);
    await sim?.close().catch(() => undefined);
    if (s) this.ctx.emit('vehicle.state', this.state());
    return this.state();
  }

  private need() {
    const v = this.session?.vehicle;
    if (!v) throw new ApiError({ code: 'refused', message: 'no drone connected: connect one first' });
    return v;
  }

  async upload(input: ApiInput<'vehicle.upload'>): Promise<UploadResultDto> {
    const v = this.need();
    const { plan, jobOptions } = await jobInputs(this.ctx, this.catalog, input.source, input.options);
    const job: Job = input.resumeAt
      ? resumeJob(
          plan,
          jobOptions,
          { position: input.resumeAt, ...(this.lastUpload ? { sortie: this.lastUpload.dto.sortie } : {}) },
          this.lastUpload?.job.sorties,
        )
      : prepareJob(plan, jobOptions);
    const sortie = input.resumeAt ? 1 : (input.sortie ?? 1);
    const m = job.missions[sortie - 1];
    if (!m) {
      throw new ApiError({
        code: 'invalid_input',
        message: `sortie ${sortie}: the job has ${job.missions.length} sortie(s)`,
        issues: [{ where: 'sortie', message: `1 to ${job.missions.length}` }],
      });
    }
    if ((m.autopilot === 'ardupilot') !== (v.autopilot === 'ardupilot')) {
      throw new ApiError({
        code: 'refused',
        message: `the drone profile is for ${m.autopilot} but the vehicle runs ${v.autopilot}: pick the matching profile`,
      });
    }
    const onProgress = (p: {
      operation: 'upload' | 'download';
      missionType: number;
      done: number;
      total: number;
    }) => this.ctx.emit('vehicle.progress', p);
    try {
      let params: Record<string, number> | undefined;
      if (job.sprayer && v.autopilot === 'ardupilot') {
        params = job.sprayer.params;
        for (const [name, value] of Object.entries(params)) await v.params.set(name, value);
      }
      const mission = await v.uploadAndVerify(m.items, { onProgress });
      let fence: UploadResultDto['fence'];
      if (input.fence !== false && job.fence.items.length) {
        const f = await v.uploadAndVerify(job.fence.items, { missionType: 1, onProgress });
        fence = { items: f.stats.items, verified: f.comparison.same, summary: f.comparison.summary };
      }
      const verified = mission.comparison.same && (fence?.verified ?? true);
      await recordAudit(this.ctx.db, {
        kind: 'mission.uploaded',
        subject:
          'planId' in input.source
            ? `plan:${input.source.planId}`
            : `fields:${input.source.fieldIds.join(',')}`,
        data: {
          vehicle: `sysid ${v.info.sysid}`,
          link: this.url,
          sortie,
          sorties: job.missions.length,
          items: m.items.length,
          itemsSha256: contentSha256(m.items),
          fenceItems: job.fence.items.length,
          fenceSha256: contentSha256(job.fence.items),
          verified,
          resumeAt: input.resumeAt ?? null,
          sprayerParams: params ?? null,
        },
      });
      if (!v.status.armed) {
        let planId = 'planId' in input.source ? input.source.planId : undefined;
        if (input.jobId) {
          const attached = (await jobPlans(this.ctx.db, input.jobId)).some((p) => p.planId === planId);
          if (!attached)
            planId = (await attachPlan(this.ctx.db, input.jobId, plan, planId ? { planId } : {})).planId;
        }
        await this.record(
          {
            ...(input.jobId ? { jobId: input.jobId } : {}),
            ...(planId ? { planId } : {}),
            ...(input.operator ? { operator: input.operator } : {}),
            swathM: plan.params.swathM,
            rateLha: jobOptions.volumeLPerHa,
          },
          sortie,
        );
      }
      this.lastUpload = {
        items: m.items,
        ...(fence ? { fence: job.fence.items } : {}),
        job,
        dto: {
          sortie,
          sorties: job.missions.length,
          items: m.items.length,
          fenceItems: fence?.items ?? 0,
          verified,
          at: new Date().toISOString(),
          resumed: !!input.resumeAt,
        },
      };
      this.pushState();
      return {
        mission: {
          items: mission.stats.items,
          resends: mission.stats.resends,
          elapsedMs: mission.stats.elapsedMs,
          verified: mission.comparison.same,
          summary: mission.comparison.summary,
        },
        ...(fence ? { fence } : {}),
        ...(params ? { params } : {}),
        sortie,
        sorties: job.missions.length,
        warnings: [...job.warnings, ...m.warnings],
      };
    } catch (e) {
      throw vehicleError(e);
    }
  }

  async preflight(tankConfirmed: boolean): Promise<PreflightDto> {
    const v = this.need();
    const settings = (await this.ctx.settings.all()) as { windWarnMps?: number; windRefuseMps?: number };
    const r = await v.preflight({
      windWarnMps: settings.windWarnMps ?? 3,
      windRefuseMps: settings.windRefuseMps ?? 5,
      ...(this.lastUpload ? { expectedMission: this.lastUpload.items } : {}),
      ...(this.lastUpload?.fence ? { expectedFence: this.lastUpload.fence } : {}),
    });
    const checks: PreflightDto['checks'] = [...r.checks];
    if (!this.lastUpload)
      checks.push({
        name: 'plan',
        level: 'warn',
        detail:
          'no mission uploaded from this app in this session: the one on board is not checked against a plan',
      });
    checks.push(
      tankConfirmed
        ? { name: 'tank', level: 'ok', detail: 'tank filled (confirmed by the operator)' }
        : { name: 'tank', level: 'fail', detail: 'confirm that the tank is filled with the right mix' },
    );
    return { ok: checks.every((c) => c.level !== 'fail'), checks };
  }

  async start(): Promise<PreflightDto> {
    const v = this.need();
    const pf = await this.preflight(true);
    if (!pf.ok) {
      const failed = pf.checks.filter((c) => c.level === 'fail');
      throw new ApiError({
        code: 'refused',
        message: `preflight failed: ${failed.map((c) => c.detail).join('; ')}`,
        issues: failed.map((c) => ({ where: c.name, message: c.detail })),
      });
    }
    try {
      if (v.autopilot === 'ardupilot') await v.setMode('GUIDED');
      if (!v.status.armed) await v.arm();
      await v.missionStart();
    } catch (e) {
      throw vehicleError(e);
    }
    this.pushState();
    return pf;
  }

  async act(action: 'pause' | 'continue' | 'rtl' | 'sprayOn' | 'sprayOff'): Promise<VehicleStateDto> {
    const v = this.need();
    try {
      if (action === 'pause') await v.pause();
      else if (action === 'continue') await v.continue();
      else if (action === 'rtl') {
        // ArduPilot keeps spraying during RTL unless the sprayer is switched off first.
        await v.sprayerTest(false).catch(() => undefined);
        await v.rtl();
      } else await v.sprayerTest(action === 'sprayOn');
    } catch (e) {
      throw vehicleError(e);
    }
    this.pushState();
    return this.state();
  }
}

/** Handlers for the drone: connection, upload, preflight, start/pause/return. */
export function vehicleHandlers(ctx: ServiceContext, manager: VehicleManager) {
  return {
    'vehicle.ports': async () => {
      const r = await listSerialPorts();
      return {
        ports: r.ports.map((p) => ({
          path: p.path,
          ...(p.manufacturer ? { manufacturer: p.manufacturer } : {}),
          ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
        })),
        ...(r.unavailableReason ? { note: r.unavailableReason } : {}),
      };
    },
    'vehicle.connect': ({ url, timeoutMs }: ApiInput<'vehicle.connect'>) => manager.connect(url, timeoutMs),
    'vehicle.connectDemo': async ({ speedup, loss }: ApiInput<'vehicle.connectDemo'>) => {
      const homes = (await ctx.zones.list()).filter((z) => z.kind === 'home' && z.geometry.type === 'Point');
      const home = homes[0]?.geometry.coordinates as [number, number] | undefined;
      return manager.connectDemo(speedup ?? 5, loss ?? 0, home);
    },
    'vehicle.disconnect': () => manager.disconnect(),
    'vehicle.state': async () => manager.state(),
    'vehicle.upload': (input: ApiInput<'vehicle.upload'>) => manager.upload(input),
    'vehicle.preflight': ({ tankConfirmed }: ApiInput<'vehicle.preflight'>) =>
      manager.preflight(tankConfirmed ?? false),
    'vehicle.start': () => manager.start(),
    'vehicle.pause': () => manager.act('pause'),
    'vehicle.continue': () => manager.act('continue'),
    'vehicle.rtl': () => manager.act('rtl'),
    'vehicle.sprayerTest': ({ on }: ApiInput<'vehicle.sprayerTest'>) =>
      manager.act(on ? 'sprayOn' : 'sprayOff'),
  };
}
