import type { MissionItem } from '../items/types.js';

/**
 * Mission Planner / QGC plain-text missions (`QGC WPL 110`): one item per line,
 * `seq current frame command p1 p2 p3 p4 x/lat y/lon z/alt autocontinue`, tab-separated; line 1 is
 * item 0, which ArduPilot treats as home.
 */
export const WPL_HEADER = 'QGC WPL 110';

/** Thrown for a broken `.waypoints` file: says what is wrong and on which line. */
export class WaypointsFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`.waypoints line ${line}: ${message}`);
    this.name = 'WaypointsFileError';
  }
}

const FIELD_NAMES = [
  'seq',
  'current',
  'frame',
  'command',
  'param1',
  'param2',
  'param3',
  'param4',
  'latitude/param5',
  'longitude/param6',
  'altitude/param7',
  'autocontinue',
];

function parseNumber(s: string, line: number, field: string): number {
  if (/^[-+]?nan$/i.test(s)) return Number.NaN;
  const v = Number(s);
  if (s === '' || !Number.isFinite(v)) throw new WaypointsFileError(line, `${field} "${s}" is not a number`);
  return v;
}

/** Reads a `QGC WPL 110` file into mission items (item 0 is home, as written by Mission Planner). */
export function readWaypoints(text: string): MissionItem[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = (lines[0] ?? '').trim();
  if (!/^QGC WPL 110$/.test(header)) {
    throw new WaypointsFileError(1, `expected the header "${WPL_HEADER}", got "${header.slice(0, 40)}"`);
  }
  const items: MissionItem[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const lineNo = i + 1;
    const f = raw.split(/\t| +/);
    if (f.length !== 12) throw new WaypointsFileError(lineNo, `expected 12 fields, got ${f.length}`);
    const v = f.map((s, k) => parseNumber(s, lineNo, FIELD_NAMES[k]!));
    for (const k of [0, 1, 2, 3, 11]) {
      if (!Number.isInteger(v[k]!) || v[k]! < 0)
        throw new WaypointsFileError(lineNo, `${FIELD_NAMES[k]} must be a whole number ≥ 0, got ${f[k]}`);
    }
    if (v[0] !== items.length)
      throw new WaypointsFileError(lineNo, `sequence number ${v[0]} out of order (expected ${items.length})`);
    if (v[1]! > 1 || v[11]! > 1)
      throw new WaypointsFileError(lineNo, 'current and autocontinue must be 0 or 1');
    items.push({
      seq: v[0]!,
      current: v[1] as 0 | 1,
      frame: v[2]!,
      command: v[3]!,
      param1: v[4]!,
      param2: v[5]!,
      param3: v[6]!,
      param4: v[7]!,
      x: v[8]!,
      y: v[9]!,
      z: v[10]!,
      autocontinue: v[11] as 0 | 1,
      missionType: 0,
    });
  }
  if (items.length === 0) throw new WaypointsFileError(lines.length, 'no mission items (not even home)');
  return items;
}

/** Numbers as Mission Planner writes them: up to 8 decimals (1 mm in latitude), no exponent. */
function fmt(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (Number.isInteger(v)) return String(v);
  const s = v.toFixed(8).replace(/0+$/, '').replace(/\.$/, '');
  return s === '-0' ? '0' : s;
}

/**
 * Writes mission items as a `QGC WPL 110` file. Item 0 must be home (ArduPilot's convention; for a
 * PX4 list, put a home item first). Sequence numbers are rewritten 0..n-1; item 0 is marked current.
 */
export function writeWaypoints(items: readonly MissionItem[]): string {
  const out = [WPL_HEADER];
  items.forEach((it, i) => {
    out.push(
      [
        i,
        i === 0 ? 1 : 0,
        it.frame,
        it.command,
        fmt(it.param1),
        fmt(it.param2),
        fmt(it.param3),
        fmt(it.param4),
        fmt(it.x),
        fmt(it.y),
        fmt(it.z),
        it.autocontinue,
      ].join('\t'),
    );
  });
  return `${out.join('\n')}\n`;
}
