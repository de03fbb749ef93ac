import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { connectVehicle } from '../../mavlink/connect.js';
import { openLink } from '../../mavlink/link/open.js';
import { listSerialPorts, type SerialLink } from '../../mavlink/link/serial.js';
import { Link } from '../../mavlink/link/types.js';
import { startSim } from '../../mavlink/sim/sim.js';
import { sprayMission } from './helpers.js';

/** The vehicle's end of a mock serial port: what the GCS writes arrives here, what we send the GCS reads. */
class MockVehicleSide extends Link {
  constructor(private readonly emit_: (b: Buffer) => void) {
    super('mock-serial-vehicle');
    this.setState('open');
  }
  send(bytes: Uint8Array): void {
    this.emit_(Buffer.from(bytes));
  }
  async close(): Promise<void> {
    this.setState('closed');
  }
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function serialPair(path: string) {
  const MockBinding = SerialPortMock.binding;
  MockBinding.createPort(path, { echo: false, record: false });
  const gcsLink = (await openLink(`serial://${path}:57600`, { serial: { mock: true } })) as SerialLink;
  const binding = (gcsLink.serialPort as SerialPortMock).port;
  if (!binding) throw new Error('mock port not open');
  const vehicleSide = new MockVehicleSide((b) => binding.emitData(b));
  const write = binding.write.bind(binding);
  binding.write = async (buf: Buffer) => {
    await write(buf);
    setImmediate(() => vehicleSide.emit('data', Buffer.from(buf)));
  };
  return { gcsLink, vehicleSide, binding };
}

describe('serial link (mock serial port)', () => {
  it('uploads and reads back a mission over a serial link with garbage and truncated frames on the line', async () => {
    const { gcsLink, vehicleSide } = await serialPair('/dev/ttyFAKE0');
    const sim = await startSim({
      link: vehicleSide,
      speedup: 10,
      loss: 0.05,
      seed: 3,
      mission: { resendMs: 200 },
    });
    const session = await connectVehicle(gcsLink, { timeoutMs: 3000, telemetryHz: 0 });
    cleanup = async () => {
      clearInterval(noise);
      await session.close();
      await sim.close();
      SerialPortMock.binding.reset();
    };
    // radio noise: random bytes and a frame cut in half, every 20 ms
    const noise = setInterval(() => {
      const junk = Buffer.alloc(40);
      for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(Math.random() * 256);
      junk[3] = 0xfd;
      vehicleSide.send(junk);
    }, 20);
    const r = await session.vehicle.uploadAndVerify(sprayMission(100), { timing: { minItemTimeoutMs: 5 } });
    expect(r.comparison.same).toBe(true);
    expect(session.connection.endpoint.decoder.crcErrors).toBeGreaterThan(0);
    expect(session.vehicle.info.autopilotKind).toBe('ardupilot');
  });

  it('reports a missing serial device clearly', async () => {
    SerialPortMock.binding.reset();
    await expect(openLink('serial:///dev/ttyNOPE:57600', { serial: { mock: true } })).rejects.toThrow(
      /cannot open serial port \/dev\/ttyNOPE at 57600 baud/,
    );
  });

  it('lists serial ports without ever crashing the process', async () => {
    const list = await listSerialPorts();
    expect(Array.isArray(list.ports)).toBe(true);
    if (list.ports.length === 0 && list.unavailableReason)
      expect(list.unavailableReason).toMatch(/cannot list serial ports/);
  });
});
