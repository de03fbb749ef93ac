import { EventEmitter } from 'node:events';
import { ardupilotmega, common, minimal } from 'node-mavlink';
import type { TelemetrySample } from '../mission/telemetry/types.js';
import type { AutopilotKind } from './connection.js';
import { modeName } from './modes.js';
import type { MavMessageIn } from './protocol/inbox.js';

/** Where the pump is switched, so telemetry can tell when the nozzles are on. */
export interface SprayOutputConfig {
  /** Servo output channel (1-based) whose function is the sprayer pump (SERVOn_FUNCTION = 22). Default 9. */
  servoChannel: number;
  /** PWM above which the pump counts as running. Default 1150 (ArduPilot drives SERVOn_MIN, typically 1100, when off). */
  onAbovePwm: number;
}

/** Everything the app shows about a vehicle, updated as messages arrive. Unknown values are undefined. */
export interface VehicleStatus {
  armed: boolean;
  /** Mode name, e.g. "AUTO" (ArduPilot) or "AUTO.MISSION" (PX4). */
  mode: string;
  customMode: number;
  /** MAV_STATE from the heartbeat. */
  systemStatus: number;
  lat?: number;
  lon?: number;
  /** Altitude above home, m. */
  altM?: number;
  /** Altitude above mean sea level, m. */
  altMslM?: number;
  groundSpeedMps?: number;
  climbMps?: number;
  /** Degrees clockwise from north. */
  headingDeg?: number;
  /** GPS_FIX_TYPE: 0-1 none, 2 2D, 3 3D, 4 DGPS, 5 RTK float, 6 RTK fixed. */
  gpsFix: number;
  satellites?: number;
  /** Horizontal dilution of precision. */
  hdop?: number;
  batteryV?: number;
  batteryA?: number;
  batteryPct?: number;
  /** Current mission item (MISSION_CURRENT.seq). */
  missionSeq?: number;
  /** Mission items on board as MISSION_CURRENT reports it (ArduPilot leaves out home). */
  missionTotal?: number;
  /** Sequence numbers of MISSION_ITEM_REACHED, in order of arrival (ArduPilot sends none for DO items). */
  itemsReached: number[];
  /** Pump running (from the pump's servo output). */
  spraying: boolean;
  pumpPwm?: number;
  /** Flow, L/min, when the vehicle reports one (NAMED_VALUE_FLOAT "FLOW_LPM"). */
  flowLpm?: number;
  /** Tank remaining, litres, when reported (NAMED_VALUE_FLOAT "TANK_L"). */
  tankL?: number;
  /** Wind speed (ArduPilot WIND), m/s. */
  windSpeedMps?: number;
  /** Direction the wind comes from, degrees. */
  windFromDeg?: number;
  /** Vehicle clock mapped to Unix ms (see {@link TelemetryTracker}). */
  vehicleTime?: number;
}

/** A STATUSTEXT from the vehicle. */
export interface StatusTextInfo {
  /** MAV_SEVERITY: 0 emergency … 3 error, 4 warning, 6 info. */
  severity: number;
  text: string;
  /** Unix ms when received. */
  t: number;
}

/** Events of {@link TelemetryTracker}. */
export interface TelemetryEvents {
  /** Status after any change (up to every message; throttle in the UI). */
  status: [status: VehicleStatus];
  /** A sample for the flight log, at most every `sampleIntervalMs` of vehicle time. */
  sample: [sample: TelemetrySample];
  statusText: [text: StatusTextInfo];
  itemReached: [seq: number];
}

/**
 * Turns a vehicle's messages into one typed {@link VehicleStatus} and a stream of {@link TelemetrySample}s
 * (up to 10 Hz). Sample times follow the vehicle's clock (`time_boot_ms` anchored to the wall clock at
 * the first position, re-anchored after a reboot), so a time-scaled simulator gives consistent speeds.
 */
