import { common } from 'node-mavlink';
import type { MissionItem } from '../../mission/items/types.js';

const GLOBAL_FRAMES = new Set([0, 3, 5, 6, 10, 11]);

/** True for frames whose x/y are latitude/longitude (sent as degrees × 1e7 in MISSION_ITEM_INT). */
export function isGlobalFrame(frame: number): boolean {
  return GLOBAL_FRAMES.has(frame);
}

/** The non-INT frame number ArduPilot reports on download (6 → 3, 5 → 0, 11 → 10). */
export function canonicalFrame(frame: number): number {
  return frame === 6 ? 3 : frame === 5 ? 0 : frame === 11 ? 10 : frame;
}

function checkInt32(v: number, what: string): number {
  if (!Number.isFinite(v) || v < -2147483648 || v > 2147483647)
    throw new RangeError(`${what} ${v} does not fit in int32`);
  return v;
}

/** Encodes a {@link MissionItem} as MISSION_ITEM_INT for the given target. */
export function toMissionItemInt(
  item: MissionItem,
  targetSystem: number,
  targetComponent: number,
): common.MissionItemInt {
  const global = isGlobalFrame(item.frame);
  const m = new common.MissionItemInt();
  m.targetSystem = targetSystem;
  m.targetComponent = targetComponent;
  m.seq = item.seq;
  m.frame = item.frame;
  m.command = item.command;
  m.current = item.current;
  m.autocontinue = item.autocontinue;
  m.param1 = item.param1;
  m.param2 = item.param2;
  m.param3 = item.param3;
  m.param4 = item.param4;
  m.x = checkInt32(global ? Math.round(item.x * 1e7) : Math.round(item.x), `item ${item.seq} x`);
  m.y = checkInt32(global ? Math.round(item.y * 1e7) : Math.round(item.y), `item ${item.seq} y`);
  m.z = item.z;
  m.missionType = item.missionType;
  return m;
}

/** Decodes MISSION_ITEM_INT (or the float MISSION_ITEM some vehicles send) into a {@link MissionItem}. */
export function fromWireItem(m: common.MissionItemInt | common.MissionItem): MissionItem {
  const isInt = m instanceof common.MissionItemInt;
  const global = isGlobalFrame(m.frame);
  return {
    seq: m.seq,
    frame: m.frame,
    command: m.command,
    current: m.current ? 1 : 0,
    autocontinue: m.autocontinue ? 1 : 0,
    param1: m.param1,
    param2: m.param2,
    param3: m.param3,
    param4: m.param4,
    x: isInt && global ? m.x / 1e7 : m.x,
    y: isInt && global ? m.y / 1e7 : m.y,
    z: m.z,
    missionType: (m.missionType ?? 0) as 0 | 1 | 2,
  };
}

/** Problems that make a list of items impossible to upload, as "item N: what" strings (empty when fine). */
export function validateItemsForUpload(items: readonly MissionItem[], missionType: number): string[] {
  const problems: string[] = [];
  if (items.length > 65535)
    problems.push(`${items.length} items: the mission protocol carries at most 65535`);
  items.forEach((it, i) => {
    const where = `item ${i}`;
    if (it.seq !== i)
      problems.push(`${where}: seq is ${it.seq}, expected ${i} (items must be numbered 0, 1, 2, …)`);
    if (it.missionType !== missionType)
      problems.push(
        `${where}: mission type ${it.missionType} differs from the upload's mission type ${missionType}`,
      );
    for (const k of ['param1', 'param2', 'param3', 'param4'] as const) {
      if (Number.isNaN(it[k])) continue; // NaN means "unchanged / default" in MAVLink
      if (!Number.isFinite(it[k])) problems.push(`${where}: ${k} is not a finite number`);
    }
    for (const k of ['x', 'y', 'z'] as const)
      if (!Number.isFinite(it[k])) problems.push(`${where}: ${k} is not a finite number`);
    if (isGlobalFrame(it.frame) && !(it.x === 0 && it.y === 0)) {
      if (Math.abs(it.x) > 90) problems.push(`${where}: latitude ${it.x} is outside -90..90`);
      if (Math.abs(it.y) > 180) problems.push(`${where}: longitude ${it.y} is outside -180..180`);
    }
  });
  return problems;
}
