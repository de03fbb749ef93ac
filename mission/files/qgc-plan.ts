import type { LngLat } from '../geo/types.js';
import { type Autopilot, MavCmd, MavFrame, type MissionItem } from '../items/types.js';

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
  /** Mission-level speeds QGC shows (m/s). Defaults: cruise 15, hover 5 (QGC's own defaults). */
  cruiseSpeedMps?: number;
  hoverSpeedMps?: number;
}

/** MAV_AUTOPILOT values QGC stores in `firmwareType`. */
const FIRMWARE_ARDUPILOT = 3;
const FIRMWARE_PX4 = 12;
/** MAV_TYPE_QUADROTOR: multirotor. */
const VEHICLE_MULTIROTOR = 2;
/** QGC altitude modes (QGroundControlQmlGlobal::AltMode). */
const ALT_MODE_RELATIVE = 1;
const ALT_MODE_ABSOLUTE = 2;

/** NAV commands whose params 5–7 are a position (QGC writes "Altitude"/"AltitudeMode" for these). */
const POSITION_COMMANDS = new Set<number>([16, 17, 18, 19, 21, 22, 31, 82, 84, 85]);

/** Thrown for a broken `.plan`: says what is wrong and where (JSON path). */
export class QgcPlanError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`.plan ${where}: ${message}`);
    this.name = 'QgcPlanError';
  }
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown, where: string, allowNull = false): number {
  if (v === null && allowNull) return Number.NaN;
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new QgcPlanError(where, `expected a number, got ${JSON.stringify(v)}`);
  return v;
}

function int(v: unknown, where: string): number {
  const n = num(v, where);
  if (!Number.isInteger(n)) throw new QgcPlanError(where, `expected an integer, got ${n}`);
  return n;
}

function arr(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v))
    throw new QgcPlanError(where, `expected an array, got ${JSON.stringify(v)?.slice(0, 40)}`);
  return v;
}

function obj(v: unknown, where: string): Json {
  if (!isObject(v)) throw new QgcPlanError(where, 'expected an object');
  return v;
}

function latLon(v: unknown, where: string): [number, number] {
  const a = arr(v, where);
  if (a.length < 2) throw new QgcPlanError(where, 'expected [latitude, longitude]');
  const lat = num(a[0], `${where}[0]`);
  const lon = num(a[1], `${where}[1]`);
  if (lat < -90 || lat > 90) throw new QgcPlanError(`${where}[0]`, `latitude ${lat} is outside -90..90`);
  if (lon < -180 || lon > 180) throw new QgcPlanError(`${where}[1]`, `longitude ${lon} is outside -180..180`);
  return [lat, lon];
}

function item(
  frame: number,
  command: number,
  p: [number, number, number, number, number, number, number],
  missionType: 0 | 1 | 2,
  autocontinue: 0 | 1 = 1,
): MissionItem {
  return {
    seq: 0,
    frame,
    command,
    current: 0,
    autocontinue,
    param1: p[0],
    param2: p[1],
    param3: p[2],
    param4: p[3],
    x: p[4],
    y: p[5],
    z: p[6],
    missionType,
  };
}

function renumber(items: MissionItem[]): MissionItem[] {
  return items.map((it, i) => ({ ...it, seq: i }));
}

