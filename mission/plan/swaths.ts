import { Clipper } from 'clipper2-ts';
import type { XY } from '../geo/types.js';
import { bounds, difference, intersect, type Paths, rotatePaths, SCALE } from './geometry.js';

/** One interior swath: a straight spray pass from `a` to `b` (metres, plan frame). */
export interface Swath {
  a: XY;
  b: XY;
}

/** A cell of the decomposition: swaths on consecutive lanes, flown back and forth in this order. */
export interface Cell {
  swaths: Swath[];
}

interface Seg {
  lane: number;
  x0: number;
  x1: number;
  next?: Seg;
  hasPrev?: boolean;
}

/** Rotation (radians, counter-clockwise) that turns the swath direction `angleDeg` (clockwise from north) onto +x. */
export function laneRotation(angleDeg: number): number {
  return ((angleDeg - 90) * Math.PI) / 180;
}

/**
 * Lane centre lines across a height range [minY, maxY] (any unit): the fewest lanes of width
 * `w` that cover it, the outer two flush with the edges and the remainder spread evenly, so no
 * unsprayed strip is left at the far edge.
 */
export function laneOffsets(minY: number, maxY: number, w: number): number[] {
  const h = maxY - minY;
  if (!(h > 0)) return [];
  const n = Math.max(1, Math.ceil(h / w - 0.002)); // 1 cm per 5 m of slack: rounding never adds a lane
  if (n === 1) return [(minY + maxY) / 2];
  const step = (h - w) / (n - 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(minY + w / 2 + i * step);
  return out;
}

/**
 * The band [lo, hi] across the lanes that the lanes must cover. Normally the full extent; but
 * where the area ends in a thin cap (a vertex of a slanted edge), leaving at most `budget`
 * (integer units²) of such caps dry may save a whole lane: the fewest lanes whose band leaves
 * no more than the budget out, then the narrowest such band (least squeeze).
 */
export function laneWindow(
  t: Paths,
  minY: number,
  maxY: number,
  w: number,
  budget: number,
): [number, number] {
  const h = maxY - minY;
  const n0 = Math.max(1, Math.ceil(h / w - 0.002));
  if (budget <= 0 || n0 <= 1) return [minY, maxY];
  const k = Math.min(600, Math.max(100, Math.ceil(h / 100))); // ~10 cm samples
  const step = h / k;
  const edges: number[] = [];
  for (const r of t)
    for (let i = 0; i < r.length; i++) {
      const p = r[i]!;
      const q = r[(i + 1) % r.length]!;
      if (p.y !== q.y) edges.push(p.x, p.y, q.x, q.y);
    }
  // cumulative area below each sample line
  const cum = new Float64Array(k + 1);
  const xs: number[] = [];
  for (let i = 0; i < k; i++) {
    const y = minY + (i + 0.5) * step;
    xs.length = 0;
    for (let e = 0; e < edges.length; e += 4) {
      const y1 = edges[e + 1]!;
      const y2 = edges[e + 3]!;
      if (y1 <= y !== y2 <= y) xs.push(edges[e]! + ((y - y1) * (edges[e + 2]! - edges[e]!)) / (y2 - y1));
    }
    xs.sort((a, b) => a - b);
    let width = 0;
    for (let j = 0; j + 1 < xs.length; j += 2) width += xs[j + 1]! - xs[j]!;
    cum[i + 1] = cum[i]! + width * step;
  }
  const total = cum[k]!;
  /** Least area left out by a band `rows` samples high, and where it starts. */
  const bestBand = (rows: number): [number, number] => {
    let best = Infinity;
    let at = 0;
    for (let i = 0; i + rows <= k; i++) {
      const out = cum[i]! + total - cum[i + rows]!;
      if (out < best) {
        best = out;
        at = i;
      }
    }
    return [best, at];
  };
  let n = n0;
  while (n > 1) {
    const [out] = bestBand(Math.floor(((n - 1) * w) / step));
    if (out > budget) break;
    n--;
  }
  if (n === n0) return [minY, maxY]; // no lane saved: cover everything
  // narrowest band (within n lanes) leaving out no more than the budget
  let lo = Math.max(0, Math.floor((n === 1 ? 0 : (n - 1) * w) / step));
  let hi = k;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (bestBand(mid)[0] <= budget) hi = mid;
    else lo = mid;
  }
  const rows = Math.min(k, hi);
  const [, at] = bestBand(rows);
  return [minY + at * step, minY + (at + rows) * step];
}

