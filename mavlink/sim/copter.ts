import { MavCmd, type MissionItem } from '../../mission/items/types.js';
import { COPTER_MODES } from '../modes.js';
import { moveBy, offsetMetres } from './geo.js';
import { cornerAt, type EN, type Fillet, Leg, type WpNavLimits } from './wpnav.js';

const M = {
  STABILIZE: 0,
  ALT_HOLD: 2,
  AUTO: 3,
  GUIDED: 4,
  LOITER: 5,
  RTL: 6,
  LAND: 9,
  POSHOLD: 16,
  BRAKE: 17,
} as const;
const KNOWN_MODES = new Set(Object.values(COPTER_MODES));
const {
  NAV_WAYPOINT,
  NAV_LOITER_UNLIM,
  NAV_RETURN_TO_LAUNCH: NAV_RTL,
  NAV_LAND,
  NAV_TAKEOFF,
  DO_CHANGE_SPEED,
  DO_SET_RELAY,
  DO_SET_SERVO,
  DO_SPRAYER,
} = MavCmd;

/** Physical set-up of the simulated sprayer drone. */
export interface CopterConfig {
  home: { lat: number; lon: number; altMslM: number };
  /** Tank, litres. Default 10. */
  tankL: number;
  /** Pump flow at 100 % output, L/min. Default 5. */
  pumpMaxLpm: number;
  /** Battery endurance when flying, minutes (100 % → 0 %). Default 15. */
  enduranceMin: number;
  /** Wind the vehicle estimates. */
  wind: { speedMps: number; fromDeg: number };
  /** Pump servo output channel. Default 9. */
  pumpServo: number;
  /** First flyable mission item: 1 on ArduPilot (item 0 is home), 0 on PX4. */
  firstItem: number;
}

/** Something happened that the vehicle reports in a STATUSTEXT or MISSION_ITEM_REACHED. */
export type CopterEvent =
  | { kind: 'text'; severity: number; text: string }
  | { kind: 'reached'; seq: number }
  | { kind: 'current'; seq: number };

/** Parameters the simulator understands (ArduPilot names and units). */
export const DEFAULT_PARAMS: Record<string, number> = {
  SPRAY_ENABLE: 1,
  SPRAY_PUMP_RATE: 10, // % per m/s
  SPRAY_PUMP_MIN: 0, // %
  SPRAY_SPEED_MIN: 100, // cm/s
  SPRAY_SPINNER: 1300,
  SERVO9_FUNCTION: 22,
  SERVO9_MIN: 1100,
  SERVO9_MAX: 1900,
  WPNAV_SPEED: 500, // cm/s
  WPNAV_SPEED_UP: 250,
  WPNAV_SPEED_DN: 150,
  WPNAV_RADIUS: 200, // cm
  WPNAV_ACCEL: 250, // cm/s²
  RTL_ALT: 1500, // cm
  LAND_SPEED: 50, // cm/s
  MIS_RESTART: 0,
  ARMING_CHECK: 1,
  BATT_LOW_VOLT: 21.6,
};

/** AC_Sprayer: the pump starts once the speed has been above SPRAY_SPEED_MIN this long (s). */
const SPRAYER_TURN_ON_DELAY_S = 0.1;
/** AC_Sprayer: the pump stops once the speed has been below SPRAY_SPEED_MIN this long (s). */
const SPRAYER_SHUT_OFF_DELAY_S = 1;
/** Longest physics step (s): a long tick is cut into steps this short. */
const MAX_STEP_S = 0.05;

/**
 * A simple ArduPilot Copter flight model: arming, take-off, waypoints flown along their tracks as
 * AC_WPNav does (acceleration limit, rounded corners through intermediate waypoints, see `wpnav.ts`),
 * DO items (speed, sprayer, servo, relay) run when the NAV item before them is reached, the sprayer as
 * AC_Sprayer drives it, RTL and land, pause/continue, battery and tank drain. All times are simulated
 * seconds (the simulator may run faster than real time).
 */
