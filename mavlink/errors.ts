import { common } from 'node-mavlink';
import { MavCmd } from '../mission/items/types.js';

/** Name of a MAV_MISSION_RESULT value, e.g. "NO_SPACE". */
export function missionResultName(result: number): string {
  return (common.MavMissionResult as unknown as Record<number, string>)[result] ?? `result ${result}`;
}

/** Name of a MAV_RESULT value, e.g. "DENIED". */
export function commandResultName(result: number): string {
  return (common.MavResult as unknown as Record<number, string>)[result] ?? `result ${result}`;
}

/** Name of a MAV_CMD value, e.g. "COMPONENT_ARM_DISARM". */
export function commandName(command: number): string {
  return (
    (common.MavCmd as unknown as Record<number, string>)[command] ??
    (command === MavCmd.DO_SPRAYER ? 'DO_SPRAYER' : `command ${command}`)
  );
}

const TYPE_NAMES = ['mission', 'fence', 'rally'];
/** "mission", "fence" or "rally". */
export function missionTypeName(t: number): string {
  return TYPE_NAMES[t] ?? `mission type ${t}`;
}

/** Why a mission transfer failed. */
export type MissionFailure = 'rejected' | 'timeout' | 'link-lost' | 'cancelled' | 'no-vehicle';

/** A mission upload, download or clear that failed; `result` is the MAV_MISSION_RESULT when the vehicle sent one. */
export class MissionTransferError extends Error {
  constructor(
    message: string,
    readonly operation: 'upload' | 'download' | 'clear',
    readonly missionType: number,
    readonly failure: MissionFailure,
    readonly result?: number,
    /** True when the vehicle may now hold a mix of old and new items (upload failed part-way). */
    readonly partial = false,
  ) {
    super(message);
    this.name = 'MissionTransferError';
  }
  /** Name of `result`, e.g. "NO_SPACE". */
  get resultName(): string | undefined {
    return this.result === undefined ? undefined : missionResultName(this.result);
  }
}

/** A COMMAND_LONG the vehicle refused, or did not acknowledge after all retries. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly command: number,
    /** MAV_RESULT when the vehicle answered; undefined on timeout. */
    readonly result?: number,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** The vehicle stopped sending heartbeats (or the link closed) while an operation was running. */
export class VehicleLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VehicleLostError';
  }
}

/** Plain-language explanation of a MAV_MISSION_RESULT, for the item that was being transferred. */
export function explainMissionResult(
  result: number,
  ctx: { seq?: number; command?: number; count?: number },
): string {
  const item =
    ctx.seq === undefined
      ? 'an item'
      : `item ${ctx.seq}${ctx.command === undefined ? '' : ` (${commandName(ctx.command)})`}`;
  const R = common.MavMissionResult;
  switch (result) {
    case R.NO_SPACE:
      return `the vehicle has no room for ${ctx.count ?? 'that many'} items (NO_SPACE): split the job into more sorties or use fewer waypoints`;
    case R.DENIED:
      return 'the vehicle refused the transfer (DENIED): it is probably busy (flying the mission, or another transfer running); land, disarm or leave AUTO first';
    case R.UNSUPPORTED:
      return `the vehicle does not support ${item} or this mission type (UNSUPPORTED)`;
    case R.UNSUPPORTED_FRAME:
      return `the vehicle does not accept the coordinate frame of ${item} (UNSUPPORTED_FRAME)`;
    case R.INVALID_SEQUENCE:
      return `items reached the vehicle out of order at ${item} and it gave up (INVALID_SEQUENCE)`;
    case R.OPERATION_CANCELLED:
      return 'the vehicle cancelled the transfer (OPERATION_CANCELLED): it waited too long for the next item, or another ground station interrupted';
    case R.INVALID:
      return `the vehicle found ${item} invalid (INVALID)`;
    case R.ERROR:
      return `the vehicle reported a general error at ${item} (ERROR)`;
    default:
      if (result >= R.INVALID_PARAM1 && result <= R.INVALID_PARAM7) {
        const n = result - R.INVALID_PARAM1 + 1;
        const label =
          n === 5
            ? 'param5/x (latitude)'
            : n === 6
              ? 'param6/y (longitude)'
              : n === 7
                ? 'param7/z (altitude)'
                : `param${n}`;
        return `${item} has an invalid ${label} (${missionResultName(result)})`;
      }
      return `the vehicle answered ${missionResultName(result)}`;
  }
}
