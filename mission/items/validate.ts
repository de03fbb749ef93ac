import type { Issue } from '../dose/input-error.js';
import { type Autopilot, MavCmd, MavFrame, type MissionItem } from './types.js';

const NAV_WITH_POSITION = new Set<number>([MavCmd.NAV_WAYPOINT, MavCmd.NAV_TAKEOFF, MavCmd.NAV_LAND]);
const DO_COMMANDS = new Set<number>([
  MavCmd.DO_CHANGE_SPEED,
  MavCmd.DO_SET_RELAY,
  MavCmd.DO_SET_SERVO,
  MavCmd.DO_SPRAYER,
  MavCmd.DO_SET_ACTUATOR,
]);
/** Commands whose param4 (yaw) ArduPilot accepts as NaN (AP_Mission::sanity_check_params). */
const NAN_PARAM4_OK = new Set<number>([MavCmd.NAV_WAYPOINT, MavCmd.NAV_TAKEOFF, MavCmd.NAV_LAND]);

/**
 * Checks a mission list against what the autopilot accepts and what this app means to send:
 * sequence numbers, item 0 = home for ArduPilot, frames (GLOBAL_RELATIVE_ALT for NAV items,
 * MISSION for DO items), NaN only where ArduPilot allows it (param4 of waypoint/take-off/land),
 * no infinities, positions on the globe, sane spray and speed commands. Returns the issues found
 * (empty when the list is good).
 */
export function checkMissionItems(items: readonly MissionItem[], autopilot: Autopilot): Issue[] {
  const issues: Issue[] = [];
  const at = (i: number, m: string) => issues.push({ where: `item ${i}`, message: m });
  if (items.length === 0) issues.push({ where: 'mission', message: 'is empty' });
  items.forEach((it, i) => {
    if (it.seq !== i) at(i, `seq is ${it.seq}`);
    if (it.missionType !== 0) at(i, `mission_type ${it.missionType} in a mission list`);
    if (it.autocontinue !== 1) at(i, 'autocontinue is off: the mission would stop here');
    const params = [it.param1, it.param2, it.param3, it.param4, it.x, it.y, it.z];
    params.forEach((v, k) => {
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY)
        at(i, `param${k + 1} is infinite`);
      // PX4's DO_SET_ACTUATOR uses NaN for "leave this output unchanged".
      const nanOk =
        (k === 3 && NAN_PARAM4_OK.has(it.command)) ||
        (autopilot === 'px4' && it.command === MavCmd.DO_SET_ACTUATOR && k < 6);
      if (Number.isNaN(v) && !nanOk) at(i, `param${k + 1} is NaN (refused)`);
    });
    const isHome = autopilot === 'ardupilot' && i === 0;
    if (isHome) {
      if (it.command !== MavCmd.NAV_WAYPOINT || it.frame !== MavFrame.GLOBAL)
        at(i, 'ArduPilot item 0 must be home: NAV_WAYPOINT in frame GLOBAL (0)');
      return;
    }
    if (NAV_WITH_POSITION.has(it.command)) {
      if (it.frame !== MavFrame.GLOBAL_RELATIVE_ALT)
        at(i, `NAV command ${it.command} in frame ${it.frame}, expected 3 (GLOBAL_RELATIVE_ALT)`);
      if (!(Math.abs(it.x) <= 90) || !(Math.abs(it.y) <= 180))
        at(i, `position ${it.x}, ${it.y} is not on the globe`);
      else if (it.x === 0 && it.y === 0) at(i, 'position is 0, 0');
      if (!(it.z >= 0 && it.z <= 500)) at(i, `altitude ${it.z} m is outside 0–500 m`);
      if (it.command !== MavCmd.NAV_LAND && it.z < 0.5) at(i, `altitude ${it.z} m: too low for a waypoint`);
    } else if (DO_COMMANDS.has(it.command)) {
      if (it.frame !== MavFrame.MISSION)
        at(i, `DO command ${it.command} in frame ${it.frame}, expected 2 (MISSION)`);
      if (it.command === MavCmd.DO_SPRAYER) {
        if (autopilot === 'px4') at(i, 'PX4 does not run MAV_CMD_DO_SPRAYER');
        if (it.param1 !== 0 && it.param1 !== 1) at(i, `DO_SPRAYER param1 must be 0 or 1, got ${it.param1}`);
      }
      if (it.command === MavCmd.DO_CHANGE_SPEED && !(it.param2 > 0 && it.param2 <= 30))
        at(i, `DO_CHANGE_SPEED speed ${it.param2} m/s is outside 0–30`);
      if (it.command === MavCmd.DO_SET_SERVO && !(it.param2 >= 800 && it.param2 <= 2200))
        at(i, `DO_SET_SERVO PWM ${it.param2} is outside 800–2200`);
      if (it.command === MavCmd.DO_SET_ACTUATOR) {
        if (autopilot !== 'px4') at(i, 'DO_SET_ACTUATOR is for PX4 here');
        const set = [it.param1, it.param2, it.param3, it.param4, it.x, it.y].filter((v) => !Number.isNaN(v));
        if (set.length === 0 || set.some((v) => v < -1 || v > 1))
          at(i, 'DO_SET_ACTUATOR needs output values in -1..1');
      }
      if (it.command === MavCmd.DO_SET_RELAY && it.param2 !== 0 && it.param2 !== 1)
        at(i, `DO_SET_RELAY setting must be 0 or 1, got ${it.param2}`);
    } else if (it.command === MavCmd.NAV_RETURN_TO_LAUNCH) {
      // no parameters
    } else {
      at(i, `command ${it.command} is not one this app sends`);
    }
  });
  return issues;
}
