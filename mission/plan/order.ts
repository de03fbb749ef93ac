import type { XY } from '../geo/types.js';

/** One way to fly an item: where it starts and where it ends. */
export interface Variant {
  start: XY;
  end: XY;
  /**
   * The way flown inside the item this way (m), when the variants differ in it: a cell's turns
   * between lanes depend on the corner it is entered at. Default 0.
   */
  inner?: number;
}

const dist = (a: XY, b: XY): number => {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return Math.sqrt(dx * dx + dy * dy);
};

/** Up to this many items, every visiting order is tried (6! = 720 orders). */
const EXACT_MAX_ITEMS = 6;

/** Precomputed moves between the variants of a set of items. */
class Moves {
  readonly off: number[] = [];
  readonly count: number[] = [];
  readonly between: Float64Array;
  readonly fromCost: Float64Array;
  readonly toCost: Float64Array;
  readonly inner: Float64Array;
  constructor(items: readonly Variant[][], from?: XY, to?: XY, metric: (a: XY, b: XY) => number = dist) {
    const all: Variant[] = [];
    for (const vs of items) {
      this.off.push(all.length);
      this.count.push(vs.length);
      all.push(...vs);
    }
    const n = all.length;
    this.between = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) this.between[i * n + j] = metric(all[i]!.end, all[j]!.start);
    this.inner = Float64Array.from(all, (v) => v.inner ?? 0);
    this.fromCost = Float64Array.from(all, (v, i) => (from ? metric(from, v.start) : 0) + this.inner[i]!);
    this.toCost = Float64Array.from(all, (v) => (to ? metric(v.end, to) : 0));
  }

  private bufA = new Float64Array(0);
  private bufB = new Float64Array(0);

  /** The cost alone of `evaluate` (no allocation: it scores many candidate orders). */
  costOf(order: readonly number[]): number {
    const n = order.length;
    if (n === 0) return 0;
    const V = this.fromCost.length;
    if (this.bufA.length === 0) {
      const most = Math.max(...this.count);
      this.bufA = new Float64Array(most);
      this.bufB = new Float64Array(most);
    }
    let prev = this.bufA;
    let cur = this.bufB;
    const o0 = this.off[order[0]!]!;
    let pc = this.count[order[0]!]!;
    for (let k = 0; k < pc; k++) prev[k] = this.fromCost[o0 + k]!;
    let po = o0;
    for (let idx = 1; idx < n; idx++) {
      const ci = order[idx]!;
      const co = this.off[ci]!;
      const cc = this.count[ci]!;
      for (let j = 0; j < cc; j++) {
        let best = Infinity;
        for (let i = 0; i < pc; i++) {
          const c = prev[i]! + this.between[(po + i) * V + co + j]!;
          if (c < best) best = c;
        }
        cur[j] = best + this.inner[co + j]!;
      }
      const t = prev;
      prev = cur;
      cur = t;
      po = co;
      pc = cc;
    }
    let best = Infinity;
    for (let j = 0; j < pc; j++) {
      const t = prev[j]! + this.toCost[po + j]!;
      if (t < best) best = t;
    }
    return best;
  }

  /** Exact best variants for a fixed order, by dynamic programming; the cost and the choice. */
  evaluate(order: readonly number[], withChoice = false): { cost: number; choice: number[] } {
    const n = order.length;
    const V = this.fromCost.length;
    if (n === 0) return { cost: 0, choice: [] };
    let prev: number[] = [];
    const back: Int8Array[] = [];
    const o0 = this.off[order[0]!]!;
    for (let k = 0; k < this.count[order[0]!]!; k++) prev.push(this.fromCost[o0 + k]!);
    back.push(new Int8Array(prev.length).fill(-1));
    for (let idx = 1; idx < n; idx++) {
      const pi = order[idx - 1]!;
      const ci = order[idx]!;
      const po = this.off[pi]!;
      const co = this.off[ci]!;
      const pc = this.count[pi]!;
      const cc = this.count[ci]!;
      const cur: number[] = new Array(cc);
      const arg = new Int8Array(cc);
      for (let j = 0; j < cc; j++) {
        let best = Infinity;
        let bi = 0;
        for (let i = 0; i < pc; i++) {
          const c = prev[i]! + this.between[(po + i) * V + co + j]!;
          if (c < best) {
            best = c;
            bi = i;
          }
        }
        cur[j] = best + this.inner[co + j]!;
        arg[j] = bi;
      }
      prev = cur;
      if (withChoice) back.push(arg);
    }
    const lo = this.off[order[n - 1]!]!;
    let best = Infinity;
    let bj = 0;
    prev.forEach((c, j) => {
      const t = c + this.toCost[lo + j]!;
      if (t < best) {
        best = t;
        bj = j;
      }
    });
    if (!withChoice) return { cost: best, choice: [] };
    const choice = new Array<number>(n);
    for (let k = n - 1; k >= 0; k--) {
      choice[k] = bj;
      bj = back[k]![bj]!;
    }
    return { cost: best, choice };
  }
}

