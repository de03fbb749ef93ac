import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import { recordOrJob } from './format.js';
import type { ReportData } from './report-data.js';

/**
 * The report as a GeoJSON FeatureCollection (WGS84), each feature with `properties.role`:
 * `plot` (with its as-applied figures), `planned-spray` / `planned-transit` (route lines in
 * flight order), `as-applied` (sprayed area), `gap`, `double-sprayed`, `off-target`, `no-spray-hit`,
 * `track` (flown path). The record's fields are in the collection's `properties`.
 */
export function renderGeoJson(d: ReportData): FeatureCollection & { properties: Record<string, unknown> } {
  const features: Feature<Geometry, Record<string, unknown>>[] = [];
  const a = d.view.analysis;
  const r = recordOrJob(d);
  for (const p of d.view.job?.plots ?? []) {
    const pa = a?.perPlot.find((x) => x.plotId === p.plotId);
    features.push({
      type: 'Feature',
      geometry: { type: 'MultiPolygon', coordinates: p.polygons },
      properties: {
        role: 'plot',
        id: p.plotId,
        name: p.name ?? null,
        owner: p.owner ?? null,
        areaM2: p.areaM2,
        ...(pa
          ? {
              coveredM2: round(pa.coveredM2),
              coverage: round(pa.coverage, 4),
              gapAreaM2: round(pa.gapAreaM2),
              doubleSprayedM2: round(pa.doubleSprayedM2),
              liquidL: round(pa.liquidL, 2),
              plannedLiquidL: pa.plannedLiquidL !== undefined ? round(pa.plannedLiquidL, 2) : null,
              doseLha: pa.doseLha !== undefined ? round(pa.doseLha, 2) : null,
              doseFlag: pa.doseFlag,
              flags: pa.flags,
            }
          : {}),
      },
    });
  }
  const plan = d.view.plan?.plan;
  if (plan) {
    plan.pieces.forEach((piece, i) => {
      features.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: piece.coords },
        properties: {
          role: piece.kind === 'spray' ? 'planned-spray' : 'planned-transit',
          order: i,
          lengthM: round(piece.lengthM),
        },
      });
    });
  }
  if (a) {
    const poly = (role: string, coords: number[][][][], extra: Record<string, unknown> = {}) => {
      if (coords.length > 0)
        features.push({
          type: 'Feature',
          geometry: { type: 'MultiPolygon', coordinates: coords },
          properties: { role, ...extra },
        });
    };
    poly('as-applied', a.sprayed.lngLat, { areaM2: round(a.sprayed.areaM2), swathM: a.swathM });
    for (const p of a.perPlot)
      for (const g of p.gaps) poly('gap', g.lngLat, { plotId: p.plotId, areaM2: round(g.areaM2, 1) });
    poly('double-sprayed', a.doubleSprayed.lngLat, { areaM2: round(a.doubleSprayed.areaM2, 1) });
    poly('off-target', a.outsidePlots.lngLat, { areaM2: round(a.outsidePlots.areaM2, 1) });
    poly('no-spray-hit', a.inNoSpray.lngLat, { areaM2: round(a.inNoSpray.areaM2, 1) });
    const frame = new LocalFrame(a.origin);
    if (a.trackXY.length >= 2)
      features.push({
        type: 'Feature',
        geometry: {
          type: 'LineString',
          coordinates: a.trackXY.map((q) => frame.toLngLat(q).map((v) => round(v, 8))),
        },
        properties: { role: 'track' },
      });
  }
  return {
    type: 'FeatureCollection',
    features,
    properties: {
      scope: d.scope,
      id: d.id,
      generatedAt: d.generatedAt,
      recordId: d.record?.id ?? null,
      recordStatus: d.record?.status ?? null,
      recordHash: d.record?.recordHash ?? null,
      record: r,
      flights: d.view.flights.map((f) => ({
        id: f.id,
        vehicle: f.vehicle,
        sortie: f.sortie ?? null,
        startedAt: f.startedAt,
        endedAt: f.endedAt,
        samples: f.sampleCount,
        samplesSha256: f.samplesSha256,
      })),
      totals: a
        ? {
            targetAreaM2: round(a.targetAreaM2),
            coverage: round(a.coverage, 4),
            coverageOfPlan: a.coverageOfPlan !== undefined ? round(a.coverageOfPlan, 4) : null,
            liquidL: round(a.liquidL, 2),
            liquidSource: a.liquidSource,
            plannedLiquidL: a.plannedLiquidL !== undefined ? round(a.plannedLiquidL, 2) : null,
            sprayTimeS: round(a.sprayTimeS),
            warnings: a.warnings,
          }
        : null,
      auditHead: d.auditHead ?? null,
    },
  };
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
