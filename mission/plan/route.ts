import { distance } from '../geo/local-frame.js';
import type { RingXY, XY } from '../geo/types.js';
import type { LapRing } from './headland.js';
import { evaluateOrder, optimiseOrder, type Variant } from './order.js';
import type { Cell } from './swaths.js';
import { insideRing, type TransitPlanner } from './transit.js';

/** A route piece in the plan's metric frame (before conversion to lon/lat). */
export interface PieceXY {
  kind: 'spray' | 'transit';
  xy: XY[];
  role?: 'headland' | 'swath' | 'connector';
  cell?: number;
}

/** Stage 5 input: everything to fly, grouped by connected part of the sprayable area. */
export interface RouteInput {
  /** Connected parts of the sprayable area (rings: outer then holes), to keep each part's work together. */
  parts: RingXY[][];
  laps: LapRing[][];
  cells: Cell[];
  headlandFirst: boolean;
  home?: XY;
  transit: TransitPlanner;
  /** Improvement rounds of the cell order (2-opt/or-opt); 0 = nearest neighbour only. Default 6. */
  orderRounds?: number;
}

interface LapItem {
  type: 'lap';
  pass: number;
  lap: LapRing;
}
interface CellItem {
  type: 'cell';
  index: number;
  cell: Cell;
}
type Item = LapItem | CellItem;

interface Entry {
  start: XY;
  end?: XY;
  /** The way flown between the item's own spray pieces this way (m), beyond its least way: turns between lanes. */
  inner?: number;
  fly: () => PieceXY[];
}

function closestOnSegment(p: XY, a: XY, b: XY): XY {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  const t = l2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
  return [a[0] + t * dx, a[1] + t * dy];
}

/**
 * Where to enter a lap (it ends where it starts): the ring point that makes the way in from
 * `from` plus the way on to `toward` (the next work, when known) shortest.
 */
function lapEntry(lap: LapRing, from: XY | undefined, toward?: XY): Entry {
  const ring = lap.ring;
  let best = Infinity;
  let bestI = 0;
  let bestP: XY = ring[0]!;
  const cost = (q: XY) => (from ? distance(from, q) : 0) + (toward ? distance(q, toward) : 0);
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    const cands: XY[] = [a];
    if (from) cands.push(closestOnSegment(from, a, b));
    if (toward) cands.push(closestOnSegment(toward, a, b));
    for (const q of cands) {
      const d = cost(q);
      if (d < best) {
        best = d;
        bestI = i;
        bestP = q;
      }
    }
  }
  return {
    start: bestP,
    fly: () => {
      // Round the ring from the entry point back to it; at a spur, spray on into the corner,
      // come back with the nozzles off, and spray on from the corner vertex.
      const pieces: PieceXY[] = [];
      let xy: XY[] = [bestP];
      const add = (p: XY) => {
        if (distance(p, xy[xy.length - 1]!) > 1e-6) xy.push(p);
      };
      const flush = () => {
        if (xy.length >= 2) pieces.push({ kind: 'spray', role: 'headland', xy });
      };
      for (let k = 1; k <= ring.length; k++) {
        const idx = (bestI + k) % ring.length;
        const v = ring[idx]!;
        add(v);
        const spur = lap.spurs[idx];
        if (spur) {
          add(spur.out);
          flush();
          if (distance(spur.out, spur.back) > 1e-6)
            pieces.push({ kind: 'transit', xy: [spur.out, spur.back] });
          xy = [spur.back];
          add(v);
        }
      }
      add(bestP);
      flush();
      return pieces;
    },
  };
}

/** Up to this many points round a lap are tried as its entry when laps are ordered. */
const LAP_ENTRY_POINTS = 16;

/** Points evenly spaced round a closed ring (its vertices when there are few). */
function lapPoints(ring: readonly XY[]): XY[] {
  if (ring.length <= LAP_ENTRY_POINTS) return ring.slice();
  let total = 0;
  for (let i = 0; i < ring.length; i++) total += distance(ring[i]!, ring[(i + 1) % ring.length]!);
  const step = total / LAP_ENTRY_POINTS;
  const out: XY[] = [];
  let along = 0;
  let nextAt = 0;
  for (let i = 0; i < ring.length && out.length < LAP_ENTRY_POINTS; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % ring.length]!;
    const len = distance(a, b);
    while (nextAt <= along + len && out.length < LAP_ENTRY_POINTS) {
      const t = len > 0 ? (nextAt - along) / len : 0;
      out.push([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]);
      nextAt += step;
    }
    along += len;
  }
  return out;
}

