import type { FeatureCollection } from 'geojson';
import L from 'leaflet';

const STYLES: Record<string, L.PathOptions> = {
  plot: { color: '#1b5e20', weight: 2, fillOpacity: 0 },
  'planned-spray': { color: '#1565c0', weight: 1, opacity: 0.7, dashArray: '3 3' },
  'planned-transit': { color: '#9e9e9e', weight: 1, opacity: 0.5, dashArray: '2 6' },
  'as-applied': { color: '#00c853', weight: 0, fillColor: '#00c853', fillOpacity: 0.45 },
  gap: { color: '#d50000', weight: 2, fillColor: '#ff1744', fillOpacity: 0.55 },
  'double-sprayed': { color: '#ff6d00', weight: 0, fillColor: '#ff9100', fillOpacity: 0.55 },
  'off-target': { color: '#6a1b9a', weight: 1, fillColor: '#ab47bc', fillOpacity: 0.6 },
  'no-spray-hit': { color: '#000', weight: 2, fillColor: '#d50000', fillOpacity: 0.8 },
  track: { color: '#424242', weight: 1, opacity: 0.6 },
};

/** Planned route and as-applied area side by side: what was sprayed, gaps, double spray, off-target. */
export class AppliedLayer {
  private readonly group = L.layerGroup();

  constructor(private readonly map: L.Map) {
    this.group.addTo(map);
  }

  clear(): void {
    this.group.clearLayers();
  }

  show(fc: FeatureCollection): L.LatLngBounds | undefined {
    this.clear();
    const order = [
      'plot',
      'as-applied',
      'double-sprayed',
      'off-target',
      'gap',
      'no-spray-hit',
      'planned-spray',
      'planned-transit',
      'track',
    ];
    const byRole = (role: string) =>
      fc.features.filter((f) => (f.properties as { role?: string } | null)?.role === role);
    let bounds: L.LatLngBounds | undefined;
    for (const role of order) {
      const feats = byRole(role);
      if (!feats.length) continue;
      const layer = L.geoJSON(
        { type: 'FeatureCollection', features: feats } as GeoJSON.FeatureCollection,
        {
          style: () => ({ ...STYLES[role], className: `applied-${role}` }),
          interactive: false,
          pmIgnore: true,
        } as L.GeoJSONOptions,
      );
      layer.addTo(this.group);
      if (role === 'plot') bounds = layer.getBounds();
    }
    return bounds;
  }

  fit(bounds?: L.LatLngBounds): void {
    if (bounds?.isValid()) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom: 20 });
  }
}
