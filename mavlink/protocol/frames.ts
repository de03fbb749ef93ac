import {
  ardupilotmega,
  common,
  type MavLinkData,
  type MavLinkDataConstructor,
  MavLinkPacketSignature,
  MavLinkProtocol,
  MavLinkProtocolV1,
  MavLinkProtocolV2,
  MSG_ID_MAGIC_NUMBER,
  minimal,
  x25crc,
} from 'node-mavlink';

/** Every message class the app understands, by message id (minimal + common + ardupilotmega). */
export const MESSAGE_REGISTRY: Record<number, MavLinkDataConstructor<MavLinkData>> = {
  ...minimal.REGISTRY,
  ...common.REGISTRY,
  ...ardupilotmega.REGISTRY,
};

/** One decoded MAVLink frame. */
export interface MavFrameIn {
  sysid: number;
  compid: number;
  msgid: number;
  seq: number;
  /** 1 or 2. */
  version: 1 | 2;
  /** The decoded message, or null when the id is known to the CRC table but has no class here. */
  message: MavLinkData | null;
  /** True when the frame carried a v2 signature (not verified here). */
  signed: boolean;
}

const V1_STX = MavLinkProtocolV1.START_BYTE; // 0xFE
const V2_STX = MavLinkProtocolV2.START_BYTE; // 0xFD
const V1_HEADER = MavLinkProtocolV1.PAYLOAD_OFFSET; // 6
const V2_HEADER = MavLinkProtocolV2.PAYLOAD_OFFSET; // 10
const CRC_LEN = MavLinkProtocol.CHECKSUM_LENGTH; // 2
const SIG_LEN = MavLinkPacketSignature.SIGNATURE_LENGTH; // 13
const MAX_BUFFERED = 64 * 1024;

const v1 = new MavLinkProtocolV1();
const v2 = new MavLinkProtocolV2();

/**
 * Garbage-tolerant, synchronous MAVLink 1/2 frame decoder for a byte stream (serial, TCP) or datagrams.
 *
 * Unlike node-mavlink's stream splitter it never skips a whole "frame" whose start byte turned out to be
 * noise (it re-synchronises one byte further on), so a valid frame following garbage is never swallowed;
 * it never throws on any input and keeps at most 64 KiB of unparsed bytes.
 */
export class FrameDecoder {
  private buf: Buffer = Buffer.alloc(0);
  /** Frames whose checksum did not match (noise, truncation, or unknown CRC extra). */
  crcErrors = 0;
  /** Valid frames whose message id has no class in the registry. */
  unknownMessages = 0;
  /** Frames decoded. */
  frames = 0;

  /** Feeds bytes; returns the frames completed by them (in order). */
  push(chunk: Uint8Array): MavFrameIn[] {
    this.buf = this.buf.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.buf, chunk]);
    const out: MavFrameIn[] = [];
    let pos = 0;
    const b = this.buf;
    while (pos < b.length) {
      const stx = b[pos];
      if (stx !== V1_STX && stx !== V2_STX) {
        pos++;
        continue;
      }
      if (b.length - pos < 2) break;
      const plen = b[pos + 1] as number;
      let frameLen: number;
      if (stx === V2_STX) {
        if (b.length - pos < 3) break;
        const signed = ((b[pos + 2] as number) & MavLinkProtocolV2.IFLAG_SIGNED) !== 0;
        frameLen = V2_HEADER + plen + CRC_LEN + (signed ? SIG_LEN : 0);
      } else {
        frameLen = V1_HEADER + plen + CRC_LEN;
      }
      if (b.length - pos < frameLen) break; // wait for more bytes
      const frame = b.subarray(pos, pos + frameLen);
      const decoded = this.decode(frame, stx === V2_STX ? 2 : 1);
      if (decoded) {
        out.push(decoded);
        pos += frameLen;
      } else {
        pos++; // false start byte: resynchronise on the next byte
      }
    }
    this.buf = pos >= b.length ? Buffer.alloc(0) : b.subarray(pos);
    if (this.buf.length > MAX_BUFFERED) this.buf = this.buf.subarray(this.buf.length - MAX_BUFFERED);
    return out;
  }

  private decode(frame: Buffer, version: 1 | 2): MavFrameIn | null {
    const plen = frame[1] as number;
    const headerLen = version === 2 ? V2_HEADER : V1_HEADER;
    const msgid = version === 2 ? frame.readUIntLE(7, 3) : (frame[5] as number);
    const magic = (MSG_ID_MAGIC_NUMBER as Record<number, number | undefined>)[msgid];
    if (magic === undefined || magic === null) {
      this.crcErrors++;
      return null;
    }
    const crcAt = headerLen + plen;
    const crc = frame.readUInt16LE(crcAt);
    const trailer = frame.length - crcAt; // bytes from the CRC to the end (CRC plus signature)
    if (x25crc(frame, 1, trailer, magic) !== crc) {
      this.crcErrors++;
      return null;
    }
    this.frames++;
    const clazz = MESSAGE_REGISTRY[msgid];
    let message: MavLinkData | null = null;
    if (clazz) {
      try {
        const proto = version === 2 ? v2 : v1;
        message = proto.data(proto.payload(frame), clazz);
      } catch {
        message = null;
      }
    } else {
      this.unknownMessages++;
    }
    return {
      sysid: frame[version === 2 ? 5 : 3] as number,
      compid: frame[version === 2 ? 6 : 4] as number,
      seq: frame[version === 2 ? 4 : 2] as number,
      msgid,
      version,
      message,
      signed: version === 2 && ((frame[2] as number) & MavLinkProtocolV2.IFLAG_SIGNED) !== 0,
    };
  }

  /** Drops buffered bytes (e.g. after a reconnect). */
  reset(): void {
    this.buf = Buffer.alloc(0);
  }
}

/** Serialises messages as MAVLink 2 frames from one system/component, with its own sequence counter. */
export class FrameEncoder {
  private readonly proto: MavLinkProtocolV2;
  private seq = 0;
  constructor(
    readonly sysid: number,
    readonly compid: number,
  ) {
    this.proto = new MavLinkProtocolV2(sysid, compid);
  }
  encode(message: MavLinkData): Buffer {
    const b = this.proto.serialize(message, this.seq);
    this.seq = (this.seq + 1) & 0xff;
    return b;
  }
}

/** Message id of a message instance (its class's MSG_ID). */
export function msgIdOf(message: MavLinkData): number {
  return (message.constructor as unknown as { MSG_ID: number }).MSG_ID;
}

/** Builds a message of `clazz` with the given fields (others keep the class defaults). */
export function mav<T extends MavLinkData>(clazz: new () => T, fields: Partial<T>): T {
  return Object.assign(new clazz(), fields);
}
