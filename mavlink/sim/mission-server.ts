import { common } from 'node-mavlink';
import { MavCmd, type MissionItem } from '../../mission/items/types.js';
import { canonicalFrame, fromWireItem, isGlobalFrame } from '../mission/convert.js';
import { mav } from '../protocol/frames.js';
import type { MavMessageIn } from '../protocol/inbox.js';

/** How the simulated vehicle talks back. */
export interface MissionServerHost {
  send(
    message:
      | common.MissionRequest
      | common.MissionAck
      | common.MissionCount
      | common.MissionItemInt
      | common.MissionItem
      | common.MissionCurrent,
  ): void;
  /** The vehicle's home (item 0 of the mission on download). */
  home(): { lat: number; lon: number; altMslM: number };
  /** Called after a mission type changed (upload finished or failed part-way, or clear). */
  changed(missionType: number): void;
  now(): number;
}

/** Tunables of the mission server (ArduPilot defaults). */
export interface MissionServerOptions {
  /** Max items per type (ArduPilot Copter's storage limits the mission to about 650 items with home). */
  limits?: { mission?: number; fence?: number; rally?: number };
  /** Re-ask for the awaited item after this long, ms. Default 1000. */
  resendMs?: number;
  /** Cancel an upload this long after the last item arrived, ms. Default 8000. */
  uploadTimeoutMs?: number;
  /**
   * `ardupilot` (default): item 0 is home, MISSION_REQUEST, written item by item. `px4`: no home item,
   * MISSION_REQUEST_INT, the new list replaces the old one only when complete (atomic), a wrong sequence
   * number aborts the transfer.
   */
  flavour?: 'ardupilot' | 'px4';
}

/** Test hook: answer the item with sequence `seq` of the next upload with `result` instead of storing it. */
export interface InjectedMissionResult {
  seq: number;
  result: number;
  missionType?: number;
}

interface Upload {
  missionType: number;
  count: number;
  next: number;
  lastReceiveAt: number;
  lastRequestAt: number;
  /** PX4: items collected until the upload completes. */
  pending: MissionItem[] | undefined;
  gcs: { sysid: number; compid: number };
}

const MISSION_COMMANDS = new Set([
  16, 17, 18, 19, 20, 21, 22, 31, 82, 92, 93, 112, 113, 114, 115, 176, 177, 178, 179, 181, 182, 183, 184, 189,
  201, 203, 205, 206, 211, 212, 214, 216, 218,
]);
const FENCE_COMMANDS = new Set([5001, 5002, 5003, 5004]);
const RALLY_COMMANDS = new Set([5100]);
const DO_COMMAND_MIN = 80; // NAV commands are below 80 (MAV_CMD_NAV_LAST = 95 incl. conditions)

/**
 * The mission protocol as ArduPilot Copter implements it towards a ground station: item 0 is home,
 * uploads are requested with MISSION_REQUEST (not _INT) and written item by item (not atomic),
 * the awaited item is re-requested about every second and the upload is cancelled 8 s after the last item,
 * downloads report the non-INT frame numbers, a resent final item gets the final ack again.
 */
export class MissionServer {
  readonly store: Record<number, MissionItem[]> = { 0: [], 1: [], 2: [] };
  private upload: Upload | undefined;
  private lastDone:
    | { missionType: number; count: number; at: number; gcs: { sysid: number; compid: number } }
    | undefined;
  /** Injected failures (tests). */
  inject: InjectedMissionResult | undefined;
  /** Answer every MISSION_COUNT with DENIED (e.g. a vehicle that refuses changes). */
  denyUploads = false;

  constructor(
    private readonly host: MissionServerHost,
    private readonly opts: MissionServerOptions = {},
  ) {}

  private limit(t: number): number {
    const l = this.opts.limits ?? {};
    return t === 0 ? (l.mission ?? 650) : t === 1 ? (l.fence ?? 100) : (l.rally ?? 10);
  }

  private ack(gcs: { sysid: number; compid: number }, missionType: number, result: number): void {
    this.host.send(
      mav(common.MissionAck, {
        targetSystem: gcs.sysid,
        targetComponent: gcs.compid,
        type: result,
        missionType,
        opaqueId: 0,
      }),
    );
  }

  private get px4(): boolean {
    return this.opts.flavour === 'px4';
  }

