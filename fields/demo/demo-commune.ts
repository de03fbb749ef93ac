import type { Feature, FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';
import { LocalFrame } from '../../mission/geo/local-frame.js';
import type { XY } from '../../mission/geo/types.js';

/**
 * A demo commune drawn by the project: a block of rice paddies near Định Hưng, Yên Định,
 * Thanh Hóa (about 19.98 N, 105.62 E). Twelve families' plots of 300–1,800 m² in two rows either
 * side of a field path, separated by 0.4 m bunds, the block turned 17° as real paddies are; one
 * plot holds a fish pond (a hole), an electricity pole stands on the path (no-fly) and a well
 * with a shrine sits at a corner (no-spray). Plausible, not surveyed.
 */
export const DEMO_ORIGIN: [number, number] = [105.6203, 19.9812];

const OWNERS = [
  'Lê Văn Hùng',
  'Nguyễn Thị Lan',
  'Trịnh Văn Nam',
  'Phạm Thị Hoa',
  'Lê Thị Mai',
  'Nguyễn Văn Tâm',
  'Hoàng Văn Đức',
  'Trịnh Thị Hằng',
  'Đỗ Văn Long',
  'Mai Thị Thu',
  'Lê Văn Sơn',
  'Vũ Thị Nga',
];

/** Widths (m, along the path) of the plots in each row; depths (m) per row. */
const ROWS: { widths: number[]; depth: number; y0: number }[] = [
  { widths: [18, 24, 14, 30, 22, 16], depth: 38, y0: 1.5 },
  { widths: [26, 12, 20, 28, 18, 20], depth: 46, y0: -1.5 - 46 },
];
const BUND_M = 0.4;
const ROTATION_DEG = 17;

export interface DemoPlot {
  id: string;
  name: string;
  owner: string;
  crop: string;
  geometry: MultiPolygon;
}

function rotate([x, y]: XY, deg: number): XY {
  const a = (deg * Math.PI) / 180;
  return [x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a)];
}

/** The demo plots as GeoJSON MultiPolygons (deterministic). */
export function demoPlots(): DemoPlot[] {
  const frame = new LocalFrame(DEMO_ORIGIN);
  const plots: DemoPlot[] = [];
  let n = 0;
  for (const [r, row] of ROWS.entries()) {
    const total = row.widths.reduce((a, b) => a + b, 0) + BUND_M * (row.widths.length - 1);
    let x = -total / 2;
    for (const w of row.widths) {
      // A little irregularity on the far edge, as hand-dug paddies have.
      const skew = ((n * 7) % 5) - 2;
      const y0 = row.y0;
      const y1 = row.y0 + row.depth * (r === 0 ? 1 : -1) * 0 + (r === 0 ? row.depth : 0);
      const yNear = r === 0 ? y0 : y0 + row.depth;
      const yFar = r === 0 ? y1 : y0;
      const outer: XY[] = [
        [x, yNear],
        [x + w, yNear],
        [x + w + skew * 0.3, yFar + skew * 0.5],
        [x + skew * 0.3, yFar - skew * 0.4],
      ];
      const rings: XY[][] = [outer];
      if (n === 3) {
        // fish pond in the middle of the fourth plot
        const cx = x + w / 2;
        const cy = (yNear + yFar) / 2;
        rings.push([
          [cx - 4, cy - 3],
          [cx - 4, cy + 3],
          [cx + 4, cy + 3],
          [cx + 4, cy - 3],
        ]);
      }
      const ll = rings.map((ring) => frame.ringToLngLat(ring.map((p) => rotate(p, ROTATION_DEG))));
      // GeoJSON: outer ring counter-clockwise, holes clockwise.
      const oriented = ll.map((ring, i) => (isCcw(ring) === (i === 0) ? ring : [...ring].reverse()));
      n += 1;
      plots.push({
        id: `demo-${String(n).padStart(2, '0')}`,
        name: `Thửa ${n}`,
        owner: OWNERS[n - 1] ?? `Hộ ${n}`,
        crop: 'lúa',
        geometry: {
          type: 'MultiPolygon',
          coordinates: [oriented.map((r) => r.map((p) => [round(p[0]), round(p[1])]))],
        },
      });
      x += w + BUND_M;
    }
  }
  return plots;
}

const round = (v: number) => Math.round(v * 1e8) / 1e8;

function isCcw(ring: [number, number][]): boolean {
  let s = 0;
  for (let i = 0; i + 1 < ring.length; i++)
    s += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return s > 0;
}

/** Home (take-off and refill point), a no-fly pole and a no-spray well, in the Field file contract. */
export function demoSite(): FeatureCollection<Point | Polygon> {
  const frame = new LocalFrame(DEMO_ORIGIN);
  const at = (p: XY) => frame.toLngLat(rotate(p, ROTATION_DEG));
  const features: Feature<Point | Polygon>[] = [
    {
      type: 'Feature',
      properties: { role: 'home', name: 'Bãi cất cánh' },
      geometry: { type: 'Point', coordinates: at([-70, 0]) },
    },
    {
      type: 'Feature',
      properties: { role: 'no-fly', name: 'Cột điện', radius_m: 4 },
      geometry: { type: 'Point', coordinates: at([10, 0]) },
    },
    {
      type: 'Feature',
      properties: { role: 'no-spray', name: 'Giếng và miếu', radius_m: 5 },
      geometry: { type: 'Point', coordinates: at([62, 30]) },
    },
  ];
  return { type: 'FeatureCollection', features };
}
