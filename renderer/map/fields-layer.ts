import L from 'leaflet';
import type { FieldDto } from '../../electron/api/fields-api.js';
import type { AppState } from '../state.js';

const STYLE: L.PathOptions = { color: '#2e7d32', weight: 2, fillColor: '#8bc34a', fillOpacity: 0.35 };
const SELECTED: L.PathOptions = { color: '#f57c00', weight: 3, fillColor: '#ffcc80', fillOpacity: 0.45 };

/** The stored fields drawn on the map, clickable to select, with their names as labels. */
export class FieldsLayer {
  readonly group = L.featureGroup();
  private readonly byId = new Map<string, L.GeoJSON>();

  constructor(
    private readonly map: L.Map,
    private readonly state: AppState,
  ) {
    this.group.addTo(map);
    state.on('fields', () => this.redraw());
    state.on('selection', () => this.restyle());
  }

  layerOf(id: string): L.GeoJSON | undefined {
    return this.byId.get(id);
  }

  /** The editable polygon of a field (its first layer). */
  polygonOf(id: string): L.Polygon | undefined {
    const g = this.byId.get(id);
    return g?.getLayers()[0] as L.Polygon | undefined;
  }

  redraw(): void {
    this.group.clearLayers();
    this.byId.clear();
    for (const f of this.state.fields) this.add(f);
    this.restyle();
  }

  private add(f: FieldDto): void {
    const layer = L.geoJSON(
      f.geometry as GeoJSON.MultiPolygon,
      {
        style: () => STYLE,
        pmIgnore: true,
      } as L.GeoJSONOptions,
    );
    layer.on('click', () => {
      // a click while drawing (a zone, a hole, a new field) places a vertex; it does not select
      if (this.map.pm.globalDrawModeEnabled()) return;
      this.state.select(f.id);
    });
    layer.bindTooltip(f.name, { permanent: true, direction: 'center', className: 'field-label' });
    layer.addTo(this.group);
    this.byId.set(f.id, layer);
  }

  private restyle(): void {
    for (const [id, layer] of this.byId) layer.setStyle(id === this.state.selectedId ? SELECTED : STYLE);
  }

  bounds(): L.LatLngBounds | undefined {
    return this.byId.size ? this.group.getBounds() : undefined;
  }
}
