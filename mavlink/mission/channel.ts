import type { MavLinkData } from 'node-mavlink';
import type { AutopilotKind } from '../connection.js';
import type { Inbox, MavMessageIn } from '../protocol/inbox.js';

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
}

/** Timeouts and retries of the mission and command protocols. */
export interface ProtocolTiming {
  /** Wait for an ack / first reply, ms. Default 1500 (mission protocol). */
  ackTimeoutMs: number;
  /** Upper bound of the per-item wait, ms. Default 250 (mission protocol). */
  itemTimeoutMs: number;
  /** Lower bound of the adaptive per-item wait, ms (the wait follows the measured round trip). Default 20. */
  minItemTimeoutMs: number;
  /** Retries while the vehicle stays silent (nothing at all heard from it). Default 5. */
  retries: number;
  /** Hard cap on sends of one item or request while the vehicle is heard but the item keeps getting lost. Default 60. */
  maxAttempts: number;
}

export const DEFAULT_TIMING: ProtocolTiming = {
  ackTimeoutMs: 1500,
  itemTimeoutMs: 250,
  minItemTimeoutMs: 20,
  retries: 5,
  maxAttempts: 60,
};
