import type { ProductInput } from '../../../mission/dose/product.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import type { LngLat, XY } from '../../../mission/geo/types.js';
import { DEFAULT_PLAN_PARAMS, type PathPiece, type Plan } from '../../../mission/plan/types.js';

export const ORIGIN: LngLat = [105.8, 21.0];

function piece(frame: LocalFrame, kind: 'spray' | 'transit', xy: XY[]): PathPiece {
  let len = 0;
  for (let i = 1; i < xy.length; i++) len += Math.hypot(xy[i]![0] - xy[i - 1]![0], xy[i]![1] - xy[i - 1]![1]);
  return {
    kind,
    xy,
    coords: xy.map((q) => frame.toLngLat(q)),
    lengthM: len,
    ...(kind === 'spray' ? { role: 'swath' as const } : {}),
  };
}

/** A plan from hand-made spray lanes (local xy polylines), joined by straight transits, from and to `home`. */
export function planFromLanes(
  lanes: XY[][],
  opts: { swathM?: number; speedMps?: number; home?: XY | null } = {},
): Plan {
  const frame = new LocalFrame(ORIGIN);
  const pieces: PathPiece[] = [];
  const home = opts.home === undefined ? ([-20, -20] as XY) : opts.home;
  let at: XY | undefined = home ?? undefined;
  for (const lane of lanes) {
    if (at) pieces.push(piece(frame, 'transit', [at, lane[0]!]));
    pieces.push(piece(frame, 'spray', lane));
    at = lane[lane.length - 1]!;
  }
  if (home && at) pieces.push(piece(frame, 'transit', [at, home]));
  const sprayLen = pieces.filter((p) => p.kind === 'spray').reduce((s, p) => s + p.lengthM, 0);
  const total = pieces.reduce((s, p) => s + p.lengthM, 0);
  const swathM = opts.swathM ?? 5;
  const plan: Plan = {
    params: { ...DEFAULT_PLAN_PARAMS, swathM, speedMps: opts.speedMps ?? 5 },
    pieces,
    metrics: {
      sprayableAreaM2: sprayLen * swathM,
      coverage: 1,
      offTarget: 0,
      overlap: 0,
      pathRatio: 1,
      pathLengthM: total,
      sprayLengthM: sprayLen,
      transitLengthM: total - sprayLen,
      swaths: lanes.length,
      turns: lanes.length,
      estimatedTimeS: total / 5,
    },
    perPlot: [],
    angleDeg: 90,
    computeMs: 0,
    origin: ORIGIN,
    sprayable: [],
    warnings: [],
  };
  if (home) plan.home = frame.toLngLat(home);
  return plan;
}

/** A width × height rectangle (metres, corner at 0,0) sprayed in east–west lanes one swath apart (boustrophedon). */
export function rectanglePlan(
  widthM = 100,
  heightM = 50,
  swathM = 5,
  opts: { speedMps?: number; home?: XY | null } = {},
): Plan {
  const n = Math.round(heightM / swathM);
  const lanes: XY[][] = [];
  for (let i = 0; i < n; i++) {
    const y = (i + 0.5) * swathM;
    lanes.push(
      i % 2 === 0
        ? [
            [0, y],
            [widthM, y],
          ]
        : [
            [widthM, y],
            [0, y],
          ],
    );
  }
  return planFromLanes(lanes, { swathM, ...opts });
}

export const FUNGICIDE: ProductInput = {
  name: 'Test fungicide 75WP',
  activeIngredients: [{ name: 'Tricyclazole', concentration: 75, concentrationUnit: '%' }],
  formulation: 'WP',
  registrationNumber: 'TEST-001',
  labelRate: { min: 0.2, max: 0.4, unit: 'kg' },
  phiDays: 14,
  notes: '',
};
export const INSECTICIDE: ProductInput = {
  name: 'Test insecticide 240SC',
  activeIngredients: [{ name: 'Chlorantraniliprole', concentration: 240, concentrationUnit: 'g/L' }],
  formulation: 'SC',
  registrationNumber: 'TEST-002',
  labelRate: { min: 0.4, max: 0.6, unit: 'L' },
  phiDays: 7,
  notes: '',
};
