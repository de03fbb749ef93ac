import { EventEmitter } from 'node:events';

/** Transport state of a link. `reconnecting` is only used by links that retry on their own (TCP, serial). */
export type LinkState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Events of a {@link Link}. */
export interface LinkEvents {
  /** Bytes from the far end (a datagram for UDP, a chunk for streams). */
  data: [bytes: Buffer];
  /** Transport state changed; `detail` says why (e.g. an OS error). */
  state: [state: LinkState, detail: string | undefined];
}

/**
 * A byte pipe to a vehicle (or, for the simulator, to a ground station): bytes in and out, close,
 * and `state` events. Knows nothing about MAVLink.
 */
export abstract class Link extends EventEmitter<LinkEvents> {
  private _state: LinkState = 'connecting';
  constructor(readonly url: string) {
    super();
  }
  get state(): LinkState {
    return this._state;
  }
  protected setState(state: LinkState, detail?: string): void {
    if (this._state === state && detail === undefined) return;
    this._state = state;
    this.emit('state', state, detail);
  }
  /** Sends bytes to the far end. Dropped silently when the link is not open (like a radio would). */
  abstract send(bytes: Uint8Array): void;
  /** Closes the transport; idempotent. */
  abstract close(): Promise<void>;
  /** Human-readable description of where this link is bound / connected. */
  describe(): string {
    return this.url;
  }
}
