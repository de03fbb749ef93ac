import { EventEmitter } from 'node:events';
import type { MavLinkData } from 'node-mavlink';
import type { Link } from '../link/types.js';
import { FrameDecoder, FrameEncoder } from './frames.js';
import { Inbox, type MavMessageIn } from './inbox.js';

/** Events of a {@link MavEndpoint}. */
export interface EndpointEvents {
  message: [frame: MavMessageIn];
}

/**
 * MAVLink 2 over a {@link Link}: decodes incoming bytes (garbage-tolerant), encodes outgoing messages with
 * this endpoint's system/component id, and hands out {@link Inbox}es for request/response protocols.
 */
export class MavEndpoint extends EventEmitter<EndpointEvents> {
  readonly decoder = new FrameDecoder();
  private readonly encoder: FrameEncoder;
  private readonly inboxes = new Set<Inbox>();
  private readonly onData = (b: Buffer) => this.receive(b);

  constructor(
    readonly link: Link,
    readonly sysid: number,
    readonly compid: number,
  ) {
    super();
    this.setMaxListeners(50);
    this.encoder = new FrameEncoder(sysid, compid);
    link.on('data', this.onData);
    link.on('state', (state) => {
      if (state === 'open') this.decoder.reset(); // a new TCP connection or re-opened port starts clean
    });
  }

  /** Errors thrown by `message` listeners (kept, not rethrown, so a faulty listener cannot kill the link). */
  listenerErrors = 0;
  lastListenerError: unknown;

  private receive(bytes: Buffer): void {
    for (const f of this.decoder.push(bytes)) {
      if (!f.message) continue;
      const m = f as MavMessageIn;
      for (const inbox of this.inboxes) inbox.offer(m);
      try {
        this.emit('message', m);
      } catch (e) {
        this.listenerErrors++;
        this.lastListenerError = e;
        if (this.listenerErrors === 1)
          console.error('mavlink: a message listener threw (further ones are counted only):', e);
      }
    }
  }

  /** Serialises (MAVLink 2) and sends a message. */
  send(message: MavLinkData): void {
    this.link.send(this.encoder.encode(message));
  }

  /** Starts buffering frames that match `filter`; close it when done. */
  inbox(filter: (f: MavMessageIn) => boolean): Inbox {
    const ib = new Inbox(filter, (x) => this.inboxes.delete(x));
    this.inboxes.add(ib);
    return ib;
  }

  /** Fails every open inbox whose filter accepts frames of `sysid` (or all when undefined). */
  failInboxes(err: Error, predicate: (ib: Inbox) => boolean = () => true): void {
    for (const ib of this.inboxes) if (predicate(ib)) ib.fail(err);
  }

  /** Stops listening to the link (does not close it). */
  detach(): void {
    this.link.off('data', this.onData);
    this.failInboxes(new Error('connection closed'));
  }
}
