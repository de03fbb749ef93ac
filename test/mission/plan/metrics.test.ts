import { describe, expect, it } from 'vitest';
import type { XY } from '../../../mission/geo/types.js';
import { computeMetrics, estimateTime, legTime } from '../../../mission/plan/index.js';

const square: XY[][][] = [
  [
    [
      [0, 0],
      [100, 0],
      [100, 100],
      [0, 100],
    ],
  ],
];
const time = { speedMps: 5, transitSpeedMps: 5, accelMps2: 2, turnStopS: 1 };

function boustrophedon(lanes: number, w: number, width: number) {
  const pieces: { kind: 'spray' | 'transit'; xy: XY[] }[] = [];
  for (let i = 0; i < lanes; i++) {
    const y = w / 2 + i * w;
    const xy: XY[] =
      i % 2 === 0
        ? [
            [0, y],
            [width, y],
          ]
        : [
            [width, y],
            [0, y],
          ];
    if (i > 0) pieces.push({ kind: 'transit', xy: [pieces[pieces.length - 1]!.xy[1]!, xy[0]!] });
    pieces.push({ kind: 'spray', xy });
  }
  return pieces;
}

describe('computeMetrics on hand-computed cases', () => {
  it('a 100 m square in 20 exact lanes: full coverage, nothing outside, no overlap', () => {
    const m = computeMetrics({ pieces: boustrophedon(20, 5, 100), sprayable: square, swathM: 5, time });
    expect(m.sprayableAreaM2).toBeCloseTo(10_000, 3);
    expect(m.coverage).toBeCloseTo(1, 6);
    expect(m.offTarget).toBeCloseTo(0, 6);
    expect(m.overlap).toBeCloseTo(0, 6);
    expect(m.sprayLengthM).toBeCloseTo(2000, 6);
    expect(m.transitLengthM).toBeCloseTo(95, 6);
    // (2000 + 95) / (10 000 / 5)
    expect(m.pathRatio).toBeCloseTo(1.0475, 6);
    expect(m.swaths).toBe(20);
    expect(m.turns).toBe(19);
  });

  it('a lane running 10 m past the edge: 50 m² off target, 500 m² covered', () => {
    const m = computeMetrics({
      pieces: [
        {
          kind: 'spray',
          xy: [
            [-10, 2.5],
            [100, 2.5],
          ],
        },
      ],
      sprayable: square,
      swathM: 5,
      time,
    });
    expect(m.coverage).toBeCloseTo(0.05, 6);
    expect(m.offTarget).toBeCloseTo(0.005, 6);
    expect(m.overlap).toBeCloseTo(0, 6);
  });

  it('two lanes 2.5 m apart double-dose 250 m²', () => {
    const m = computeMetrics({
      pieces: [
        {
          kind: 'spray',
          xy: [
            [0, 2.5],
            [100, 2.5],
          ],
        },
        {
          kind: 'transit',
          xy: [
            [100, 2.5],
            [100, 5],
          ],
        },
        {
          kind: 'spray',
          xy: [
            [100, 5],
            [0, 5],
          ],
        },
      ],
      sprayable: square,
      swathM: 5,
      time,
    });
    expect(m.coverage).toBeCloseTo(0.075, 6);
    expect(m.overlap).toBeCloseTo(0.025, 6);
  });

  it('spray over a hole of the sprayable area is off target (hole ring in either orientation)', () => {
    const hole: XY[] = [
      [40, 1],
      [60, 1],
      [60, 21],
      [40, 21],
    ];
    for (const h of [hole, hole.slice().reverse()]) {
      // the lane's band y ∈ [0, 5] crosses the hole over 20 m × 4 m
      const m = computeMetrics({
        pieces: [
          {
            kind: 'spray',
            xy: [
              [0, 2.5],
              [100, 2.5],
            ],
          },
        ],
        sprayable: [[square[0]![0]!, h]],
        swathM: 5,
        time,
      });
      expect(m.sprayableAreaM2).toBeCloseTo(9600, 3);
      expect(m.offTarget).toBeCloseTo(80 / 9600, 6);
      expect(m.coverage).toBeCloseTo(420 / 9600, 6);
    }
  });
});

describe('time model', () => {
  it('a long leg reaches cruise speed; a short one does not', () => {
    // 100 m at 5 m/s with 2 m/s²: 100/5 + 5/2
    expect(legTime(100, 5, 2)).toBeCloseTo(22.5, 9);
    // 2 m never reaches cruise: accelerate 1 m, brake 1 m → 2·√(2/2)
    expect(legTime(2, 5, 2)).toBeCloseTo(2, 9);
  });

  it('a U-turn costs two stops and a short leg', () => {
    const t = estimateTime(boustrophedon(2, 5, 100), time);
    // 2 × 22.5 + 2·√(5/2) + 2 stops × 1 s
    expect(t).toBeCloseTo(45 + 2 * Math.sqrt(2.5) + 2, 6);
  });

  it('gentle bends are flown through without stopping', () => {
    const bent = estimateTime(
      [
        {
          kind: 'spray',
          xy: [
            [0, 0],
            [50, 0],
            [100, 5],
          ],
        },
      ],
      time,
    );
    const straight = estimateTime(
      [
        {
          kind: 'spray',
          xy: [
            [0, 0],
            [100.25, 0],
          ],
        },
      ],
      time,
    );
    expect(bent).toBeCloseTo(straight, 2);
  });
});
