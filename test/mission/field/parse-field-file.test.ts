import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { circleRing, parseFieldFile, plotAreaM2 } from '../../../mission/field/parse-field-file.js';
import { FieldFileError } from '../../../mission/field/types.js';
import { LocalFrame } from '../../../mission/geo/local-frame.js';
import { sharedFieldFiles } from '../../helpers/shared-fields.js';
import { utmArea } from '../../helpers/utm.js';

const sq = (x0: number, y0: number, d: number) => [
  [x0, y0],
  [x0 + d, y0],
  [x0 + d, y0 + d],
  [x0, y0 + d],
  [x0, y0],
];

function refused(input: unknown): FieldFileError {
  try {
    parseFieldFile(input);
  } catch (e) {
    expect(e).toBeInstanceOf(FieldFileError);
    return e as FieldFileError;
  }
  throw new Error('expected the input to be refused');
}

describe('parseFieldFile refuses bad input and says what and where', () => {
  it('invalid JSON', () => {
    expect(refused('{"type": "Polygon", ').message).toMatch(/not valid JSON/);
  });
  it('wrong geometry type for a field', () => {
    const e = refused({
      type: 'Feature',
      properties: { role: 'field', name: 'Lô 3' },
      geometry: {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      },
    });
    expect(e.issues[0]!.where).toContain("'Lô 3'");
    expect(e.message).toMatch(/Polygon or MultiPolygon, got LineString/);
  });
  it('unsupported top-level type', () => {
    expect(refused({ type: 'GeometryCollection', geometries: [] }).message).toMatch(
      /unsupported GeoJSON type/,
    );
  });
  it('fewer than 3 distinct points', () => {
    const e = refused({
      type: 'Polygon',
      coordinates: [
        [
          [105, 20],
          [105.001, 20],
          [105.001, 20],
          [105, 20],
        ],
      ],
    });
    expect(e.message).toMatch(/ring 0 \(outer\).*at least 3 distinct points, has 2/);
  });
  it('self-intersection names the crossing edges and a coordinate', () => {
    const e = refused({
      type: 'Polygon',
      coordinates: [
        [
          [105.62, 19.98],
          [105.621, 19.981],
          [105.621, 19.98],
          [105.62, 19.981],
          [105.62, 19.98],
        ],
      ],
    });
    expect(e.message).toMatch(/self-intersection/);
    expect(e.message).toMatch(/edge 0–1 from \(105\.620000, 19\.980000\)/);
  });
  it('a hole outside its shell', () => {
    const e = refused({
      type: 'Polygon',
      coordinates: [sq(105.62, 19.98, 0.001), sq(105.63, 19.98, 0.0002)],
    });
    expect(e.message).toMatch(/ring 1 \(hole\).*outside its outer boundary/);
  });
  it('a hole crossing its shell', () => {
    const e = refused({
      type: 'Polygon',
      coordinates: [sq(105.62, 19.98, 0.001), sq(105.6205, 19.9805, 0.001)],
    });
    expect(e.message).toMatch(/rings cross each other/);
  });
  it('zero area', () => {
    const e = refused({
      type: 'Polygon',
      coordinates: [
        [
          [105.62, 19.98],
          [105.621, 19.98],
          [105.622, 19.98],
          [105.62, 19.98],
        ],
      ],
    });
    expect(e.message).toMatch(/zero area/);
  });
  it('longitude/latitude out of range, with the vertex', () => {
    const e = refused({
      type: 'Polygon',
      coordinates: [
        [
          [19.98, 105.62],
          [19.99, 105.62],
          [19.99, 105.63],
          [19.98, 105.62],
        ],
      ],
    });
    expect(e.issues[0]!.where).toMatch(/ring 0, vertex 0/);
    expect(e.message).toMatch(/out of range.*swapped/);
  });
  it('non-finite coordinates', () => {
    expect(
      refused({
        type: 'Polygon',
        coordinates: [
          [
            [105, 20],
            [105, null],
            [106, 21],
            [105, 20],
          ],
        ],
      }).message,
    ).toMatch(/\[longitude, latitude\]/);
  });
  it('a field over 2,000 ha', () => {
    expect(refused({ type: 'Polygon', coordinates: [sq(105, 20, 0.05)] }).message).toMatch(
      /more than the 2000 ha limit/,
    );
  });
  it('a no-spray point without a radius', () => {
    const e = refused({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { role: 'field' },
          geometry: { type: 'Polygon', coordinates: [sq(105.62, 19.98, 0.001)] },
        },
        {
          type: 'Feature',
          properties: { role: 'no-spray', name: 'ao' },
          geometry: { type: 'Point', coordinates: [105.6205, 19.9805] },
        },
      ],
    });
    expect(e.issues[0]!.where).toBe("feature 1 ('ao')");
    expect(e.message).toMatch(/radius_m/);
  });
  it('an unknown role', () => {
    expect(
      refused({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { role: 'pond' }, geometry: { type: 'Point', coordinates: [1, 1] } },
        ],
      }).message,
    ).toMatch(/unknown role "pond"/);
  });
  it('lists every problem, not only the first', () => {
    const e = refused({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { role: 'field', name: 'A' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [200, 0],
                [1, 1],
                [2, 2],
                [200, 0],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          properties: { role: 'field', name: 'B' },
          geometry: { type: 'Point', coordinates: [1, 1] },
        },
      ],
    });
    expect(e.issues.length).toBeGreaterThanOrEqual(2);
  });
});