export class CopterModel {
  lat: number;
  lon: number;
  /** Altitude above home, m. */
  alt = 0;
  vEast = 0;
  vNorth = 0;
  vUp = 0;
  headingDeg = 0;
  armed = false;
  mode: number = M.STABILIZE;
  landed = true;
  paused = false;
  /** Mission items as stored (item 0 home). */
  mission: MissionItem[] = [];
  /** Current mission item (the NAV item being flown to). */
  current = 0;
  private speedMps: number;
  sprayerOn = false;
  /** DO_SET_SERVO override of the pump output, PWM (undefined = sprayer drives it). */
  pumpOverridePwm: number | undefined;
  relay = [false, false, false, false, false, false];
  tankL: number;
  batteryPct = 100;
  flowLpm = 0;
  private tankEmptyReported = false;
  private batteryLowReported = false;
  private holdPos: { lat: number; lon: number; alt: number } | undefined;
  private rtlPhase: 'climb' | 'return' | 'descend' = 'climb';
  /** The waypoint leg being flown, and the mission item it belongs to. */
  private leg: { seq: number; leg: Leg; corner: Fillet | undefined; target: EN } | undefined;
  /** What the next leg continues from: the waypoint just passed, its corner and the speed there. */
  private carry: { from: EN; corner: Fillet | undefined; speed: number } | undefined;
  /** AC_Sprayer state: pump actually running, and how long the speed has been over / under the minimum. */
  private spraying = false;
  /** Time of the current step not used by a leg that ended within it (flown on the next leg). */
  private leftoverS = 0;
  /** Seconds held on a waypoint with a hold time (NAV_WAYPOINT param1) so far. */
  private heldS = 0;
  private overMinS = 0;
  private underMinS = 0;
  readonly events: CopterEvent[] = [];

  constructor(
    readonly cfg: CopterConfig,
    readonly params: Record<string, number>,
  ) {
    this.lat = cfg.home.lat;
    this.lon = cfg.home.lon;
    this.tankL = cfg.tankL;
    this.speedMps = (params.WPNAV_SPEED ?? 500) / 100;
  }

  private text(severity: number, text: string): void {
    this.events.push({ kind: 'text', severity, text });
  }

  get groundSpeed(): number {
    return Math.hypot(this.vEast, this.vNorth);
  }

  /** Pump output in percent (0 when off), as ArduPilot's AC_Sprayer computes it. */
  pumpPct(): number {
    if (this.pumpOverridePwm !== undefined) {
      const lo = this.params.SERVO9_MIN ?? 1100;
      const hi = this.params.SERVO9_MAX ?? 1900;
      return Math.max(0, Math.min(100, ((this.pumpOverridePwm - lo) / (hi - lo)) * 100));
    }
    if (this.relay[0]) return 100;
    if (!this.sprayerOn || !this.params.SPRAY_ENABLE || this.tankL <= 0) return 0;
    const speed = this.groundSpeed;
    if (!this.armed) return Math.max(this.params.SPRAY_PUMP_MIN ?? 0, 50); // ground test of the pump
    if (!this.spraying) return 0;
    return Math.min(
      100,
      Math.max(this.params.SPRAY_PUMP_MIN ?? 0, (this.params.SPRAY_PUMP_RATE ?? 10) * speed),
    );
  }

  /** Pump servo PWM. */
  pumpPwm(): number {
    if (this.pumpOverridePwm !== undefined && this.tankL > 0) return this.pumpOverridePwm;
    const lo = this.params.SERVO9_MIN ?? 1100;
    const hi = this.params.SERVO9_MAX ?? 1900;
    return Math.round(lo + ((hi - lo) * this.pumpPct()) / 100);
  }

