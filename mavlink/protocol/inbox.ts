import type { MavFrameIn } from './frames.js';

/** A received frame whose message decoded. */
export type MavMessageIn = MavFrameIn & { message: NonNullable<MavFrameIn['message']> };

/**
 * Buffers the frames matching a filter from the moment it is created, so a reply can never slip
 * past between sending a request and starting to wait for it.
 */
export class Inbox {
  private readonly queue: MavMessageIn[] = [];
  private waiter: ((f: MavMessageIn | null) => void) | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    readonly filter: (f: MavMessageIn) => boolean,
    private readonly onClose: (inbox: Inbox) => void,
  ) {}

  /** @internal Offered every incoming frame. */
  offer(f: MavMessageIn): void {
    if (this.closed || !this.filter(f)) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(f);
    } else this.queue.push(f);
  }

  /** @internal Makes pending and future `next` calls reject with `err`. */
  fail(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w(null);
    }
  }

  /** Next matching frame, or `null` after `timeoutMs`. Rejects if the inbox failed (link lost, cancelled). */
  next(timeoutMs: number): Promise<MavMessageIn | null> {
    if (this.failure) return Promise.reject(this.failure);
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.waiter = undefined;
          resolve(null);
        },
        Math.max(0, timeoutMs),
      );
      this.waiter = (f) => {
        clearTimeout(timer);
        if (f) resolve(f);
        else reject(this.failure);
      };
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
  }
}

/** Round-trip time estimator (RFC 6298 style) giving an adaptive timeout within [min, max]. */
export class RttEstimator {
  private srtt: number | undefined;
  private rttvar = 0;
  sample(ms: number): void {
    if (this.srtt === undefined) {
      this.srtt = ms;
      this.rttvar = ms / 2;
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - ms);
      this.srtt = 0.875 * this.srtt + 0.125 * ms;
    }
  }
  /** Smoothed RTT in ms, if measured. */
  get smoothed(): number | undefined {
    return this.srtt;
  }
  timeout(minMs: number, maxMs: number): number {
    if (this.srtt === undefined) return maxMs;
    return Math.min(maxMs, Math.max(minMs, this.srtt * 2 + 4 * this.rttvar));
  }
}
