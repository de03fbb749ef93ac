import { connect, type Socket } from 'node:net';
import { Link } from './types.js';

/** TCP client link that reconnects every `retryMs` after the connection drops, until closed. */
export class TcpLink extends Link {
  private socket: Socket | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(
    url: string,
    readonly host: string,
    readonly port: number,
    private readonly retryMs: number,
  ) {
    super(url);
  }

  /** Connects; rejects if the first connection attempt fails (later drops are retried). */
  static open(url: string, host: string, port: number, retryMs = 1000): Promise<TcpLink> {
    const link = new TcpLink(url, host, port, retryMs);
    return new Promise((resolve, reject) => {
      link.dial(
        () => resolve(link),
        (err) => reject(new Error(`cannot connect to ${url}: ${err.message}`)),
      );
    });
  }

  private dial(onFirstOpen?: () => void, onFirstError?: (e: Error) => void): void {
    const s = connect({ host: this.host, port: this.port });
    s.setNoDelay(true);
    this.socket = s;
    let opened = false;
    s.on('connect', () => {
      opened = true;
      this.setState('open');
      onFirstOpen?.();
    });
    s.on('data', (b) => this.emit('data', b));
    s.on('error', (err) => {
      if (!opened && onFirstError) {
        onFirstError(err);
        onFirstError = undefined;
        this.closed = true;
        return;
      }
      this.emit('state', this.state, `TCP error: ${err.message}`);
    });
    s.on('close', () => {
      if (this.closed || !opened) {
        if (!this.closed) this.scheduleRetry();
        return;
      }
      this.setState('reconnecting', 'TCP connection closed by the far end');
      this.scheduleRetry();
    });
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.dial();
    }, this.retryMs);
  }

  send(bytes: Uint8Array): void {
    if (this.closed || this.state !== 'open' || !this.socket) return;
    this.socket.write(bytes);
  }

  async close(): Promise<void> {
    if (this.closed && this.state === 'closed') return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.destroy();
    this.setState('closed');
  }
}
