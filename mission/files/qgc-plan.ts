import type { LngLat } from '../geo/types.js';
import type { Autopilot, MissionItem } from '../items/types.js';

/** The parts of a QGroundControl `.plan` file the app reads and writes. */
export interface QgcPlanContent {
  /** Mission items in order. For ArduPilot, item 0 is home, as on the vehicle. */
  mission: MissionItem[];
  /** Fence items (mission_type 1) as uploaded: polygon vertex and circle items. */
  fence: MissionItem[];
  /** Rally points (mission_type 2). */
  rally: MissionItem[];
  plannedHome?: { position: LngLat; altM: number };
  autopilot: Autopilot;
}

/** Reads a QGroundControl `.plan` (JSON) file. Throws an Error naming what is wrong and where. */
export function readQgcPlan(_text: string): QgcPlanContent {
  throw new Error('readQgcPlan: not implemented yet');
}

/** Writes a QGroundControl `.plan` (JSON) file. */
export function writeQgcPlan(_content: QgcPlanContent): string {
  throw new Error('writeQgcPlan: not implemented yet');
}
