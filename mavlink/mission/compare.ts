import type { MissionItem } from '../../mission/items/types.js';
import { canonicalFrame, isGlobalFrame } from './convert.js';

/** One field that differs between what was sent and what the vehicle holds. */
export interface MissionDifference {
  seq: number;
  field: keyof MissionItem | 'count';
  sent: number;
  readBack: number;
}

/** Result of {@link compareMissions}. */
export interface MissionComparison {
  /** True when every item matches within the tolerances. */
  same: boolean;
  differences: MissionDifference[];
  /** One-line summary for people. */
  summary: string;
}

/** Tolerances of {@link compareMissions}. */
export interface CompareOptions {
  /** Skip item 0 (ArduPilot replaces it with the vehicle's home). Default false. */
  ignoreHome?: boolean;
  /** Latitude/longitude tolerance, degrees. Default 2e-7 (about 2 cm; the wire carries 1e-7). */
  degTolerance?: number;
  /** Altitude tolerance, m. Default 0.02 (ArduPilot stores centimetres). */
  altTolerance?: number;
  /** Absolute tolerance of params 1–4 (relative 1e-5 also accepted, float32 storage). Default 1e-3. */
  paramTolerance?: number;
  /**
   * Which params 1–4 to compare: `all` (default), or `significant`: only those an autopilot must keep
   * for the job (ArduPilot drops e.g. a waypoint's yaw or a take-off's pitch): NAV_WAYPOINT p1 (hold),
   * DO_CHANGE_SPEED p1–p2, DO_SET_SERVO / DO_SET_RELAY p1–p2, DO_SPRAYER p1, fence vertex count / radius p1.
   */
  params?: 'all' | 'significant';
}

const PARAM_KEYS = ['param1', 'param2', 'param3', 'param4'] as const;
type ParamKey = (typeof PARAM_KEYS)[number];
const SIGNIFICANT: Record<number, readonly ParamKey[]> = {
  16: ['param1'],
  20: [],
  21: [],
  22: [],
  178: ['param1', 'param2'],
  181: ['param1', 'param2'],
  183: ['param1', 'param2'],
  216: ['param1'],
  5001: ['param1'],
  5002: ['param1'],
  5003: ['param1'],
  5004: ['param1'],
  5100: [],
};

/** Equal within `abs` (plus `rel` × |a| for float32-stored params). NaN ("default") matches 0. */
function close(a: number, b: number, abs: number, rel = 0): boolean {
  if (Number.isNaN(a)) return Number.isNaN(b) || b === 0; // NaN = "default": autopilots store it as 0
  if (Number.isNaN(b)) return a === 0;
  return Math.abs(a - b) <= Math.max(abs, rel * Math.abs(a));
}

/**
 * Compares an uploaded mission with what the vehicle returned, tolerating the autopilot's rounding
 * (float32 params, integer 1e-7 degrees, centimetre altitudes, NaN stored as 0) and its reporting of
 * INT frames as their non-INT numbers. `current` and `autocontinue` are not compared.
 */
export function compareMissions(
  sent: readonly MissionItem[],
  readBack: readonly MissionItem[],
  opts: CompareOptions = {},
): MissionComparison {
  const deg = opts.degTolerance ?? 2e-7;
  const alt = opts.altTolerance ?? 0.02;
  const par = opts.paramTolerance ?? 1e-3;
  const differences: MissionDifference[] = [];
  if (sent.length !== readBack.length) {
    differences.push({ seq: -1, field: 'count', sent: sent.length, readBack: readBack.length });
  }
  const n = Math.min(sent.length, readBack.length);
  for (let i = opts.ignoreHome ? 1 : 0; i < n; i++) {
    const a = sent[i] as MissionItem;
    const b = readBack[i] as MissionItem;
    const diff = (field: keyof MissionItem, x: number, y: number) =>
      differences.push({ seq: i, field, sent: x, readBack: y });
    if (a.command !== b.command) diff('command', a.command, b.command);
    if (canonicalFrame(a.frame) !== canonicalFrame(b.frame)) diff('frame', a.frame, b.frame);
    const keys = opts.params === 'significant' ? (SIGNIFICANT[a.command] ?? PARAM_KEYS) : PARAM_KEYS;
    for (const k of keys) if (!close(a[k], b[k], par, 1e-6)) diff(k, a[k], b[k]);
    const xyTol = isGlobalFrame(a.frame) ? deg : 1;
    if (!close(a.x, b.x, xyTol)) diff('x', a.x, b.x);
    if (!close(a.y, b.y, xyTol)) diff('y', a.y, b.y);
    if (!close(a.z, b.z, alt)) diff('z', a.z, b.z);
  }
  const same = differences.length === 0;
  let summary: string;
  if (same)
    summary = `read-back matches: ${sent.length} items${opts.ignoreHome ? ' (item 0 = home not compared)' : ''}`;
  else {
    const first = differences[0] as MissionDifference;
    summary =
      first.field === 'count'
        ? `read-back differs: sent ${first.sent} items, vehicle holds ${first.readBack}`
        : `read-back differs in ${differences.length} field(s); first: item ${first.seq} ${first.field} sent ${first.sent}, vehicle holds ${first.readBack}`;
  }
  return { same, differences, summary };
}