/** Options of `buildSwaths`. */
export interface SwathOptions {
  /** Keep the boom over this area: lanes are cut where their strip leaves it (no headland). */
  trimTo?: Paths;
  /** With `trimTo`: only lanes through these parts of the interior are cut (headland remnants). */
  trimWhere?: Paths;
  /** Area (m²) of thin end caps that may stay dry if that saves a lane (see `laneWindow`). */
  capBudgetM2?: number;
  /**
   * How far a lane end reaches past the point where its centre line meets a slanted end of the
   * interior, as a share of the way to the band's far corner: 1 covers the whole band (the
   * triangle beyond the centre line is sprayed twice, once by the headland), 0 stops on the centre line.
   */
  endReach?: number;
  /**
   * The whole interior when `interior` is one region of it: a lane end that meets a cut between
   * regions (not the headland) keeps its full reach.
   */
  wholeInterior?: Paths;
  /**
   * What one more lane costs (m of lane length it must save to be worth flying: the turn), for
   * the lane placement (`placeLanes`). Default two swaths.
   */
  laneCostM?: number;
}

/** Rows per swath width sampled by `placeLanes` (25 cm at a 5 m swath). */
const ROWS_PER_SWATH = 20;

/** A lane: its centre line `y` and the band [lo, hi] across the lanes it is responsible for. */
export interface LaneBand {
  y: number;
  lo: number;
  hi: number;
}

/** Lanes from `laneOffsets`, each responsible for the band half-way to its neighbours. */
function evenLanes(lo: number, hi: number, w: number): LaneBand[] {
  const ys = laneOffsets(lo, hi, w);
  return ys.map((y, i) => ({
    y,
    lo: i > 0 ? (y + ys[i - 1]!) / 2 : y - w / 2,
    hi: i + 1 < ys.length ? (y + ys[i + 1]!) / 2 : y + w / 2,
  }));
}

/**
 * Lane placement across [lo, hi] (turned frame, integer units) that flies the least: the band is
 * cut into consecutive pieces no wider than a swath, one lane each, so that the total lane length
 * (what each piece's rows of the area span along the lanes) plus `laneCost` per lane is least
 * (dynamic programming over 1/20-swath rows). Everything the band holds is still covered (each
 * lane covers its piece); the slack of the last partial swath goes where lanes are short, and
 * piece borders fall where edges slant least. The outer lanes stay flush with the band's edges.
 */