export class TelemetryTracker extends EventEmitter<TelemetryEvents> {
  readonly status: VehicleStatus = {
    armed: false,
    mode: 'UNKNOWN',
    customMode: 0,
    systemStatus: 0,
    gpsFix: 0,
    itemsReached: [],
    spraying: false,
  };
  private bootAnchor: number | undefined;
  private lastBootMs = -1;
  /** Vehicle time the next sample is due at (a 10 Hz grid that tolerates jitter of the message times). */
  private nextSampleDue = -Infinity;
  /** Vehicle time of the latest position, of the flow reading, and of the last pump on/off switch. */
  private lastT: number | undefined;
  private flowT: number | undefined;
  private sprayChangedT: number | undefined;
  private readonly chunks = new Map<number, string[]>();

  /**
   * @param sampleIntervalMs shortest interval between samples (vehicle time), 100 = 10 Hz
   * @param flowMaxAgeMs a flow reading older than this (vehicle time) is left out of a sample: the
   *   vehicle stopped reporting it, so it no longer says what the nozzles put out
   */
  constructor(
    private readonly autopilot: AutopilotKind,
    readonly spray: SprayOutputConfig = { servoChannel: 9, onAbovePwm: 1150 },
    readonly sampleIntervalMs = 100,
    readonly flowMaxAgeMs = 1000,
  ) {
    super();
  }

  private vehicleTime(bootMs: number): number {
    if (this.bootAnchor === undefined || bootMs < this.lastBootMs) this.bootAnchor = Date.now() - bootMs;
    this.lastBootMs = bootMs;
    return this.bootAnchor + bootMs;
  }

  /**
   * Vehicle time of a message stamped with `time_boot_ms` (anchoring the clock if nothing has yet),
   * without re-anchoring it: a reading may be stamped a little before the latest position.
   */
  private stampedTime(bootMs: number): number {
    return this.bootAnchor === undefined ? this.vehicleTime(bootMs) : this.bootAnchor + bootMs;
  }

  /** Feeds one message from the vehicle. */
  consume(f: MavMessageIn): void {
    const m = f.message;
    const s = this.status;
    if (m instanceof minimal.Heartbeat) {
      s.armed = (m.baseMode & minimal.MavModeFlag.SAFETY_ARMED) !== 0;
      s.customMode = m.customMode;
      s.mode = modeName(this.autopilot, m.customMode);
      s.systemStatus = m.systemStatus;
    } else if (m instanceof common.GlobalPositionInt) {
      s.lat = m.lat / 1e7;
      s.lon = m.lon / 1e7;
      s.altM = m.relativeAlt / 1000;
      s.altMslM = m.alt / 1000;
      s.groundSpeedMps = Math.hypot(m.vx, m.vy) / 100;
      s.climbMps = -m.vz / 100;
      if (m.hdg !== 65535) s.headingDeg = m.hdg / 100;
      s.vehicleTime = this.vehicleTime(m.timeBootMs);
      this.lastT = s.vehicleTime;
      this.emit('status', s);
      this.maybeSample(s.vehicleTime);
      return;
    } else if (m instanceof common.VfrHud) {
      s.groundSpeedMps = m.groundspeed;
      s.headingDeg = m.heading;
      s.climbMps = m.climb;
    } else if (m instanceof common.GpsRawInt) {
      s.gpsFix = m.fixType;
      if (m.satellitesVisible !== 255) s.satellites = m.satellitesVisible;
      if (m.eph !== 65535) s.hdop = m.eph / 100;
    } else if (m instanceof common.SysStatus) {
      if (m.voltageBattery !== 65535) s.batteryV = m.voltageBattery / 1000;
      if (m.currentBattery >= 0) s.batteryA = m.currentBattery / 100;
      if (m.batteryRemaining >= 0) s.batteryPct = m.batteryRemaining;
    } else if (m instanceof common.BatteryStatus) {
      if (m.batteryRemaining >= 0) s.batteryPct = m.batteryRemaining;
      if (m.currentBattery >= 0) s.batteryA = m.currentBattery / 100;
    } else if (m instanceof common.MissionCurrent) {
      s.missionSeq = m.seq;
      s.missionTotal = m.total;
    } else if (m instanceof common.MissionItemReached) {
      s.itemsReached.push(m.seq);
      if (s.itemsReached.length > 1000) s.itemsReached.splice(0, s.itemsReached.length - 1000);
      this.emit('itemReached', m.seq);
    } else if (m instanceof common.ServoOutputRaw) {
      const ch = this.spray.servoChannel;
      const pwm = (m as unknown as Record<string, number>)[`servo${ch}Raw`];
      if (typeof pwm === 'number' && (ch <= 8 || m.port === 0)) {
        s.pumpPwm = pwm;
        const spraying = pwm > this.spray.onAbovePwm;
        if (spraying !== s.spraying) this.sprayChangedT = this.lastT;
        s.spraying = spraying;
      }
    } else if (m instanceof ardupilotmega.Wind) {
      s.windSpeedMps = m.speed;
      s.windFromDeg = ((m.direction % 360) + 360) % 360;
    } else if (m instanceof common.NamedValueFloat) {
      const name = m.name.replace(/\0+$/, '');
      if (name === 'FLOW_LPM') {
        s.flowLpm = m.value;
        this.flowT = this.stampedTime(m.timeBootMs);
      } else if (name === 'TANK_L') s.tankL = m.value;
      else return;
    } else if (m instanceof common.StatusText) {
      this.statusText(m);
      return;
    } else return;
    this.emit('status', s);
  }

