/** Metres per degree of latitude (spherical Earth, good to a few parts per thousand over a field). */
const M_PER_DEG = 111_320;

/** East/north offset in metres from `a` to `b` (equirectangular; fine for a few kilometres). */
export function offsetMetres(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): { east: number; north: number } {
  const north = (b.lat - a.lat) * M_PER_DEG;
  const east = (b.lon - a.lon) * M_PER_DEG * Math.cos((a.lat * Math.PI) / 180);
  return { east, north };
}

/** The point `east`/`north` metres from `p`. */
export function moveBy(
  p: { lat: number; lon: number },
  east: number,
  north: number,
): { lat: number; lon: number } {
  return {
    lat: p.lat + north / M_PER_DEG,
    lon: p.lon + east / (M_PER_DEG * Math.cos((p.lat * Math.PI) / 180)),
  };
}
