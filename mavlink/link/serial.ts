import { execFile } from 'node:child_process';
import { SerialPort, SerialPortMock } from 'serialport';
import { Link } from './types.js';

/** Options of a serial link. */
export interface SerialLinkOptions {
  /** Use serialport's in-memory mock binding (tests). The port must exist in `SerialPortMock.binding`. */
  mock?: boolean;
  /** Re-open interval after the device disappears (USB radio unplugged), ms. Default 2000. */
  retryMs?: number;
}

type AnySerialPort = SerialPort | SerialPortMock;

/** Serial link (USB telemetry radio, flight controller USB). Re-opens the device after it disappears. */
export class SerialLink extends Link {
  private port: AnySerialPort | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(
    url: string,
    readonly path: string,
    readonly baudRate: number,
    private readonly opts: SerialLinkOptions,
  ) {
    super(url);
  }

  static open(
    url: string,
    path: string,
    baudRate: number,
    opts: SerialLinkOptions = {},
  ): Promise<SerialLink> {
    const link = new SerialLink(url, path, baudRate, opts);
    return new Promise((resolve, reject) => {
      link.openPort((err) => {
        if (err) {
          link.closed = true;
          reject(new Error(`cannot open serial port ${path} at ${baudRate} baud: ${err.message}`));
        } else resolve(link);
      });
    });
  }

  /** The underlying port object (the mock's `port.port.emitData` is handy in tests). */
  get serialPort(): AnySerialPort | undefined {
    return this.port;
  }

  private openPort(done?: (err: Error | null) => void): void {
    const Ctor = this.opts.mock ? SerialPortMock : SerialPort;
    const port: AnySerialPort = new Ctor({ path: this.path, baudRate: this.baudRate, autoOpen: false });
    this.port = port;
    port.on('data', (b: Buffer) => this.emit('data', b));
    port.on('error', (err: Error) => this.emit('state', this.state, `serial error: ${err.message}`));
    port.on('close', () => {
      if (this.closed) return;
      this.setState('reconnecting', `serial port ${this.path} closed (device removed?)`);
      this.scheduleRetry();
    });
    port.open((err) => {
      if (err) {
        if (done) done(err);
        else this.scheduleRetry();
        return;
      }
      this.setState('open');
      done?.(null);
    });
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.openPort();
    }, this.opts.retryMs ?? 2000);
  }

  send(bytes: Uint8Array): void {
    if (this.closed || this.state !== 'open' || !this.port?.isOpen) return;
    this.port.write(Buffer.from(bytes));
  }

  async close(): Promise<void> {
    if (this.closed && this.state === 'closed') return;
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const port = this.port;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.setState('closed');
  }
}

/** A serial device the user can pick. */
export interface SerialPortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  /** Readable label, e.g. "/dev/ttyUSB0 (Silicon Labs CP2102)". */
  label: string;
}

/** Result of {@link listSerialPorts}: the ports, or none with the reason listing was impossible. */
export interface SerialPortList {
  ports: SerialPortInfo[];
  /** Set when the list could not be read (e.g. `udevadm` missing on Linux). */
  unavailableReason?: string;
}

function hasUdevadm(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('udevadm', ['--version'], { timeout: 3000 }, (err) => resolve(!err));
  });
}

/**
 * Lists serial ports. Never throws: on Linux serialport spawns `udevadm`, and without it the process
 * would crash with an uncaught ENOENT, so its presence is checked first.
 */
export async function listSerialPorts(): Promise<SerialPortList> {
  if (process.platform === 'linux' && !(await hasUdevadm())) {
    return {
      ports: [],
      unavailableReason: 'cannot list serial ports: udevadm is not installed (apt install udev)',
    };
  }
  try {
    const raw = await SerialPort.list();
    return {
      ports: raw.map((p) => {
        const info: SerialPortInfo = {
          path: p.path,
          label: p.manufacturer ? `${p.path} (${p.manufacturer})` : p.path,
        };
        if (p.manufacturer) info.manufacturer = p.manufacturer;
        if (p.serialNumber) info.serialNumber = p.serialNumber;
        if (p.vendorId) info.vendorId = p.vendorId;
        if (p.productId) info.productId = p.productId;
        return info;
      }),
    };
  } catch (e) {
    return { ports: [], unavailableReason: `cannot list serial ports: ${(e as Error).message}` };
  }
}
