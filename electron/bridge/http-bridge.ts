import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ApiError, type ApiErrorBody } from '../api/define.js';
import type { AppService } from '../service/app-service.js';
import { CONTENT_SECURITY_POLICY } from './csp.js';

export interface HttpBridgeOptions {
  service: AppService;
  /** Folder with the built renderer (index.html and assets). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Defaults to a fresh random token for this start. */
  token?: string;
}

export interface HttpBridge {
  /** The URL to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const HTTP_STATUS: Record<ApiErrorBody['code'], number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  refused: 422,
  internal: 500,
};

const MAX_BODY = 25 * 1024 * 1024;

/**
 * Browser mode: the same renderer and the same API over HTTP (+ server-sent events for pushed
 * updates), bound to 127.0.0.1 only. Every API request must carry this start's random token
 * (header `x-agrispray-token`, `Authorization: Bearer`, or `?token=` for EventSource); the Host
 * header must be the loopback address, which stops DNS-rebinding pages from reaching the API.
 */
export async function startHttpBridge(opts: HttpBridgeOptions): Promise<HttpBridge> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const tokenBuf = Buffer.from(token);
  const root = resolve(opts.staticDir);
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    const auth = req.headers.authorization?.replace(/^Bearer\s+/i, '');
    const given =
      (req.headers['x-agrispray-token'] as string | undefined) ?? auth ?? url.searchParams.get('token') ?? '';
    const buf = Buffer.from(given);
    return buf.length === tokenBuf.length && timingSafeEqual(buf, tokenBuf);
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const sendError = (res: ServerResponse, body: ApiErrorBody) =>
    sendJson(res, HTTP_STATUS[body.code], { error: body });

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((ok, fail) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) {
          fail(new ApiError({ code: 'invalid_input', message: 'request too large (25 MB at most)' }));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => ok(Buffer.concat(chunks).toString('utf8')));
      req.on('error', fail);
    });

  const serveStatic = async (res: ServerResponse, pathname: string) => {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep))
      return sendJson(res, 403, { error: { code: 'refused', message: 'forbidden' } });
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      res.writeHead(200, {
        'content-type': MIME[extname(file)] ?? 'application/octet-stream',
        'content-length': st.size,
        'content-security-policy': CONTENT_SECURITY_POLICY,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-cache',
      });
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(
        pathname === '/' || pathname === '/index.html'
          ? 'renderer not built: run npm run build:renderer'
          : 'not found',
      );
    }
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
      return sendError(res, { code: 'unauthorized', message: 'bad Host header' });
    }
    try {
      if (url.pathname.startsWith('/api/')) {
        if (!authorised(req, url)) {
          return sendError(res, {
            code: 'unauthorized',
            message: 'missing or wrong access token: open the URL printed at start',
          });
        }
        if (url.pathname === '/api/events' && req.method === 'GET') {
          res.writeHead(200, {
            'content-type': 'text/event-stream',
            'cache-control': 'no-store',
            connection: 'keep-alive',
          });
          res.write(': connected\n\n');
          sseClients.add(res);
          req.on('close', () => sseClients.delete(res));
          return;
        }
        const m = /^\/api\/call\/([\w.]+)$/.exec(url.pathname);
        if (!m || req.method !== 'POST')
          return sendError(res, { code: 'not_found', message: `no API route ${req.method} ${url.pathname}` });
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
          return sendError(res, {
            code: 'invalid_input',
            message: 'the request body must be application/json',
          });
        }
        const text = await readBody(req);
        let input: unknown;
        try {
          input = text ? JSON.parse(text) : {};
        } catch (e) {
          return sendError(res, {
            code: 'invalid_input',
            message: `request body is not JSON: ${(e as Error).message}`,
          });
        }
        const result = await opts.service.call(m[1]!, input);
        return sendJson(res, 200, { result: result ?? null });
      }
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendError(res, { code: 'not_found', message: 'not found' });
      return await serveStatic(res, url.pathname);
    } catch (e) {
      const body =
        e instanceof ApiError ? e.body : { code: 'internal' as const, message: (e as Error).message };
      if (!res.headersSent) sendError(res, body);
      else res.end();
    }
  });

  const unsubscribe = opts.service.ctx.onEvent((event, data) => {
    const frame = `event: api\ndata: ${JSON.stringify({ event, data })}\n\n`;
    for (const c of sseClients) c.write(frame);
  });
  const keepAlive = setInterval(() => {
    for (const c of sseClients) c.write(': ping\n\n');
  }, 15_000);
  keepAlive.unref();

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      clearInterval(keepAlive);
      for (const c of sseClients) c.end();
      sseClients.clear();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
