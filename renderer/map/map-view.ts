import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { t } from '../i18n/index.js';

/** Demo commune: Định Hưng, Yên Định, Thanh Hóa. */
export const DEFAULT_CENTER: L.LatLngTuple = [19.9812, 105.6203];

/**
 * The Leaflet map: works with no network (a neutral grid background, scale bar and cursor
 * coordinates), with optional online tiles from settings, and Geoman for drawing and editing.
 */
export class MapView {
  readonly map: L.Map;
  private tiles?: L.TileLayer;
  private readonly coordsEl: HTMLElement;

  constructor(el: HTMLElement) {
    el.classList.add('offline-bg');
    this.map = L.map(el, {
      zoomControl: true,
      attributionControl: true,
      maxZoom: 22,
      preferCanvas: false,
    }).setView(DEFAULT_CENTER, 18);
    L.control.scale({ metric: true, imperial: false, maxWidth: 160 }).addTo(this.map);
    const Coords = L.Control.extend({
      onAdd: () => {
        const div = L.DomUtil.create('div', 'coords-control');
        div.setAttribute('data-testid', 'map-coords');
        return div;
      },
    });
    const ctl = new Coords({ position: 'bottomright' });
    ctl.addTo(this.map);
    this.coordsEl = ctl.getContainer()!;
    this.map.on('mousemove', (e: L.LeafletMouseEvent) => {
      this.coordsEl.textContent = t('map.coords', {
        lat: e.latlng.lat.toFixed(6),
        lon: e.latlng.lng.toFixed(6),
      });
    });
    this.map.pm.setGlobalOptions({
      snappable: true,
      snapDistance: 12,
      allowSelfIntersection: false,
    } as L.PM.GlobalOptions);
    this.map.pm.setLang('en');
  }

  /** Online background tiles; an empty template keeps the offline grid. */
  setTileUrl(template: string): void {
    this.tiles?.remove();
    this.tiles = undefined;
    if (template) {
      this.tiles = L.tileLayer(template, {
        maxZoom: 22,
        maxNativeZoom: 19,
        attribution: new URL(template.replace(/[{}]/g, '')).host,
      });
      this.tiles.addTo(this.map);
      this.tiles.bringToBack();
    }
  }

  fitTo(bounds: L.LatLngBounds | undefined, maxZoom = 19): void {
    if (bounds?.isValid()) this.map.fitBounds(bounds, { padding: [30, 30], maxZoom });
  }
}
