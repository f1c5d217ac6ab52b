// runtime: node
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/api/result';
import { MemorySecretStore } from '../secrets/secret-store';
import { resolveAccount } from './base-url';
import { buildQuery, createAmoClient, exchangeAuthorizationCode, isMissingRights, type AmoClient } from './client';
import { RateLimiter } from './rate-limiter';

interface Hit {
  method: string;
  url: string;
  auth: string | undefined;
  type: string | undefined;
  xrw: string | undefined;
  at: number;
  body: string;
}
type Reply = { status: number; body?: string; type?: string; delayMs?: number };
type Route = (hit: Hit, n: number) => Reply;

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }
});

async function serve(route: Route): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const hit: Hit = { method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization, type: req.headers['content-type'], xrw: req.headers['x-requested-with'] as string | undefined, at: performance.now(), body };
      hits.push(hit);
      const reply = route(hit, hits.length);
      const send = () => {
        if (reply.status === 204) {
          res.writeHead(204).end();
          return;
        }
        res.writeHead(reply.status, { 'Content-Type': reply.type ?? 'application/hal+json' }).end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const json = (v: unknown): Reply => ({ status: 200, body: JSON.stringify(v) });
const FAST = { baseDelayMs: 1, maxDelayMs: 5 };
const TOKEN = 'secret-long-lived-token-value-123456';

function tokenClient(url: string, extra: Partial<Parameters<typeof createAmoClient>[0]> = {}): AmoClient {
  return createAmoClient({ baseUrl: url, auth: { kind: 'long-lived', getToken: () => TOKEN }, unlimited: true, retry: FAST, ...extra });
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected a failure');
}

describe('resolveAccount and buildQuery', () => {
  it('turns a subdomain, a host or a URL into a base URL', () => {
    expect(resolveAccount('Example')).toEqual({ baseUrl: 'https://example.amocrm.ru', subdomain: 'example' });
    expect(resolveAccount('shop.kommo.com')).toEqual({ baseUrl: 'https://shop.kommo.com', subdomain: 'shop' });
    expect(resolveAccount('https://shop.amocrm.ru/leads/pipeline')).toEqual({ baseUrl: 'https://shop.amocrm.ru', subdomain: 'shop' });
    expect(resolveAccount('http://127.0.0.1:4000').baseUrl).toBe('http://127.0.0.1:4000');
    expect(() => resolveAccount('http://example.amocrm.ru')).toThrow(/HTTPS/);
  });
  it('encodes arrays with [] and keeps brackets', () => {
    expect(buildQuery({ limit: 250, 'filter[id]': [1, 2], with: 'contacts,loss_reason', x: undefined })).toBe(
      '?limit=250&filter[id][]=1&filter[id][]=2&with=contacts%2Closs_reason',
    );
  });
});

describe('rate limiter', () => {
  it('never grants more than rps starts within any one-second window, and keeps close to the ceiling', async () => {
    // A fake clock makes this exact: on a loaded machine, arrival times at a local server
    // measure the scheduler's jitter, not the limiter.
    vi.useFakeTimers({ now: 0 });
    try {
      const rps = 7;
      const limiter = new RateLimiter({ rps });
      const granted: number[] = [];
      const all = Array.from({ length: 50 }, () => limiter.acquire().then(() => granted.push(Date.now())));
      await vi.advanceTimersByTimeAsync(20_000);
      await Promise.all(all);
      expect(granted).toHaveLength(50);
      for (let i = 0; i < granted.length; i++) {
        const inWindow = granted.filter((t) => t >= granted[i]! && t < granted[i]! + 1000).length;
        expect(inWindow).toBeLessThanOrEqual(rps);
      }
      const sustained = (granted.length - 1) / ((granted.at(-1)! - granted[0]!) / 1000);
      expect(sustained).toBeGreaterThanOrEqual(0.95 * rps);
      expect(sustained).toBeLessThanOrEqual(rps);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends every request through the limiter', async () => {
    const { url, hits } = await serve(() => json({ _embedded: { items: [] } }));
    const rps = 10;
    const client = createAmoClient({ baseUrl: url, auth: { kind: 'long-lived', getToken: () => TOKEN }, limiter: new RateLimiter({ rps }) });
    const started = Date.now();
    await Promise.all(Array.from({ length: 25 }, () => client.request({ method: 'GET', path: '/api/v4/x' })));
    expect(hits).toHaveLength(25);
    // 25 starts at 10 rps cannot finish before 2.4 s of limiter spacing have passed
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_300);
    expect(client.stats().requests).toBe(25);
    expect(client.stats().limitRps).toBe(rps);
  });

  it('a failed limiter rejects queued and future acquires', async () => {
    const limiter = new RateLimiter({ rps: 1 });
    await limiter.acquire();
    const queued = limiter.acquire();
    limiter.fail(new AppError('AMO_BLOCKED', 'blocked'));
    await expect(queued).rejects.toMatchObject({ code: 'AMO_BLOCKED' });
    await expect(limiter.acquire()).rejects.toMatchObject({ code: 'AMO_BLOCKED' });
  });
});

describe('amo client', () => {
  it('retries 429 and 5xx on GET with backoff and counts them', async () => {
    const { url, hits } = await serve((_h, n) => (n === 1 ? { status: 429, body: '<html>429</html>', type: 'text/html' } : n === 2 ? { status: 503 } : json({ ok: 1 })));
    const client = tokenClient(url);
    const res = await client.request<{ ok: number }>({ method: 'GET', path: '/api/v4/account' });
    expect(res.data).toEqual({ ok: 1 });
    expect(hits).toHaveLength(3);
    expect(client.stats()).toMatchObject({ requests: 3, rejected429: 1, retries: 2 });
  });

  it('does not retry a non-idempotent request on 5xx or 429', async () => {
    const { url, hits } = await serve(() => ({ status: 502 }));
    const client = tokenClient(url);
    const e = await failure(client.request({ method: 'POST', path: '/api/v4/leads', body: [{ name: 'x' }] }));
    expect(e.code).toBe('AMO_HTTP');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.body).toBe('[{"name":"x"}]');
  });

  it('sends a form body url-encoded (repeated keys in order, UTF-8), and still does not retry the write', async () => {
    const s = await serve((hit, n) => (n === 1 ? { status: 500, body: '{}' } : { status: 202, body: JSON.stringify({ response: { ok: true } }) }));
    const c = tokenClient(s.url);
    const form: [string, string][] = [['id[]', '1'], ['id[]', '2'], ['result_element[NAME]', 'Иван & Co']];
    expect((await failure(c.request({ method: 'POST', path: '/ajax/merge/contacts/save', form }))).details?.status).toBe(500);
    expect(s.hits).toHaveLength(1);
    const r = await c.request<{ response: unknown }>({ method: 'POST', path: '/ajax/merge/contacts/save', form });
    expect(r).toMatchObject({ status: 202, data: { response: { ok: true } } });
    const hit = s.hits[1]!;
    expect(hit.type).toBe('application/x-www-form-urlencoded; charset=UTF-8');
    expect(hit.xrw).toBe('XMLHttpRequest');
    expect(hit.body).toBe('id%5B%5D=1&id%5B%5D=2&result_element%5BNAME%5D=%D0%98%D0%B2%D0%B0%D0%BD+%26+Co');
    expect(new URLSearchParams(hit.body).getAll('id[]')).toEqual(['1', '2']);
    // a JSON body keeps its content type; a form and a body together are refused before sending
    await c.request({ method: 'POST', path: '/api/v4/leads', body: [{ name: 'x' }] });
    expect(s.hits[2]!.type).toBe('application/json');
    expect((await failure(c.request({ method: 'POST', path: '/x', form, body: {} }))).code).toBe('BAD_INPUT');
    expect(s.hits).toHaveLength(3);
  });
  it('gives AMO_RATE_LIMIT after every 429 retry', async () => {
    const { url, hits } = await serve(() => ({ status: 429 }));
    const client = tokenClient(url, { retry: { ...FAST, max429Retries: 3 } });
    expect((await failure(client.request({ method: 'GET', path: '/api/v4/leads' }))).code).toBe('AMO_RATE_LIMIT');
    expect(hits).toHaveLength(4);
  });

  it('retries malformed JSON a few times, then AMO_BAD_RESPONSE', async () => {
    const bad = await serve(() => ({ status: 200, body: '{"_embedded": {"le' }));
    const e = await failure(tokenClient(bad.url).request({ method: 'GET', path: '/api/v4/leads' }));
    expect(e.code).toBe('AMO_BAD_RESPONSE');
    expect(bad.hits).toHaveLength(3);
    const once = await serve((_h, n) => (n === 1 ? { status: 200, body: 'not json' } : json({ a: 1 })));
    expect((await tokenClient(once.url).request({ method: 'GET', path: '/x' })).data).toEqual({ a: 1 });
  });

  it('retries a timed-out GET, then fails with NETWORK', async () => {
    const { url, hits } = await serve(() => ({ status: 200, body: '{}', delayMs: 400 }));
    const client = tokenClient(url, { requestTimeoutMs: 50, retry: { ...FAST, maxRetries: 2 } });
    expect((await failure(client.request({ method: 'GET', path: '/api/v4/leads' }))).code).toBe('NETWORK');
    expect(hits).toHaveLength(3);
  });

  it('answers 204 as null and an empty page', async () => {
    const { url } = await serve(() => ({ status: 204 }));
    const client = tokenClient(url);
    expect((await client.request({ method: 'GET', path: '/api/v4/leads' })).data).toBeNull();
    const pages = [];
    for await (const p of client.paginate('/api/v4/leads', 'leads')) pages.push(p);
    expect(pages).toMatchObject([{ items: [], page: 1, nextUrl: null }]);
    expect(Math.abs(pages[0]!.serverTime! - Date.now() / 1000)).toBeLessThan(120);
  });

  it('pages by _links.next until it is absent, re-based on the account origin', async () => {
    const { url, hits } = await serve((h) => {
      const page = Number(new URL(h.url, 'http://x').searchParams.get('page') ?? '1');
      const next = page < 3 ? { next: { href: `https://elsewhere.example/api/v4/contacts?limit=2&page=${page + 1}` } } : {};
      return json({ _page: page, _links: { self: { href: h.url }, ...next }, _embedded: { contacts: [{ id: page * 10 }, { id: page * 10 + 1 }] } });
    });
    const client = tokenClient(url);
    const pages = [];
    for await (const p of client.paginate<{ id: number }>('/api/v4/contacts', 'contacts', { limit: 2 })) pages.push(p);
    expect(pages.map((p) => p.items.map((i) => i.id))).toEqual([[10, 11], [20, 21], [30, 31]]);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(pages[2]!.nextUrl).toBeNull();
    expect(hits.map((h) => h.url)).toEqual(['/api/v4/contacts?limit=2', '/api/v4/contacts?limit=2&page=2', '/api/v4/contacts?limit=2&page=3']);
    // prefetch: the same pages in the same order, each fetched once; page 2 is asked for before page 1 is handed over
    hits.length = 0;
    const prefetched = [];
    for await (const p of client.paginate<{ id: number }>('/api/v4/contacts', 'contacts', { limit: 2 }, { prefetch: true })) {
      if (prefetched.length === 0) {
        while (hits.length < 2) await new Promise((r) => setTimeout(r, 5));
      }
      prefetched.push(p.items.map((i) => i.id));
    }
    expect(prefetched).toEqual([[10, 11], [20, 21], [30, 31]]);
    expect(hits).toHaveLength(3);
    // resume from a stored next URL
    const resumed = [];
    for await (const p of client.paginate<{ id: number }>('/api/v4/contacts', 'contacts', { limit: 2 }, { startUrl: pages[0]!.nextUrl! })) resumed.push(p.page);
    expect(resumed).toEqual([2, 3]);
  });

  it('a 401 with a long-lived token is AMO_AUTH, and no error carries the token', async () => {
    const { url } = await serve((h) =>
      h.url.startsWith('/401')
        ? { status: 401, body: JSON.stringify({ title: 'Unauthorized', detail: `bad token ${TOKEN}` }), type: 'application/problem+json' }
        : { status: 400, body: JSON.stringify({ title: 'Bad Request', detail: `echo ${h.auth}` }) },
    );
    const client = tokenClient(url);
    const e401 = await failure(client.request({ method: 'GET', path: '/401' }));
    expect(e401.code).toBe('AMO_AUTH');
    const e400 = await failure(client.request({ method: 'GET', path: '/400' }));
    expect(e400.code).toBe('AMO_HTTP');
    const e500 = await failure(tokenClient((await serve(() => ({ status: 500, body: TOKEN }))).url, { retry: { ...FAST, maxRetries: 1 } }).request({ method: 'GET', path: '/x' }));
    for (const e of [e401, e400, e500]) {
      const dump = JSON.stringify({ message: e.message, details: e.details, stack: e.stack });
      expect(dump).not.toContain(TOKEN);
      expect(dump).not.toContain(TOKEN.slice(0, 20));
    }
  });

  it('a 403 HTML ban stops every queued and later request to the account', async () => {
    const { url, hits } = await serve(() => ({ status: 403, body: '<html><body><h1>403 Forbidden</h1><hr>nginx</body></html>', type: 'text/html' }));
    const limiter = new RateLimiter({ rps: 5 });
    const a = tokenClient(url, { limiter, unlimited: false });
    const b = tokenClient(url, { limiter, unlimited: false });
    const all = await Promise.allSettled([...Array.from({ length: 10 }, () => a.request({ method: 'GET', path: '/api/v4/leads' })), b.request({ method: 'GET', path: '/api/v4/contacts' })]);
    expect(all.every((r) => r.status === 'rejected' && (r.reason as AppError).code === 'AMO_BLOCKED')).toBe(true);
    expect((all[0] as PromiseRejectedResult).reason.message).toMatch(/blocked for exceeding the API rate limit/);
    expect(hits.length).toBeLessThanOrEqual(2);
    expect((await failure(b.request({ method: 'GET', path: '/later' }))).code).toBe('AMO_BLOCKED');
  });

  // doc §13 / §21.2: a non-admin token gets a JSON 403 on /users ([DOC-RU crm_platform/users-api]); it is not a ban
  it('a JSON 403 (missing rights) is AMO_FORBIDDEN, says what to do, and does not block the account', async () => {
    const { url, hits } = await serve(() => ({ status: 403, body: JSON.stringify({ title: 'Forbidden', detail: 'Invalid scope' }), type: 'application/problem+json' }));
    const client = tokenClient(url);
    const e = await failure(client.request({ method: 'GET', path: '/api/v4/users' }));
    expect(e.code).toBe('AMO_FORBIDDEN');
    expect(e.details).toMatchObject({ status: 403 });
    expect(e.message).toMatch(/Invalid scope/);
    expect(e.message).toMatch(/administrator/);
    expect(isMissingRights(e)).toBe(true);
    await failure(client.request({ method: 'GET', path: '/api/v4/users' }));
    expect(hits.length).toBe(2); // not retried, and the next request still goes out
  });

  // doc §21.2: 402 Payment Required = unpaid account (Kommo api_v4/errors, community error mappers; secondary)
  it('a 402 is AMO_PAYMENT_REQUIRED naming what the user must do, never retried', async () => {
    const { url, hits } = await serve(() => ({ status: 402, body: JSON.stringify({ title: 'Payment Required', status: 402, detail: 'Account is not paid' }), type: 'application/problem+json' }));
    const e = await failure(tokenClient(url).request({ method: 'GET', path: '/api/v4/leads' }));
    expect(e.code).toBe('AMO_PAYMENT_REQUIRED');
    expect(e.message).toMatch(/not paid/);
    expect(e.message).toMatch(/administrator must pay/);
    expect(hits.length).toBe(1);
  });
});

