import { EventEmitter } from 'node:events';
import { type MavLinkData, minimal } from 'node-mavlink';
import type { Link, LinkState } from './link/types.js';
import { MavEndpoint } from './protocol/endpoint.js';
import { mav } from './protocol/frames.js';
import type { Inbox, MavMessageIn } from './protocol/inbox.js';

/** Autopilot family from HEARTBEAT.autopilot. */
export type AutopilotKind = 'ardupilot' | 'px4' | 'other';

/** A vehicle seen on a connection. */
export interface VehicleInfo {
  sysid: number;
  /** Component id of its autopilot (usually 1). */
  compid: number;
  /** MAV_AUTOPILOT. */
  autopilot: number;
  autopilotKind: AutopilotKind;
  /** MAV_TYPE (2 quadrotor, 13 hexarotor, 14 octorotor, …). */
  type: number;
  /** performance.now() of the last heartbeat. */
  lastHeartbeatAt: number;
  /** performance.now() of the last message of any kind. */
  lastMessageAt: number;
  /** True while nothing (not even a heartbeat) arrived for `linkLostMs`. */
  lost: boolean;
}

/** Options of {@link MavConnection}. */
export interface MavConnectionOptions {
  /** Our system id. Default 255 (ground station). */
  sysid?: number;
  /** Our component id. Default 190 (MAV_COMP_ID_MISSIONPLANNER). */
  compid?: number;
  /** Ground-station heartbeat period, ms. Default 1000; 0 disables. */
  heartbeatMs?: number;
  /**
   * A vehicle is lost after this long without any message from it, ms. Default 3000. (Any message
   * counts, not only heartbeats, so a lossy radio link with telemetry flowing is not declared lost.)
   */
  linkLostMs?: number;
}

/** Events of a {@link MavConnection}. */
export interface MavConnectionEvents {
  /** Every decoded message from any system. */
  message: [frame: MavMessageIn];
  /** A vehicle's first heartbeat. */
  vehicle: [info: VehicleInfo];
  /** Nothing from this vehicle for `linkLostMs`. */
  vehicleLost: [info: VehicleInfo];
  /** Heartbeats from a lost vehicle again. */
  vehicleRecovered: [info: VehicleInfo];
  /** The transport's state changed (see {@link Link}). */
  linkState: [state: LinkState, detail: string | undefined];
}

const MAV_TYPE_GCS = 6;
const MAV_AUTOPILOT_INVALID = 8;
const MAV_AUTOPILOT_ARDUPILOTMEGA = 3;
const MAV_AUTOPILOT_PX4 = 12;

function autopilotKind(a: number): AutopilotKind {
  return a === MAV_AUTOPILOT_ARDUPILOTMEGA ? 'ardupilot' : a === MAV_AUTOPILOT_PX4 ? 'px4' : 'other';
}

/**
 * A ground station's MAVLink connection over one {@link Link}: MAVLink 2 framing, a 1 Hz GCS heartbeat,
 * discovery of vehicles by their HEARTBEAT (several may share one link) and link-lost detection per vehicle.
 */
export class MavConnection extends EventEmitter<MavConnectionEvents> {
  readonly endpoint: MavEndpoint;
  private readonly known = new Map<number, VehicleInfo>();
  private readonly lastHeartbeats = new Map<number, MavMessageIn>();
  private readonly heartbeatTimer: NodeJS.Timeout | undefined;
  private readonly watchdog: NodeJS.Timeout;
  readonly linkLostMs: number;
  private closed = false;

  constructor(
    readonly link: Link,
    opts: MavConnectionOptions = {},
  ) {
    super();
    this.setMaxListeners(50);
    this.linkLostMs = opts.linkLostMs ?? 3000;
    this.endpoint = new MavEndpoint(link, opts.sysid ?? 255, opts.compid ?? 190);
    this.endpoint.on('message', (f) => this.onMessage(f));
    link.on('state', (s, d) => this.emit('linkState', s, d));
    const hb = opts.heartbeatMs ?? 1000;
    if (hb > 0) {
      this.sendHeartbeat();
      this.heartbeatTimer = setInterval(() => this.sendHeartbeat(), hb);
      this.heartbeatTimer.unref();
    }
    this.watchdog = setInterval(() => this.checkLost(), Math.min(250, this.linkLostMs / 4));
    this.watchdog.unref();
  }

