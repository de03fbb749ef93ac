import { describe, expect, it } from 'vitest';
import type { XY } from '../../../mission/geo/types.js';
import type { LapRing } from '../../../mission/plan/headland.js';
import { optimiseOrder, type Variant } from '../../../mission/plan/order.js';
import { buildRoute, type PieceXY } from '../../../mission/plan/route.js';
import type { Cell } from '../../../mission/plan/swaths.js';
import { TransitPlanner } from '../../../mission/plan/transit.js';
import { circle, rect } from './helpers.js';

const len = (xy: XY[]) =>
  xy.slice(1).reduce((s, q, i) => s + Math.hypot(q[0] - xy[i]![0], q[1] - xy[i]![1]), 0);
const transitM = (pieces: PieceXY[]) =>
  pieces.filter((p) => p.kind === 'transit').reduce((s, p) => s + len(p.xy), 0);

describe('optimiseOrder', () => {
  it('weighs the way flown inside an item: a nearer start that costs a long turn loses', () => {
    const items: Variant[][] = [
      [
        { start: [1, 0], end: [1, 0], inner: 60 },
        { start: [12, 0], end: [12, 0], inner: 0 },
      ],
    ];
    const { choice } = optimiseOrder(items, [0, 0]);
    expect(choice[0]).toBe(1);
  });

  it('finds the shortest order of a few items exactly', () => {
    // points on a line visited from the left end: the only shortest order is left to right
    const xs = [50, 10, 40, 20, 60, 30];
    const items: Variant[][] = xs.map((x) => [{ start: [x, 0], end: [x, 0] }]);
    const { order, cost } = optimiseOrder(items, [0, 0]);
    expect(order.map((i) => xs[i])).toEqual([10, 20, 30, 40, 50, 60]);
    expect(cost).toBeCloseTo(60, 6);
  });
});

describe('buildRoute', () => {
  const transit = new TransitPlanner([], []);

  it('enters a cell at the corner that puts a short lane’s turn on its own side', () => {
    // four lanes 5 m apart, 100 m long, but the last one starts 60 m in from the west end:
    // entered so that it is flown from its east end, every turn is 5 m; the other parity turns
    // 60 m along the lane
    const swaths = [0, 5, 10].map((y) => ({ a: [0, y] as XY, b: [100, y] as XY }));
    swaths.push({ a: [60, 15], b: [100, 15] });
    const cell: Cell = { swaths };
    const pieces = buildRoute({
      parts: [[rect(-10, -10, 110, 25)]],
      laps: [],
      cells: [cell],
      headlandFirst: true,
      transit,
    });
    expect(pieces.filter((p) => p.kind === 'spray')).toHaveLength(4);
    expect(transitM(pieces)).toBeCloseTo(15, 6);
  });

  it('chains headland laps round ponds and ends them near the first cell', () => {
    // outer lap, then the pond near the west edge, the pond further in, the cells: about 30 + 60
    // + 26 + 60 m of transit at best (a nearest-first order entered near the cells flew 281 m)
    const lap = (ring: XY[]): LapRing => ({ ring, spurs: ring.map(() => null) });
    const laps = [[lap(rect(0, 0, 300, 100)), lap(circle(40, 50, 10, 16)), lap(circle(120, 50, 10, 16))]];
    const cells: Cell[] = [
      { swaths: [{ a: [100, 20], b: [200, 20] }] },
      { swaths: [{ a: [200, 80], b: [100, 80] }] },
    ];
    const pieces = buildRoute({
      parts: [[rect(-10, -10, 310, 110)]],
      laps,
      cells,
      headlandFirst: true,
      transit,
    });
    expect(pieces.filter((p) => p.role === 'headland').length).toBeGreaterThanOrEqual(3);
    expect(transitM(pieces)).toBeLessThan(230);
  });
});