export function placeLanes(t: Paths, lo: number, hi: number, w: number, laneCost: number): LaneBand[] {
  const h = hi - lo;
  if (!(h > 0)) return [];
  if (h <= w * 1.002) return [{ y: (lo + hi) / 2, lo, hi }];
  // rows of exactly 1/20 swath (coarser on very wide areas); the last one takes the rest, up to
  // the 1 cm per 5 m that rounding may add (as in `laneOffsets`: rounding never adds a lane)
  const perSwath = Math.max(1, Math.min(ROWS_PER_SWATH, Math.floor((8000 * w) / h)));
  const step = w / perSwath;
  const rows = Math.max(1, Math.ceil(h / step - 0.002 * perSwath));
  const maxRows = perSwath;
  const edges: number[] = [];
  for (const r of t)
    for (let i = 0; i < r.length; i++) {
      const p = r[i]!;
      const q = r[(i + 1) % r.length]!;
      if (p.y !== q.y) edges.push(p.x, p.y, q.x, q.y);
    }
  // the area's x-intervals on each row (sampled at the row's middle)
  const rowIv: number[][] = [];
  const xs: number[] = [];
  for (let i = 0; i < rows; i++) {
    // the last row may be cut short by `hi`: sample it inside the band
    const y = Math.min(lo + (i + 0.5) * step, (lo + i * step + hi) / 2);
    xs.length = 0;
    for (let e = 0; e < edges.length; e += 4) {
      const y1 = edges[e + 1]!;
      const y2 = edges[e + 3]!;
      if (y1 <= y !== y2 <= y) xs.push(edges[e]! + ((y - y1) * (edges[e + 2]! - edges[e]!)) / (y2 - y1));
    }
    xs.sort((a, b) => a - b);
    rowIv.push(xs.slice(0, xs.length - (xs.length % 2)));
  }
  // best[b]: least cost of lanes covering rows [0, b); from[b]: where the last lane's piece starts
  const best = new Float64Array(rows + 1).fill(Infinity);
  const from = new Int32Array(rows + 1);
  best[0] = 0;
  let merged: number[] = [];
  for (let a = 0; a < rows; a++) {
    if (best[a] === Infinity) continue;
    merged = [];
    // rows holding one interval each, overlapping the ones before: the union is their hull
    let simple = true;
    let x0 = Infinity;
    let x1 = -Infinity;
    for (let b = a + 1; b <= Math.min(rows, a + maxRows); b++) {
      const iv = rowIv[b - 1]!;
      let len = 0;
      if (
        simple &&
        iv.length <= 2 &&
        (iv.length === 0 || x0 === Infinity || (iv[0]! <= x1 && iv[1]! >= x0))
      ) {
        if (iv.length === 2) {
          x0 = Math.min(x0, iv[0]!);
          x1 = Math.max(x1, iv[1]!);
        }
        if (x1 > x0) len = x1 - x0;
      } else {
        if (simple) {
          simple = false;
          merged = x1 > x0 ? [x0, x1] : [];
        }
        merged = mergeIntervals(merged, iv);
        for (let k = 0; k + 1 < merged.length; k += 2) len += merged[k + 1]! - merged[k]!;
      }
      const c = best[a]! + len + (len > 0 ? laneCost : 0);
      if (c < best[b]!) {
        best[b] = c;
        from[b] = a;
      }
    }
  }
  const cuts: number[] = [];
  for (let b = rows; b > 0; b = from[b]!) cuts.push(b);
  cuts.push(0);
  cuts.reverse();
  const out: LaneBand[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const a = lo + cuts[k]! * step;
    const b = k + 2 === cuts.length ? hi : lo + cuts[k + 1]! * step;
    // outer lanes flush with the band's edges (their boom never reaches past them)
    const y = k === 0 ? lo + w / 2 : k + 2 === cuts.length ? hi - w / 2 : (a + b) / 2;
    out.push({ y, lo: a, hi: b });
  }
  return out;
}

/** Union of two sorted, disjoint interval lists given as flat [x0, x1, x0, x1, …] arrays. */
function mergeIntervals(a: number[], b: number[]): number[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b.slice();
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    let x0: number;
    let x1: number;
    if (j >= b.length || (i < a.length && a[i]! <= b[j]!)) {
      x0 = a[i]!;
      x1 = a[i + 1]!;
      i += 2;
    } else {
      x0 = b[j]!;
      x1 = b[j + 1]!;
      j += 2;
    }
    const n = out.length;
    if (n > 0 && x0 <= out[n - 1]!) {
      if (x1 > out[n - 1]!) out[n - 1] = x1;
    } else out.push(x0, x1);
  }
  return out;
}

function intersectRanges(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [a0, a1] of a)
    for (const [b0, b1] of b) {
      const lo = Math.max(a0, b0);
      const hi = Math.min(a1, b1);
      if (hi > lo) out.push([lo, hi]);
    }
  return out;
}

function mergeRanges(r: [number, number][]): [number, number][] {
  r.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const q of r) {
    const last = out[out.length - 1];
    if (last && q[0] <= last[1]) last[1] = Math.max(last[1], q[1]);
    else out.push([q[0], q[1]]);
  }
  return out;
}

/**
 * Stage 4: parallel swaths over the interior area, grouped into cells.
 *
 * The area is turned so swaths run along x. On each lane the strip one swath wide is intersected
 * with the interior; each piece's extent along the lane becomes a swath (so the whole strip is
 * covered, oblique ends included). When there is no headland (`trimTo` given), a swath keeps
 * its nozzles on only where the whole boom is over sprayable ground: the lane is cut wherever
 * the strip leaves `trimTo`. Swaths on consecutive lanes that overlap one-to-one form a cell
 * (a boustrophedon decomposition along the sweep); splits and merges around holes and
 * concavities start new cells.
 */