/** Best variant for each item of a fixed order: the sum of straight moves from `from` (to `to`). */
export function evaluateOrder(
  items: readonly Variant[][],
  order: readonly number[],
  from?: XY,
  to?: XY,
  metric: (a: XY, b: XY) => number = dist,
) {
  return new Moves(items, from, to, metric).evaluate(order, true);
}

/**
 * A short order to visit items that each can be flown several ways (cells: which end and which
 * corner first): every order when there are few items, else nearest-neighbour start, then 2-opt
 * and or-opt moves; each order scored exactly over the variants. Moves are measured by `metric`
 * (default: straight lines; the route may pass the length of the transit that goes round no-fly
 * zones and stays over the field).
 */
export function optimiseOrder(
  items: readonly Variant[][],
  from?: XY,
  to?: XY,
  rounds = 6,
  metric: (a: XY, b: XY) => number = dist,
): { order: number[]; choice: number[]; cost: number } {
  const n = items.length;
  const left = new Set(items.keys());
  const order: number[] = [];
  let here = from;
  while (left.size > 0) {
    let best = -1;
    let bestV = 0;
    let bestD = Infinity;
    for (const i of left)
      items[i]!.forEach((v, k) => {
        const d = (here ? dist(here, v.start) : -v.start[1]) + (v.inner ?? 0);
        if (d < bestD) {
          bestD = d;
          best = i;
          bestV = k;
        }
      });
    order.push(best);
    left.delete(best);
    here = items[best]![bestV]!.end;
  }
  const moves = new Moves(items, from, to, metric);
  let cost = moves.costOf(order);
  if (n >= 3 && n <= EXACT_MAX_ITEMS && rounds > 0) {
    // few items: every order (Heap's permutations), each scored exactly over the variants
    const perm = order.slice();
    const c = new Array<number>(n).fill(0);
    for (let i = 1; i < n; ) {
      if (c[i]! < i) {
        const j = i % 2 === 0 ? 0 : c[i]!;
        [perm[j], perm[i]] = [perm[i]!, perm[j]!];
        const pc = moves.costOf(perm);
        if (pc < cost - 1e-6) {
          cost = pc;
          for (let k = 0; k < n; k++) order[k] = perm[k]!;
        }
        c[i]!++;
        i = 1;
      } else {
        c[i] = 0;
        i++;
      }
    }
  } else if (n >= 3) {
    const window = n > 24 ? 10 : n;
    const cand = order.slice();
    for (let round = 0; round < rounds; round++) {
      let improved = false;
      for (let i = 0; i < n - 1; i++)
        for (let j = i + 1; j < Math.min(n, i + window + 1); j++) {
          for (let k = 0; k < n; k++) cand[k] = order[k]!;
          for (let a = i, b = j; a < b; a++, b--) [cand[a], cand[b]] = [cand[b]!, cand[a]!];
          const c = moves.costOf(cand);
          if (c < cost - 1e-6) {
            for (let k = 0; k < n; k++) order[k] = cand[k]!;
            cost = c;
            improved = true;
          }
        }
      for (let i = 0; i < n; i++)
        for (let k = Math.max(0, i - window); k < Math.min(n, i + window + 1); k++) {
          if (k === i) continue;
          const moved = order.slice();
          const [it] = moved.splice(i, 1);
          moved.splice(k, 0, it!);
          const c = moves.costOf(moved);
          if (c < cost - 1e-6) {
            for (let q = 0; q < n; q++) order[q] = moved[q]!;
            cost = c;
            improved = true;
          }
        }
      if (!improved) break;
    }
  }
  const { choice } = moves.evaluate(order, true);
  return { order, choice, cost };
}
