import { common } from 'node-mavlink';
import type { VehicleChannel } from './mission/channel.js';
import { mav } from './protocol/frames.js';

/** A parameter as the vehicle reported it. */
export interface ParamValueInfo {
  name: string;
  value: number;
  /** MAV_PARAM_TYPE. */
  type: number;
}

/** Options of parameter reads and writes. */
export interface ParamOptions {
  /** Wait per attempt, ms. Default 1000. */
  timeoutMs?: number;
  /** Default 3. */
  retries?: number;
}

const INT_TYPES = new Set([
  common.MavParamType.UINT8,
  common.MavParamType.INT8,
  common.MavParamType.UINT16,
  common.MavParamType.INT16,
  common.MavParamType.UINT32,
  common.MavParamType.INT32,
]);

/** PX4 sends integer parameters byte-wise in the float field; ArduPilot casts them. */
function decodeValue(ch: VehicleChannel, raw: number, type: number): number {
  if (ch.autopilotKind !== 'px4' || !INT_TYPES.has(type)) return raw;
  const b = Buffer.alloc(4);
  b.writeFloatLE(raw);
  return type === common.MavParamType.UINT32 ? b.readUInt32LE() : b.readInt32LE();
}

function encodeValue(ch: VehicleChannel, value: number, type: number): number {
  if (ch.autopilotKind !== 'px4' || !INT_TYPES.has(type)) return value;
  const b = Buffer.alloc(4);
  if (type === common.MavParamType.UINT32) b.writeUInt32LE(value >>> 0);
  else b.writeInt32LE(Math.round(value));
  return b.readFloatLE();
}

async function exchange(
  ch: VehicleChannel,
  name: string,
  send: () => void,
  accept: (v: ParamValueInfo) => boolean,
  opts: ParamOptions,
  what: string,
): Promise<ParamValueInfo> {
  const inbox = ch.inbox((f) => f.message instanceof common.ParamValue && f.message.paramId === name);
  try {
    const retries = opts.retries ?? 3;
    let lastSeen: ParamValueInfo | undefined;
    for (let attempt = 0; attempt <= retries; attempt++) {
      send();
      const deadline = performance.now() + (opts.timeoutMs ?? 1000);
      for (;;) {
        const f = await inbox.next(deadline - performance.now());
        if (!f) break;
        const pv = f.message as common.ParamValue;
        const info = { name, type: pv.paramType, value: decodeValue(ch, pv.paramValue, pv.paramType) };
        if (accept(info)) return info;
        lastSeen = info;
      }
    }
    if (lastSeen)
      throw new Error(
        `${what} ${name}: the vehicle kept ${name} = ${lastSeen.value} (value refused or out of range)`,
      );
    throw new Error(
      `${what} ${name}: no answer from the vehicle after ${(opts.retries ?? 3) + 1} attempts (does the parameter exist?)`,
    );
  } finally {
    inbox.close();
  }
}

/** Reads one parameter by name (PARAM_REQUEST_READ → PARAM_VALUE). */
export function getParam(ch: VehicleChannel, name: string, opts: ParamOptions = {}): Promise<ParamValueInfo> {
  if (name.length === 0 || name.length > 16)
    return Promise.reject(new Error(`parameter name "${name}" must be 1..16 characters`));
  return exchange(
    ch,
    name,
    () =>
      ch.send(
        mav(common.ParamRequestRead, {
          targetSystem: ch.sysid,
          targetComponent: ch.compid,
          paramId: name,
          paramIndex: -1,
        }),
      ),
    () => true,
    opts,
    'reading',
  );
}

/**
 * Writes one parameter (PARAM_SET → PARAM_VALUE echo) and checks the vehicle kept the value
 * (to float32 precision). Reads the parameter first to learn its type unless `type` is given.
 */
export async function setParam(
  ch: VehicleChannel,
  name: string,
  value: number,
  opts: ParamOptions & { type?: number } = {},
): Promise<ParamValueInfo> {
  if (!Number.isFinite(value)) throw new Error(`parameter ${name}: value ${value} is not a finite number`);
  const type = opts.type ?? (await getParam(ch, name, opts)).type;
  const want = Math.fround(value);
  const result = await exchange(
    ch,
    name,
    () =>
      ch.send(
        mav(common.ParamSet, {
          targetSystem: ch.sysid,
          targetComponent: ch.compid,
          paramId: name,
          paramValue: encodeValue(ch, value, type),
          paramType: type,
        }),
      ),
    (v) => Math.abs(Math.fround(v.value) - want) <= Math.abs(want) * 1e-6 + 1e-6,
    opts,
    'writing',
  );
  return result;
}
