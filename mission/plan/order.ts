import { distance } from '../geo/local-frame.js';
import type { XY } from '../geo/types.js';

/** One way to fly an item: where it starts and where it ends. */
export interface Variant {
  start: XY;
  end: XY;
}

interface Evaluated {
  cost: number;
  choice: number[];
}

/**
 * Best variant for each item of a fixed order (exact, by dynamic programming over the variants):
 * the sum of straight moves from `from` through every item (and on to `to`, when given).
 */
export function evaluateOrder(
  items: readonly Variant[][],
  order: readonly number[],
  from?: XY,
  to?: XY,
): Evaluated {
  const n = order.length;
  if (n === 0) return { cost: 0, choice: [] };
  const back: number[][] = [];
  let prev = items[order[0]!]!.map((v) => (from ? distance(from, v.start) : 0));
  back.push(prev.map(() => -1));
  for (let k = 1; k < n; k++) {
    const pv = items[order[k - 1]!]!;
    const cv = items[order[k]!]!;
    const cur: number[] = [];
    const arg: number[] = [];
    for (let j = 0; j < cv.length; j++) {
      let best = Infinity;
      let bi = 0;
      for (let i = 0; i < pv.length; i++) {
        const c = prev[i]! + distance(pv[i]!.end, cv[j]!.start);
        if (c < best) {
          best = c;
          bi = i;
        }
      }
      cur.push(best);
      arg.push(bi);
    }
    prev = cur;
    back.push(arg);
  }
  const last = items[order[n - 1]!]!;
  let best = Infinity;
  let bj = 0;
  prev.forEach((c, j) => {
    const t = c + (to ? distance(last[j]!.end, to) : 0);
    if (t < best) {
      best = t;
      bj = j;
    }
  });
  const choice = new Array<number>(n);
  for (let k = n - 1; k >= 0; k--) {
    choice[k] = bj;
    bj = back[k]![bj]!;
  }
  return { cost: best, choice };
}

/**
 * A short order to visit items that each can be flown several ways (cells: which end and which
 * corner first): nearest-neighbour start, then 2-opt and or-opt moves, each order scored exactly
 * over the variants. Distances are straight lines (transits may detour round no-fly zones).
 */
export function optimiseOrder(
  items: readonly Variant[][],
  from?: XY,
  to?: XY,
): { order: number[]; choice: number[]; cost: number } {
  const n = items.length;
  // nearest neighbour
  const left = new Set(items.keys());
  const order: number[] = [];
  let here = from;
  while (left.size > 0) {
    let best = -1;
    let bestV = 0;
    let bestD = Infinity;
    for (const i of left)
      items[i]!.forEach((v, k) => {
        const d = here ? distance(here, v.start) : -v.start[1];
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
  let cur = evaluateOrder(items, order, from, to);
  if (n < 3) return { order, ...cur };
  const window = n > 40 ? 12 : n;
  for (let round = 0; round < 6; round++) {
    let improved = false;
    // 2-opt: reverse a stretch
    for (let i = 0; i < n - 1; i++)
      for (let j = i + 1; j < Math.min(n, i + window + 1); j++) {
        const cand = order.slice();
        for (let a = i, b = j; a < b; a++, b--) [cand[a], cand[b]] = [cand[b]!, cand[a]!];
        const e = evaluateOrder(items, cand, from, to);
        if (e.cost < cur.cost - 1e-6) {
          order.splice(0, n, ...cand);
          cur = e;
          improved = true;
        }
      }
    // or-opt: move one item elsewhere
    for (let i = 0; i < n; i++)
      for (let k = Math.max(0, i - window); k < Math.min(n, i + window + 1); k++) {
        if (k === i) continue;
        const cand = order.slice();
        const [it] = cand.splice(i, 1);
        cand.splice(k, 0, it!);
        const e = evaluateOrder(items, cand, from, to);
        if (e.cost < cur.cost - 1e-6) {
          order.splice(0, n, ...cand);
          cur = e;
          improved = true;
        }
      }
    if (!improved) break;
  }
  return { order, ...cur };
}