  setMode(mode: number): boolean {
    if (!KNOWN_MODES.has(mode)) return false;
    if (mode === M.AUTO && this.mission.length <= this.cfg.firstItem) return false;
    this.mode = mode;
    this.paused = false;
    this.holdPos = undefined;
    this.leg = undefined;
    this.carry = undefined;
    if (mode === M.RTL) this.rtlPhase = 'climb';
    if (mode === M.AUTO && this.current < this.cfg.firstItem) this.startMissionAt(this.cfg.firstItem);
    return true;
  }

  /** Returns an error text when arming is refused. */
  arm(): string | undefined {
    if (this.armed) return undefined;
    if (!([M.STABILIZE, M.LOITER, M.GUIDED, M.ALT_HOLD, M.POSHOLD] as number[]).includes(this.mode))
      return 'Arm: Mode not armable';
    if (this.batteryPct < 10) return 'Arm: Battery below minimum';
    this.armed = true;
    this.text(6, 'Arming motors');
    return undefined;
  }

  disarm(force: boolean): string | undefined {
    if (!this.armed) return undefined;
    if (!this.landed && !force) return 'Disarm: vehicle is flying';
    this.armed = false;
    this.landed = true;
    this.alt = Math.max(0, this.alt);
    this.text(6, 'Disarming motors');
    return undefined;
  }

  /** MAV_CMD_MISSION_START: AUTO from `first` (0 = resume / from the start). */
  missionStart(first: number): string | undefined {
    if (this.mission.length <= this.cfg.firstItem) return 'Mission: no mission loaded';
    if (!this.armed) return 'Mission: arm first';
    this.mode = M.AUTO;
    this.paused = false;
    this.holdPos = undefined;
    this.leg = undefined;
    this.carry = undefined;
    const f0 = this.cfg.firstItem;
    const start =
      first > 0
        ? first
        : this.params.MIS_RESTART || this.current < f0 || this.current >= this.mission.length
          ? f0
          : this.current;
    this.startMissionAt(start);
    return undefined;
  }

  setCurrent(seq: number): boolean {
    if (seq < this.cfg.firstItem || seq >= this.mission.length) return false;
    if (this.mode === M.AUTO) {
      this.carry = undefined;
      this.startMissionAt(seq);
    } else {
      this.current = seq;
      this.events.push({ kind: 'current', seq });
    }
    return true;
  }

  pause(on: boolean): boolean {
    if (this.mode !== M.AUTO || !this.armed) return false;
    this.paused = on;
    this.holdPos = on ? { lat: this.lat, lon: this.lon, alt: this.alt } : undefined;
    this.leg = undefined;
    this.carry = undefined;
    return true;
  }

  /** Runs the DO items from `seq` until the next NAV item, and makes that NAV item current. */
  private startMissionAt(seq: number): void {
    let s = seq;
    while (s < this.mission.length && (this.mission[s] as MissionItem).command >= 80) {
      this.runDo(this.mission[s] as MissionItem);
      s++;
    }
    this.current = s;
    this.events.push({ kind: 'current', seq: s });
    if (s >= this.mission.length) this.missionFinished();
  }

  private missionFinished(): void {
    this.text(6, 'Mission complete, holding position');
    this.holdPos = { lat: this.lat, lon: this.lon, alt: this.alt };
    this.mode = M.LOITER;
  }

  runDo(it: MissionItem): void {
    switch (it.command) {
      case DO_CHANGE_SPEED:
        if (it.param2 > 0) this.speedMps = it.param2;
        break;
      case DO_SPRAYER:
        this.sprayerOn = it.param1 >= 0.5;
        break;
      case DO_SET_SERVO:
        if (it.param1 === this.cfg.pumpServo) this.pumpOverridePwm = it.param2 > 0 ? it.param2 : undefined;
        break;
      case DO_SET_RELAY: {
        const i = Math.round(it.param1);
        if (i >= 0 && i < this.relay.length) this.relay[i] = it.param2 >= 0.5;
        break;
      }
    }
  }

  /** Advances the model by `dt` simulated seconds (in steps of at most 50 ms). */
  step(dt: number): void {
    let left = dt;
    while (left > 1e-9) {
      const h = Math.min(left, MAX_STEP_S);
      this.stepOnce(h);
      left -= h;
    }
  }