describe('parseFieldFile reads the Field file contract', () => {
  it('reads plots, zones (polygon and circle) and home from a FeatureCollection', () => {
    const ff = parseFieldFile({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { role: 'field', id: 'p1', name: 'Thửa 1', owner: 'Lê Văn Hùng' },
          geometry: { type: 'Polygon', coordinates: [sq(105.62, 19.98, 0.001)] },
        },
        {
          type: 'Feature',
          properties: { role: 'field', id: 'p2', name: 'Thửa 2' },
          geometry: { type: 'Polygon', coordinates: [sq(105.621, 19.98, 0.001)] },
        },
        {
          type: 'Feature',
          properties: { role: 'no-spray', name: 'ao' },
          geometry: { type: 'Polygon', coordinates: [sq(105.6202, 19.9802, 0.0002)] },
        },
        {
          type: 'Feature',
          properties: { role: 'no-fly', radius_m: 5 },
          geometry: { type: 'Point', coordinates: [105.6215, 19.9805] },
        },
        {
          type: 'Feature',
          properties: { role: 'home' },
          geometry: { type: 'Point', coordinates: [105.6195, 19.9799] },
        },
      ],
    });
    expect(ff.plots.map((p) => [p.id, p.name, p.owner])).toEqual([
      ['p1', 'Thửa 1', 'Lê Văn Hùng'],
      ['p2', 'Thửa 2', undefined],
    ]);
    expect(ff.noSpray).toHaveLength(1);
    expect(ff.noFly[0]!.circle).toEqual({ center: [105.6215, 19.9805], radiusM: 5 });
    expect(ff.home).toEqual([105.6195, 19.9799]);
  });

  it('closes unclosed rings and drops repeated vertices', () => {
    const ff = parseFieldFile({
      type: 'Polygon',
      coordinates: [
        [
          [105.62, 19.98],
          [105.621, 19.98],
          [105.621, 19.98],
          [105.621, 19.981],
        ],
      ],
    });
    const ring = ff.plots[0]!.polygons[0]![0]!;
    expect(ring).toHaveLength(4);
    expect(ring[0]).toEqual(ring[3]);
  });

  it('a circular zone never shrinks the circle', () => {
    const center: [number, number] = [105.62, 19.98];
    const ring = circleRing(center, 10);
    const frame = new LocalFrame(center);
    // every edge midpoint stays at ≥ 10 m from the centre
    for (let i = 0; i + 1 < ring.length; i++) {
      const a = frame.toXY(ring[i]!);
      const b = frame.toXY(ring[i + 1]!);
      expect(Math.hypot((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)).toBeGreaterThanOrEqual(10 - 1e-6);
    }
  });
});

describe('area in m² in a local metric frame agrees with UTM within 0.2 %', () => {
  const files = sharedFieldFiles();
  it.skipIf(files.length === 0)('on every real sample field', () => {
    for (const f of files) {
      const ff = parseFieldFile(f.text);
      const ours = ff.plots.reduce((s, p) => s + plotAreaM2(p.polygons), 0);
      const ref = ff.plots.reduce((s, p) => s + p.polygons.reduce((t, poly) => t + utmArea(poly), 0), 0);
      expect(Math.abs(ours - ref) / ref, f.name).toBeLessThan(0.002);
    }
  });
  it('vn_field_median is 0.474 ha (±0.5 %)', () => {
    const f = sharedFieldFiles().find((x) => x.name === 'vn_field_median');
    if (!f) return;
    const a = plotAreaM2(parseFieldFile(f.text).plots[0]!.polygons);
    expect(Math.abs(a / 4740 - 1)).toBeLessThan(0.005);
  });
  it('on random quadrilaterals anywhere between 60 S and 60 N', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -177, max: 177, noNaN: true }),
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.double({ min: 20, max: 3000, noNaN: true }),
        (lon, lat, size) => {
          const frame = new LocalFrame([lon, lat]);
          const ring = [
            frame.toLngLat([0, 0]),
            frame.toLngLat([size, 0]),
            frame.toLngLat([size, size * 0.7]),
            frame.toLngLat([0, size]),
          ];
          ring.push(ring[0]!);
          const ours = plotAreaM2([[ring]]);
          // UTM's own scale error grows away from the central meridian; stay within the zone
          const ref = utmArea([ring]);
          const zoneCm = Math.floor((lon + 180) / 6) * 6 - 180 + 3;
          if (Math.abs(lon - zoneCm) > 2.9) return true;
          return Math.abs(ours - ref) / ref < 0.002;
        },
      ),
      { numRuns: 200 },
    );
  });
});
