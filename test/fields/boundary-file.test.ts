import { describe, expect, it } from 'vitest';
import { readBoundaryFile } from '../../fields/import/boundary-file.js';
import { parseFieldFile } from '../../mission/field/parse-field-file.js';

const KML = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
  <Placemark><name>Thửa Đồng Mả</name>
    <Polygon><outerBoundaryIs><LinearRing><coordinates>
      105.6200,19.9800,0 105.6205,19.9800,0 105.6205,19.9804,0 105.6200,19.9804,0 105.6200,19.9800,0
    </coordinates></LinearRing></outerBoundaryIs>
    <innerBoundaryIs><LinearRing><coordinates>
      105.6202,19.9801,0 105.6203,19.9801,0 105.6203,19.9802,0 105.6202,19.9801,0
    </coordinates></LinearRing></innerBoundaryIs></Polygon>
  </Placemark>
  <Placemark><name>Cột điện</name><Point><coordinates>105.6207,19.9802,0</coordinates></Point></Placemark>
</Document></kml>`;

describe('boundary files', () => {
  it('reads KML polygons (with holes) as fields and lists what it skipped', () => {
    const { doc, skipped } = readBoundaryFile('ruong.kml', KML);
    const ff = parseFieldFile(doc);
    expect(ff.plots).toHaveLength(1);
    expect(ff.plots[0]!.name).toBe('Thửa Đồng Mả');
    expect(ff.plots[0]!.polygons[0]).toHaveLength(2);
    expect(skipped).toEqual(['Cột điện (Point)']);
  });

  it('refuses broken XML and KML without polygons with the file name', () => {
    expect(() => readBoundaryFile('x.kml', '<kml><Document><Placemark>')).toThrow(/x\.kml/);
    expect(() =>
      readBoundaryFile(
        'pts.kml',
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><Point><coordinates>1,2</coordinates></Point></Placemark></kml>',
      ),
    ).toThrow(/holds no polygon/);
    expect(() => readBoundaryFile('not.kml', '<html></html>')).toThrow(/not a KML document/);
  });

  it('passes GeoJSON text through (a byte-order mark is ignored)', () => {
    const { doc } = readBoundaryFile(
      'a.geojson',
      '\uFEFF{"type":"Polygon","coordinates":[[[105.62,19.98],[105.621,19.98],[105.621,19.981],[105.62,19.98]]]}',
    );
    expect(parseFieldFile(doc).plots).toHaveLength(1);
  });
});
