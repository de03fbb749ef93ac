import { EventEmitter } from 'node:events';
import { common, type MavLinkData } from 'node-mavlink';
import { MavCmd, type MissionItem } from '../mission/items/types.js';
import type { TelemetrySample } from '../mission/telemetry/types.js';
import { type CommandAckInfo, type CommandOptions, commandLong } from './commands.js';
import type { AutopilotKind, MavConnection, VehicleInfo } from './connection.js';
import { CommandError, VehicleLostError } from './errors.js';
import type { VehicleChannel } from './mission/channel.js';
import {
  clearMission,
  downloadMission,
  type TransferOptions,
  type TransferStats,
  uploadMission,
} from './mission/client.js';
import { type CompareOptions, compareMissions, type MissionComparison } from './mission/compare.js';
import { modeCommandParams } from './modes.js';
import { getParam, type ParamOptions, type ParamValueInfo, setParam } from './params.js';
import { mav } from './protocol/frames.js';
import { type Inbox, type MavMessageIn, RttEstimator } from './protocol/inbox.js';
import {
  type SprayOutputConfig,
  type StatusTextInfo,
  TelemetryTracker,
  type VehicleStatus,
} from './telemetry.js';

/** Events of a {@link Vehicle}. */
export interface VehicleEvents {
  status: [status: VehicleStatus];
  sample: [sample: TelemetrySample];
  statusText: [text: StatusTextInfo];
  itemReached: [seq: number];
  /** No heartbeat for the connection's `linkLostMs`. */
  lost: [];
  recovered: [];
}

/** Result of {@link Vehicle.uploadAndVerify}. */
export interface VerifiedUpload {
  stats: TransferStats;
  readBack: MissionItem[];
  comparison: MissionComparison;
}

/** One line of a preflight check. */
export interface PreflightCheck {
  name: 'gps' | 'battery' | 'mission' | 'fence' | 'wind' | 'link' | 'armed';
  level: 'ok' | 'warn' | 'fail';
  detail: string;
}

/** Limits of {@link Vehicle.preflight}. */
export interface PreflightLimits {
  /** Minimum GPS fix type. Default 3 (3D). */
  minGpsFix?: number;
  /** Minimum satellites. Default 6. */
  minSatellites?: number;
  /** Minimum battery percent. Default 40. */
  minBatteryPct?: number;
  /** Wind warning / refusal thresholds, m/s. Defaults 3 and 5. */
  windWarnMps?: number;
  windRefuseMps?: number;
  /** The mission that must be on board (compared after download), when known. */
  expectedMission?: readonly MissionItem[];
  /** The fence that must be on board (mission type 1), when the plan has one. */
  expectedFence?: readonly MissionItem[];
}

/** Options of a {@link Vehicle}. */
export interface VehicleOptions {
  spray?: Partial<SprayOutputConfig>;
  /** Telemetry sample interval for logging, ms (default 100 = 10 Hz). */
  sampleIntervalMs?: number;
}

/**
 * One vehicle on a {@link MavConnection}: mission transfer, commands, parameters and telemetry behind a
 * plain async API. Operations fail with clear errors (MissionTransferError, CommandError, VehicleLostError).
 */
export class Vehicle extends EventEmitter<VehicleEvents> {
  readonly telemetry: TelemetryTracker;
  private readonly channel: VehicleChannel;
  private readonly myInboxes = new Set<Inbox>();
  private lastHeard = performance.now();
  private lost = false;
  private missionLock: Promise<unknown> = Promise.resolve();
  private readonly onMessage = (f: MavMessageIn) => {
    if (f.sysid !== this.info.sysid) return;
    this.lastHeard = performance.now();
    this.telemetry.consume(f);
  };
  private readonly onLost = (v: VehicleInfo) => {
    if (v.sysid !== this.info.sysid) return;
    this.lost = true;
    const err = new VehicleLostError(
      `link lost: nothing heard from vehicle ${v.sysid} for ${(this.connection.linkLostMs / 1000).toFixed(1)} s`,
    );
    for (const ib of this.myInboxes) ib.fail(err);
    this.emit('lost');
  };
  private readonly onRecovered = (v: VehicleInfo) => {
    if (v.sysid !== this.info.sysid) return;
    this.lost = false;
    this.emit('recovered');
  };