  /**
   * AC_Sprayer::update: with the sprayer running, the pump starts after the ground speed has been at
   * least SPRAY_SPEED_MIN for 100 ms and stops after it has been below for 1 s.
   */
  private updateSprayer(dt: number): void {
    if (!this.sprayerOn || !this.params.SPRAY_ENABLE || !this.armed) {
      this.spraying = false;
      this.overMinS = 0;
      this.underMinS = 0;
      return;
    }
    if (this.groundSpeed * 100 >= (this.params.SPRAY_SPEED_MIN ?? 100)) {
      if (!this.spraying) {
        this.overMinS += dt;
        if (this.overMinS > SPRAYER_TURN_ON_DELAY_S) {
          this.spraying = true;
          this.overMinS = 0;
        }
      }
      this.underMinS = 0;
    } else {
      if (this.spraying) {
        this.underMinS += dt;
        if (this.underMinS > SPRAYER_SHUT_OFF_DELAY_S) {
          this.spraying = false;
          this.underMinS = 0;
        }
      }
      this.overMinS = 0;
    }
  }

  private stepOnce(dt: number): void {
    this.updateSprayer(dt);
    const flying = this.armed && !this.landed;
    // consumption
    const pct = this.pumpPct();
    this.flowLpm = this.tankL > 0 ? (this.cfg.pumpMaxLpm * pct) / 100 : 0;
    if (this.flowLpm > 0) {
      this.tankL = Math.max(0, this.tankL - (this.flowLpm * dt) / 60);
      if (this.tankL === 0 && !this.tankEmptyReported) {
        this.tankEmptyReported = true;
        this.text(4, 'Sprayer: tank empty');
      }
    }
    if (this.armed) {
      this.batteryPct = Math.max(
        0,
        this.batteryPct - (dt / (this.cfg.enduranceMin * 60)) * 100 * (flying ? 1 : 0.2),
      );
      if (this.batteryPct < 25 && !this.batteryLowReported) {
        this.batteryLowReported = true;
        this.text(2, 'Battery 1 is low');
      }
    }
    if (!this.armed) {
      this.setVelocity(0, 0, 0);
      this.updateFlow();
      return;
    }
    switch (this.mode) {
      case M.AUTO:
        this.stepAuto(dt);
        break;
      case M.RTL:
        this.stepRtl(dt);
        break;
      case M.LAND:
        this.stepLand(dt);
        break;
      default:
        this.hold(dt);
    }
    this.updateFlow();
  }

  /** The flow sensor's reading for the pump output now (reported with the servo outputs). */
  private updateFlow(): void {
    this.flowLpm = this.tankL > 0 ? (this.cfg.pumpMaxLpm * this.pumpPct()) / 100 : 0;
  }

  private setVelocity(e: number, n: number, u: number): void {
    this.vEast = e;
    this.vNorth = n;
    this.vUp = u;
    if (Math.hypot(e, n) > 0.2) this.headingDeg = ((Math.atan2(e, n) * 180) / Math.PI + 360) % 360;
  }

  private hold(dt: number): void {
    if (this.landed) {
      this.setVelocity(0, 0, 0);
      return;
    }
    if (!this.holdPos) this.holdPos = { lat: this.lat, lon: this.lon, alt: this.alt };
    this.flyTo(this.holdPos, this.holdPos.alt, this.speedMps, dt);
  }

