/**
 * One telemetry sample as the app logs it (up to 10 Hz). Produced by `mavlink/` from the vehicle's
 * messages, stored by `fields/` in the flight log, analysed by `mission/` (as-applied).
 */
export interface TelemetrySample {
  /** Unix time in milliseconds. */
  t: number;
  lat: number;
  lon: number;
  /** Altitude above home (m). */
  altM: number;
  groundSpeedMps: number;
  /** Heading, degrees clockwise from north. */
  headingDeg: number;
  /** Nozzles on (pump output or relay active). */
  spraying: boolean;
  /** Flow rate in L/min, when known. */
  flowLpm?: number;
  /** Battery remaining, percent, when known. */
  batteryPct?: number;
  batteryV?: number;
  /** Flight mode name, e.g. "AUTO". */
  mode: string;
  armed: boolean;
  /** Current mission item sequence number, when known. */
  missionSeq?: number;
}
