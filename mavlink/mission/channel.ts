import type { MavLinkData } from 'node-mavlink';
import type { AutopilotKind } from '../connection.js';
import type { Inbox, MavMessageIn, RttEstimator } from '../protocol/inbox.js';

/** What the protocol clients need from a vehicle: its ids, send, filtered inboxes, and when it was last heard. */
export interface VehicleChannel {
  readonly sysid: number;
  readonly compid: number;
  readonly autopilotKind: AutopilotKind;
  send(message: MavLinkData): void;
  /** Inbox of this vehicle's frames matching `filter`; fails with VehicleLostError when the vehicle is lost. */
  inbox(filter: (f: MavMessageIn) => boolean): Inbox;
  /** performance.now() of the last frame of any kind from this vehicle. */
  lastHeardAt(): number;
  /** Round-trip estimate shared by the transfers with this vehicle (so a new transfer starts well tuned). */
  readonly rtt?: RttEstimator;
}

/** Timeouts and retries of the mission and command protocols. */
export interface ProtocolTiming {
  /** Wait for an ack / first reply, ms. Default 1500 (mission protocol). */
  ackTimeoutMs: number;
  /** Upper bound of the per-item wait, ms. Default 250 (mission protocol). */
  itemTimeoutMs: number;
  /** Lower bound of the adaptive per-item wait, ms (the wait follows the measured round trip). Default 5. */
  minItemTimeoutMs: number;
  /** Retries while the vehicle stays silent (nothing at all heard from it). Default 5. */
  retries: number;
  /**
   * Give up when the transfer made no progress for this long although the vehicle is heard
   * (items keep getting lost on a very bad link), ms. Default 10000.
   */
  stallTimeoutMs: number;
  /** Download requests kept in flight at once (ArduPilot answers each on its own; PX4 always gets 1). Default 4. */
  downloadWindow: number;
}

export const DEFAULT_TIMING: ProtocolTiming = {
  ackTimeoutMs: 1500,
  itemTimeoutMs: 250,
  minItemTimeoutMs: 5,
  retries: 5,
  stallTimeoutMs: 10_000,
  downloadWindow: 4,
};
