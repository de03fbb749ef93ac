import L from 'leaflet';
import type { ZoneDto } from '../../electron/api/plan-api.js';

const STYLE: Record<'no-spray' | 'no-fly', L.PathOptions> = {
  'no-spray': { color: '#c62828', weight: 2, fillColor: '#ef5350', fillOpacity: 0.35, dashArray: '4 3' },
  'no-fly': { color: '#212121', weight: 2, fillColor: '#424242', fillOpacity: 0.45 },
};

/** No-spray and no-fly zones and home points on the map. */
export class ZonesLayer {
  private readonly group = L.layerGroup();

  constructor(map: L.Map) {
    this.group.addTo(map);
  }

  show(zones: ZoneDto[]): void {
    this.group.clearLayers();
    for (const z of zones) {
      const tip = `${z.name || z.kind}`;
      if (z.kind === 'home') {
        const [lon, lat] = z.geometry.coordinates as number[];
        L.marker(L.latLng(lat!, lon!), {
          title: tip,
          icon: L.divIcon({
            className: 'home-marker',
            html: '<div>H</div>',
            iconSize: [26, 26],
            iconAnchor: [13, 13],
          }),
          pmIgnore: true,
        } as L.MarkerOptions)
          .bindTooltip(tip)
          .addTo(this.group);
      } else if (z.geometry.type === 'Point') {
        const [lon, lat] = z.geometry.coordinates;
        L.circle(L.latLng(lat!, lon!), {
          radius: z.radiusM ?? 1,
          ...STYLE[z.kind],
          pmIgnore: true,
        } as L.CircleMarkerOptions)
          .bindTooltip(tip)
          .addTo(this.group);
      } else {
        L.polygon(
          z.geometry.coordinates.map((r) => r.map(([lon, lat]) => L.latLng(lat!, lon!))),
          { ...STYLE[z.kind], pmIgnore: true } as L.PolylineOptions,
        )
          .bindTooltip(tip)
          .addTo(this.group);
      }
    }
  }
}