describe('oauth', () => {
  function oauthServer(state: { valid: string; refresh: string; refreshes: number }) {
    return serve((h) => {
      if (h.url === '/oauth2/access_token') {
        const body = JSON.parse(h.body) as Record<string, string>;
        if (body.grant_type === 'authorization_code') {
          if (body.code !== 'the-code-123') return { status: 400, body: JSON.stringify({ title: 'Bad', hint: 'Authorization code has expired' }) };
          return json({ token_type: 'Bearer', expires_in: 86400, access_token: state.valid, refresh_token: state.refresh });
        }
        if (body.refresh_token !== state.refresh) {
          return { status: 401, body: JSON.stringify({ hint: 'Token has been revoked', title: 'Некорректный запрос', status: 401 }), type: 'application/problem+json' };
        }
        state.refreshes++;
        state.valid = `access-${state.refreshes + 1}-xxxxxxxx`;
        state.refresh = `refresh-${state.refreshes + 1}-yyyyyyyy`;
        return { status: 200, body: JSON.stringify({ token_type: 'Bearer', expires_in: 86400, access_token: state.valid, refresh_token: state.refresh }), delayMs: 30 };
      }
      if (h.auth !== `Bearer ${state.valid}`) return { status: 401, body: JSON.stringify({ title: 'Unauthorized' }) };
      return json({ id: 1 });
    });
  }
  const auth = (secrets: MemorySecretStore) => ({ kind: 'oauth' as const, clientId: 'cid', clientSecret: 'client-secret-value', redirectUri: 'https://example.com/cb', secrets, key: 'oauth:test' });

  it('exchanges a code, then refreshes once for many parallel 401s and replays them', async () => {
    const state = { valid: 'access-1-xxxxxxxx', refresh: 'refresh-1-yyyyyyyy', refreshes: 0 };
    const { url } = await oauthServer(state);
    const secrets = new MemorySecretStore();
    await exchangeAuthorizationCode({ baseUrl: url, clientId: 'cid', clientSecret: 'client-secret-value', redirectUri: 'https://example.com/cb', code: 'the-code-123', secrets, key: 'oauth:test', limiter: null });
    expect(JSON.parse((await secrets.get('oauth:test'))!)).toMatchObject({ accessToken: 'access-1-xxxxxxxx', refreshToken: 'refresh-1-yyyyyyyy' });
    state.valid = 'rotated-on-server'; // the stored access token no longer works
    state.refresh = 'refresh-1-yyyyyyyy';
    const client = createAmoClient({ baseUrl: url, auth: auth(secrets), unlimited: true, retry: FAST });
    const results = await Promise.all(Array.from({ length: 6 }, () => client.request<{ id: number }>({ method: 'GET', path: '/api/v4/account' })));
    expect(results.every((r) => r.data?.id === 1)).toBe(true);
    expect(state.refreshes).toBe(1);
    expect(JSON.parse((await secrets.get('oauth:test'))!)).toMatchObject({ accessToken: state.valid, refreshToken: state.refresh });
  });

  it('a revoked refresh token is AMO_AUTH asking to re-authorize, without secrets in the message', async () => {
    const state = { valid: 'server-only-token', refresh: 'server-only-refresh', refreshes: 0 };
    const { url } = await oauthServer(state);
    const secrets = new MemorySecretStore();
    await secrets.set('oauth:test', JSON.stringify({ accessToken: 'old-access-zzzzzz', refreshToken: 'used-refresh-zzzzzz', expiresAt: Date.now() + 3600_000 }));
    const client = createAmoClient({ baseUrl: url, auth: auth(secrets), unlimited: true, retry: FAST });
    const e = await failure(client.request({ method: 'GET', path: '/api/v4/account' }));
    expect(e.code).toBe('AMO_AUTH');
    expect(e.message).toMatch(/re-authorize/);
    expect(e.message).not.toContain('used-refresh-zzzzzz');
    expect(e.message).not.toContain('client-secret-value');
  });

  it('a wrong authorization code is AMO_AUTH', async () => {
    const { url } = await oauthServer({ valid: 'a', refresh: 'b', refreshes: 0 });
    const e = await failure(exchangeAuthorizationCode({ baseUrl: url, clientId: 'cid', clientSecret: 'client-secret-value', redirectUri: 'https://example.com/cb', code: 'wrong-code-999', secrets: new MemorySecretStore(), key: 'k', limiter: null }));
    expect(e.code).toBe('AMO_AUTH');
  });
});