  constructor(
    readonly connection: MavConnection,
    readonly info: VehicleInfo,
    opts: VehicleOptions = {},
  ) {
    super();
    this.setMaxListeners(50);
    this.telemetry = new TelemetryTracker(
      info.autopilotKind,
      { servoChannel: opts.spray?.servoChannel ?? 9, onAbovePwm: opts.spray?.onAbovePwm ?? 1150 },
      opts.sampleIntervalMs ?? 100,
    );
    this.telemetry.on('status', (x) => this.emit('status', x));
    this.telemetry.on('sample', (x) => this.emit('sample', x));
    this.telemetry.on('statusText', (x) => this.emit('statusText', x));
    this.telemetry.on('itemReached', (x) => this.emit('itemReached', x));
    const hb = connection.lastHeartbeat(info.sysid);
    if (hb) this.telemetry.consume(hb);
    connection.on('message', this.onMessage);
    connection.on('vehicleLost', this.onLost);
    connection.on('vehicleRecovered', this.onRecovered);
    const self = this;
    const ourSysid = connection.endpoint.sysid;
    // replies meant for another ground station on the same link are not ours
    const addressedToUs = (f: MavMessageIn) => {
      const t = (f.message as { targetSystem?: unknown }).targetSystem;
      return typeof t !== 'number' || t === 0 || t === ourSysid;
    };
    this.channel = {
      sysid: info.sysid,
      compid: info.compid,
      autopilotKind: info.autopilotKind,
      send: (m: MavLinkData) => connection.send(m),
      inbox(filter) {
        const ib = connection.inbox((f) => f.sysid === info.sysid && addressedToUs(f) && filter(f));
        const close = ib.close.bind(ib);
        ib.close = () => {
          self.myInboxes.delete(ib);
          close();
        };
        self.myInboxes.add(ib);
        if (self.lost)
          ib.fail(new VehicleLostError(`link lost: vehicle ${info.sysid} is not sending heartbeats`));
        return ib;
      },
      lastHeardAt: () => this.lastHeard,
      rtt: new RttEstimator(),
    };
  }

  /** MAVLink system id. */
  get sysid(): number {
    return this.info.sysid;
  }
  get autopilot(): AutopilotKind {
    return this.info.autopilotKind;
  }
  /** A copy of the latest status (safe to keep or send over IPC). */
  snapshot(): VehicleStatus {
    return { ...this.telemetry.status, itemsReached: [...this.telemetry.status.itemsReached] };
  }
  /** Latest status (same object, updated in place). */
  get status(): VehicleStatus {
    return this.telemetry.status;
  }
  /** True while heartbeats are missing. */
  get isLost(): boolean {
    return this.lost;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.missionLock.then(fn, fn);
    this.missionLock = run.catch(() => undefined);
    return run;
  }

  /** Mission, fence and rally transfer (one at a time per vehicle). */
  readonly mission = {
    /** Uploads items (item 0 = home for ArduPilot). Rejects with MissionTransferError. */
    upload: (items: readonly MissionItem[], opts: TransferOptions = {}): Promise<TransferStats> =>
      this.exclusive(() => uploadMission(this.channel, items, opts)),
    /** Downloads what the vehicle holds. */
    download: (
      missionType: 0 | 1 | 2 = 0,
      opts: Omit<TransferOptions, 'missionType'> = {},
    ): Promise<MissionItem[]> =>
      this.exclusive(() => downloadMission(this.channel, { ...opts, missionType })),
    /** Clears a mission type. */
    clear: (missionType: 0 | 1 | 2 = 0, opts: Omit<TransferOptions, 'missionType'> = {}): Promise<void> =>
      this.exclusive(() => clearMission(this.channel, { ...opts, missionType })),
  };

  /**
   * Uploads, reads back and compares (item 0 is not compared on ArduPilot, which puts its home there).
   * Resolves even when the comparison differs: check `comparison.same`.
   */
  async uploadAndVerify(
    items: readonly MissionItem[],
    opts: TransferOptions & { compare?: CompareOptions } = {},
  ): Promise<VerifiedUpload> {
    const missionType = opts.missionType ?? 0;
    const stats = await this.mission.upload(items, opts);
    const dl: Omit<TransferOptions, 'missionType'> = {};
    if (opts.onProgress) dl.onProgress = opts.onProgress;
    if (opts.signal) dl.signal = opts.signal;
    if (opts.timing) dl.timing = opts.timing;
    const readBack = await this.mission.download(missionType, dl);
    const comparison = compareMissions(items, readBack, {
      ignoreHome: missionType === 0 && this.autopilot === 'ardupilot',
      params: this.autopilot === 'ardupilot' ? 'significant' : 'all',
      ...opts.compare,
    });
    return { stats, readBack, comparison };
  }

  /** COMMAND_LONG with ack and retry. */
  readonly command = {
    long: (
      command: number,
      params: readonly number[] = [],
      opts: CommandOptions = {},
    ): Promise<CommandAckInfo> => commandLong(this.channel, command, params, opts),
  };