  private request(u: Upload): void {
    u.lastRequestAt = this.host.now();
    this.host.send(
      mav(this.px4 ? common.MissionRequestInt : common.MissionRequest, {
        targetSystem: u.gcs.sysid,
        targetComponent: u.gcs.compid,
        seq: u.next,
        missionType: u.missionType,
      }),
    );
  }

  /** Items of a type as the GCS sees them on download. */
  itemsForDownload(t: number): MissionItem[] {
    const items = this.store[t] ?? [];
    if (t !== 0 || this.px4) return items;
    const h = this.host.home();
    const home: MissionItem = {
      seq: 0,
      frame: 0,
      command: 16,
      current: 0,
      autocontinue: 1,
      param1: 0,
      param2: 0,
      param3: 0,
      param4: 0,
      x: h.lat,
      y: h.lon,
      z: h.altMslM,
      missionType: 0,
    };
    return [home, ...items.slice(1)];
  }

  /** Number of items incl. home (mission always has home). */
  count(t: number): number {
    return t === 0 && !this.px4 ? Math.max(1, this.store[0]?.length ?? 0) : (this.store[t]?.length ?? 0);
  }

  /** MISSION_CURRENT.total: ArduPilot leaves out home. */
  totalForMissionCurrent(): number {
    return this.px4 ? this.count(0) : Math.max(0, this.count(0) - 1);
  }

  /** Periodic work: re-requests and the upload timeout. */
  tick(): void {
    const u = this.upload;
    if (!u) return;
    const now = this.host.now();
    if (now - u.lastReceiveAt > (this.opts.uploadTimeoutMs ?? 8000)) {
      this.upload = undefined;
      this.ack(u.gcs, u.missionType, common.MavMissionResult.OPERATION_CANCELLED);
      this.host.changed(u.missionType);
      return;
    }
    if (now - u.lastRequestAt > (this.opts.resendMs ?? 1000)) this.request(u);
  }

