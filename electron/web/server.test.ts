// runtime: node
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../services/api/create-services';
import { CONTENT_SECURITY_POLICY } from './security';
import { resolveStaticPath, startWebBridge, tokenMatches, type WebBridge } from './server';

let dir: string;
let staticDir: string;
let bridge: WebBridge;
let services: ReturnType<typeof createServices>;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-web-'));
  staticDir = path.join(dir, 'dist');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>AmoSweep</title>');
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-123.js'), 'console.log(1)');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  services = createServices({ transport: 'web', dataDir: path.join(dir, 'data') });
  bridge = await startWebBridge({ handlers: services.handlers, events: services.deps.events, staticDir, maxBodyBytes: 4096 });
});

afterAll(async () => {
  await bridge.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const base = (): string => `http://127.0.0.1:${bridge.port}`;
const rpc = (method: string, body: unknown, token: string | null = bridge.token, extra: Record<string, string> = {}) =>
  fetch(`${base()}/api/rpc/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

/** A raw request, so that Host and undecoded paths reach the server as written. */
function raw(pathname: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: bridge.port, path: pathname, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('web bridge', () => {
  it('prints a tokened URL on 127.0.0.1 with a strong random token', () => {
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/#token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 UNAUTHORIZED without a token', async () => {
    const res = await rpc('app.info', {}, null);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('answers 401 for a wrong token', async () => {
    const res = await rpc('app.info', {}, `${bridge.token.slice(0, -1)}x`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(tokenMatches(undefined, 'abc')).toBe(false);
    expect(tokenMatches('abc', 'abc')).toBe(true);
  });

  it('runs a method through dispatch with the web transport', async () => {
    const res = await rpc('app.info', {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { name: string; transport: string } };
    expect(body).toMatchObject({ ok: true, value: { name: 'AmoSweep', transport: 'web' } });
  });

  it('treats an empty body as {}', async () => {
    const res = await rpc('jobs.list', '');
    expect(await res.json()).toEqual({ ok: true, value: [] });
  });

  it('answers BAD_INPUT for arguments the contract refuses', async () => {
    const res = await rpc('app.info', { unexpected: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('answers UNKNOWN_METHOD for a name outside the contract', async () => {
    const res = await rpc('nope.nothing', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });

  it('answers 400 for a body that is not JSON and 413 for one too large', async () => {
    const bad = await rpc('app.info', '{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const big = await rpc('app.info', JSON.stringify({ pad: 'x'.repeat(10_000) }));
    expect(big.status).toBe(413);
  });

  it('accepts only POST for calls', async () => {
    const res = await fetch(`${base()}/api/rpc/app.info`, { headers: { Authorization: `Bearer ${bridge.token}` } });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('refuses calls from a foreign Origin', async () => {
    const res = await rpc('app.info', {}, bridge.token, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    const same = await rpc('app.info', {}, bridge.token, { Origin: base() });
    expect(same.status).toBe(200);
  });

  it('streams emitted events over SSE, and needs the token for it', async () => {
    const denied = await fetch(`${base()}/api/events`);
    expect(denied.status).toBe(401);
    await denied.body?.cancel();

    const controller = new AbortController();
    const res = await fetch(`${base()}/api/events?token=${encodeURIComponent(bridge.token)}`, { signal: controller.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    // the first chunk is the "connected" comment: the subscription exists once it arrives
    while (!text.includes(': connected')) text += decoder.decode((await reader.read()).value);
    services.deps.events.emit({ type: 'snapshot.changed', file: '/tmp/x.amosweep' });
    while (!text.includes('snapshot.changed')) text += decoder.decode((await reader.read()).value);
    const line = text.split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(line.slice('data: '.length))).toEqual({ type: 'snapshot.changed', file: '/tmp/x.amosweep' });
    controller.abort();
  });

  it('serves index.html for / with security headers and no caching', async () => {
    const res = await fetch(`${base()}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(await res.text()).toContain('<title>AmoSweep</title>');
    const asset = await fetch(`${base()}/assets/app-123.js`);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect(await asset.text()).toBe('console.log(1)');
    expect((await fetch(`${base()}/assets/missing.js`)).status).toBe(404);
  });

  it('refuses path traversal', async () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00']) {
      const res = await raw(p);
      expect(res.status, p).toBe(403);
      expect(res.body).not.toContain('outside');
    }
    expect(resolveStaticPath(staticDir, '/a/../../secret.txt')).toBeNull();
    expect(resolveStaticPath(staticDir, '/')).toBe(path.join(staticDir, 'index.html'));
  });

  it('refuses a Host header other than 127.0.0.1:PORT or localhost:PORT (DNS rebinding)', async () => {
    expect((await raw('/', { Host: 'evil.example' })).status).toBe(421);
    expect((await raw('/', { Host: `evil.example:${bridge.port}` })).status).toBe(421);
    expect((await raw('/', { Host: `127.0.0.1:${bridge.port + 1}` })).status).toBe(421);
    expect((await raw('/', { Host: `localhost:${bridge.port}` })).status).toBe(200);
    expect((await raw('/', { Host: `127.0.0.1:${bridge.port}` })).status).toBe(200);
  });

  it('answers NOT_FOUND for unknown API paths', async () => {
    const res = await fetch(`${base()}/api/other`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('sends the CSP of the <meta> in renderer/index.html, plus frame-ancestors (header-only)', () => {
    const html = fs.readFileSync(path.resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = (policy: string) => policy.split(';').map((d) => d.trim()).filter(Boolean).sort();
    const extra = directives(CONTENT_SECURITY_POLICY).filter((d) => !directives(meta).includes(d));
    expect(directives(meta).every((d) => directives(CONTENT_SECURITY_POLICY).includes(d))).toBe(true);
    expect(extra).toEqual(["frame-ancestors 'none'"]);
  });
});