export function buildSwaths(
  interior: Paths,
  swathM: number,
  angleDeg: number,
  opts: SwathOptions = {},
): Cell[] {
  if (interior.length === 0) return [];
  const { trimTo, capBudgetM2 = 0, endReach = 1 } = opts;
  const rot = laneRotation(angleDeg);
  const t = rotatePaths(interior, rot);
  const whole = opts.wholeInterior ? rotatePaths(opts.wholeInterior, rot) : t;
  const lim = trimTo ? rotatePaths(trimTo, rot) : undefined;
  // y-ranges (turned frame) of the remnants: lanes through them are also trimmed to `trimTo`
  const remnantYs = (opts.trimWhere ?? []).length
    ? rotatePaths(opts.trimWhere!, rot).map((p) => {
        const bb = bounds([p]);
        return [bb.minY, bb.maxY] as [number, number];
      })
    : undefined;
  const b = bounds(t);
  const w = swathM * SCALE;
  const win = laneWindow(t, b.minY, b.maxY, w, capBudgetM2 * SCALE * SCALE);
  const lanesAt =
    lim && !remnantYs
      ? evenLanes(win[0], win[1], w)
      : placeLanes(t, win[0], win[1], w, (opts.laneCostM ?? 2 * swathM) * SCALE);
  const ys = lanesAt.map((l) => l.y);
  const left = b.minX - SCALE;
  const right = b.maxX + SCALE;
  const minArea = 0.002 * swathM * swathM * SCALE * SCALE; // keep even small pieces: coverage first
  const minLen = Math.min(0.2, swathM / 10) * SCALE;
  const tol = 10; // 1 cm: boundary rounding is not a reason to cut a lane
  const lanes: Seg[][] = [];
  /** x-ranges where the whole boom over lane y is over `lim`. */
  const allowed = (y: number, limit: Paths): [number, number][] => {
    const strip = rect(left, y - w / 2 + tol, right, y + w / 2 - tol);
    const outside = difference(strip, limit);
    const forbidden = mergeRanges(outside.map((p) => xRange(p)));
    const out: [number, number][] = [];
    let x = left;
    for (const [f0, f1] of forbidden) {
      if (f0 > x) out.push([x, f0]);
      x = Math.max(x, f1);
    }
    if (x < right) out.push([x, right]);
    return out;
  };
  ys.forEach((y, li) => {
    let ranges: [number, number][];
    if (lim && !remnantYs) {
      ranges = allowed(y, lim);
    } else {
      // The lane only needs to reach the part of the interior that no neighbouring lane covers:
      // its own band, half-way to each neighbour (the bands tile the interior, so nothing is lost).
      const lo = y - lanesAt[li]!.lo;
      const hi = lanesAt[li]!.hi - y;
      const strip = rect(left, y - lo, right, y + hi);
      // clip to the strip's box first (linear time), then resolve the pieces exactly
      const box = Clipper.rectClip(
        { left, top: Math.floor(y - lo) - 1, right, bottom: Math.ceil(y + hi) + 1 },
        t,
      );
      const pieces = intersect(box, strip).filter((p) => Clipper.area(p) > minArea);
      ranges = mergeRanges(pieces.map((p) => trimmedRange(p, y, endReach, whole)));
      if (lim && remnantYs?.some(([a, b2]) => a < y + w / 2 && b2 > y - w / 2)) {
        ranges = intersectRanges(ranges, allowed(y, lim));
      }
    }
    lanes.push(ranges.filter(([x0, x1]) => x1 - x0 >= minLen).map(([x0, x1]) => ({ lane: li, x0, x1 })));
  });

  // Link one-to-one overlaps between consecutive lanes.
  for (let i = 0; i + 1 < lanes.length; i++) {
    const cur = lanes[i]!;
    const nxt = lanes[i + 1]!;
    const up = new Map<Seg, Seg[]>();
    const down = new Map<Seg, number>();
    // A swath continues a cell only if it lies mostly alongside the previous one: a short piece at
    // one end of a long swath starts a cell of its own, so the route is free to fly it when near.
    const alongside = (s: Seg, q: Seg) => {
      const ov = Math.min(s.x1, q.x1) - Math.max(s.x0, q.x0);
      const longer = Math.max(s.x1 - s.x0, q.x1 - q.x0);
      return ov > 0 && (ov >= 0.5 * longer || longer - ov <= 4 * w);
    };
    for (const s of cur)
      for (const q of nxt)
        if (alongside(s, q)) {
          up.set(s, [...(up.get(s) ?? []), q]);
          down.set(q, (down.get(q) ?? 0) + 1);
        }
    for (const s of cur) {
      const u = up.get(s);
      if (u && u.length === 1 && down.get(u[0]!) === 1) {
        s.next = u[0]!;
        u[0]!.hasPrev = true;
      }
    }
  }
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  const back = (x: number, y: number): XY => [(x * c + y * s) / SCALE, (-x * s + y * c) / SCALE];
  const cells: Cell[] = [];
  for (const lane of lanes)
    for (const seg of lane) {
      if (seg.hasPrev) continue;
      const swaths: Swath[] = [];
      for (let q: Seg | undefined = seg; q; q = q.next) {
        const y = ys[q.lane]!;
        swaths.push({ a: back(q.x0, y), b: back(q.x1, y) });
      }
      cells.push({ swaths });
    }
  return cells;
}

