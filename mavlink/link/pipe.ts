import { Link } from './types.js';

/** One end of an in-memory link pair. */
export class PipeLink extends Link {
  peer: PipeLink | undefined;
  private closed = false;
  send(bytes: Uint8Array): void {
    const peer = this.peer;
    if (this.closed || !peer || peer.closed) return;
    const copy = Buffer.from(bytes);
    setImmediate(() => {
      if (!peer.closed) peer.emit('data', copy);
    });
  }
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.setState('closed');
  }
  /** @internal */
  markOpen(): void {
    this.setState('open');
  }
}

/** Two connected in-memory links (bytes sent on one arrive on the other, asynchronously). */
export function createLinkPair(name = 'pipe'): [PipeLink, PipeLink] {
  const a = new PipeLink(`${name}://a`);
  const b = new PipeLink(`${name}://b`);
  a.peer = b;
  b.peer = a;
  a.markOpen();
  b.markOpen();
  return [a, b];
}
