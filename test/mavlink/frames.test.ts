import fc from 'fast-check';
import { common, minimal } from 'node-mavlink';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, FrameEncoder, mav } from '../../mavlink/protocol/frames.js';

function sampleFrames(n: number): Buffer[] {
  const enc = new FrameEncoder(1, 1); // sequence numbers 0, 1, 2, … identify the frames
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0)
      out.push(
        enc.encode(mav(minimal.Heartbeat, { type: 2, autopilot: 3, customMode: i, mavlinkVersion: 3 })),
      );
    else if (i % 3 === 1)
      out.push(
        enc.encode(
          mav(common.MissionItemInt, {
            seq: i,
            command: 16,
            frame: 6,
            x: 100_452_000 + i,
            y: 1_057_469_000,
            z: 3.5,
            param4: Number.NaN,
            missionType: 0,
          }),
        ),
      );
    else out.push(enc.encode(mav(common.StatusText, { severity: 6, text: `frame ${i}` })));
  }
  return out;
}

function chunked(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    parts.push(buf.subarray(prev, p));
    prev = p;
  }
  parts.push(buf.subarray(prev));
  return parts;
}

/** True when `needle` appears in `hay` in order (not necessarily adjacent). */
function isSubsequence(needle: string[], hay: string[]): boolean {
  let i = 0;
  for (const h of hay) if (h === needle[i]) i++;
  return i === needle.length;
}

const key = (f: { msgid: number; seq: number }) => `${f.msgid}/${f.seq}`;

describe('FrameDecoder', () => {
  it('decodes MAVLink 2 frames split at any byte', () => {
    const frames = sampleFrames(30);
    const all = Buffer.concat(frames);
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
        const d = new FrameDecoder();
        const got = chunked(all, cuts).flatMap((c) => d.push(c));
        expect(got.map(key)).toEqual(frames.map((_, i) => `${[0, 73, 253][i % 3]}/${i}`));
        const item = got[1]?.message as common.MissionItemInt;
        expect(item.x).toBe(100_452_001);
        expect(Number.isNaN(item.param4)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws on random garbage and still finds every intact frame after it', () => {
    const frames = sampleFrames(12);
    const expected = frames.map((_, i) => `${[0, 73, 253][i % 3]}/${i}`);
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { minLength: 12, maxLength: 12 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (garbage, cuts) => {
          // garbage before every frame; it often contains 0xFD/0xFE "start bytes" with bogus lengths
          const stream = Buffer.concat(frames.flatMap((f, i) => [Buffer.from(garbage[i] as Uint8Array), f]));
          const d = new FrameDecoder();
          const got = chunked(stream, cuts).flatMap((c) => d.push(c));
          // a bogus start byte may need the bytes of a later frame to be ruled out, so flush with idle bytes
          got.push(...d.push(Buffer.alloc(600)));
          expect(isSubsequence(expected, got.map(key))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('recovers after truncated frames', () => {
    const frames = sampleFrames(20);
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }), fc.nat(), (truncate, cutSeed) => {
        const parts = frames.map((f, i) =>
          truncate[i] ? f.subarray(0, 1 + ((cutSeed + i) % (f.length - 1))) : f,
        );
        const d = new FrameDecoder();
        const got = [...d.push(Buffer.concat(parts)), ...d.push(Buffer.alloc(600))];
        const expected = frames
          .map((_, i) => (truncate[i] ? '' : `${[0, 73, 253][i % 3]}/${i}`))
          .filter(Boolean);
        expect(isSubsequence(expected, got.map(key))).toBe(true);
        expect(d.crcErrors + d.frames).toBeGreaterThanOrEqual(expected.length);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a bounded buffer whatever arrives', () => {
    const d = new FrameDecoder();
    const junk = Buffer.alloc(70_000, 0xfd); // start bytes with length 0xFD: always "incomplete"
    expect(() => d.push(junk)).not.toThrow();
    const hb = new FrameEncoder(1, 1).encode(mav(minimal.Heartbeat, { type: 2, autopilot: 3 }));
    const got = [...d.push(hb), ...d.push(Buffer.alloc(600))];
    expect(got.some((f) => f.msgid === 0)).toBe(true);
  });
});
