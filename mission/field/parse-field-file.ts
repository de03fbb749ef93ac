import { LocalFrame } from '../geo/local-frame.js';
import type { LngLat } from '../geo/types.js';
import { checkPolygon, checkPosition, MAX_FIELD_AREA_M2, normaliseRing } from './polygon-checks.js';
import {
  type FieldFile,
  FieldFileError,
  type InputIssue,
  type Plot,
  type Zone,
  type ZoneKind,
} from './types.js';

const ROLES = ['field', 'no-spray', 'no-fly', 'home'] as const;
type Role = (typeof ROLES)[number];

/** Vertices of the polygon that stands in for a circular zone (it circumscribes the circle). */
const CIRCLE_SEGMENTS = 32;

/** Largest radius accepted for a circular zone. */
const MAX_ZONE_RADIUS_M = 5000;

interface RawFeature {
  type?: unknown;
  geometry?: unknown;
  properties?: Record<string, unknown> | null;
}

function describe(index: number, total: number, props: Record<string, unknown> | null | undefined): string {
  const name = props && typeof props.name === 'string' ? ` ('${props.name}')` : '';
  return total > 1 || index > 0 ? `feature ${index}${name}` : `feature${name}`.trim();
}

/**
 * Parses and validates a field file (DESIGN.md "Field file"): a bare Polygon/MultiPolygon, a
 * Feature, or a FeatureCollection whose features carry `properties.role`. Throws
 * `FieldFileError` listing every problem with where it is; never returns a half-valid file.
 */
