import type { LngLat } from '../geo/types.js';

/**
 * The planner's public contract. Other layers (mission items, sorties, records, the UI, the CLI)
 * rely on the fields marked FROZEN: they may gain optional fields, never lose or change one.
 */

/** Nozzles on (`spray`) or off (`transit`). FROZEN. */
export type PieceKind = 'spray' | 'transit';

/** One straight-or-polyline piece of the route, flown in order. FROZEN. */
export interface PathPiece {
  kind: PieceKind;
  /** Geographic positions [lon, lat], at least 2. */
  coords: LngLat[];
  /** Local metric positions [east, north] in the plan's frame (same length as coords). */
  xy: [number, number][];
  /** Length in metres. */
  lengthM: number;
  /** For spray pieces: which part of the plan produced it. */
  role?: 'headland' | 'swath' | 'connector';
  /** Cell index (decomposition) for swath pieces. */
  cell?: number;
}

/** Planner parameters (all metres / seconds / degrees). FROZEN names. */
export interface PlanParams {
  swathM: number;
  headlandPasses: number;
  edgeBufferM: number;
  noSprayBufferM: number;
  /** 'auto' or degrees clockwise from north of the swath direction. */
  angleDeg: number | 'auto';
  /** Cruise speed while spraying (m/s). */
  speedMps: number;
  /** Transit speed (m/s); defaults to speedMps. */
  transitSpeedMps?: number;
  accelMps2: number;
  /** Time the multirotor stops at each turn (s). */
  turnStopS: number;
  /** Headland laps before (true) or after (false) the interior swaths. */
  headlandFirst: boolean;
  /** Plots closer than this (m) are merged into one sprayable area (paddy bunds). */
  plotGapM: number;
  /** Distance (m) the drone keeps from no-fly zones; default 1 m. Optional addition. */
  noFlyMarginM?: number;
  /**
   * How much double dose weighs against flight time when `auto` chooses the sweep (0–100): each
   * m² sprayed twice costs this many times its spraying time. Default 8; 0 = fastest flight only.
   * Optional addition.
   */
  doubleDoseWeight?: number;
}

export const DEFAULT_PLAN_PARAMS: PlanParams = {
  swathM: 5,
  headlandPasses: 1,
  edgeBufferM: 0,
  noSprayBufferM: 0,
  angleDeg: 'auto',
  speedMps: 5,
  accelMps2: 2,
  turnStopS: 1,
  headlandFirst: true,
  plotGapM: 1,
};

/** Quality figures of a plan, as defined in DESIGN.md. FROZEN names. */
export interface PlanMetrics {
  sprayableAreaM2: number;
  coverage: number;
  offTarget: number;
  overlap: number;
  pathRatio: number;
  pathLengthM: number;
  sprayLengthM: number;
  transitLengthM: number;
  swaths: number;
  turns: number;
  estimatedTimeS: number;
}

/** Area sprayed on each plot of a block, for each owner's share. */
export interface PlotShare {
  plotId: string;
  name?: string;
  owner?: string;
  areaM2: number;
  sprayedAreaM2: number;
}

/** A complete plan. FROZEN core: params, pieces, metrics, perPlot, angleDeg, computeMs, home, origin. */
export interface Plan {
  params: PlanParams;
  /** The route in flight order. Starts and ends at `home` when one is given. */
  pieces: PathPiece[];
  metrics: PlanMetrics;
  perPlot: PlotShare[];
  /** Sweep angle actually used (degrees clockwise from north). */
  angleDeg: number;
  computeMs: number;
  home?: LngLat;
  /** Origin of the local metric frame ([lon, lat]) used for `xy`. */
  origin: LngLat;
  /** Sprayable area as a GeoJSON MultiPolygon coordinates array. */
  sprayable: LngLat[][][];
  /** Warnings for the operator (e.g. a plot too narrow to spray). */
  warnings: string[];
  /**
   * When a concave interior was split into regions swept in their own directions: each region's
   * angle (degrees clockwise from north), largest region first (`angleDeg` is the first). Optional addition.
   */
  regionAnglesDeg?: number[];
}