  private statusText(m: common.StatusText): void {
    const text = m.text.replace(/\0+$/, '');
    let full = text;
    if (m.id) {
      const parts = this.chunks.get(m.id) ?? [];
      parts[m.chunkSeq] = text;
      this.chunks.set(m.id, parts);
      if (text.length === 50) return; // more chunks follow
      full = parts.join('');
      this.chunks.delete(m.id);
    }
    this.emit('statusText', { severity: m.severity, text: full, t: Date.now() });
  }

  /**
   * Samples on a grid of `sampleIntervalMs` of vehicle time: a position up to a quarter interval early
   * still counts for its slot, so positions sent at the sample rate with some jitter are all kept
   * (instead of every other one being dropped as "too soon"), while faster streams are thinned to the
   * sample rate. After a hole the grid restarts at the next position.
   */
  private maybeSample(t: number): void {
    const interval = this.sampleIntervalMs;
    if (t < this.nextSampleDue - interval / 4) return;
    const s = this.status;
    if (s.lat === undefined || s.lon === undefined) return;
    this.nextSampleDue = t - this.nextSampleDue > interval ? t + interval : this.nextSampleDue + interval;
    const sample: TelemetrySample = {
      t: Math.round(t),
      lat: s.lat,
      lon: s.lon,
      altM: s.altM ?? 0,
      groundSpeedMps: s.groundSpeedMps ?? 0,
      headingDeg: s.headingDeg ?? 0,
      spraying: s.spraying,
      mode: s.mode,
      armed: s.armed,
    };
    if (s.flowLpm !== undefined && this.flowFresh(t)) sample.flowLpm = s.flowLpm;
    if (s.batteryPct !== undefined) sample.batteryPct = s.batteryPct;
    if (s.batteryV !== undefined) sample.batteryV = s.batteryV;
    if (s.missionSeq !== undefined) sample.missionSeq = s.missionSeq;
    this.emit('sample', sample);
  }

  /**
   * The flow reading describes the nozzles of the sample at `t`: it is recent, and not from before the
   * pump was last switched on or off (a reading from then describes the other state).
   */
  private flowFresh(t: number): boolean {
    const ft = this.flowT;
    if (ft === undefined) return true;
    if (t - ft > this.flowMaxAgeMs) return false;
    return this.sprayChangedT === undefined || ft > this.sprayChangedT;
  }
}
