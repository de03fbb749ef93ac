import { pointInRing } from '../geo/local-frame.js';
import type { RingXY, XY } from '../geo/types.js';

interface Obstacle {
  ring: RingXY;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function distance(a: XY, b: XY): number {
  const dx = a[0] - b[0];
  const dy = a[1] - b[1];
  return Math.sqrt(dx * dx + dy * dy);
}

function toObstacle(ring: RingXY): Obstacle {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { ring, minX, minY, maxX, maxY };
}

function cross(o: XY, a: XY, b: XY): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/** True when segments pq and ab cross properly (touching at an end point does not count). */
function properCross(p: XY, q: XY, a: XY, b: XY): boolean {
  const d1 = cross(a, b, p);
  const d2 = cross(a, b, q);
  const d3 = cross(p, q, a);
  const d4 = cross(p, q, b);
  return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
}

/** Even-odd point in ring. */
export const insideRing = pointInRing;

/** True if segment pq enters the interior of the ring (crosses an edge or runs inside it). */
export function segmentEntersRing(p: XY, q: XY, ring: readonly XY[]): boolean {
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    if (properCross(p, q, ring[j]!, ring[i]!)) return true;
  }
  // No proper crossing: the segment is entirely inside or outside (or runs along the boundary).
  const m: XY = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  return insideRing(m, ring);
}

/**
 * Shortest transit paths that stay out of no-fly zones: a visibility graph over the vertices of
 * the zones grown by the fly margin, searched with A* (straight line when nothing is in the way).
 * Segments are checked against the zones grown by 95 % of the margin, so a path may run along a
 * grown zone's edge but never cuts into it.
 */
export class TransitPlanner {
  private readonly nodes: XY[];
  private readonly blockers: Obstacle[];

  private readonly groups: { box: Obstacle; first: number; count: number }[] = [];

  private readonly inside?: { rings: RingXY[]; corners: XY[] };

  /** The turning points (zone nodes, the field's inner corners): their visibility is remembered. */
  private readonly fixed = new Set<XY>();
  private readonly seen = new Map<XY, Map<XY, boolean>>();

  /**
   * @param around rings of the no-fly zones grown by the full margin (graph nodes)
   * @param block rings of the no-fly zones grown by slightly less (what a segment must not enter)
   * @param inside the field, to stay over when possible: its rings and the inner corners to turn at
   */
  constructor(around: RingXY[], block: RingXY[], inside?: { rings: RingXY[]; corners: XY[] }) {
    if (inside) this.inside = inside;
    this.blockers = block.map(toObstacle);
    this.nodes = around.flat();
    for (const p of this.nodes) this.fixed.add(p);
    for (const p of inside?.corners ?? []) this.fixed.add(p);
    let first = 0;
    for (const ring of around) {
      this.groups.push({ box: toObstacle(ring), first, count: ring.length });
      first += ring.length;
    }
  }

  /** Node indices of the zones near the segment a→b (a detour rarely goes round far ones). */
  private nodesNear(a: XY, b: XY, slack: number): number[] {
    const minX = Math.min(a[0], b[0]) - slack;
    const maxX = Math.max(a[0], b[0]) + slack;
    const minY = Math.min(a[1], b[1]) - slack;
    const maxY = Math.max(a[1], b[1]) + slack;
    const out: number[] = [];
    for (const g of this.groups) {
      const o = g.box;
      if (o.maxX < minX || o.minX > maxX || o.maxY < minY || o.minY > maxY) continue;
      for (let k = 0; k < g.count; k++) out.push(g.first + k);
    }
    return out;
  }

  get hasObstacles(): boolean {
    return this.blockers.length > 0;
  }

  /** True if the straight segment a→b stays out of every no-fly zone. */
  clear(a: XY, b: XY): boolean {
    const minX = Math.min(a[0], b[0]);
    const maxX = Math.max(a[0], b[0]);
    const minY = Math.min(a[1], b[1]);
    const maxY = Math.max(a[1], b[1]);
    for (const o of this.blockers) {
      if (o.maxX < minX || o.minX > maxX || o.maxY < minY || o.minY > maxY) continue;
      if (segmentEntersRing(a, b, o.ring)) return false;
    }
    return true;
  }