  /** Moves toward a target; returns true when within the waypoint radius. */
  private flyTo(target: { lat: number; lon: number }, alt: number, speed: number, dt: number): boolean {
    const d = offsetMetres(this, target);
    const dist = Math.hypot(d.east, d.north);
    const dz = alt - this.alt;
    const horiz = Math.min(dist, speed * dt);
    const vz =
      dz > 0
        ? Math.min(dz, ((this.params.WPNAV_SPEED_UP ?? 250) / 100) * dt)
        : Math.max(dz, (-(this.params.WPNAV_SPEED_DN ?? 150) / 100) * dt);
    const e = dist > 1e-6 ? (d.east / dist) * horiz : 0;
    const n = dist > 1e-6 ? (d.north / dist) * horiz : 0;
    const p = moveBy(this, e, n);
    this.lat = p.lat;
    this.lon = p.lon;
    this.alt += vz;
    this.setVelocity(e / dt, n / dt, vz / dt);
    const radius = (this.params.WPNAV_RADIUS ?? 200) / 100;
    return dist - horiz <= radius && Math.abs(alt - this.alt) < 0.5;
  }

  private stepAuto(dt: number): void {
    if (this.paused) {
      this.hold(dt);
      return;
    }
    const it = this.mission[this.current];
    if (!it) {
      this.hold(dt);
      return;
    }
    let reached = false;
    this.leftoverS = 0;
    switch (it.command) {
      case NAV_TAKEOFF:
        this.landed = false;
        this.setVelocity(0, 0, 0);
        this.alt = Math.min(it.z, this.alt + ((this.params.WPNAV_SPEED_UP ?? 250) / 100) * dt);
        this.vUp = (this.params.WPNAV_SPEED_UP ?? 250) / 100;
        reached = this.alt >= it.z - 0.1;
        break;
      case NAV_WAYPOINT:
      case NAV_LOITER_UNLIM: {
        if (this.landed) {
          this.setVelocity(0, 0, 0); // AUTO on the ground needs a take-off first
          return;
        }
        reached = this.followLeg(it, dt) && it.command === NAV_WAYPOINT;
        break;
      }
      case NAV_LAND: {
        const target = it.x === 0 && it.y === 0 ? { lat: this.lat, lon: this.lon } : { lat: it.x, lon: it.y };
        const d = offsetMetres(this, target);
        if (Math.hypot(d.east, d.north) > 1) this.flyTo(target, this.alt, this.speedMps, dt);
        else reached = this.descend(dt);
        break;
      }
      case NAV_RTL:
        this.mode = M.RTL;
        this.rtlPhase = 'climb';
        this.events.push({ kind: 'reached', seq: this.current });
        return;
      default:
        reached = true;
    }
    if (reached) {
      this.events.push({ kind: 'reached', seq: this.current });
      const leg = this.leg;
      this.carry =
        leg?.seq === this.current
          ? { from: leg.target, corner: leg.corner, speed: leg.leg.speed }
          : { from: this.xy(this), corner: undefined, speed: 0 };
      this.leg = undefined;
      if (it.command === NAV_LAND) {
        this.disarm(true);
        this.text(6, 'Land complete');
        return;
      }
      this.startMissionAt(this.current + 1);
      // the rest of the step goes on along the next waypoint's leg (no pause at a passed waypoint)
      const left = this.leftoverS;
      const next = this.mission[this.current];
      if (left > 1e-6 && this.mode === M.AUTO && next?.command === NAV_WAYPOINT) this.stepAuto(left);
    }
  }

  /** East/north metres from home (the plane the waypoint tracks are flown on). */
  private xy(p: { lat: number; lon: number }): EN {
    const d = offsetMetres(this.cfg.home, p);
    return [d.east, d.north];
  }

  private navLimits(): WpNavLimits {
    return {
      speedMps: this.speedMps,
      accelMps2: (this.params.WPNAV_ACCEL ?? 250) / 100,
      radiusM: (this.params.WPNAV_RADIUS ?? 200) / 100,
    };
  }

  private static targetOf(it: MissionItem, here: { lat: number; lon: number }) {
    return it.x === 0 && it.y === 0 ? { lat: here.lat, lon: here.lon } : { lat: it.x, lon: it.y };
  }

  /** The next NAV item after `seq` (DO items skipped). */
  private nextNav(seq: number): MissionItem | undefined {
    for (let s = seq + 1; s < this.mission.length; s++) {
      const it = this.mission[s] as MissionItem;
      if (it.command < 80) return it;
    }
    return undefined;
  }