function readSimpleItem(raw: unknown, where: string): MissionItem {
  const o = obj(raw, where);
  if (o.type === 'ComplexItem') {
    throw new QgcPlanError(
      where,
      `complex item "${String(o.complexItemType)}" is not supported: in QGroundControl, convert it to simple waypoints before exporting`,
    );
  }
  if (o.type !== 'SimpleItem')
    throw new QgcPlanError(`${where}.type`, `expected "SimpleItem", got ${JSON.stringify(o.type)}`);
  const command = int(o.command, `${where}.command`);
  const frame = int(o.frame, `${where}.frame`);
  if (typeof o.autoContinue !== 'boolean')
    throw new QgcPlanError(`${where}.autoContinue`, 'expected true or false');
  const params = arr(o.params, `${where}.params`);
  if (params.length !== 7)
    throw new QgcPlanError(`${where}.params`, `expected 7 params, got ${params.length}`);
  const p = params.map((v, i) => num(v, `${where}.params[${i}]`, true)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return item(frame, command, p, 0, o.autoContinue ? 1 : 0);
}

/** Reads a QGroundControl `.plan` (JSON) file. Throws an Error naming what is wrong and where. */
export function readQgcPlan(text: string): QgcPlanContent {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new QgcPlanError('(file)', `not valid JSON: ${(e as Error).message}`);
  }
  const r = obj(root, '(top level)');
  if (r.fileType !== 'Plan')
    throw new QgcPlanError('fileType', `expected "Plan", got ${JSON.stringify(r.fileType)}`);
  if (r.version !== 1) throw new QgcPlanError('version', `expected 1, got ${JSON.stringify(r.version)}`);
  const m = obj(r.mission, 'mission');
  if (m.version !== 2)
    throw new QgcPlanError(
      'mission.version',
      `expected 2 (QGC 3.2+ format), got ${JSON.stringify(m.version)}`,
    );
  const firmware = int(m.firmwareType, 'mission.firmwareType');
  const autopilot: Autopilot = firmware === FIRMWARE_PX4 ? 'px4' : 'ardupilot';
  if (firmware !== FIRMWARE_ARDUPILOT && firmware !== FIRMWARE_PX4 && firmware !== 0) {
    throw new QgcPlanError('mission.firmwareType', `${firmware} is neither ArduPilot (3) nor PX4 (12)`);
  }
  const rawItems = arr(m.items, 'mission.items');
  const items = rawItems.map((it, i) => readSimpleItem(it, `mission.items[${i}]`));

  let plannedHome: QgcPlanContent['plannedHome'];
  if (m.plannedHomePosition !== undefined) {
    const h = arr(m.plannedHomePosition, 'mission.plannedHomePosition');
    const [lat, lon] = latLon(h, 'mission.plannedHomePosition');
    const alt = h.length > 2 ? num(h[2], 'mission.plannedHomePosition[2]', true) : 0;
    plannedHome = { position: [lon, lat], altM: Number.isNaN(alt) ? 0 : alt };
  }
  const mission: MissionItem[] = [];
  if (autopilot === 'ardupilot') {
    // The file leaves home out; on the vehicle it is item 0.
    const h = plannedHome ?? { position: [0, 0] as LngLat, altM: 0 };
    mission.push(
      item(MavFrame.GLOBAL, MavCmd.NAV_WAYPOINT, [0, 0, 0, 0, h.position[1], h.position[0], h.altM], 0),
    );
  }
  mission.push(...items);

  const fence: MissionItem[] = [];
  if (r.geoFence !== undefined) {
    const g = obj(r.geoFence, 'geoFence');
    if (g.version !== 2)
      throw new QgcPlanError('geoFence.version', `expected 2, got ${JSON.stringify(g.version)}`);
    const polys = g.polygons === undefined ? [] : arr(g.polygons, 'geoFence.polygons');
    polys.forEach((pRaw, pi) => {
      const w = `geoFence.polygons[${pi}]`;
      const p = obj(pRaw, w);
      if (typeof p.inclusion !== 'boolean')
        throw new QgcPlanError(`${w}.inclusion`, 'expected true or false');
      const verts = arr(p.polygon, `${w}.polygon`);
      if (verts.length < 3)
        throw new QgcPlanError(`${w}.polygon`, `a polygon needs at least 3 vertices, got ${verts.length}`);
      const cmd = p.inclusion
        ? MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION
        : MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION;
      verts.forEach((v, vi) => {
        const [lat, lon] = latLon(v, `${w}.polygon[${vi}]`);
        fence.push(item(MavFrame.GLOBAL, cmd, [verts.length, 0, 0, 0, lat, lon, 0], 1));
      });
    });
    const circles = g.circles === undefined ? [] : arr(g.circles, 'geoFence.circles');
    circles.forEach((cRaw, ci) => {
      const w = `geoFence.circles[${ci}]`;
      const c = obj(cRaw, w);
      if (typeof c.inclusion !== 'boolean')
        throw new QgcPlanError(`${w}.inclusion`, 'expected true or false');
      const circle = obj(c.circle, `${w}.circle`);
      const [lat, lon] = latLon(circle.center, `${w}.circle.center`);
      const radius = num(circle.radius, `${w}.circle.radius`);
      if (radius <= 0) throw new QgcPlanError(`${w}.circle.radius`, `radius must be positive, got ${radius}`);
      const cmd = c.inclusion ? MavCmd.NAV_FENCE_CIRCLE_INCLUSION : MavCmd.NAV_FENCE_CIRCLE_EXCLUSION;
      fence.push(item(MavFrame.GLOBAL, cmd, [radius, 0, 0, 0, lat, lon, 0], 1));
    });
  }

  const rally: MissionItem[] = [];
  if (r.rallyPoints !== undefined) {
    const rp = obj(r.rallyPoints, 'rallyPoints');
    if (rp.version !== 2)
      throw new QgcPlanError('rallyPoints.version', `expected 2, got ${JSON.stringify(rp.version)}`);
    const pts = rp.points === undefined ? [] : arr(rp.points, 'rallyPoints.points');
    pts.forEach((pt, i) => {
      const w = `rallyPoints.points[${i}]`;
      const a = arr(pt, w);
      const [lat, lon] = latLon(a, w);
      const alt = a.length > 2 ? num(a[2], `${w}[2]`) : 0;
      rally.push(item(MavFrame.GLOBAL_RELATIVE_ALT, MavCmd.NAV_RALLY_POINT, [0, 0, 0, 0, lat, lon, alt], 2));
    });
  }

  const out: QgcPlanContent = {
    mission: renumber(mission),
    fence: renumber(fence),
    rally: renumber(rally),
    autopilot,
  };
  if (plannedHome) out.plannedHome = plannedHome;
  if (typeof m.cruiseSpeed === 'number') out.cruiseSpeedMps = m.cruiseSpeed;
  if (typeof m.hoverSpeed === 'number') out.hoverSpeedMps = m.hoverSpeed;
  return out;
}