function cellEntries(item: CellItem): Entry[] {
  const sw = item.cell.swaths;
  const out: Entry[] = [];
  for (const reverseOrder of [false, true])
    for (const flipFirst of [false, true]) {
      const order = reverseOrder ? sw.slice().reverse() : sw;
      const first = order[0]!;
      const last = order[order.length - 1]!;
      const lastFlipped = ((order.length - 1) % 2 === 1) !== flipFirst;
      // lanes of unequal ends: which side each turn falls on depends on the corner entered at
      let inner = 0;
      for (let i = 1; i < order.length; i++) {
        const flipPrev = ((i - 1) % 2 === 1) !== flipFirst;
        const prevEnd = flipPrev ? order[i - 1]!.a : order[i - 1]!.b;
        const flip = (i % 2 === 1) !== flipFirst;
        inner += distance(prevEnd, flip ? order[i]!.b : order[i]!.a);
      }
      out.push({
        start: flipFirst ? first.b : first.a,
        end: lastFlipped ? last.a : last.b,
        inner,
        fly: () =>
          order.map((s, i) => {
            const flip = (i % 2 === 1) !== flipFirst;
            return { kind: 'spray', role: 'swath', cell: item.index, xy: flip ? [s.b, s.a] : [s.a, s.b] };
          }),
      });
    }
  // only the differences between the corners matter (and a cell with many lanes is not far)
  const least = Math.min(...out.map((e) => e.inner ?? 0));
  for (const e of out) e.inner = (e.inner ?? 0) - least;
  return out;
}

function entriesOf(item: Item, from: XY | undefined, toward?: XY): Entry[] {
  return item.type === 'lap' ? [lapEntry(item.lap, from ?? toward, toward)] : cellEntries(item);
}