function rect(x0: number, y0: number, x1: number, y1: number): Paths {
  return [
    [
      { x: x0, y: y0 },
      { x: x1, y: y0 },
      { x: x1, y: y1 },
      { x: x0, y: y1 },
    ],
  ];
}

/**
 * The x-extent a lane at `y` flies over one piece of its band: the full extent when `reach` is 1;
 * otherwise each end stops `reach` of the way from where the centre line leaves the piece to the
 * piece's far extent (a slanted end: less double dose on the headland, a thin dry tip inside).
 */
function trimmedRange(
  p: { x: number; y: number }[],
  y: number,
  reach: number,
  whole: Paths,
): [number, number] {
  const [x0, x1] = xRange(p);
  if (reach >= 1) return [x0, x1];
  let c0 = Infinity;
  let c1 = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const a = p[i]!;
    const b = p[(i + 1) % p.length]!;
    if (a.y <= y !== b.y <= y) {
      const x = a.x + ((y - a.y) * (b.x - a.x)) / (b.y - a.y);
      if (x < c0) c0 = x;
      if (x > c1) c1 = x;
    }
  }
  if (!(c1 > c0)) return [x0, x1];
  // only ends against the headland are trimmed: beyond a cut the next region needs this band
  const probe = 50; // 5 cm past the end, in integer units (mm)
  let r0 = insidePaths(c0 - probe, y, whole) ? x0 : c0 - reach * (c0 - x0);
  let r1 = insidePaths(c1 + probe, y, whole) ? x1 : c1 + reach * (x1 - c1);
  // a straight slanted end leaves a dry triangle of (1−reach)²/4 of the band × slant: anything
  // more (the edge runs along the lane, not across it) keeps the full reach
  const b = bounds([p]);
  const dryOk = (from: number, to: number, slant: number) => {
    if (to - from < 1) return true;
    const dry = Clipper.areaPaths(
      Clipper.rectClip({ left: from, top: b.minY, right: to, bottom: b.maxY }, [p]),
    );
    return Math.abs(dry) <= 1.5 * ((1 - reach) ** 2 / 4) * (b.maxY - b.minY) * slant + 1e4;
  };
  if (r0 > x0 && !dryOk(x0, r0, c0 - x0)) r0 = x0;
  if (r1 < x1 && !dryOk(r1, x1, x1 - c1)) r1 = x1;
  return [r0, r1];
}

function insidePaths(x: number, y: number, paths: Paths): boolean {
  let inside = false;
  for (const r of paths)
    for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
      const a = r[i]!;
      const b = r[j]!;
      if (a.y > y !== b.y > y && x < ((b.x - a.x) * (y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
    }
  return inside;
}

function xRange(p: { x: number }[]): [number, number] {
  let a = Infinity;
  let b = -Infinity;
  for (const q of p) {
    if (q.x < a) a = q.x;
    if (q.x > b) b = q.x;
  }
  return [a, b];
}