/** NaN is written as null (as QGC does); JSON.stringify would do the same, this keeps it explicit. */
function jsonNum(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function simpleItemJson(it: MissionItem, doJumpId: number): Json {
  const o: Json = {};
  if (POSITION_COMMANDS.has(it.command)) {
    o.AMSLAltAboveTerrain = null;
    o.Altitude = jsonNum(it.z);
    o.AltitudeMode =
      it.frame === MavFrame.GLOBAL || it.frame === MavFrame.GLOBAL_INT
        ? ALT_MODE_ABSOLUTE
        : ALT_MODE_RELATIVE;
  }
  o.autoContinue = it.autocontinue === 1;
  o.command = it.command;
  o.doJumpId = doJumpId;
  o.frame = it.frame;
  o.params = [it.param1, it.param2, it.param3, it.param4, it.x, it.y, it.z].map(jsonNum);
  o.type = 'SimpleItem';
  return o;
}

/** Groups fence items into QGC polygons (consecutive vertices of one kind, param1 = count) and circles. */
function fenceJson(fence: MissionItem[]): { polygons: Json[]; circles: Json[] } {
  const polygons: Json[] = [];
  const circles: Json[] = [];
  let i = 0;
  while (i < fence.length) {
    const f = fence[i]!;
    if (
      f.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION ||
      f.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_EXCLUSION
    ) {
      const count = Math.round(f.param1);
      if (count < 3 || i + count > fence.length)
        throw new Error(`fence item ${i}: polygon vertex count ${f.param1} does not fit the fence list`);
      const verts: [number, number][] = [];
      for (let k = 0; k < count; k++) {
        const v = fence[i + k]!;
        if (v.command !== f.command)
          throw new Error(`fence item ${i + k}: polygon of ${count} vertices is cut short`);
        verts.push([v.x, v.y]);
      }
      polygons.push({
        inclusion: f.command === MavCmd.NAV_FENCE_POLYGON_VERTEX_INCLUSION,
        polygon: verts,
        version: 1,
      });
      i += count;
    } else if (
      f.command === MavCmd.NAV_FENCE_CIRCLE_INCLUSION ||
      f.command === MavCmd.NAV_FENCE_CIRCLE_EXCLUSION
    ) {
      circles.push({
        circle: { center: [f.x, f.y], radius: f.param1 },
        inclusion: f.command === MavCmd.NAV_FENCE_CIRCLE_INCLUSION,
        version: 1,
      });
      i += 1;
    } else {
      throw new Error(`fence item ${i}: command ${f.command} is not a fence polygon vertex or circle`);
    }
  }
  return { polygons, circles };
}

/** Writes a QGroundControl `.plan` (JSON) file. */
export function writeQgcPlan(content: QgcPlanContent): string {
  const ardu = content.autopilot === 'ardupilot';
  const first = content.mission[0];
  let home: [number, number, number];
  if (content.plannedHome) {
    home = [content.plannedHome.position[1], content.plannedHome.position[0], content.plannedHome.altM];
  } else if (first && (ardu || POSITION_COMMANDS.has(first.command))) {
    home = [first.x, first.y, ardu ? first.z : 0];
  } else {
    home = [0, 0, 0];
  }
  // QGC keeps home out of the item list (it adds it back as item 0 when uploading to ArduPilot).
  const items = ardu ? content.mission.slice(1) : content.mission;
  const speedItem = items.find((it) => it.command === MavCmd.DO_CHANGE_SPEED && it.param2 > 0);
  const { polygons, circles } = fenceJson(content.fence);
  const plan = {
    fileType: 'Plan',
    geoFence: { circles, polygons, version: 2 },
    groundStation: 'AgriSpray Planner',
    mission: {
      cruiseSpeed: content.cruiseSpeedMps ?? 15,
      firmwareType: ardu ? FIRMWARE_ARDUPILOT : FIRMWARE_PX4,
      globalPlanAltitudeMode: ALT_MODE_RELATIVE,
      hoverSpeed: content.hoverSpeedMps ?? speedItem?.param2 ?? 5,
      items: items.map((it, i) => simpleItemJson(it, i + 1)),
      plannedHomePosition: home,
      vehicleType: VEHICLE_MULTIROTOR,
      version: 2,
    },
    rallyPoints: { points: content.rally.map((r) => [r.x, r.y, r.z]), version: 2 },
    version: 1,
  };
  return `${JSON.stringify(plan, null, 4)}\n`;
}