  /** Parameter access (e.g. SPRAY_PUMP_RATE). */
  readonly params = {
    get: (name: string, opts?: ParamOptions): Promise<ParamValueInfo> => getParam(this.channel, name, opts),
    set: (name: string, value: number, opts?: ParamOptions & { type?: number }): Promise<ParamValueInfo> =>
      setParam(this.channel, name, value, opts),
  };

  /** Arms the motors (force skips pre-arm checks: never in the field). */
  arm(force = false): Promise<CommandAckInfo> {
    return this.command.long(common.MavCmd.COMPONENT_ARM_DISARM, [1, force ? 21196 : 0]);
  }
  disarm(force = false): Promise<CommandAckInfo> {
    return this.command.long(common.MavCmd.COMPONENT_ARM_DISARM, [0, force ? 21196 : 0]);
  }
  /** Sets a flight mode by name ("AUTO", "LOITER", "RTL", … ; PX4 names such as "AUTO.MISSION" too). */
  async setMode(name: string): Promise<CommandAckInfo> {
    const [main, sub] = modeCommandParams(this.autopilot, name);
    return this.command.long(common.MavCmd.DO_SET_MODE, [1 /* CUSTOM_MODE_ENABLED */, main, sub]);
  }
  /** Starts the mission (MAV_CMD_MISSION_START) from `firstItem` (default: current). */
  missionStart(firstItem = 0, lastItem = 0): Promise<CommandAckInfo> {
    return this.command.long(common.MavCmd.MISSION_START, [firstItem, lastItem]);
  }
  /** Makes `seq` the current mission item (resume point); falls back to MISSION_SET_CURRENT. */
  async setCurrentItem(seq: number): Promise<void> {
    try {
      await this.command.long(common.MavCmd.DO_SET_MISSION_CURRENT, [seq]);
    } catch (e) {
      if (!(e instanceof CommandError) || e.result !== common.MavResult.UNSUPPORTED) throw e;
      const inbox = this.channel.inbox(
        (f) => f.message instanceof common.MissionCurrent && f.message.seq === seq,
      );
      try {
        for (let i = 0; i < 4; i++) {
          this.channel.send(
            mav(common.MissionSetCurrent, {
              targetSystem: this.sysid,
              targetComponent: this.info.compid,
              seq,
            }),
          );
          if (await inbox.next(1000)) return;
        }
        throw new Error(`vehicle did not confirm current item ${seq}`);
      } finally {
        inbox.close();
      }
    }
  }
  /** Holds position in the mission (DO_PAUSE_CONTINUE 0; ArduPilot without it: LOITER). */
  async pause(): Promise<void> {
    try {
      await this.command.long(common.MavCmd.DO_PAUSE_CONTINUE, [0]);
    } catch (e) {
      if (e instanceof CommandError && e.result === common.MavResult.UNSUPPORTED)
        await this.setMode(this.autopilot === 'px4' ? 'AUTO.LOITER' : 'LOITER');
      else throw e;
    }
  }
  /** Continues after {@link pause}. */
  async continue(): Promise<void> {
    try {
      await this.command.long(common.MavCmd.DO_PAUSE_CONTINUE, [1]);
    } catch (e) {
      if (e instanceof CommandError && e.result === common.MavResult.UNSUPPORTED) await this.setMode('AUTO');
      else throw e;
    }
  }
  /** Return to launch. */
  rtl(): Promise<CommandAckInfo> {
    return this.command.long(common.MavCmd.NAV_RETURN_TO_LAUNCH);
  }
  /** Land where it is. */
  land(): Promise<CommandAckInfo> {
    return this.command.long(common.MavCmd.NAV_LAND);
  }
  /** Switches the sprayer on/off (MAV_CMD_DO_SPRAYER, ArduPilot), e.g. to test the pump on the ground. */
  sprayerTest(on: boolean): Promise<CommandAckInfo> {
    return this.command.long(MavCmd.DO_SPRAYER, [on ? 1 : 0]);
  }

  /**
   * Asks for telemetry: REQUEST_DATA_STREAM (ArduPilot) for all streams at `hz`, plus SET_MESSAGE_INTERVAL
   * for position, servo outputs and wind. Failures of the interval commands are ignored (old firmware).
   */
  async requestTelemetryRates(hz = 10): Promise<void> {
    this.channel.send(
      mav(common.RequestDataStream, {
        targetSystem: this.sysid,
        targetComponent: this.info.compid,
        reqStreamId: 0,
        reqMessageRate: Math.round(hz),
        startStop: 1,
      }),
    );
    const interval = Math.round(1e6 / hz);
    for (const id of [
      33 /* GLOBAL_POSITION_INT */, 36 /* SERVO_OUTPUT_RAW */, 168 /* WIND */, 1 /* SYS_STATUS */,
    ]) {
      await this.command
        .long(common.MavCmd.SET_MESSAGE_INTERVAL, [id, id === 33 || id === 36 ? interval : 1e6], {
          retries: 1,
          timeoutMs: 500,
        })
        .catch(() => undefined);
    }
  }

