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

/**
 * Round-trip time estimator for adaptive resend timeouts: three times the median of the last 16 samples
 * plus 2 ms, clamped to [min, max]. The median ignores outliers such as a vehicle's own re-request
 * arriving long after a lost reply, which would otherwise inflate a mean-based estimate for many items.
 */
export class RttEstimator {
  private readonly samples: number[] = [];
  private next = 0;
  sample(ms: number): void {
    if (this.samples.length < 16) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % 16;
  }
  /** Median RTT in ms, if measured. */
  get median(): number | undefined {
    if (this.samples.length === 0) return undefined;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }
  timeout(minMs: number, maxMs: number): number {
    const m = this.median;
    if (m === undefined) return maxMs;
    return Math.min(maxMs, Math.max(minMs, 3 * m + 2));
  }
}
