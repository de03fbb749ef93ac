import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/**
 * Reads a boundary file's text as GeoJSON. KML (by content or a .kml name) is converted with
 * @tmcw/togeojson; its polygons become fields and its other features are listed as skipped.
 * Validation of the geometry itself happens afterwards in `mission/field`.
 */
export function readBoundaryFile(fileName: string, content: string): { doc: unknown; skipped: string[] } {
  const trimmed = content.replace(/^\uFEFF/, '').trimStart();
  const isKml = /\.kml$/i.test(fileName) || trimmed.startsWith('<');
  if (!isKml) return { doc: trimmed, skipped: [] };
  let dom: ReturnType<DOMParser['parseFromString']>;
  const errors: string[] = [];
  try {
    dom = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') errors.push(String(msg));
      },
    }).parseFromString(trimmed, 'text/xml');
  } catch (e) {
    throw new Error(`${fileName}: not valid KML/XML: ${(e as Error).message}`);
  }
  if (errors.length > 0) throw new Error(`${fileName}: not valid KML/XML: ${errors[0]}`);
  if (!dom.documentElement || dom.getElementsByTagName('kml').length === 0) {
    throw new Error(`${fileName}: not a KML document (no <kml> element)`);
  }
  const fc = kml(dom as unknown as Parameters<typeof kml>[0]) as FeatureCollection<Geometry | null>;
  const skipped: string[] = [];
  const features: Feature[] = [];
  fc.features.forEach((f, i) => {
    const name = typeof f.properties?.name === 'string' ? f.properties.name : `placemark ${i}`;
    const g = f.geometry;
    if (g && (g.type === 'Polygon' || g.type === 'MultiPolygon')) {
      const coords =
        g.type === 'Polygon'
          ? g.coordinates.map((r) => r.map((p) => [p[0]!, p[1]!]))
          : g.coordinates.map((poly) => poly.map((r) => r.map((p) => [p[0]!, p[1]!])));
      features.push({
        type: 'Feature',
        properties: { role: 'field', name },
        geometry: { type: g.type, coordinates: coords } as Geometry,
      });
    } else {
      skipped.push(`${name} (${g ? g.type : 'no geometry'})`);
    }
  });
  if (features.length === 0) throw new Error(`${fileName}: the KML holds no polygon`);
  return { doc: { type: 'FeatureCollection', features }, skipped };
}