export function parseFieldFile(input: string | unknown, options: { maxAreaM2?: number } = {}): FieldFile {
  const maxArea = options.maxAreaM2 ?? MAX_FIELD_AREA_M2;
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new FieldFileError([{ where: 'file', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new FieldFileError([{ where: 'file', message: 'expected a GeoJSON object' }]);
  }
  const obj = doc as { type?: unknown; features?: unknown };
  let features: RawFeature[];
  if (obj.type === 'FeatureCollection') {
    if (!Array.isArray(obj.features)) {
      throw new FieldFileError([{ where: 'FeatureCollection', message: '"features" must be an array' }]);
    }
    features = obj.features as RawFeature[];
  } else if (obj.type === 'Feature') {
    features = [obj as RawFeature];
  } else if (obj.type === 'Polygon' || obj.type === 'MultiPolygon') {
    features = [{ type: 'Feature', geometry: obj, properties: { role: 'field' } }];
  } else {
    throw new FieldFileError([
      {
        where: 'file',
        message: `unsupported GeoJSON type ${JSON.stringify(obj.type)}: expected Polygon, MultiPolygon, Feature or FeatureCollection`,
      },
    ]);
  }

  const issues: InputIssue[] = [];
  const plots: Plot[] = [];
  const noSpray: Zone[] = [];
  const noFly: Zone[] = [];
  let home: LngLat | undefined;
  let totalArea = 0;

  features.forEach((f, i) => {
    const props = f && typeof f === 'object' ? (f.properties ?? {}) : {};
    const where = describe(i, features.length, props);
    if (!f || typeof f !== 'object' || f.type !== 'Feature') {
      issues.push({ where, message: 'is not a GeoJSON Feature' });
      return;
    }
    const geom = f.geometry as { type?: unknown; coordinates?: unknown } | null;
    if (!geom || typeof geom !== 'object') {
      issues.push({ where, message: 'has no geometry' });
      return;
    }
    const rawRole = props?.role;
    let role: Role;
    if (rawRole === undefined || rawRole === null) {
      role = geom.type === 'Point' ? 'home' : 'field';
    } else if (typeof rawRole === 'string' && (ROLES as readonly string[]).includes(rawRole)) {
      role = rawRole as Role;
    } else {
      issues.push({
        where,
        message: `unknown role ${JSON.stringify(rawRole)}: expected one of ${ROLES.join(', ')}`,
      });
      return;
    }
    const str = (k: string) =>
      typeof props?.[k] === 'string' || typeof props?.[k] === 'number' ? String(props[k]) : undefined;

    if (role === 'home') {
      if (geom.type !== 'Point') {
        issues.push({ where, message: `a home must be a Point, got ${String(geom.type)}` });
        return;
      }
      if (home) {
        issues.push({ where, message: 'more than one home point' });
        return;
      }
      if (checkPosition(geom.coordinates, `${where}, position`, issues)) {
        const c = geom.coordinates as number[];
        home = [c[0]!, c[1]!];
      }
      return;
    }

    if (role === 'field') {
      const polys = readPolygons(geom, where, issues);
      if (!polys) return;
      let area = 0;
      const before = issues.length;
      polys.forEach((rings, k) => {
        area += checkPolygon(rings, polys.length > 1 ? `${where}, polygon ${k}` : where, issues);
      });
      if (issues.length > before) return;
      totalArea += area;
      plots.push({
        id: str('id') ?? `plot-${plots.length + 1}`,
        ...(str('name') !== undefined ? { name: str('name') } : {}),
        ...(str('owner') !== undefined ? { owner: str('owner') } : {}),
        ...(str('crop') !== undefined ? { crop: str('crop') } : {}),
        polygons: polys.map((p) => p.map(normaliseRing)),
      });
      return;
    }

    const kind: ZoneKind = role;
    const zone = readZone(geom, props, kind, where, issues);
    if (!zone) return;
    if (str('id') !== undefined) zone.id = str('id');
    if (str('name') !== undefined) zone.name = str('name');
    (kind === 'no-spray' ? noSpray : noFly).push(zone);
  });

  if (issues.length === 0 && plots.length === 0) {
    issues.push({
      where: 'file',
      message: 'no field: the file must hold at least one Polygon with role "field"',
    });
  }
  if (issues.length === 0 && totalArea > maxArea) {
    issues.push({
      where: 'file',
      message: `the field covers ${(totalArea / 10_000).toFixed(1)} ha, more than the ${(maxArea / 10_000).toFixed(0)} ha limit (wrong units or projection?)`,
    });
  }
  const seen = new Set<string>();
  for (const p of plots) {
    if (seen.has(p.id)) issues.push({ where: `plot '${p.id}'`, message: 'two plots have the same id' });
    seen.add(p.id);
  }
  if (issues.length > 0) throw new FieldFileError(issues);
  return { plots, noSpray, noFly, ...(home ? { home } : {}) };
}

function readRings(coords: unknown, where: string, issues: InputIssue[]): LngLat[][] | null {
  if (!Array.isArray(coords) || coords.length === 0) {
    issues.push({ where, message: 'a Polygon needs an array of rings' });
    return null;
  }
  const rings: LngLat[][] = [];
  let ok = true;
  coords.forEach((ring: unknown, r) => {
    const rw = `${where}, ring ${r}`;
    if (!Array.isArray(ring)) {
      issues.push({ where: rw, message: 'a ring must be an array of positions' });
      ok = false;
      return;
    }
    const pts: LngLat[] = [];
    ring.forEach((p: unknown, v) => {
      if (checkPosition(p, `${rw}, vertex ${v}`, issues))
        pts.push([(p as number[])[0]!, (p as number[])[1]!]);
      else ok = false;
    });
    rings.push(pts);
  });
  return ok ? rings : null;
}

function readPolygons(
  geom: { type?: unknown; coordinates?: unknown },
  where: string,
  issues: InputIssue[],
): LngLat[][][] | null {
  if (geom.type === 'Polygon') {
    const r = readRings(geom.coordinates, where, issues);
    return r ? [r] : null;
  }
  if (geom.type === 'MultiPolygon') {
    if (!Array.isArray(geom.coordinates) || geom.coordinates.length === 0) {
      issues.push({ where, message: 'a MultiPolygon needs an array of polygons' });
      return null;
    }
    const out: LngLat[][][] = [];
    let ok = true;
    (geom.coordinates as unknown[]).forEach((c, k) => {
      const r = readRings(c, `${where}, polygon ${k}`, issues);
      if (r) out.push(r);
      else ok = false;
    });
    return ok ? out : null;
  }
  issues.push({ where, message: `a field must be a Polygon or MultiPolygon, got ${String(geom.type)}` });
  return null;
}

function readZone(
  geom: { type?: unknown; coordinates?: unknown },
  props: Record<string, unknown> | null | undefined,
  kind: ZoneKind,
  where: string,
  issues: InputIssue[],
): Zone | null {
  if (geom.type === 'Point') {
    if (!checkPosition(geom.coordinates, `${where}, position`, issues)) return null;
    const radius = props?.radius_m;
    if (typeof radius !== 'number' || !Number.isFinite(radius) || radius <= 0 || radius > MAX_ZONE_RADIUS_M) {
      issues.push({
        where,
        message: `a ${kind} Point needs properties.radius_m, a number of metres between 0 and ${MAX_ZONE_RADIUS_M}; got ${JSON.stringify(radius)}`,
      });
      return null;
    }
    const c = geom.coordinates as number[];
    const center: LngLat = [c[0]!, c[1]!];
    return { kind, ring: circleRing(center, radius), circle: { center, radiusM: radius } };
  }
  if (geom.type === 'Polygon') {
    const rings = readRings(geom.coordinates, where, issues);
    if (!rings) return null;
    const before = issues.length;
    checkPolygon([rings[0]!], where, issues);
    if (issues.length > before) return null;
    return { kind, ring: normaliseRing(rings[0]!) };
  }
  issues.push({
    where,
    message: `a ${kind} zone must be a Polygon, or a Point with radius_m; got ${String(geom.type)}`,
  });
  return null;
}

/** A closed polygon that circumscribes the circle (so the zone is never smaller than asked). */
export function circleRing(center: LngLat, radiusM: number, segments = CIRCLE_SEGMENTS): LngLat[] {
  const frame = new LocalFrame(center);
  const r = radiusM / Math.cos(Math.PI / segments);
  const ring: LngLat[] = [];
  for (let i = 0; i < segments; i++) {
    const a = (2 * Math.PI * i) / segments;
    ring.push(frame.toLngLat([r * Math.sin(a), r * Math.cos(a)]));
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

/** Area in m² of a plot (sum of its polygons, holes subtracted), measured in a local metric frame. */
export function plotAreaM2(polygons: LngLat[][][]): number {
  const issues: InputIssue[] = [];
  let a = 0;
  for (const p of polygons) a += checkPolygon(p, 'plot', issues);
  return a;
}
