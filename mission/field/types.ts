import type { LngLat } from '../geo/types.js';

/** One plot of land (a farmer's field). Interior rings are no-spray holes (pond, house). */
export interface Plot {
  id: string;
  name?: string;
  owner?: string;
  crop?: string;
  /** GeoJSON MultiPolygon coordinates; rings closed, outer rings first in each polygon. */
  polygons: LngLat[][][];
}

export type ZoneKind = 'no-spray' | 'no-fly';

/** A zone the plan must keep out of. A Point with radius_m is turned into a circumscribing polygon. */
export interface Zone {
  kind: ZoneKind;
  id?: string;
  name?: string;
  /** Closed outer ring. */
  ring: LngLat[];
  /** Where it came from, for circles: centre and radius. */
  circle?: { center: LngLat; radiusM: number };
}

/** The validated content of a field file (DESIGN.md "Field file"). */
export interface FieldFile {
  plots: Plot[];
  noSpray: Zone[];
  noFly: Zone[];
  home?: LngLat;
}

/** One problem found in an input, with where it is. */
export interface InputIssue {
  /** e.g. "feature 2 ('Lô 5'), ring 0, vertex 4 (105.62010, 19.98031)" */
  where: string;
  message: string;
}

/** Thrown when a field file (or a drawn polygon) is refused. The message lists every issue. */
export class FieldFileError extends Error {
  readonly issues: InputIssue[];
  constructor(issues: InputIssue[]) {
    super(issues.map((i) => (i.where ? `${i.where}: ${i.message}` : i.message)).join('\n'));
    this.name = 'FieldFileError';
    this.issues = issues;
  }
}
