import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpBridge, startHttpBridge } from '../../electron/bridge/http-bridge.js';
import { AppService } from '../../electron/service/app-service.js';
import { tempDbPath } from '../helpers/temp-db.js';

const square = {
  type: 'Polygon',
  coordinates: [
    [
      [105.62, 19.98],
      [105.6205, 19.98],
      [105.6205, 19.9805],
      [105.62, 19.9805],
      [105.62, 19.98],
    ],
  ],
};

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are checked field by field below
type Json = any;
const json = async (r: Response): Promise<Json> => r.json();

describe('browser-mode HTTP bridge', () => {
  const tmp = tempDbPath();
  let service: AppService;
  let bridge: HttpBridge;
  const base = () => `http://127.0.0.1:${bridge.port}`;
  const call = (method: string, input: unknown, token: string | null = bridge.token) =>
    fetch(`${base()}/api/call/${method}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token !== null ? { 'x-agrispray-token': token } : {}),
      },
      body: JSON.stringify(input),
    });

  beforeAll(async () => {
    const staticDir = join(tmp.dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
    service = await AppService.open(tmp.path, 'browser');
    bridge = await startHttpBridge({ service, staticDir });
  });
  afterAll(async () => {
    await bridge.close();
    await service.close();
    tmp.cleanup();
  });

  it('listens on 127.0.0.1 only and prints a URL with a fresh token', () => {
    expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses API requests without the token, or with a wrong one', async () => {
    const none = await call('fields.list', {}, null);
    expect(none.status).toBe(401);
    expect((await json(none)).error.message).toMatch(/access token/);
    expect((await call('fields.list', {}, 'x'.repeat(bridge.token.length))).status).toBe(401);
    expect((await fetch(`${base()}/api/events`)).status).toBe(401);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((ok) => {
      const r = request(
        {
          host: '127.0.0.1',
          port: bridge.port,
          path: '/api/call/fields.list',
          method: 'POST',
          headers: {
            host: 'evil.example:80',
            'x-agrispray-token': bridge.token,
            'content-type': 'application/json',
          },
        },
        (res) => ok(res.statusCode ?? 0),
      );
      r.end('{}');
    });
    expect(status).toBe(401);
  });

  it('serves the window with a strict Content Security Policy', async () => {
    const r = await fetch(`${base()}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect((await fetch(`${base()}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(200);
  });

  it('validates input at the bridge and names the bad field; nothing is stored', async () => {
    const r = await call('fields.create', { name: '', geometry: { type: 'Polygon', coordinates: 'x' } });
    expect(r.status).toBe(400);
    const body = await json(r);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.issues.map((i: { where: string }) => i.where)).toEqual(
      expect.arrayContaining(['name', 'geometry']),
    );
    const list = await json(await call('fields.list', {}));
    expect(list.result).toEqual([]);
  });

  it('refuses a self-intersecting field with where it crosses', async () => {
    const bow = {
      type: 'Polygon',
      coordinates: [
        [
          [105.62, 19.98],
          [105.621, 19.981],
          [105.621, 19.98],
          [105.62, 19.981],
          [105.62, 19.98],
        ],
      ],
    };
    const r = await call('fields.create', { name: 'Bow', geometry: bow });
    expect(r.status).toBe(400);
    expect((await json(r)).error.message).toMatch(/self-intersection/);
  });

  it('creates a field, pushes a fields.changed event over SSE, and lists it with its area', async () => {
    const ac = new AbortController();
    const events = await fetch(`${base()}/api/events?token=${bridge.token}`, { signal: ac.signal });
    const reader = events.body!.getReader();
    const created = await json(
      await call('fields.create', { name: 'Thửa A', owner: 'Lê Văn Hùng', geometry: square }),
    );
    expect(created.result.areaM2).toBeGreaterThan(2700);
    let text = '';
    while (!text.includes('fields.changed')) text += new TextDecoder().decode((await reader.read()).value);
    ac.abort();
    const list = (await json(await call('fields.list', {}))).result;
    expect(list.map((f: { name: string }) => f.name)).toEqual(['Thửa A']);
  });

  it('unknown methods and non-JSON bodies get clear errors', async () => {
    expect((await call('fields.nope', {})).status).toBe(404);
    const r = await fetch(`${base()}/api/call/fields.list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-agrispray-token': bridge.token },
      body: '{',
    });
    expect(r.status).toBe(400);
  });
});
