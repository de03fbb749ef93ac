import { describe, expect, it } from 'vitest';
import { formatLinkUrl, LinkUrlError, parseLinkUrl } from '../../mavlink/link/url.js';

describe('link URLs (MAVSDK convention)', () => {
  it('parses every link kind', () => {
    expect(parseLinkUrl('udpin://0.0.0.0:14550')).toEqual({ kind: 'udpin', host: '0.0.0.0', port: 14550 });
    expect(parseLinkUrl('udpin://:14550')).toEqual({ kind: 'udpin', host: '0.0.0.0', port: 14550 });
    expect(parseLinkUrl('udpout://192.168.4.1:14555')).toEqual({
      kind: 'udpout',
      host: '192.168.4.1',
      port: 14555,
    });
    expect(parseLinkUrl('tcp://127.0.0.1:5760')).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 5760 });
    expect(parseLinkUrl('serial:///dev/ttyUSB0:57600')).toEqual({
      kind: 'serial',
      path: '/dev/ttyUSB0',
      baudRate: 57600,
    });
    expect(parseLinkUrl('serial://COM3:115200')).toEqual({ kind: 'serial', path: 'COM3', baudRate: 115200 });
  });

  it('round-trips through formatLinkUrl', () => {
    for (const u of [
      'udpin://0.0.0.0:14550',
      'udpout://10.0.0.2:14550',
      'tcp://localhost:5760',
      'serial:///dev/ttyACM0:921600',
    ]) {
      expect(formatLinkUrl(parseLinkUrl(u))).toBe(u);
    }
  });

  it.each([
    ['/dev/ttyUSB0', /no scheme/],
    ['udp://1.2.3.4:14550', /unknown scheme "udp"/],
    ['udpout://1.2.3.4', /needs host:port/],
    ['tcp://host:99999', /out of range/],
    ['tcp://host:abc', /needs host:port|not a number/],
    ['udpout://:14550', /host is missing/],
    ['serial:///dev/ttyUSB0', /baud rate/],
    ['serial:///dev/ttyUSB0:12345', /not a standard rate/],
  ])('rejects %s with a clear reason', (url, reason) => {
    const err = (() => {
      try {
        parseLinkUrl(url);
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(LinkUrlError);
    expect(err?.message).toContain(url);
    expect(err?.message).toMatch(reason);
  });
});
