import type { AutopilotKind } from './connection.js';

/** ArduPilot Copter custom modes (HEARTBEAT.custom_mode). */
export const COPTER_MODES: Readonly<Record<string, number>> = {
  STABILIZE: 0,
  ACRO: 1,
  ALT_HOLD: 2,
  AUTO: 3,
  GUIDED: 4,
  LOITER: 5,
  RTL: 6,
  CIRCLE: 7,
  LAND: 9,
  DRIFT: 11,
  SPORT: 13,
  FLIP: 14,
  AUTOTUNE: 15,
  POSHOLD: 16,
  BRAKE: 17,
  THROW: 18,
  AVOID_ADSB: 19,
  GUIDED_NOGPS: 20,
  SMART_RTL: 21,
  FLOWHOLD: 22,
  FOLLOW: 23,
  ZIGZAG: 24,
  SYSTEMID: 25,
  AUTOROTATE: 26,
  AUTO_RTL: 27,
  TURTLE: 28,
};

/** PX4 modes as [main mode, sub mode] (custom_mode = main << 16 | sub << 24). */
export const PX4_MODES: Readonly<Record<string, readonly [number, number]>> = {
  MANUAL: [1, 0],
  ALTCTL: [2, 0],
  POSCTL: [3, 0],
  'AUTO.READY': [4, 1],
  'AUTO.TAKEOFF': [4, 2],
  'AUTO.LOITER': [4, 3],
  'AUTO.MISSION': [4, 4],
  'AUTO.RTL': [4, 5],
  'AUTO.LAND': [4, 6],
  'AUTO.FOLLOW_TARGET': [4, 8],
  'AUTO.PRECLAND': [4, 9],
  ACRO: [5, 0],
  OFFBOARD: [6, 0],
  STABILIZED: [7, 0],
};

/** Names the app uses everywhere, mapped to PX4's. */
const PX4_ALIASES: Readonly<Record<string, string>> = {
  AUTO: 'AUTO.MISSION',
  MISSION: 'AUTO.MISSION',
  RTL: 'AUTO.RTL',
  LOITER: 'AUTO.LOITER',
  HOLD: 'AUTO.LOITER',
  LAND: 'AUTO.LAND',
  TAKEOFF: 'AUTO.TAKEOFF',
  POSHOLD: 'POSCTL',
  ALT_HOLD: 'ALTCTL',
  STABILIZE: 'STABILIZED',
};

/** Parameters of MAV_CMD_DO_SET_MODE for a mode name: [param2 custom/main mode, param3 sub mode]. */
export function modeCommandParams(kind: AutopilotKind, name: string): [number, number] {
  const key = name.trim().toUpperCase();
  if (kind === 'px4') {
    const m = PX4_MODES[PX4_ALIASES[key] ?? key];
    if (!m) throw new Error(`unknown PX4 mode "${name}"; known: ${Object.keys(PX4_MODES).join(', ')}`);
    return [m[0], m[1]];
  }
  const n = COPTER_MODES[key];
  if (n === undefined)
    throw new Error(
      `unknown ArduPilot Copter mode "${name}"; known: ${Object.keys(COPTER_MODES).join(', ')}`,
    );
  return [n, 0];
}

/** Mode name from HEARTBEAT.custom_mode (e.g. "AUTO", "AUTO.MISSION"), or "MODE(n)" when unknown. */
export function modeName(kind: AutopilotKind, customMode: number): string {
  if (kind === 'px4') {
    const main = (customMode >>> 16) & 0xff;
    const sub = (customMode >>> 24) & 0xff;
    for (const [name, [m, s]] of Object.entries(PX4_MODES))
      if (m === main && (s === sub || (s === 0 && main !== 4))) return name;
    return `MODE(${main}.${sub})`;
  }
  for (const [name, n] of Object.entries(COPTER_MODES)) if (n === customMode) return name;
  return `MODE(${customMode})`;
}
