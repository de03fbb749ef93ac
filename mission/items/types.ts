/**
 * A MAVLink mission item as the app stores, exports and uploads it (MISSION_ITEM_INT semantics,
 * but with x/y in degrees and z in metres, so the domain never deals with 1e7 integers).
 * Shared by `mission/` (building, files) and `mavlink/` (upload, download).
 */
export interface MissionItem {
  /** 0-based sequence number in its list. */
  seq: number;
  /** MAV_FRAME (e.g. 3 GLOBAL_RELATIVE_ALT, 0 GLOBAL, 2 MISSION). */
  frame: number;
  /** MAV_CMD. */
  command: number;
  current: 0 | 1;
  autocontinue: 0 | 1;
  param1: number;
  param2: number;
  param3: number;
  param4: number;
  /** Latitude (degrees) for NAV items with a position, else raw param5. */
  x: number;
  /** Longitude (degrees) for NAV items with a position, else raw param6. */
  y: number;
  /** Altitude (m) or raw param7. */
  z: number;
  /** MAV_MISSION_TYPE: 0 mission, 1 fence, 2 rally. */
  missionType: 0 | 1 | 2;
}

export type Autopilot = 'ardupilot' | 'px4';

/** Well-known MAV_CMD numbers used across the project. */
export const MavCmd = {
  NAV_WAYPOINT: 16,
  NAV_LOITER_UNLIM: 17,
  NAV_RETURN_TO_LAUNCH: 20,
  NAV_LAND: 21,
  NAV_TAKEOFF: 22,
  DO_CHANGE_SPEED: 178,
  DO_SET_RELAY: 181,
  DO_SET_SERVO: 183,
  /** PX4's generic output command: params 1–6 = outputs "Peripheral via Actuator Set 1–6" (-1..1, NaN = unchanged). */
  DO_SET_ACTUATOR: 187,
  DO_SPRAYER: 216,
  NAV_FENCE_POLYGON_VERTEX_INCLUSION: 5001,
  NAV_FENCE_POLYGON_VERTEX_EXCLUSION: 5002,
  NAV_FENCE_CIRCLE_INCLUSION: 5003,
  NAV_FENCE_CIRCLE_EXCLUSION: 5004,
  NAV_RALLY_POINT: 5100,
} as const;

export const MavFrame = {
  GLOBAL: 0,
  MISSION: 2,
  GLOBAL_RELATIVE_ALT: 3,
  GLOBAL_INT: 5,
  GLOBAL_RELATIVE_ALT_INT: 6,
} as const;
