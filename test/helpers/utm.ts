/**
 * Independent UTM forward projection (Krüger series, as in Karney 2011 to order n^6 truncated to
 * n^4), used only as the reference that areas are checked against.
 */
const a = 6378137;
const f = 1 / 298.257223563;
const k0 = 0.9996;
const n = f / (2 - f);
const A = (a / (1 + n)) * (1 + n ** 2 / 4 + n ** 4 / 64);
const alpha = [
  0,
  n / 2 - (2 / 3) * n ** 2 + (5 / 16) * n ** 3 + (41 / 180) * n ** 4,
  (13 / 48) * n ** 2 - (3 / 5) * n ** 3 + (557 / 1440) * n ** 4,
  (61 / 240) * n ** 3 - (103 / 140) * n ** 4,
  (49561 / 161280) * n ** 4,
];

export function utmZone(lon: number): number {
  return Math.floor((lon + 180) / 6) + 1;
}

export function toUtm(lon: number, lat: number, zone = utmZone(lon)): [number, number] {
  const lon0 = ((zone - 1) * 6 - 180 + 3) * (Math.PI / 180);
  const phi = (lat * Math.PI) / 180;
  const lam = (lon * Math.PI) / 180 - lon0;
  const e = Math.sqrt(f * (2 - f));
  const t = Math.sinh(Math.atanh(Math.sin(phi)) - e * Math.atanh(e * Math.sin(phi)));
  const xiP = Math.atan2(t, Math.cos(lam));
  const etaP = Math.atanh(Math.sin(lam) / Math.sqrt(1 + t * t));
  let xi = xiP;
  let eta = etaP;
  for (let j = 1; j <= 4; j++) {
    xi += alpha[j]! * Math.sin(2 * j * xiP) * Math.cosh(2 * j * etaP);
    eta += alpha[j]! * Math.cos(2 * j * xiP) * Math.sinh(2 * j * etaP);
  }
  return [500000 + k0 * A * eta, k0 * A * xi];
}

/** Area of lon/lat rings (outer first, then holes) in UTM metres² of the first vertex's zone. */
export function utmArea(rings: number[][][]): number {
  const zone = utmZone(rings[0]![0]![0]!);
  let total = 0;
  rings.forEach((ring, i) => {
    const pts = ring.map(([lon, lat]) => toUtm(lon!, lat!, zone));
    let s = 0;
    for (let k = 0; k < pts.length - 1; k++) s += pts[k]![0] * pts[k + 1]![1] - pts[k + 1]![0] * pts[k]![1];
    total += (i === 0 ? 1 : -1) * Math.abs(s / 2);
  });
  return total;
}