  /** Checks GPS, battery, wind and the mission on board before a start. */
  async preflight(limits: PreflightLimits = {}): Promise<{ ok: boolean; checks: PreflightCheck[] }> {
    const s = this.status;
    const checks: PreflightCheck[] = [];
    const minFix = limits.minGpsFix ?? 3;
    const minSats = limits.minSatellites ?? 6;
    checks.push(
      this.lost
        ? { name: 'link', level: 'fail', detail: 'no heartbeat from the vehicle' }
        : { name: 'link', level: 'ok', detail: 'heartbeats arriving' },
    );
    checks.push(
      s.gpsFix >= minFix && (s.satellites ?? 0) >= minSats
        ? { name: 'gps', level: 'ok', detail: `fix ${s.gpsFix}, ${s.satellites} satellites` }
        : {
            name: 'gps',
            level: 'fail',
            detail: `GPS fix ${s.gpsFix} with ${s.satellites ?? 0} satellites (need fix ≥ ${minFix}, ≥ ${minSats} satellites)`,
          },
    );
    const minBat = limits.minBatteryPct ?? 40;
    checks.push(
      s.batteryPct === undefined
        ? { name: 'battery', level: 'fail', detail: 'battery level unknown' }
        : s.batteryPct >= minBat
          ? {
              name: 'battery',
              level: 'ok',
              detail: `${s.batteryPct} %${s.batteryV ? `, ${s.batteryV.toFixed(1)} V` : ''}`,
            }
          : { name: 'battery', level: 'fail', detail: `battery ${s.batteryPct} % is below ${minBat} %` },
    );
    const warn = limits.windWarnMps ?? 3;
    const refuse = limits.windRefuseMps ?? 5;
    if (s.windSpeedMps === undefined)
      checks.push({ name: 'wind', level: 'warn', detail: 'the vehicle reports no wind estimate' });
    else if (s.windSpeedMps >= refuse)
      checks.push({
        name: 'wind',
        level: 'fail',
        detail: `wind ${s.windSpeedMps.toFixed(1)} m/s is at or above the ${refuse} m/s limit (drift)`,
      });
    else if (s.windSpeedMps >= warn)
      checks.push({
        name: 'wind',
        level: 'warn',
        detail: `wind ${s.windSpeedMps.toFixed(1)} m/s (warning from ${warn} m/s)`,
      });
    else checks.push({ name: 'wind', level: 'ok', detail: `wind ${s.windSpeedMps.toFixed(1)} m/s` });
    try {
      const onBoard = await this.mission.download(0);
      const navCount = onBoard.length - (this.autopilot === 'ardupilot' ? 1 : 0);
      if (navCount <= 0) checks.push({ name: 'mission', level: 'fail', detail: 'no mission on board' });
      else if (limits.expectedMission) {
        const cmp = compareMissions(limits.expectedMission, onBoard, {
          ignoreHome: this.autopilot === 'ardupilot',
          params: this.autopilot === 'ardupilot' ? 'significant' : 'all',
        });
        checks.push({
          name: 'mission',
          level: cmp.same ? 'ok' : 'fail',
          detail: cmp.same
            ? `on board and matches the plan (${onBoard.length} items)`
            : `on board but ${cmp.summary}`,
        });
      } else checks.push({ name: 'mission', level: 'ok', detail: `${onBoard.length} items on board` });
    } catch (e) {
      checks.push({
        name: 'mission',
        level: 'fail',
        detail: `cannot read the mission: ${(e as Error).message}`,
      });
    }
    if (limits.expectedFence) {
      try {
        const fence = await this.mission.download(1);
        const cmp = compareMissions(limits.expectedFence, fence, { params: 'significant' });
        checks.push({
          name: 'fence',
          level: cmp.same ? 'ok' : 'fail',
          detail: cmp.same ? `on board and matches the plan (${fence.length} items)` : `fence ${cmp.summary}`,
        });
      } catch (e) {
        checks.push({
          name: 'fence',
          level: 'fail',
          detail: `cannot read the fence: ${(e as Error).message}`,
        });
      }
    }
    if (s.armed) checks.push({ name: 'armed', level: 'warn', detail: 'already armed' });
    return { ok: checks.every((c) => c.level !== 'fail'), checks };
  }

  /** Stops listening (does not close the connection). */
  detach(): void {
    this.connection.off('message', this.onMessage);
    this.connection.off('vehicleLost', this.onLost);
    this.connection.off('vehicleRecovered', this.onRecovered);
    for (const ib of this.myInboxes) ib.fail(new VehicleLostError('vehicle detached'));
  }
}
