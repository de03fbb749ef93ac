import { MavConnection, type MavConnectionOptions } from './connection.js';
import { type OpenLinkOptions, openLink } from './link/open.js';
import type { Link } from './link/types.js';
import { Vehicle, type VehicleOptions } from './vehicle.js';

/** Options of {@link connectVehicle}. */
export interface ConnectOptions extends OpenLinkOptions, MavConnectionOptions, VehicleOptions {
  /** Wait this long for the first vehicle heartbeat, ms. Default 10000. */
  timeoutMs?: number;
  /** Pick this vehicle when several share the link (default: the first heard). */
  vehicleSysid?: number;
  /** Ask the vehicle for telemetry at this rate after connecting, Hz (0: don't). Default 10. */
  telemetryHz?: number;
  signal?: AbortSignal;
}

/** A connected vehicle with its connection. */
export interface VehicleSession {
  connection: MavConnection;
  vehicle: Vehicle;
  /** The link in use. */
  link(): Link;
  /** Closes the connection and its link. */
  close(): Promise<void>;
}

/**
 * Opens `url` (or uses an open link), waits for a vehicle heartbeat and returns the {@link Vehicle}.
 * On failure the link is closed and the error says what to check.
 */
export async function connectVehicle(url: string | Link, opts: ConnectOptions = {}): Promise<VehicleSession> {
  const link = typeof url === 'string' ? await openLink(url, opts) : url;
  const connection = new MavConnection(link, opts);
  try {
    const wait: { sysid?: number; timeoutMs?: number; signal?: AbortSignal } = {
      timeoutMs: opts.timeoutMs ?? 10_000,
    };
    if (opts.vehicleSysid !== undefined) wait.sysid = opts.vehicleSysid;
    if (opts.signal) wait.signal = opts.signal;
    const info = await connection.waitForVehicle(wait);
    const vehicle = new Vehicle(connection, info, opts);
    const hz = opts.telemetryHz ?? 10;
    if (hz > 0) void vehicle.requestTelemetryRates(hz).catch(() => undefined);
    return {
      connection,
      vehicle,
      link: () => link,
      close: async () => {
        vehicle.detach();
        await connection.close();
      },
    };
  } catch (e) {
    await connection.close();
    throw e;
  }
}