  /**
   * Flies the current waypoint's leg as AC_WPNav does: along the track from the previous waypoint
   * (or from where the vehicle was when the leg began), into the corner of the next waypoint when
   * that one follows without a stop ("fast waypoint"), else to a stop on the waypoint. Returns true
   * when the waypoint counts as reached (corner begun, or stopped on it) at its altitude.
   */
  private followLeg(it: MissionItem, dt: number): boolean {
    const lim = this.navLimits();
    if (this.leg?.seq !== this.current) {
      this.heldS = 0;
      const here = this.xy(this);
      const target = this.xy(CopterModel.targetOf(it, this));
      const carry = this.carry;
      this.carry = undefined;
      const next = it.command === NAV_WAYPOINT && !(it.param1 > 0) ? this.nextNav(this.current) : undefined;
      const corner =
        next?.command === NAV_WAYPOINT
          ? cornerAt(carry?.from ?? here, target, this.xy(CopterModel.targetOf(next, this)), lim)
          : undefined;
      const end = corner ? corner.points[0]! : target;
      this.leg = {
        seq: this.current,
        leg: new Leg(here, carry?.speed ?? 0, carry?.corner, end, corner?.speedMps ?? 0),
        corner,
        target,
      };
    }
    const leg = this.leg.leg;
    const {
      vel: [ve, vn],
      leftS,
    } = leg.advance(dt, lim);
    this.leftoverS = leftS;
    const [e, n] = leg.position();
    const p = moveBy(this.cfg.home, e, n);
    this.lat = p.lat;
    this.lon = p.lon;
    const dz = it.z - this.alt;
    const vz =
      dz > 0
        ? Math.min(dz, ((this.params.WPNAV_SPEED_UP ?? 250) / 100) * dt)
        : Math.max(dz, (-(this.params.WPNAV_SPEED_DN ?? 150) / 100) * dt);
    this.alt += vz;
    this.setVelocity(ve, vn, vz / dt);
    if (leg.done && Math.abs(it.z - this.alt) >= 0.5) leg.speed = 0; // waits on the point for its altitude
    if (!leg.done || Math.abs(it.z - this.alt) >= 0.5) return false;
    if (it.param1 > 0) {
      // hold time (whole seconds on ArduPilot) on the waypoint before it counts as reached
      this.heldS += dt;
      this.leftoverS = 0;
      if (this.heldS < Math.floor(it.param1)) return false;
    }
    this.heldS = 0;
    return true;
  }

  private descend(dt: number): boolean {
    const speed =
      this.alt > 10 ? (this.params.WPNAV_SPEED_DN ?? 150) / 100 : (this.params.LAND_SPEED ?? 50) / 100;
    this.setVelocity(0, 0, -speed);
    this.alt = Math.max(0, this.alt - speed * dt);
    if (this.alt <= 0) {
      this.landed = true;
      return true;
    }
    return false;
  }

  private stepLand(dt: number): void {
    if (this.descend(dt)) {
      this.disarm(true);
      this.text(6, 'Land complete');
    }
  }

  private stepRtl(dt: number): void {
    const rtlAlt = (this.params.RTL_ALT ?? 1500) / 100;
    const home = this.cfg.home;
    if (this.landed) return;
    if (this.rtlPhase === 'climb') {
      if (this.alt < rtlAlt - 0.1) {
        this.setVelocity(0, 0, 0);
        this.alt = Math.min(rtlAlt, this.alt + ((this.params.WPNAV_SPEED_UP ?? 250) / 100) * dt);
        return;
      }
      this.rtlPhase = 'return';
    }
    if (this.rtlPhase === 'return') {
      if (this.flyTo(home, Math.max(this.alt, rtlAlt), this.speedMps, dt)) this.rtlPhase = 'descend';
      return;
    }
    if (this.descend(dt)) {
      this.disarm(true);
      this.text(6, 'Land complete');
    }
  }
}
