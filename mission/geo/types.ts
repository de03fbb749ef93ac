/** A geographic position in GeoJSON order: [longitude, latitude] in degrees (WGS84). */
export type LngLat = [number, number];
/** A position in a local metric frame: [east, north] in metres about the frame's origin. */
export type XY = [number, number];
/** A closed or open ring of local points (first point not repeated at the end). */
export type RingXY = XY[];
/** A polygon in the local frame: outer ring first, then holes. Rings are not closed (no repeated first point). */
export type PolygonXY = RingXY[];
/** Several polygons in the local frame. */
export type MultiPolygonXY = PolygonXY[];
