import { Clipper } from 'clipper2-ts';
import type { RingXY } from '../geo/types.js';
import { offset, type Paths, pathToRing, SCALE } from './geometry.js';

/** Stage 3: headland laps and what is left for the interior swaths. */
export interface Headland {
  /** laps[k] = the closed rings flown on pass k+1 (outer boundaries and around holes), in metres. */
  laps: RingXY[][];
  /** Interior area T still to cover with parallel swaths (integer-mm paths). */
  interior: Paths;
}

/**
 * Headland laps of width `swathM`: pass k flies the boundary of the sprayable area shrunk by
 * (k − ½)·swath, so its spray band covers exactly the band between (k−1)·swath and k·swath from
 * the edge (holes and no-spray zones are edges too). The interior is the area shrunk by
 * passes·swath. Rings shorter than a swath are dropped (nothing meaningful to fly).
 */
export function buildHeadland(sprayable: Paths, swathM: number, passes: number): Headland {
  const laps: RingXY[][] = [];
  for (let k = 1; k <= passes; k++) {
    const rings = offset(sprayable, -(k - 0.5) * swathM, 'round');
    const kept: RingXY[] = [];
    for (const r of rings) {
      if (Math.abs(Clipper.area(r)) < 0.01 * SCALE * SCALE) continue;
      kept.push(pathToRing(r));
    }
    if (kept.length === 0) break;
    laps.push(kept);
  }
  const interior = passes > 0 ? offset(sprayable, -passes * swathM, 'round') : sprayable;
  return { laps, interior };
}
