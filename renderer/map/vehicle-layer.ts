import L from 'leaflet';
import type { VehicleStateDto } from '../../electron/api/vehicle-api.js';

const SPRAY = { color: '#00c853', weight: 6, opacity: 0.8 };
const DRY = { color: '#757575', weight: 2, opacity: 0.8 };
const MAX_POINTS = 20_000;

/** The drone live on the map: an arrow for its heading and its track coloured by spray state. */
export class VehicleLayer {
  private readonly group = L.layerGroup();
  private marker?: L.Marker;
  private segment?: L.Polyline;
  private segmentSpraying = false;
  private points = 0;

  constructor(private readonly map: L.Map) {
    this.group.addTo(map);
  }

  clearTrack(): void {
    this.group.clearLayers();
    this.marker = undefined;
    this.segment = undefined;
    this.points = 0;
  }

  update(state: VehicleStateDto): void {
    const s = state.status;
    if (!state.connected || !s || s.lat === undefined || s.lon === undefined || (s.lat === 0 && s.lon === 0))
      return;
    const at = L.latLng(s.lat, s.lon);
    const heading = s.headingDeg ?? 0;
    const html = `<div class="drone-icon${s.spraying ? ' spraying' : ''}" style="transform: rotate(${heading.toFixed(0)}deg)">➤</div>`;
    if (!this.marker) {
      this.marker = L.marker(at, {
        interactive: false,
        zIndexOffset: 1000,
        icon: L.divIcon({ className: 'drone-marker', html, iconSize: [30, 30], iconAnchor: [15, 15] }),
      });
      this.marker.addTo(this.group);
    } else {
      this.marker.setLatLng(at);
      this.marker.setIcon(
        L.divIcon({ className: 'drone-marker', html, iconSize: [30, 30], iconAnchor: [15, 15] }),
      );
    }
    if (!s.armed) return;
    if (this.points > MAX_POINTS) return;
    if (!this.segment || this.segmentSpraying !== s.spraying) {
      const last = this.segment?.getLatLngs().at(-1) as L.LatLng | undefined;
      this.segment = L.polyline(last ? [last, at] : [at], {
        ...(s.spraying ? SPRAY : DRY),
        interactive: false,
        className: s.spraying ? 'track-spray' : 'track-dry',
      });
      this.segment.addTo(this.group);
      this.segmentSpraying = s.spraying;
    } else {
      this.segment.addLatLng(at);
    }
    this.points++;
  }

  centre(): void {
    if (this.marker) this.map.panTo(this.marker.getLatLng());
  }
}
