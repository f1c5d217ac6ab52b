// runtime: node
/**
 * The browser transport: serves the built renderer and the service API on 127.0.0.1.
 *
 * Protocol (the renderer's web client speaks exactly this):
 * - `POST /api/rpc/<method>` with `Authorization: Bearer <token>` and the method's one
 *   object argument as the JSON body → 200 and the Result of `dispatch()`. A body that is
 *   not JSON → 400, a body over the limit → 413, both with a Result `{ok:false}`.
 *   A missing or wrong token → 401 with Result `UNAUTHORIZED`; any other verb → 405.
 * - `GET /api/events?token=<token>` (or the same header) → `text/event-stream`; each
 *   event is `data: <ApiEvent JSON>\n\n`; `: ping` comments keep the stream alive.
 * - Everything else is a static file of the built renderer (`/` → index.html).
 * The page gets the token from the URL fragment (`/#token=...`), which browsers never
 * send to the server. Requests whose Host header is not 127.0.0.1:PORT or localhost:PORT
 * are refused (DNS rebinding), and so are RPC calls from a foreign Origin.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { dispatch, type Handlers } from '../../shared/api/dispatch';
import type { ApiEvent } from '../../shared/api/jobs';
import { fail, type Result } from '../../shared/api/result';
import type { EventBus } from '../services/events/event-bus';
import { SECURITY_HEADERS } from './security';

export interface WebBridgeOptions {
  handlers: Handlers;
  events: EventBus;
  /** 0 or undefined: a free port chosen by the OS */
  port?: number;
  /** the built renderer, e.g. renderer/dist */
  staticDir: string;
  /** a fixed token (tests); by default 32 random bytes, base64url */
  token?: string;
  /** largest accepted RPC body in bytes (default 1 MiB) */
  maxBodyBytes?: number;
  /** heartbeat interval of the event stream (default 15 s) */
  heartbeatMs?: number;
  /** more origins allowed to call the API, e.g. a Vite dev server */
  extraOrigins?: string[];
}

export interface WebBridge {
  /** http://127.0.0.1:PORT/#token=TOKEN: the address to open */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const HOST = '127.0.0.1';
const DEFAULT_MAX_BODY = 1024 * 1024;
const RPC_PREFIX = '/api/rpc/';
const EVENTS_PATH = '/api/events';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** Constant-time comparison of a presented token with the expected one. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0) return false;
  return timingSafeEqual(digest(presented), digest(expected));
}

function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly result: Result<never>,
  ) {
    super(result.ok ? '' : result.error.message);
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HttpFailure(413, fail('BAD_INPUT', `Request body is larger than ${limit} bytes.`)));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new HttpFailure(413, fail('BAD_INPUT', `Request body is larger than ${limit} bytes.`)));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
    });
  });
}

/** Resolves a URL path inside root, or null for anything that tries to leave it. */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  const relative = segments.filter(Boolean).join('/');
  const resolved = path.resolve(root, relative || 'index.html');
  const rel = path.relative(root, resolved);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return resolved;
}

