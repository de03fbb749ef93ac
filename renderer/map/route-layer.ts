import L from 'leaflet';
import type { Plan } from '../../mission/plan/types.js';
import type { Job } from '../../mission/sorties/job.js';

/** Colours of sorties (tank loads), also used by the mission panel. */
export const SORTIE_COLOURS = [
  '#1565c0',
  '#6a1b9a',
  '#00838f',
  '#ad1457',
  '#ef6c00',
  '#2e7d32',
  '#4e342e',
  '#283593',
];

/**
 * A plan drawn on the map: the sprayable area, spray pieces (solid) and transits (dashed), the
 * start marked, and arrows that show the direction of flight.
 */
export class RouteLayer {
  private readonly group = L.layerGroup();

  constructor(map: L.Map) {
    this.group.addTo(map);
  }

  clear(): void {
    this.group.clearLayers();
  }

  /** The job's sorties, each in its own colour, with the ferry legs to and from the refill point. */
  showSorties(job: Job): void {
    this.clear();
    const ll = (c: [number, number]) => L.latLng(c[1], c[0]);
    for (const s of job.sorties.sorties) {
      const colour = SORTIE_COLOURS[(s.index - 1) % SORTIE_COLOURS.length]!;
      for (const leg of [s.ferryOut, s.ferryBack]) {
        if (leg.coords.length > 1)
          L.polyline(leg.coords.map(ll), {
            color: colour,
            weight: 2,
            dashArray: '2 6',
            opacity: 0.8,
            interactive: false,
          }).addTo(this.group);
      }
      for (const p of s.pieces) {
        L.polyline(p.coords.map(ll), {
          color: colour,
          weight: p.kind === 'spray' ? 3 : 2,
          dashArray: p.kind === 'spray' ? undefined : '6 6',
          opacity: 0.9,
          interactive: false,
          className: p.kind === 'spray' ? 'route-spray' : 'route-transit',
        })
          .bindTooltip(`${s.index}`)
          .addTo(this.group);
      }
      const start = s.pieces[0]?.coords[0];
      if (start) {
        L.marker(ll(start), {
          interactive: false,
          icon: L.divIcon({
            className: 'route-start',
            html: `<div style="background:${colour}">${s.index}</div>`,
            iconSize: [22, 22],
            iconAnchor: [11, 11],
          }),
        }).addTo(this.group);
      }
    }
  }

  show(plan: Plan): void {
    this.clear();
    const ll = (c: [number, number]) => L.latLng(c[1], c[0]);
    if (plan.sprayable.length) {
      L.polygon(
        plan.sprayable.map((poly) => poly.map((ring) => ring.map(ll))),
        {
          color: '#0277bd',
          weight: 1,
          dashArray: '2 4',
          fillColor: '#4fc3f7',
          fillOpacity: 0.12,
          interactive: false,
        },
      ).addTo(this.group);
    }
    let arrows = 0;
    for (const p of plan.pieces) {
      const colour = SORTIE_COLOURS[0]!;
      const latlngs = p.coords.map(ll);
      if (p.kind === 'spray') {
        L.polyline(latlngs, {
          color: colour,
          weight: 3,
          opacity: 0.9,
          interactive: false,
          className: 'route-spray',
        }).addTo(this.group);
        if (p.lengthM > 6 && arrows < 400) {
          arrows++;
          const [a, b] = [p.xy[0]!, p.xy[p.xy.length - 1]!];
          const mid = p.coords[Math.floor(p.coords.length / 2)]!;
          const m =
            p.coords.length === 2
              ? [(p.coords[0]![0] + p.coords[1]![0]) / 2, (p.coords[0]![1] + p.coords[1]![1]) / 2]
              : mid;
          const bearing = (Math.atan2(b[0] - a[0], b[1] - a[1]) * 180) / Math.PI;
          L.marker(L.latLng(m[1]!, m[0]!), {
            interactive: false,
            keyboard: false,
            icon: L.divIcon({
              className: 'route-arrow',
              html: `<div style="transform: rotate(${bearing.toFixed(0)}deg); color: ${colour}">▲</div>`,
              iconSize: [12, 12],
              iconAnchor: [6, 6],
            }),
          }).addTo(this.group);
        }
      } else {
        L.polyline(latlngs, {
          color: '#616161',
          weight: 2,
          dashArray: '6 6',
          opacity: 0.9,
          interactive: false,
          className: 'route-transit',
        }).addTo(this.group);
      }
    }
    const first = plan.pieces[0]?.coords[0];
    if (first) {
      L.marker(ll(first), {
        title: 'Start',
        icon: L.divIcon({
          className: 'route-start',
          html: '<div>▶</div>',
          iconSize: [22, 22],
          iconAnchor: [11, 11],
        }),
      }).addTo(this.group);
    }
  }
}
