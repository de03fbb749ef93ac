import { SerialLink, type SerialLinkOptions } from './serial.js';
import { TcpLink } from './tcp.js';
import type { Link } from './types.js';
import { UdpLink } from './udp.js';
import { parseLinkUrl } from './url.js';

/** Options of {@link openLink}. */
export interface OpenLinkOptions {
  /** Serial options (mock binding for tests, re-open interval). */
  serial?: SerialLinkOptions;
  /** TCP reconnect interval, ms. Default 1000. */
  tcpRetryMs?: number;
}

/**
 * Opens a link from a MAVSDK-style URL: `udpin://host:port` (listen; replies go to the last sender),
 * `udpout://host:port`, `tcp://host:port`, `serial:///dev/ttyUSB0:57600`.
 * Throws `LinkUrlError` for a bad URL, or an Error saying why the transport could not be opened.
 */
export async function openLink(url: string, opts: OpenLinkOptions = {}): Promise<Link> {
  const spec = parseLinkUrl(url);
  switch (spec.kind) {
    case 'udpin':
    case 'udpout':
      return UdpLink.open(url, spec.kind, spec.host, spec.port);
    case 'tcp':
      return TcpLink.open(url, spec.host, spec.port, opts.tcpRetryMs);
    case 'serial':
      return SerialLink.open(url, spec.path, spec.baudRate, opts.serial);
  }
}
