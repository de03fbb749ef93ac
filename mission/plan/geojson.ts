import type { Feature, FeatureCollection, LineString } from 'geojson';
import type { Plan } from './types.js';

/** Properties of each LineString of the plan output (DESIGN.md "Plan output"). */
export interface PlanFeatureProps {
  kind: 'spray' | 'transit';
  /** 1-based tank load; the planner emits a single sortie, sorties are cut later. */
  sortie: number;
  /** Position of the piece in flight order (0-based). */
  seq: number;
  lengthM: number;
  role?: 'headland' | 'swath' | 'connector';
  cell?: number;
}

/**
 * The plan as the DESIGN.md "Plan output" contract: a FeatureCollection of LineStrings in
 * flight order, each with `properties.kind` (`spray` = nozzles on, `transit` = off) and
 * `properties.sortie` (1 here).
 */
export function planToGeoJSON(plan: Plan): FeatureCollection<LineString, PlanFeatureProps> {
  const features: Feature<LineString, PlanFeatureProps>[] = plan.pieces.map((p, seq) => ({
    type: 'Feature',
    geometry: { type: 'LineString', coordinates: p.coords.map((c) => [c[0], c[1]]) },
    properties: {
      kind: p.kind,
      sortie: 1,
      seq,
      lengthM: Math.round(p.lengthM * 100) / 100,
      ...(p.role ? { role: p.role } : {}),
      ...(p.cell !== undefined ? { cell: p.cell } : {}),
    },
  }));
  return { type: 'FeatureCollection', features };
}