  /** Handles a mission-protocol message; returns false if the message is not part of it. */
  handle(f: MavMessageIn): boolean {
    const m = f.message;
    const gcs = { sysid: f.sysid, compid: f.compid };
    if (m instanceof common.MissionCount) {
      const t = m.missionType ?? 0;
      if (this.denyUploads) {
        this.ack(gcs, t, common.MavMissionResult.DENIED);
        return true;
      }
      if (m.count > this.limit(t)) {
        this.ack(gcs, t, common.MavMissionResult.NO_SPACE);
        return true;
      }
      if (m.count === 0) {
        this.store[t] = [];
        this.upload = undefined;
        this.ack(gcs, t, common.MavMissionResult.ACCEPTED);
        this.host.changed(t);
        return true;
      }
      const list = this.store[t] as MissionItem[];
      if (!this.px4 && list.length > m.count) list.length = m.count; // ArduPilot truncates first, then overwrites item by item
      const now = this.host.now();
      const upload: Upload = {
        missionType: t,
        count: m.count,
        next: 0,
        lastReceiveAt: now,
        lastRequestAt: now,
        gcs,
        pending: this.px4 ? [] : undefined,
      };
      this.upload = upload;
      this.lastDone = undefined;
      this.request(upload);
      return true;
    }
    if (m instanceof common.MissionItemInt || m instanceof common.MissionItem) {
      const t = m.missionType ?? 0;
      const u = this.upload;
      if (!u || u.missionType !== t) {
        const d = this.lastDone;
        if (d && d.missionType === t && m.seq === d.count - 1)
          this.ack(gcs, t, common.MavMissionResult.ACCEPTED);
        return true;
      }
      if (m.seq !== u.next) {
        if (this.px4 && m.seq === u.next - 1) {
          this.request(u); // PX4 takes a repeated item as "please ask again"
          return true;
        }
        this.ack(gcs, t, common.MavMissionResult.INVALID_SEQUENCE);
        if (this.px4) this.upload = undefined; // PX4 gives up on a wrong sequence number
        return true;
      }
      const item = fromWireItem(m);
      const inj = this.inject;
      let result = this.validate(item, t);
      if (inj && inj.seq === m.seq && (inj.missionType ?? 0) === t) {
        result = inj.result;
        this.inject = undefined;
      }
      if (result !== common.MavMissionResult.ACCEPTED) {
        this.upload = undefined;
        this.ack(gcs, t, result);
        this.host.changed(t);
        return true;
      }
      if (u.pending) u.pending[m.seq] = storeRounded(item);
      else (this.store[t] as MissionItem[])[m.seq] = storeRounded(item);
      u.lastReceiveAt = this.host.now();
      u.next++;
      if (u.next < u.count) this.request(u);
      else {
        this.upload = undefined;
        if (u.pending) this.store[t] = u.pending; // PX4: the new list replaces the old one at once
        this.lastDone = { missionType: t, count: u.count, at: this.host.now(), gcs };
        this.ack(gcs, t, common.MavMissionResult.ACCEPTED);
        this.host.changed(t);
      }
      return true;
    }
    if (m instanceof common.MissionRequestList) {
      const t = m.missionType ?? 0;
      this.host.send(
        mav(common.MissionCount, {
          targetSystem: gcs.sysid,
          targetComponent: gcs.compid,
          count: this.count(t),
          missionType: t,
          opaqueId: 0,
        }),
      );
      return true;
    }
    if (m instanceof common.MissionRequestInt || m instanceof common.MissionRequest) {
      const t = m.missionType ?? 0;
      const items = this.itemsForDownload(t);
      const it = items[m.seq];
      if (!it) {
        this.ack(gcs, t, common.MavMissionResult.INVALID_SEQUENCE);
        return true;
      }
      const frame = canonicalFrame(it.frame);
      const fields = {
        targetSystem: gcs.sysid,
        targetComponent: gcs.compid,
        seq: it.seq,
        frame,
        command: it.command,
        current: 0,
        autocontinue: it.autocontinue,
        param1: it.param1,
        param2: it.param2,
        param3: it.param3,
        param4: it.param4,
        z: it.z,
        missionType: t,
      };
      if (m instanceof common.MissionRequestInt) {
        // the INT form carries positions as degrees × 1e7 in global frames
        const g = isGlobalFrame(frame);
        const x = g ? Math.round(it.x * 1e7) : Math.round(it.x);
        const y = g ? Math.round(it.y * 1e7) : Math.round(it.y);
        this.host.send(mav(common.MissionItemInt, { ...fields, x, y }));
      } else {
        this.host.send(mav(common.MissionItem, { ...fields, x: it.x, y: it.y }));
      }
      return true;
    }
    if (m instanceof common.MissionClearAll) {
      const t = m.missionType ?? 0;
      if (t === 255) for (const k of [0, 1, 2]) this.store[k] = [];
      else this.store[t] = [];
      this.upload = undefined;
      this.ack(gcs, t, common.MavMissionResult.ACCEPTED);
      this.host.changed(t);
      return true;
    }
    if (m instanceof common.MissionAck) return true; // end of a download
    return false;
  }

  private validate(it: MissionItem, t: number): number {
    const R = common.MavMissionResult;
    const allowed = t === 0 ? MISSION_COMMANDS : t === 1 ? FENCE_COMMANDS : RALLY_COMMANDS;
    if (!allowed.has(it.command)) return R.UNSUPPORTED;
    const isNav = t !== 0 || it.command < DO_COMMAND_MIN;
    if (isNav && (it.seq > 0 || this.px4) && it.command !== 20) {
      if (!isGlobalFrame(it.frame)) return R.UNSUPPORTED_FRAME;
      if (!(it.x === 0 && it.y === 0) && it.command !== 5003 && it.command !== 5004) {
        if (Math.abs(it.x) > 90) return R.INVALID_PARAM5_X;
        if (Math.abs(it.y) > 180) return R.INVALID_PARAM6_Y;
      }
    }
    if (it.command === MavCmd.DO_CHANGE_SPEED && it.param2 > 50) return R.INVALID_PARAM2; // DO_CHANGE_SPEED beyond any sprayer's speed
    return R.ACCEPTED;
  }
}

/** ArduPilot's storage rounding: params as float32 (NaN stored as 0), altitude in centimetres, INT frames as non-INT. */
function storeRounded(it: MissionItem): MissionItem {
  const f = (v: number) => (Number.isNaN(v) ? 0 : Math.fround(v));
  return {
    ...it,
    frame: canonicalFrame(it.frame),
    current: 0,
    param1: f(it.param1),
    param2: f(it.param2),
    param3: f(it.param3),
    param4: f(it.param4),
    x: Math.round(it.x * 1e7) / 1e7,
    y: Math.round(it.y * 1e7) / 1e7,
    z: Math.round(it.z * 100) / 100,
  };
}