function partOf(p: XY, parts: RingXY[][]): number {
  for (let i = 0; i < parts.length; i++) {
    let inside = false;
    for (const r of parts[i]!) if (insideRing(p, r)) inside = !inside;
    if (inside) return i;
  }
  let best = 0;
  let bestD = Infinity;
  parts.forEach((rings, i) => {
    for (const v of rings[0] ?? []) {
      const d = distance(p, v);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
  });
  return best;
}

/** Up to this many cells, the careful cell order measures moves by their transit paths. */
const TRANSIT_METRIC_MAX_CELLS = 30;

/** The length of the transit from a to b (memoised per planner call). */
function transitLength(transit: TransitPlanner): (a: XY, b: XY) => number {
  const memo = new Map<string, number>();
  return (a, b) => {
    const key = `${a[0]},${a[1]},${b[0]},${b[1]}`;
    let d = memo.get(key);
    if (d === undefined) {
      const path = transit.path(a, b);
      d = 0;
      for (let i = 1; i < path.length; i++) d += distance(path[i - 1]!, path[i]!);
      memo.set(key, d);
    }
    return d;
  };
}

/**
 * Stage 5: orders headland laps and cells into one route. Each connected part of the sprayable
 * area is finished before the next (headland laps outermost first then the cells, or the cells
 * then the laps innermost first); inside a phase the nearest item and its best entry corner is
 * taken next (greedy). Every move between spray pieces is a transit planned around the no-fly
 * zones. Starts and ends at home when given.
 */
export function buildRoute(input: RouteInput): PieceXY[] {
  const nParts = Math.max(1, input.parts.length);
  const phases: Item[][][] = Array.from({ length: nParts }, () => []);
  const lapPhase = (pass: number) => (input.headlandFirst ? pass : input.laps.length - pass);
  const cellPhase = input.headlandFirst ? input.laps.length : 0;
  const put = (part: number, phase: number, item: Item) => {
    const ph = phases[part]!;
    while (ph.length <= phase) ph.push([]);
    ph[phase]!.push(item);
  };
  input.laps.forEach((laps, pass) => {
    for (const lap of laps)
      put(partOf(lap.ring[0]!, input.parts), lapPhase(pass), { type: 'lap', pass, lap });
  });
  input.cells.forEach((cell, index) => {
    const s = cell.swaths[0]!;
    const mid: XY = [(s.a[0] + s.b[0]) / 2, (s.a[1] + s.b[1]) / 2];
    put(partOf(mid, input.parts), cellPhase, { type: 'cell', index, cell });
  });
  const todo = phases.map((ph) => ph.filter((items) => items.length > 0)).filter((ph) => ph.length > 0);
  const pieces: PieceXY[] = [];
  if (todo.length === 0) return pieces;

  let here: XY | undefined = input.home;
  const go = (to: XY) => {
    if (here && distance(here, to) > 1e-6) pieces.push({ kind: 'transit', xy: input.transit.path(here, to) });
    here = to;
  };
  let toward: XY | undefined;
  const nearest = (items: Item[]): { item: Item; entry: Entry } => {
    let best: { item: Item; entry: Entry } | undefined;
    let bestD = Infinity;
    for (const item of items)
      for (const e of entriesOf(item, here, toward)) {
        // no home: start at the southern end
        const d = (here ? distance(here, e.start) : -e.start[1] * 1e-3 - e.start[0] * 1e-6) + (e.inner ?? 0);
        if (d < bestD) {
          bestD = d;
          best = { item, entry: e };
        }
      }
    return best!;
  };

  while (todo.length > 0) {
    // next part: the one whose first-phase items are nearest
    let pi = 0;
    let bestD = Infinity;
    todo.forEach((ph, i) => {
      const { entry } = nearest(ph[0]!);
      const d = here ? distance(here, entry.start) : -entry.start[1];
      if (d < bestD) {
        bestD = d;
        pi = i;
      }
    });
    const part = todo.splice(pi, 1)[0]!;
    const flyEntry = (entry: Entry) => {
      for (const piece of entry.fly()) {
        if (piece.kind === 'spray') go(piece.xy[0]!);
        pieces.push(piece);
        here = piece.xy[piece.xy.length - 1]!;
      }
    };
    // Headland first: enter the laps where the way on to the first cell is short.
    toward = undefined;
    let freeOrder: number[] | undefined;
    const cellsPhase = part.find((items) => items.every((i) => i.type === 'cell'));
    const rounds = input.orderRounds ?? 6;
    const metricFor = (n: number) =>
      rounds > 0 && n <= TRANSIT_METRIC_MAX_CELLS ? transitLength(input.transit) : undefined;
    const lastOf = (items: Item[]) =>
      todo.length === 0 && part[part.length - 1] === items ? input.home : undefined;
    if (input.headlandFirst && cellsPhase && part[0] !== cellsPhase) {
      // the laps can be left anywhere: the cells' order is planned from a free start, and the
      // laps end where it begins
      const entries = cellsPhase.map((i) => cellEntries(i as CellItem));
      const { order, choice } = optimiseOrder(
        entries.map((es) => es.map((e) => ({ start: e.start, end: e.end!, inner: e.inner ?? 0 }))),
        undefined,
        lastOf(cellsPhase),
        rounds > 0 ? rounds : 1,
        metricFor(cellsPhase.length),
      );
      toward = entries[order[0]!]![choice[0]!]!.start;
      freeOrder = order;
    }
    for (const items of part) {
      if (items.length > 1 && items.every((i) => i.type === 'cell')) {
        // cells: a short visiting order, each cell entered at its best corner
        const entries = items.map((i) => cellEntries(i as CellItem));
        const variants: Variant[][] = entries.map((es) =>
          es.map((e) => ({ start: e.start, end: e.end!, inner: e.inner ?? 0 })),
        );
        const last = lastOf(items);
        // the careful order measures each move by the transit actually flown (round ponds and
        // concave edges, over the field), when the cells are few enough to afford it
        const metric = metricFor(items.length);
        let { order, choice, cost } = optimiseOrder(variants, here, last, rounds, metric);
        if (freeOrder && items === cellsPhase) {
          const planned = evaluateOrder(variants, freeOrder, here, last, metric);
          if (planned.cost < cost) ({ order, choice, cost } = { order: freeOrder, ...planned });
        }
        order.forEach((idx, k) => {
          flyEntry(entries[idx]![choice[k]!]!);
        });
        continue;
      }
      if (items.length > 1 && items.every((i) => i.type === 'lap')) {
        // laps (the outer edge and round each pond): a short order, each entered where the way
        // from the previous one, and on to the next work, is short
        const laps = items.map((i) => (i as LapItem).lap);
        const next = part[part.indexOf(items) + 1];
        const to =
          next === cellsPhase ? toward : todo.length === 0 && next === undefined ? input.home : undefined;
        const variants: Variant[][] = laps.map((lap) =>
          lapPoints(lap.ring).map((q) => ({ start: q, end: q })),
        );
        const { order, choice } = optimiseOrder(variants, here, to, input.orderRounds ?? 6);
        // then each entry slid along its lap towards its neighbours' (twice round)
        const at = order.map((idx, k) => variants[idx]![choice[k]!]!.start);
        const from0 = here;
        for (let round = 0; round < 2; round++)
          order.forEach((idx, k) => {
            at[k] = lapEntry(laps[idx]!, k > 0 ? at[k - 1] : from0, k + 1 < at.length ? at[k + 1] : to).start;
          });
        order.forEach((idx, k) => {
          flyEntry(lapEntry(laps[idx]!, here, k + 1 < at.length ? at[k + 1] : to));
        });
        continue;
      }
      const left = items.slice();
      while (left.length > 0) {
        const { item, entry } = nearest(left);
        left.splice(left.indexOf(item), 1);
        flyEntry(entry);
      }
    }
  }
  if (input.home) go(input.home);
  return pieces;
}