  private sendHeartbeat(): void {
    this.endpoint.send(
      mav(minimal.Heartbeat, {
        type: MAV_TYPE_GCS,
        autopilot: MAV_AUTOPILOT_INVALID,
        baseMode: 0 as minimal.MavModeFlag,
        customMode: 0,
        systemStatus: minimal.MavState.ACTIVE,
        mavlinkVersion: 3,
      }),
    );
  }

  private onMessage(f: MavMessageIn): void {
    if (f.message instanceof minimal.Heartbeat) {
      const hb = f.message;
      if (hb.type !== MAV_TYPE_GCS && hb.autopilot !== MAV_AUTOPILOT_INVALID) {
        const now = performance.now();
        this.lastHeartbeats.set(f.sysid, f);
        let v = this.known.get(f.sysid);
        if (!v) {
          v = {
            sysid: f.sysid,
            compid: f.compid,
            autopilot: hb.autopilot,
            autopilotKind: autopilotKind(hb.autopilot),
            type: hb.type,
            lastHeartbeatAt: now,
            lastMessageAt: now,
            lost: false,
          };
          this.known.set(f.sysid, v);
          this.emit('vehicle', { ...v });
        } else {
          v.lastHeartbeatAt = now;
          if (v.lost) {
            v.lost = false;
            v.lastMessageAt = now;
            this.emit('vehicleRecovered', { ...v });
          }
        }
      }
    }
    const known = this.known.get(f.sysid);
    if (known && !known.lost) known.lastMessageAt = performance.now();
    this.emit('message', f);
  }

  private checkLost(): void {
    const now = performance.now();
    for (const v of this.known.values()) {
      if (!v.lost && now - v.lastMessageAt > this.linkLostMs) {
        v.lost = true;
        this.emit('vehicleLost', { ...v });
      }
    }
  }

  /** The latest HEARTBEAT of a vehicle (lets a new Vehicle start with its mode and armed state). */
  lastHeartbeat(sysid: number): MavMessageIn | undefined {
    return this.lastHeartbeats.get(sysid);
  }

  /** Vehicles seen so far. */
  vehicles(): VehicleInfo[] {
    return [...this.known.values()].map((v) => ({ ...v }));
  }

  /** Resolves with the first (or the given) vehicle's info once its heartbeat arrives. */
  waitForVehicle(
    opts: { sysid?: number; timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<VehicleInfo> {
    const match = [...this.known.values()].find((v) => opts.sysid === undefined || v.sysid === opts.sysid);
    if (match) return Promise.resolve({ ...match });
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const onVehicle = (v: VehicleInfo) => {
        if (opts.sysid !== undefined && v.sysid !== opts.sysid) return;
        cleanup();
        resolve(v);
      };
      const onAbort = () => {
        cleanup();
        reject(new Error('cancelled while waiting for a vehicle'));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no vehicle heartbeat on ${this.link.describe()} within ${(timeoutMs / 1000).toFixed(1)} s: check the link URL, baud rate and that the vehicle is powered`,
          ),
        );
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('vehicle', onVehicle);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      this.on('vehicle', onVehicle);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Sends a message (MAVLink 2, our ids). */
  send(message: MavLinkData): void {
    if (!this.closed) this.endpoint.send(message);
  }

  /** Buffers incoming frames matching `filter` until closed. */
  inbox(filter: (f: MavMessageIn) => boolean): Inbox {
    return this.endpoint.inbox(filter);
  }

  /** Stops the heartbeat and closes the link. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    clearInterval(this.watchdog);
    this.endpoint.detach();
    await this.link.close();
  }
}
