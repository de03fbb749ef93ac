import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { Link } from './types.js';

/** A udpin remote is forgotten after this long without a datagram from it, ms. */
const REMOTE_FORGET_MS = 10_000;

/**
 * UDP link. `udpin` listens on host:port and replies to the address and port the vehicle last sent
 * from (as SITL/MAVProxy expect); when several senders share the port (several vehicles), every sender
 * heard in the last 10 s gets the datagram. `udpout` sends to host:port from an ephemeral port.
 */
export class UdpLink extends Link {
  private readonly socket: Socket;
  private remote: { address: string; port: number } | undefined;
  private readonly remotes = new Map<string, { address: string; port: number; at: number }>();
  private closed = false;

  private constructor(
    url: string,
    readonly mode: 'udpin' | 'udpout',
    host: string,
    port: number,
  ) {
    super(url);
    this.socket = createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', reuseAddr: false });
    if (mode === 'udpout') this.remote = { address: host, port };
    this.socket.on('message', (msg, rinfo) => {
      if (this.mode === 'udpin') {
        this.remote = { address: rinfo.address, port: rinfo.port };
        this.remotes.set(`${rinfo.address}:${rinfo.port}`, { ...this.remote, at: performance.now() });
      }
      this.emit('data', msg);
    });
    this.socket.on('error', (err) => {
      if (!this.closed) this.emit('state', this.state, `UDP error: ${err.message}`);
    });
  }

  /** Opens the socket; resolves when it is bound. */
  static open(url: string, mode: 'udpin' | 'udpout', host: string, port: number): Promise<UdpLink> {
    const link = new UdpLink(url, mode, host, port);
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => {
        reject(new Error(`cannot open ${url}: ${err.message}`));
        link.socket.close();
      };
      link.socket.once('error', onError);
      const bindTo = mode === 'udpin' ? { address: host, port } : { port: 0 };
      link.socket.bind(bindTo, () => {
        link.socket.off('error', onError);
        link.setState('open');
        resolve(link);
      });
    });
  }

  /** The local UDP port (useful with `udpin://127.0.0.1:0`). */
  get localPort(): number {
    return this.socket.address().port;
  }

  /** Where replies currently go (udpin: the last sender), if known. */
  get remoteAddress(): { address: string; port: number } | undefined {
    return this.remote;
  }

  send(bytes: Uint8Array): void {
    if (this.closed || !this.remote) return;
    if (this.mode === 'udpin' && this.remotes.size > 1) {
      const now = performance.now();
      for (const [key, r] of this.remotes) {
        if (now - r.at > REMOTE_FORGET_MS && r.port !== this.remote.port) this.remotes.delete(key);
        else this.sendTo(bytes, r);
      }
      return;
    }
    this.sendTo(bytes, this.remote);
  }

  private sendTo(bytes: Uint8Array, to: { address: string; port: number }): void {
    this.socket.send(bytes, to.port, to.address, (err) => {
      if (err && !this.closed) this.emit('state', this.state, `UDP send failed: ${err.message}`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
    this.setState('closed');
  }

  override describe(): string {
    return `${this.mode} local port ${this.localPort}${this.remote ? ` ↔ ${this.remote.address}:${this.remote.port}` : ''}`;
  }
}
