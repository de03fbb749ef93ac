import { Link } from './types.js';

/** Faults injected on a link, in both directions. All fields can be changed while the link runs. */
export interface LinkFaults {
  /** Probability (0..1) that a packet is dropped. */
  loss?: number;
  /** Probability (0..1) that a packet is delivered twice. */
  duplicate?: number;
  /** Probability (0..1) that a packet is held back so later packets overtake it. */
  reorder?: number;
  /** Fixed one-way delay, ms. */
  latencyMs?: number;
  /** Random extra delay up to this many ms. */
  jitterMs?: number;
  /** When true nothing passes at all (cable pulled / out of radio range). */
  down?: boolean;
  /** Seed for the pseudo-random generator (reproducible runs). */
  seed?: number;
}

/** Small deterministic PRNG (mulberry32) returning [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Wraps a link and applies {@link LinkFaults} to every packet sent and received
 * (a packet = one `send` call or one received datagram/chunk).
 */
export class FaultyLink extends Link {
  readonly faults: LinkFaults;
  private readonly random: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Packets dropped so far (both directions). */
  dropped = 0;

  constructor(
    readonly inner: Link,
    faults: LinkFaults = {},
  ) {
    super(inner.url);
    this.faults = faults;
    this.random = seededRandom(faults.seed ?? 0x5eed);
    inner.on('data', (b) => this.pass(b, (x) => this.emit('data', x)));
    inner.on('state', (s, d) => this.setState(s, d));
    if (inner.state !== 'connecting') this.setState(inner.state);
  }

  private pass(bytes: Buffer, deliver: (b: Buffer) => void): void {
    const f = this.faults;
    if (f.down || (f.loss && this.random() < f.loss)) {
      this.dropped++;
      return;
    }
    const copies = f.duplicate && this.random() < f.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      let delay = (f.latencyMs ?? 0) + (f.jitterMs ? this.random() * f.jitterMs : 0);
      if (f.reorder && this.random() < f.reorder) delay += 1 + this.random() * 3;
      if (delay <= 0) {
        deliver(bytes);
      } else {
        const t = setTimeout(() => {
          this.timers.delete(t);
          if (!this.faults.down) deliver(bytes);
        }, delay);
        this.timers.add(t);
      }
    }
  }

  send(bytes: Uint8Array): void {
    this.pass(Buffer.from(bytes), (b) => this.inner.send(b));
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.inner.close();
  }

  override describe(): string {
    return this.inner.describe();
  }
}