  /**
   * Shortest path from a to b (both included) around the no-fly zones. When both ends are over
   * the field, the path also stays over it if it can (it turns at the field's inner corners);
   * otherwise it may cross other land, never a no-fly zone.
   */
  path(a: XY, b: XY): XY[] {
    const inside = this.inside && this.over(a) && this.over(b) ? this.inside : undefined;
    if (this.clear(a, b) && (!inside || this.staysOver(a, b))) return [a, b];
    if (inside) {
      const near = this.nodesNear(a, b, 0.3 * distance(a, b) + 30).map((i) => this.nodes[i]!);
      const pts = [...near, ...inside.corners];
      const found = this.search(a, b, pts, (p, q) => this.visibleOver(p, q));
      if (found) return found;
    }
    if (this.blockers.length === 0 || this.clear(a, b)) return [a, b];
    // first among the zones near the straight line, then among all of them
    const nearIds = this.nodesNear(a, b, 0.3 * distance(a, b) + 30);
    const byId = (ids: number[]) => ids.map((i) => this.nodes[i]!);
    const found =
      this.search(a, b, byId(nearIds), (p, q) => this.clear(p, q)) ??
      (nearIds.length < this.nodes.length ? this.search(a, b, this.nodes, (p, q) => this.clear(p, q)) : null);
    return found ?? [a, b]; // no way round (an end is inside a zone): the caller warns
  }

  /**
   * `clear` and `staysOver` together; remembered between turning points (zone nodes and the
   * field's inner corners), which many searches test again and again.
   */
  private visibleOver(p: XY, q: XY): boolean {
    const memo = this.fixed.has(p) && this.fixed.has(q);
    if (memo) {
      const v = this.seen.get(p)?.get(q);
      if (v !== undefined) return v;
    }
    const v = this.clear(p, q) && this.staysOver(p, q);
    if (memo) {
      const row = this.seen.get(p) ?? new Map<XY, boolean>();
      row.set(q, v);
      this.seen.set(p, row);
    }
    return v;
  }

  /** True if p is over the field (within the `inside` rings). */
  private over(p: XY): boolean {
    if (!this.inside) return true;
    let n = 0;
    for (const r of this.inside.rings) if (insideRing(p, r)) n++;
    return n % 2 === 1;
  }

  /** True if the segment stays over the field. */
  private staysOver(a: XY, b: XY): boolean {
    if (!this.inside) return true;
    for (const r of this.inside.rings)
      for (let i = 0, j = r.length - 1; i < r.length; j = i++)
        if (properCross(a, b, r[j]!, r[i]!)) return false;
    return this.over([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]);
  }

  /** A* over the given turning points with a visibility test. */
  private search(a: XY, b: XY, pts: XY[], visible: (p: XY, q: XY) => boolean): XY[] | null {
    const m = pts.length;
    // A* over indices 0..m-1; start = m, goal = m + 1
    const pos = (k: number): XY => (k === m ? a : k === m + 1 ? b : pts[k]!);
    const g = new Float64Array(m + 2).fill(Infinity);
    const prev = new Int32Array(m + 2).fill(-1);
    const done = new Uint8Array(m + 2);
    g[m] = 0;
    const open = new Set<number>([m]);
    while (open.size > 0) {
      let best = -1;
      let bestF = Infinity;
      for (const k of open) {
        const f = g[k]! + distance(pos(k), b);
        if (f < bestF) {
          bestF = f;
          best = k;
        }
      }
      open.delete(best);
      if (best === m + 1) break;
      done[best] = 1;
      const p = pos(best);
      if (best !== m && visible(p, b)) {
        const d = g[best]! + distance(p, b);
        if (d < g[m + 1]!) {
          g[m + 1] = d;
          prev[m + 1] = best;
          open.add(m + 1);
        }
      }
      for (let k = 0; k < m; k++) {
        if (done[k] || k === best) continue;
        const q = pts[k]!;
        const d = g[best]! + distance(p, q);
        if (d >= g[k]!) continue;
        if (!visible(p, q)) continue;
        g[k] = d;
        prev[k] = best;
        open.add(k);
      }
    }
    if (prev[m + 1] === -1) return null;
    const out: XY[] = [];
    for (let k = m + 1; k !== -1; k = prev[k]!) out.push(pos(k));
    return out.reverse();
  }
}
