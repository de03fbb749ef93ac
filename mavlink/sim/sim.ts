import { ardupilotmega, common, type MavLinkData, minimal } from 'node-mavlink';
import { FaultyLink, type LinkFaults } from '../link/faults.js';
import { openLink } from '../link/open.js';
import type { Link } from '../link/types.js';
import type { UdpLink } from '../link/udp.js';
import { COPTER_MODES } from '../modes.js';
import { MavEndpoint } from '../protocol/endpoint.js';
import { mav } from '../protocol/frames.js';
import type { MavMessageIn } from '../protocol/inbox.js';
import { type CopterConfig, CopterModel, DEFAULT_PARAMS } from './copter.js';
import { type InjectedMissionResult, MissionServer, type MissionServerOptions } from './mission-server.js';

/** Options of {@link startSim}. */
export interface SimOptions extends LinkFaults {
  /** Link URL (e.g. `udpout://127.0.0.1:14550`, `udpin://127.0.0.1:0`) or an already open link. */
  link: string | Link;
  /** Home / start position. Default a rice field near Cần Thơ (10.0452, 105.7469), 5 m MSL. */
  home?: { lat: number; lon: number; altMslM?: number };
  /** MAVLink system id. Default 1. */
  sysid?: number;
  /** Simulated seconds per real second (flight, battery, tank). Default 1. Protocol timeouts stay real-time. */
  speedup?: number;
  /** Mission protocol tunables (limits, re-ask interval, upload timeout). */
  mission?: MissionServerOptions;
  /** Sprayer drone set-up. */
  copter?: Partial<Omit<CopterConfig, 'home'>>;
  /** Initial parameter overrides (ArduPilot names). */
  params?: Record<string, number>;
  /**
   * Telemetry period for position, VFR_HUD and servo outputs, real ms (5 … ). Default: 100 ms of
   * simulated time (10 Hz, as ArduPilot streams), i.e. 100 / speedup real ms.
   */
  telemetryMs?: number;
  /** Which autopilot to imitate. Default `ardupilot` (Copter). `px4`: PX4 mission protocol and modes. */
  autopilot?: 'ardupilot' | 'px4';
  /** Answer COMMAND_LONG for these commands never (to test retries), or only after N attempts. */
  ignoreCommands?: Record<number, number>;
}

/** A running simulated vehicle. */
export interface Sim {
  readonly link: FaultyLink;
  /** Faults on the link; change them at any time (e.g. `sim.faults.down = true` to cut the link). */
  readonly faults: LinkFaults;
  readonly model: CopterModel;
  readonly missions: MissionServer;
  readonly params: Record<string, number>;
  /** Makes the next upload fail at `seq` with the given MAV_MISSION_RESULT. */
  injectMissionResult(inject: InjectedMissionResult): void;
  /** Simulated milliseconds since boot. */
  bootMs(): number;
  close(): Promise<void>;
}

const MAV_TYPE_QUADROTOR = 2;
const MAV_AUTOPILOT_ARDUPILOTMEGA = 3;
const MAV_AUTOPILOT_PX4 = 12;

/** Copter mode numbers ↔ PX4 [main, sub] modes, for the PX4 flavour of the simulator. */
const PX4_EQUIVALENT: [number, number, number][] = [
  [3, 4, 4], // AUTO ↔ AUTO.MISSION
  [5, 4, 3], // LOITER ↔ AUTO.LOITER
  [6, 4, 5], // RTL ↔ AUTO.RTL
  [9, 4, 6], // LAND ↔ AUTO.LAND
  [16, 3, 0], // POSHOLD ↔ POSCTL
  [2, 2, 0], // ALT_HOLD ↔ ALTCTL
  [0, 7, 0], // STABILIZE ↔ STABILIZED
  [4, 6, 0], // GUIDED ↔ OFFBOARD
];

function px4ToCopterMode(main: number, sub: number): number | undefined {
  return PX4_EQUIVALENT.find(([, m, s]) => m === main && s === sub)?.[0];
}

function copterToPx4CustomMode(mode: number): number {
  const e = PX4_EQUIVALENT.find(([c]) => c === mode) ?? [0, 7, 0];
  return ((e[1] << 16) | (e[2] << 24)) >>> 0;
}
const PARAM_REAL32 = common.MavParamType.REAL32;

/**
 * Starts a simulated ArduPilot Copter sprayer that speaks MAVLink 2 on `opts.link`: mission protocol as
 * ArduPilot does it, commands, parameters, and a flight with telemetry. Fault injection applies to every
 * packet in both directions.
 */
