/** A parsed link URL (MAVSDK convention). */
export type LinkSpec =
  | { kind: 'udpin'; host: string; port: number }
  | { kind: 'udpout'; host: string; port: number }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'serial'; path: string; baudRate: number };

/** A link URL that cannot be used, with the reason. */
export class LinkUrlError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`bad link URL "${url}": ${reason}`);
    this.name = 'LinkUrlError';
  }
}

const EXAMPLES =
  'expected udpin://0.0.0.0:14550, udpout://host:port, tcp://host:port or serial:///dev/ttyUSB0:57600';

/** Baud rates accepted in serial URLs (for a port picker). 57600 is the SiK telemetry radio default. */
export const STANDARD_BAUD_RATES: readonly number[] = [
  1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 500000, 921600, 1500000,
];

function parsePort(url: string, text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw new LinkUrlError(url, `port "${text}" is not a number`);
  const port = Number(text);
  if (port > 65535) throw new LinkUrlError(url, `port ${port} is out of range 0..65535`);
  return port;
}

/**
 * Parses `udpin://host:port`, `udpout://host:port`, `tcp://host:port` and `serial://<path>:<baud>`
 * (e.g. `serial:///dev/ttyUSB0:57600`, `serial://COM3:57600`). Throws {@link LinkUrlError} naming the problem.
 */
export function parseLinkUrl(url: string): LinkSpec {
  const m = /^([a-z]+):\/\/(.*)$/i.exec(url.trim());
  if (!m) throw new LinkUrlError(url, `no scheme; ${EXAMPLES}`);
  const scheme = (m[1] as string).toLowerCase();
  const rest = m[2] as string;
  if (scheme === 'serial') {
    const sm = /^(.+):(\d+)$/.exec(rest);
    if (!sm)
      throw new LinkUrlError(
        url,
        'serial URL needs a device path and a baud rate, e.g. serial:///dev/ttyUSB0:57600',
      );
    const baudRate = Number(sm[2]);
    if (!STANDARD_BAUD_RATES.includes(baudRate)) {
      throw new LinkUrlError(
        url,
        `baud rate ${baudRate} is not a standard rate (${STANDARD_BAUD_RATES.join(', ')})`,
      );
    }
    return { kind: 'serial', path: sm[1] as string, baudRate };
  }
  if (scheme !== 'udpin' && scheme !== 'udpout' && scheme !== 'tcp') {
    throw new LinkUrlError(url, `unknown scheme "${scheme}"; ${EXAMPLES}`);
  }
  const hm = /^(\[[^\]]+\]|[^:/]*):([^:/]+)\/?$/.exec(rest);
  if (!hm) throw new LinkUrlError(url, `needs host:port; ${EXAMPLES}`);
  let host = (hm[1] as string).replace(/^\[|\]$/g, '');
  const port = parsePort(url, hm[2] as string);
  if (host === '') {
    if (scheme !== 'udpin') throw new LinkUrlError(url, 'host is missing');
    host = '0.0.0.0';
  }
  if (scheme !== 'udpin' && port === 0)
    throw new LinkUrlError(url, 'port 0 is only allowed for udpin (listen)');
  return { kind: scheme, host, port };
}

/** Formats a spec back into its URL. */
export function formatLinkUrl(spec: LinkSpec): string {
  if (spec.kind === 'serial') return `serial://${spec.path}:${spec.baudRate}`;
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  return `${spec.kind}://${host}:${spec.port}`;
}
