import { LocalFrame } from '../geo/local-frame.js';
import type { LngLat, XY } from '../geo/types.js';
import { offset, pathToRing, ringToPath } from '../plan/geometry.js';
import { TransitPlanner } from '../plan/transit.js';

/** Clearance kept from a no-fly zone on the legs to and from the refill point (m). */
export const DEFAULT_FERRY_CLEARANCE_M = 2;

/**
 * A connector for the ferry legs between the refill point and where a sortie starts or stops:
 * the shortest path in the plan's local frame that goes round every no-fly zone (grown by
 * `clearanceM`), using the planner's own visibility-graph router. Undefined when there is no
 * no-fly zone (straight legs are then safe).
 */
export function noFlyConnector(
  origin: LngLat,
  noFly: readonly (readonly LngLat[])[],
  clearanceM = DEFAULT_FERRY_CLEARANCE_M,
): ((from: XY, to: XY) => XY[]) | undefined {
  if (noFly.length === 0) return undefined;
  const frame = new LocalFrame(origin);
  const paths = noFly.map((ring) => ringToPath(frame.ringToXY([...ring])));
  const around = offset(paths, clearanceM, 'miter').map(pathToRing);
  const block = offset(paths, clearanceM * 0.95, 'miter').map(pathToRing);
  const router = new TransitPlanner(around, block);
  return (from, to) => router.path(from, to);
}