/** Starts the HTTP bridge on 127.0.0.1 and resolves once it listens. */
export async function startWebBridge(options: WebBridgeOptions): Promise<WebBridge> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const staticRoot = fs.realpathSync(path.resolve(options.staticDir));
  const streams = new Set<http.ServerResponse>();
  let port = 0;

  const allowedHosts = (): Set<string> => new Set([`${HOST}:${port}`, `localhost:${port}`]);
  const allowedOrigins = (): Set<string> =>
    new Set([`http://${HOST}:${port}`, `http://localhost:${port}`, ...(options.extraOrigins ?? [])]);

  const send = (res: http.ServerResponse, status: number, body: string, headers: Record<string, string>): void => {
    res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const sendJson = (res: http.ServerResponse, status: number, value: unknown, extra: Record<string, string> = {}): void =>
    send(res, status, JSON.stringify(value), { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...extra });

  const authorized = (req: http.IncomingMessage, url: URL, allowQuery: boolean): boolean => {
    const presented = bearerToken(req.headers.authorization) ?? (allowQuery ? url.searchParams.get('token') : null);
    return tokenMatches(presented, token);
  };
  const unauthorized = (res: http.ServerResponse): void =>
    sendJson(res, 401, fail('UNAUTHORIZED', 'Missing or wrong access token. Open the address that `amosweep web` printed.'), {
      'WWW-Authenticate': 'Bearer',
    });

  async function handleRpc(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') {
      sendJson(res, 405, fail('BAD_INPUT', 'Use POST for API calls.'), { Allow: 'POST' });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins().has(origin)) {
      sendJson(res, 403, fail('FORBIDDEN_SENDER', 'Calls from another origin are refused.'));
      return;
    }
    if (!authorized(req, url, false)) {
      unauthorized(res);
      return;
    }
    let method: string;
    try {
      method = decodeURIComponent(url.pathname.slice(RPC_PREFIX.length));
    } catch {
      method = '';
    }
    const text = await readBody(req, maxBody);
    let input: unknown = undefined;
    if (text.trim().length > 0) {
      try {
        input = JSON.parse(text);
      } catch {
        throw new HttpFailure(400, fail('BAD_INPUT', 'The request body is not valid JSON.'));
      }
    }
    const result = await dispatch(options.handlers, method, input, { transport: 'web' });
    sendJson(res, 200, result);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse, url: URL): void {
    if (req.method !== 'GET') {
      sendJson(res, 405, fail('BAD_INPUT', 'Use GET for the event stream.'), { Allow: 'GET' });
      return;
    }
    if (!authorized(req, url, true)) {
      unauthorized(res);
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    streams.add(res);
    const unsubscribe = options.events.subscribe((event: ApiEvent) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), heartbeatMs);
    heartbeat.unref();
    const stop = (): void => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    };
    req.on('close', stop);
    res.on('close', stop);
  }

  function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, rawPath: string): void {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD' });
      return;
    }
    let file = resolveStaticPath(staticRoot, rawPath);
    if (!file) {
      send(res, 403, 'Forbidden', { 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    }
    let stat = statOrNull(file);
    // a path without an extension is a screen of the single-page app
    if ((!stat || stat.isDirectory()) && path.extname(file) === '') {
      file = path.join(staticRoot, 'index.html');
      stat = statOrNull(file);
    }
    if (!stat || !stat.isFile()) {
      send(res, 404, 'Not found', { 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    }
    // a symlink inside the folder must not lead out of it
    const real = fs.realpathSync(file);
    const rel = path.relative(staticRoot, real);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      send(res, 403, 'Forbidden', { 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    }
    const ext = path.extname(real).toLowerCase();
    const isHtml = ext === '.html';
    const hashedAsset = rel.startsWith(`assets${path.sep}`);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': MIME[ext] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'Cache-Control': isHtml ? 'no-store' : hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    fs.createReadStream(real)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  const server = http.createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().has(host.toLowerCase())) {
      send(res, 421, 'Unknown host', { 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${HOST}:${port}`);
    } catch {
      send(res, 400, 'Bad request', { 'Content-Type': 'text/plain; charset=utf-8' });
      return;
    }
    // the raw path, so that encoded dots reach the traversal check undecoded by URL()
    const rawPath = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const run = async (): Promise<void> => {
      if (url.pathname.startsWith(RPC_PREFIX)) return handleRpc(req, res, url);
      if (url.pathname === EVENTS_PATH) return handleEvents(req, res, url);
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        sendJson(res, 404, fail('NOT_FOUND', `No such endpoint: ${url.pathname.slice(0, 80)}`));
        return;
      }
      if (!rawPath.startsWith('/')) {
        send(res, 400, 'Bad request', { 'Content-Type': 'text/plain; charset=utf-8' });
        return;
      }
      return handleStatic(req, res, rawPath);
    };
    run().catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpFailure) {
        sendJson(res, error.status, error.result, error.status === 413 ? { Connection: 'close' } : {});
        return;
      }
      sendJson(res, 500, fail('INTERNAL', 'Unexpected error in the web bridge.'));
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  let closed: Promise<void> | null = null;
  return {
    url: `http://${HOST}:${port}/#token=${token}`,
    token,
    port,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        for (const res of streams) res.end();
        streams.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}