export async function startSim(opts: SimOptions): Promise<Sim> {
  const raw = typeof opts.link === 'string' ? await openLink(opts.link) : opts.link;
  const faults: LinkFaults = {};
  for (const k of ['loss', 'duplicate', 'reorder', 'latencyMs', 'jitterMs', 'down', 'seed'] as const) {
    if (opts[k] !== undefined) (faults as Record<string, unknown>)[k] = opts[k];
  }
  const link = new FaultyLink(raw, faults);
  const sysid = opts.sysid ?? 1;
  const compid = 1;
  const endpoint = new MavEndpoint(link, sysid, compid);
  const speedup = opts.speedup ?? 1;
  const startedAt = performance.now();
  const bootMs = () => (performance.now() - startedAt) * speedup;
  const home = {
    lat: opts.home?.lat ?? 10.0452,
    lon: opts.home?.lon ?? 105.7469,
    altMslM: opts.home?.altMslM ?? 5,
  };
  const params: Record<string, number> = { ...DEFAULT_PARAMS, ...opts.params };
  const px4 = opts.autopilot === 'px4';
  const model = new CopterModel(
    {
      home,
      tankL: opts.copter?.tankL ?? 10,
      pumpMaxLpm: opts.copter?.pumpMaxLpm ?? 5,
      enduranceMin: opts.copter?.enduranceMin ?? 15,
      wind: opts.copter?.wind ?? { speedMps: 1.8, fromDeg: 135 },
      pumpServo: opts.copter?.pumpServo ?? 9,
      firstItem: px4 ? 0 : 1,
    },
    params,
  );
  let gcs = { sysid: 255, compid: 190 };
  let heardGcs = false;
  const send = (m: MavLinkData) => endpoint.send(m);
  const missions = new MissionServer(
    {
      send,
      home: () => home,
      now: () => performance.now(),
      changed: (t) => {
        if (t === 0) {
          model.mission = missions.store[0] as never;
          if (model.current >= model.mission.length) model.current = 0;
        }
      },
    },
    { ...opts.mission, flavour: px4 ? 'px4' : 'ardupilot' },
  );
  const commandAttempts = new Map<number, number>();

  const statusText = (severity: number, text: string) =>
    send(mav(common.StatusText, { severity, text: text.slice(0, 50), id: 0, chunkSeq: 0 }));

  const ack = (command: number, result: number) =>
    send(
      mav(common.CommandAck, {
        command,
        result,
        progress: 0,
        resultParam2: 0,
        targetSystem: gcs.sysid,
        targetComponent: gcs.compid,
      }),
    );

  const paramValue = (name: string) => {
    const names = Object.keys(params);
    send(
      mav(common.ParamValue, {
        paramId: name,
        paramValue: params[name] as number,
        paramType: PARAM_REAL32,
        paramCount: names.length,
        paramIndex: names.indexOf(name),
      }),
    );
  };

  const handleCommand = (c: common.CommandLong) => {
    setImmediate(() => {
      if (model.mode !== lastBeat.mode || model.armed !== lastBeat.armed) heartbeat();
    });
    const cmd = c.command as number;
    const ignore = opts.ignoreCommands?.[cmd];
    if (ignore !== undefined) {
      const n = (commandAttempts.get(cmd) ?? 0) + 1;
      commandAttempts.set(cmd, n);
      if (n <= ignore) return;
    }
    const R = common.MavResult;
    const refuse = (text: string | undefined, result: number = R.DENIED) => {
      if (text) {
        statusText(3, text);
        ack(cmd, result);
      } else ack(cmd, R.ACCEPTED);
    };
    switch (cmd) {
      case common.MavCmd.COMPONENT_ARM_DISARM:
        return refuse(c._param1 >= 0.5 ? model.arm() : model.disarm(c._param2 === 21196), R.FAILED);
      case common.MavCmd.DO_SET_MODE: {
        const mode = px4
          ? px4ToCopterMode(Math.round(c._param2), Math.round(c._param3))
          : Math.round(c._param2);
        return ack(cmd, mode !== undefined && model.setMode(mode) ? R.ACCEPTED : R.DENIED);
      }
      case common.MavCmd.MISSION_START:
        return refuse(model.missionStart(Math.round(c._param1)));
      case common.MavCmd.DO_SET_MISSION_CURRENT:
        return ack(cmd, model.setCurrent(Math.round(c._param1)) ? R.ACCEPTED : R.DENIED);
      case common.MavCmd.DO_PAUSE_CONTINUE:
        return ack(cmd, model.pause(c._param1 < 0.5) ? R.ACCEPTED : R.DENIED);
      case common.MavCmd.NAV_RETURN_TO_LAUNCH:
        return ack(cmd, model.armed && model.setMode(COPTER_MODES.RTL as number) ? R.ACCEPTED : R.DENIED);
      case common.MavCmd.NAV_LAND:
        return ack(cmd, model.armed && model.setMode(COPTER_MODES.LAND as number) ? R.ACCEPTED : R.DENIED);
      case 216: // DO_SPRAYER
        if (!params.SPRAY_ENABLE) return refuse('Sprayer: not enabled (SPRAY_ENABLE=0)', R.FAILED);
        model.runDo({ command: 216, param1: c._param1 } as never);
        return ack(cmd, R.ACCEPTED);
      case common.MavCmd.DO_SET_SERVO:
      case common.MavCmd.DO_SET_RELAY:
      case common.MavCmd.DO_CHANGE_SPEED:
        model.runDo({ command: cmd, param1: c._param1, param2: c._param2 } as never);
        return ack(cmd, R.ACCEPTED);
      case common.MavCmd.SET_MESSAGE_INTERVAL:
      case common.MavCmd.REQUEST_MESSAGE:
        return ack(cmd, R.ACCEPTED);
      default:
        return ack(cmd, R.UNSUPPORTED);
    }
  };

  endpoint.on('message', (f: MavMessageIn) => {
    const m = f.message;
    if (m instanceof minimal.Heartbeat) {
      if (m.type === 6) {
        const isNew = !heardGcs;
        heardGcs = true;
        gcs = { sysid: f.sysid, compid: f.compid };
        if (isNew) {
          // answer a new ground station at once instead of at the next 1 Hz beat
          heartbeat();
          setImmediate(() => slow());
        }
      }
      return;
    }
    if ('targetSystem' in m && typeof (m as { targetSystem: unknown }).targetSystem === 'number') {
      const ts = (m as { targetSystem: number }).targetSystem;
      if (ts !== 0 && ts !== sysid) return;
    }
    if (missions.handle(f)) return;
    if (m instanceof common.CommandLong) return handleCommand(m);
    if (m instanceof common.ParamRequestRead) {
      const name = m.paramIndex >= 0 ? Object.keys(params)[m.paramIndex] : m.paramId.replace(/\0+$/, '');
      if (name !== undefined && name in params) paramValue(name);
      return;
    }
    if (m instanceof common.ParamRequestList) {
      for (const name of Object.keys(params)) paramValue(name);
      return;
    }
    if (m instanceof common.ParamSet) {
      const name = m.paramId.replace(/\0+$/, '');
      if (!(name in params)) return; // ArduPilot ignores unknown names
      params[name] = Math.fround(m.paramValue);
      paramValue(name);
      return;
    }
    if (m instanceof common.MissionSetCurrent) {
      model.setCurrent(m.seq);
      return;
    }
  });

  // --- simulation and telemetry loops (real time) ---
  // the loop runs at least as often as the fast telemetry (down to 5 ms), else every 50 ms
  const telemetryMs = opts.telemetryMs ?? Math.max(5, Math.round(100 / speedup));
  const tickMs = Math.max(5, Math.min(50, telemetryMs));
  let lastStep = performance.now();
  let tick = 0;
  const telemetryEvery = Math.max(1, Math.round(telemetryMs / tickMs));
  const slowEvery = Math.max(1, Math.round(500 / tickMs)); // 2 Hz: battery, GPS, mission, wind
  const heartbeatEvery = Math.max(1, Math.round(1000 / tickMs)); // 1 Hz
  const lastBeat = { mode: -1, armed: false };
  const heartbeat = () => {
    lastBeat.mode = model.mode;
    lastBeat.armed = model.armed;
    let base =
      minimal.MavModeFlag.CUSTOM_MODE_ENABLED |
      minimal.MavModeFlag.STABILIZE_ENABLED |
      minimal.MavModeFlag.GUIDED_ENABLED;
    if (model.armed) base |= minimal.MavModeFlag.SAFETY_ARMED;
    send(
      mav(minimal.Heartbeat, {
        type: MAV_TYPE_QUADROTOR,
        autopilot: px4 ? MAV_AUTOPILOT_PX4 : MAV_AUTOPILOT_ARDUPILOTMEGA,
        baseMode: base,
        customMode: px4 ? copterToPx4CustomMode(model.mode) : model.mode,
        systemStatus: model.armed ? minimal.MavState.ACTIVE : minimal.MavState.STANDBY,
        mavlinkVersion: 3,
      }),
    );
  };
  const fast = () => {
    const t = Math.round(bootMs());
    const hdg = Math.round(model.headingDeg * 100) % 36000;
    // servo outputs and flow first, so a position sample pairs with the pump state of the same instant
    const servo: Record<string, number> = { timeUsec: (t * 1000) >>> 0, port: 0 };
    for (let i = 1; i <= 16; i++) servo[`servo${i}Raw`] = i <= 4 ? (model.armed ? 1500 : 1000) : 0;
    servo[`servo${model.cfg.pumpServo}Raw`] = model.pumpPwm();
    send(mav(common.ServoOutputRaw, servo as never));
    // the flow sensor reports with the pump output, so flow and nozzle state describe the same instant
    send(mav(common.NamedValueFloat, { timeBootMs: t, name: 'FLOW_LPM', value: model.flowLpm }));
    send(
      mav(common.GlobalPositionInt, {
        timeBootMs: t,
        lat: Math.round(model.lat * 1e7),
        lon: Math.round(model.lon * 1e7),
        alt: Math.round((home.altMslM + model.alt) * 1000),
        relativeAlt: Math.round(model.alt * 1000),
        vx: Math.round(model.vNorth * 100),
        vy: Math.round(model.vEast * 100),
        vz: Math.round(-model.vUp * 100),
        hdg,
      }),
    );
    send(
      mav(common.VfrHud, {
        airspeed: model.groundSpeed,
        groundspeed: model.groundSpeed,
        heading: Math.round(model.headingDeg) % 360,
        throttle: model.armed ? 45 : 0,
        alt: home.altMslM + model.alt,
        climb: model.vUp,
      }),
    );
  };
  const slow = () => {
    const volts = 21 + 4.2 * (model.batteryPct / 100);
    send(
      mav(common.SysStatus, {
        voltageBattery: Math.round(volts * 1000),
        currentBattery: model.armed ? 2500 : 50,
        batteryRemaining: Math.round(model.batteryPct),
        load: 300,
      }),
    );
    const cells = new Array(10).fill(65535);
    cells[0] = Math.min(65534, Math.round(volts * 1000));
    send(
      mav(common.BatteryStatus, {
        id: 0,
        voltages: cells,
        currentBattery: model.armed ? 2500 : 50,
        batteryRemaining: Math.round(model.batteryPct),
        temperature: 32767,
        voltagesExt: [0, 0, 0, 0],
      }),
    );
    send(
      mav(common.GpsRawInt, {
        timeUsec: BigInt(Math.round(bootMs() * 1000)),
        fixType: 3,
        lat: Math.round(model.lat * 1e7),
        lon: Math.round(model.lon * 1e7),
        alt: Math.round((home.altMslM + model.alt) * 1000),
        eph: 80,
        epv: 120,
        vel: Math.round(model.groundSpeed * 100),
        cog: Math.round(model.headingDeg * 100) % 36000,
        satellitesVisible: 16,
      }),
    );
    const total = missions.totalForMissionCurrent();
    send(
      mav(common.MissionCurrent, {
        seq: model.current,
        total,
        missionState: 0,
        missionMode: model.mode === COPTER_MODES.AUTO ? 1 : 0,
      }),
    );
    const w = model.cfg.wind;
    send(
      mav(ardupilotmega.Wind, {
        direction: w.fromDeg,
        speed: w.speedMps * (0.9 + 0.2 * Math.random()),
        speedZ: 0,
      }),
    );
    send(
      mav(common.NamedValueFloat, { timeBootMs: Math.round(bootMs()), name: 'TANK_L', value: model.tankL }),
    );
  };
  const loop = setInterval(() => {
    const now = performance.now();
    let dt = ((now - lastStep) / 1000) * speedup;
    lastStep = now;
    while (dt > 0) {
      const h = Math.min(dt, 0.25); // the model cuts this into 50 ms steps
      model.step(h);
      dt -= h;
    }
    for (const e of model.events.splice(0)) {
      if (e.kind === 'text') statusText(e.severity, e.text);
      else if (e.kind === 'reached') send(mav(common.MissionItemReached, { seq: e.seq }));
      else
        send(
          mav(common.MissionCurrent, {
            seq: e.seq,
            total: missions.totalForMissionCurrent(),
            missionState: 0,
            missionMode: 0,
          }),
        );
    }
    missions.tick();
    if (model.mode !== lastBeat.mode || model.armed !== lastBeat.armed) heartbeat(); // state changes show at once
    tick++;
    if (tick % telemetryEvery === 0) fast();
    if (tick % slowEvery === 0) slow();
    if (tick % heartbeatEvery === 0) heartbeat();
  }, tickMs);
  heartbeat();

  return {
    link,
    faults,
    model,
    missions,
    params,
    bootMs,
    injectMissionResult(inject) {
      missions.inject = inject;
    },
    async close() {
      clearInterval(loop);
      endpoint.detach();
      await link.close();
    },
  };
}

/**
 * Starts a simulator listening on a random loopback UDP port (`udpin://127.0.0.1:0`) and returns the URL a
 * ground station connects to (`udpout://127.0.0.1:<port>`): the app's one-click demo vehicle.
 */
export async function startLoopbackSim(
  opts: Omit<SimOptions, 'link'> = {},
): Promise<{ sim: Sim; connectUrl: string }> {
  const link = await openLink('udpin://127.0.0.1:0');
  const port = (link as UdpLink).localPort;
  const sim = await startSim({ ...opts, link });
  return { sim, connectUrl: `udpout://127.0.0.1:${port}` };
}
