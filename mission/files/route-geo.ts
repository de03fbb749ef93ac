import type { LngLat } from '../geo/types.js';
import type { PieceKind, Plan } from '../plan/types.js';
import type { SortiePlan } from '../sorties/sorties.js';

/** One line of the route for export: nozzles on (`spray`) or off (`transit`), in its sortie. */
export interface RouteLine {
  kind: PieceKind;
  /** 1-based tank load. */
  sortie: number;
  /** `ferry` for the legs to and from the refill point added by the sortie cut. */
  role?: string;
  coords: LngLat[];
  lengthM: number;
}

/** The route of a sortie plan in flight order, ferry legs included. */
export function sortieRouteLines(sp: SortiePlan): RouteLine[] {
  const out: RouteLine[] = [];
  for (const s of sp.sorties) {
    if (s.ferryOut.coords.length > 1)
      out.push({
        kind: 'transit',
        sortie: s.index,
        role: 'ferry',
        coords: s.ferryOut.coords,
        lengthM: s.ferryOut.lengthM,
      });
    for (const p of s.pieces) {
      const line: RouteLine = { kind: p.kind, sortie: s.index, coords: p.coords, lengthM: p.lengthM };
      if (p.role) line.role = p.role;
      out.push(line);
    }
    if (s.ferryBack.coords.length > 1)
      out.push({
        kind: 'transit',
        sortie: s.index,
        role: 'ferry',
        coords: s.ferryBack.coords,
        lengthM: s.ferryBack.lengthM,
      });
  }
  return out;
}

/** The route of a plan as one sortie (no tank cut). */
export function planRouteLines(plan: Plan): RouteLine[] {
  return plan.pieces.map((p) => {
    const line: RouteLine = { kind: p.kind, sortie: 1, coords: p.coords, lengthM: p.lengthM };
    if (p.role) line.role = p.role;
    return line;
  });
}

/** GeoJSON FeatureCollection of LineStrings in flight order with `kind` and `sortie` (DESIGN.md "Plan output"). */
export function routeToGeoJson(lines: readonly RouteLine[]): {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    properties: { kind: PieceKind; sortie: number; role?: string; lengthM: number; order: number };
    geometry: { type: 'LineString'; coordinates: LngLat[] };
  }[];
} {
  return {
    type: 'FeatureCollection',
    features: lines.map((l, i) => ({
      type: 'Feature' as const,
      properties: {
        kind: l.kind,
        sortie: l.sortie,
        ...(l.role ? { role: l.role } : {}),
        lengthM: Math.round(l.lengthM * 100) / 100,
        order: i,
      },
      geometry: { type: 'LineString' as const, coordinates: l.coords },
    })),
  };
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** KML 2.2 of the route: one folder per sortie, spray lines green, transit grey (Google Earth, QGIS). */
export function routeToKml(lines: readonly RouteLine[], name = 'AgriSpray route'): string {
  const bySortie = new Map<number, RouteLine[]>();
  for (const l of lines) bySortie.set(l.sortie, [...(bySortie.get(l.sortie) ?? []), l]);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    '<Document>',
    `<name>${esc(name)}</name>`,
    '<Style id="spray"><LineStyle><color>ff00c000</color><width>3</width></LineStyle></Style>',
    '<Style id="transit"><LineStyle><color>ff909090</color><width>1.5</width></LineStyle></Style>',
  ];
  for (const [sortie, ls] of bySortie) {
    out.push(`<Folder><name>Sortie ${sortie}</name>`);
    ls.forEach((l, i) => {
      out.push(
        `<Placemark><name>${esc(`${sortie}.${i + 1} ${l.kind}${l.role ? ` (${l.role})` : ''}`)}</name><styleUrl>#${l.kind}</styleUrl>` +
          `<LineString><tessellate>1</tessellate><coordinates>${l.coords.map((c) => `${c[0].toFixed(8)},${c[1].toFixed(8)},0`).join(' ')}</coordinates></LineString></Placemark>`,
      );
    });
    out.push('</Folder>');
  }
  out.push('</Document>', '</kml>');
  return `${out.join('\n')}\n`;
}
