import { MavCmd, MavFrame, type MissionItem } from '../items/types.js';
import type { Job } from '../sorties/job.js';
import { writeQgcPlan } from './qgc-plan.js';
import { writeWaypoints } from './waypoints.js';

const round7 = (v: number) => Math.round(v * 1e7) / 1e7;

export type MissionFileFormat = 'plan' | 'waypoints';

/**
 * One sortie of a job as a mission file: QGroundControl `.plan` (mission, geofence, planned home)
 * or Mission Planner `.waypoints` (`QGC WPL 110`, item 0 = home, fence not included).
 * `sortie` is 1-based.
 */
export function jobMissionFile(job: Job, format: MissionFileFormat, sortie = 1): string {
  const m = job.missions[sortie - 1];
  if (!m) throw new Error(`sortie ${sortie}: the job has ${job.missions.length} sortie(s)`);
  const [lon, lat] = job.sorties.home;
  if (format === 'plan') {
    return writeQgcPlan({
      mission: m.items,
      fence: job.fence.items,
      rally: [],
      autopilot: m.autopilot,
      plannedHome: {
        position: [round7(lon), round7(lat)],
        altM: m.autopilot === 'ardupilot' ? (m.items[0]?.z ?? 0) : 0,
      },
      cruiseSpeedMps: job.sorties.cruiseSpeedMps,
      hoverSpeedMps: job.rate.speedMps,
    });
  }
  let items: MissionItem[] = m.items;
  if (m.autopilot === 'px4') {
    // The text format's first line is home for every ground station that reads it.
    const home: MissionItem = {
      seq: 0,
      frame: MavFrame.GLOBAL,
      command: MavCmd.NAV_WAYPOINT,
      current: 0,
      autocontinue: 1,
      param1: 0,
      param2: 0,
      param3: 0,
      param4: 0,
      x: round7(lat),
      y: round7(lon),
      z: 0,
      missionType: 0,
    };
    items = [home, ...m.items];
  }
  return writeWaypoints(items);
}
