// runtime: node
/**
 * The fake amoCRM API v4 server: plain node:http on 127.0.0.1. Order per request:
 * statistics → ban (403 HTML) → rate limits (429) → injected faults → auth (401) → route.
 * The control API lives under /__fake/ (no auth, loopback only, never rate limited).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import { z } from 'zod';
import type { ApiObject, FixtureSet } from '../fixture-set';
import type { Truth } from '../truth';
import { dumpFixtureDir } from '../fixtures-io';
import { Auth } from './auth';
import { HttpError, Query, fail, nginxPage, parseForm, problem, type Reply } from './http';
import { Faults, Limiter, Stats, parseFaultSpec, type FaultSpec, type LimitConfig, type RateModel } from './limits';
import { applyMerge, mergeInfo, multipleDelete, planMerge, softDelete } from './private';
import { route, type Ctx } from './routes';
import { Store, type EntityType } from './store';
import { planEntityWrite, type WriteContext } from './writes';

export interface FakeAmoConfig {
  /** how rps is enforced: 'bucket' (default; nginx limit_req-like, burst = rps) or 'window' (never more than rps in any 1-second window) */
  rateModel: RateModel;
  /** requests per second per token (0 = unlimited) */
  rps: number;
  /** requests per second for the whole account (0 = unlimited) */
  accountRps: number;
  /** this many 429s within banWindowMs → every request answers 403 HTML until unban/reset (0 = never) */
  banAfter: number;
  banWindowMs: number;
  faults: FaultSpec;
  /** 429 body as problem+json instead of the nginx HTML page */
  json429: boolean;
  /**
   * seconds put in the JSON 429 body as `retry_after` (0 = absent, the default): one third-party
   * note shows `"retry_after": 300` in an amoCRM 429 (doc §3, secondary, UNCONFIRMED)
   */
  retryAfter: number;
  /** GET of a missing entity by id: 404 problem+json (default) or 204 */
  missingEntity: 404 | 204;
  /** limit above the maximum: cap to the maximum (default), fall back to 50, or 400 */
  limitOverflow: 'cap' | 'fallback50' | 'error';
  /** serve the private /ajax/ endpoints */
  privateEndpoints: boolean;
  /** delay before an accepted (202) merge is applied, ms */
  mergeDelayMs: number;
  /** the account's subscription is unpaid: every authorized /api/v4 request answers 402 */
  unpaid: boolean;
  /** a write batch of more than 250 items: 422 "Limit 250 per page" (default) or 400 */
  batchOverflow: 422 | 400;
  /**
   * the account changes while it is read: each GET of a second or later page of leads, contacts
   * or companies (no filter) first renames the last entity of the previous page (already served)
   * and moves the highest-id live entity to the trash (not served yet), as users and robots do meanwhile
   */
  churn: boolean;
  /**
   * with churn: also move the first entity of the previous page (already served) to the trash, which
   * shifts every later entity one position back (the snapshot must not lose the one that moves
   * from this page onto the previous one)
   */
  churnServed: boolean;
  /** `"enum_code": null` in a written custom field value: 400 FieldNotExpected (default) or ignored */
  enumCodeNull: 'refuse' | 'ignore';
}

export interface FakeAmoOptions extends Partial<FakeAmoConfig> {
  fixtures: FixtureSet;
  truth?: Truth;
  /** 0 or undefined = a random free port */
  port?: number;
  host?: string;
  subdomain?: string;
  /** seed for client id/secret/auth code (default: the subdomain) */
  credentialsSeed?: string;
  /** milliseconds clock (tests may inject one) */
  clock?: () => number;
}

export interface FakeAmoServer {
  url: string;
  port: number;
  subdomain: string;
  /** long-lived token of the account's admin */
  token: string;
  clientId: string;
  clientSecret: string;
  authCode: string;
  /** the live store (tests read state through it) */
  readonly store: Store;
  stats(): Record<string, unknown>;
  config(): FakeAmoConfig;
  configure(patch: Partial<FakeAmoConfig>): FakeAmoConfig;
  reset(): void;
  unban(): void;
  /** a long-lived token for any user (e.g. a non-admin) */
  issueToken(userId: number): string;
  dump(dir: string): void;
  close(): Promise<void>;
}

const DEFAULTS: FakeAmoConfig = {
  rateModel: 'bucket',
  rps: 7,
  accountRps: 50,
  banAfter: 0,
  banWindowMs: 60_000,
  faults: {},
  json429: false,
  retryAfter: 0,
  missingEntity: 404,
  limitOverflow: 'cap',
  privateEndpoints: false,
  mergeDelayMs: 50,
  unpaid: false,
  batchOverflow: 422,
  churn: false,
  churnServed: true,
  enumCodeNull: 'refuse',
};

const faultSchema = z.strictObject({
  latencyMs: z.number().min(0).optional(),
  jitterMs: z.number().min(0).optional(),
  error5xx: z.number().min(0).max(1).optional(),
  malformed: z.number().min(0).max(1).optional(),
  truncate: z.number().min(0).max(1).optional(),
  reset: z.number().min(0).max(1).optional(),
  seed: z.number().optional(),
});

const configSchema = z.strictObject({
  rateModel: z.enum(['bucket', 'window']).optional(),
  rps: z.number().min(0).optional(),
  accountRps: z.number().min(0).optional(),
  banAfter: z.number().int().min(0).optional(),
  banWindowMs: z.number().int().min(1).optional(),
  faults: z.union([faultSchema, z.string()]).optional(),
  json429: z.boolean().optional(),
  retryAfter: z.number().int().min(0).optional(),
  missingEntity: z.union([z.literal(404), z.literal(204)]).optional(),
  limitOverflow: z.enum(['cap', 'fallback50', 'error']).optional(),
  privateEndpoints: z.boolean().optional(),
  mergeDelayMs: z.number().int().min(0).optional(),
  unpaid: z.boolean().optional(),
  batchOverflow: z.union([z.literal(422), z.literal(400)]).optional(),
  churn: z.boolean().optional(),
  churnServed: z.boolean().optional(),
  enumCodeNull: z.enum(['refuse', 'ignore']).optional(),
});

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const MAX_BODY = 32 * 1024 * 1024;
const ROUTE_ID = /^(?:\d+|[0-9a-z]{20,})$/;

function routeKey(method: string, pathname: string): string {
  return `${method} ${pathname
    .split('/')
    .map((s) => (ROUTE_ID.test(s) ? '{id}' : s))
    .join('/')
    .replace(/\/$/, '')}`;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw.trim() === '') return undefined;
  if ((contentType ?? '').includes('application/x-www-form-urlencoded')) return parseForm(raw);
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw fail(400, 'Request body is not valid JSON');
  }
}

function findAdmin(fixtures: FixtureSet): number {
  const current = fixtures.account.current_user_id;
  const users = fixtures.collections.users;
  const isAdmin = (u: ApiObject): boolean => (u.rights as { is_admin?: unknown } | undefined)?.is_admin === true;
  if (typeof current === 'number' && users.some((u) => u.id === current && isAdmin(u))) return current;
  const admin = users.find(isAdmin) ?? users[0];
  return typeof admin?.id === 'number' ? admin.id : typeof current === 'number' ? current : 1;
}

export async function startFakeAmo(options: FakeAmoOptions): Promise<FakeAmoServer> {
  const clock = options.clock ?? Date.now;
  const now = (): number => Math.floor(clock() / 1000);
  const subdomain = options.subdomain ?? (typeof options.fixtures.account.subdomain === 'string' ? options.fixtures.account.subdomain : 'fakeamo');
  let config: FakeAmoConfig = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof FakeAmoConfig)[]) {
    if (options[key] !== undefined) (config as unknown as Record<string, unknown>)[key] = options[key];
  }
  let store = new Store(options.fixtures);
  const adminId = findAdmin(options.fixtures);
  const accountId = typeof options.fixtures.account.id === 'number' ? options.fixtures.account.id : 1;
  const auth = new Auth(accountId, `${subdomain}.amocrm.ru`, adminId, options.credentialsSeed ?? subdomain, clock);
  const token = auth.issueLongLived(adminId);
  const limitConfig = (): LimitConfig => ({
    rateModel: config.rateModel,
    rps: config.rps,
    accountRps: config.accountRps,
    banAfter: config.banAfter,
    banWindowMs: config.banWindowMs,
  });
  const limiter = new Limiter(limitConfig(), clock);
  const stats = new Stats(clock);
  let faults = new Faults(config.faults);
  const timers = new Set<NodeJS.Timeout>();

  const configure = (patch: Partial<FakeAmoConfig>): FakeAmoConfig => {
    config = { ...config, ...patch };
    if (patch.rateModel !== undefined || patch.rps !== undefined || patch.accountRps !== undefined || patch.banAfter !== undefined || patch.banWindowMs !== undefined) limiter.reconfigure(limitConfig());
    if (patch.faults !== undefined) faults = new Faults(config.faults);
    return config;
  };
  const reset = (): void => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    store = new Store(options.fixtures);
    stats.reset();
    limiter.reset();
    faults = new Faults(config.faults);
  };

  const control = async (method: string, url: URL, body: unknown): Promise<Reply> => {
    const name = url.pathname.replace(/^\/__fake\//, '').replace(/\/$/, '');
    const json = (value: unknown): Reply => ({ status: 200, json: value, contentType: 'application/json' });
    if (name === 'stats' && method === 'GET') return json(stats.toJSON());
    if (name === 'truth' && method === 'GET') return options.truth ? json(options.truth) : problem(404, 'No truth: this server was started from fixtures without one');
    if (name === 'reset' && method === 'POST') {
      reset();
      return json({ ok: true });
    }
    if (name === 'unban' && method === 'POST') {
      limiter.unban();
      return json({ ok: true });
    }
    if (name === 'config' && method === 'GET') return json(config);
    if (name === 'config' && method === 'POST') {
      const parsed = configSchema.safeParse(body ?? {});
      if (!parsed.success) return problem(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      const { faults: f, ...rest } = parsed.data;
      const patch: Partial<FakeAmoConfig> = { ...rest } as Partial<FakeAmoConfig>;
      if (f !== undefined) {
        try {
          patch.faults = typeof f === 'string' ? parseFaultSpec(f) : (f as FaultSpec);
        } catch (error) {
          return problem(400, (error as Error).message);
        }
      }
      return json(configure(patch));
    }
    if (name === 'state' && method === 'GET') {
      const collection = url.searchParams.get('collection') ?? '';
      const id = url.searchParams.get('id') ?? '';
      const obj = store.rawObject(collection, id);
      return obj ? json(obj) : problem(404, `No ${collection} with id ${id}`);
    }
    if (name === 'dump' && method === 'POST') {
      const dir = (body as { dir?: unknown } | undefined)?.dir;
      if (typeof dir !== 'string' || dir === '') return problem(400, 'Body must be {"dir": "<directory>"}');
      dumpFixtureDir(dir, store.toFixtureSet(), options.truth);
      return json({ ok: true, dir });
    }
    if (name === 'tokens' && method === 'POST') {
      const userId = (body as { userId?: unknown } | undefined)?.userId;
      if (typeof userId !== 'number' || !store.user(userId)) return problem(400, 'Body must be {"userId": <existing user id>}');
      return json({ token: auth.issueLongLived(userId) });
    }
    return problem(404, `Unknown control route ${method} ${url.pathname}`);
  };

  const handleApi = (method: string, url: URL, body: unknown, userId: number, base: string, ifModifiedSince: string | undefined): Reply => {
    const imsMs = ifModifiedSince === undefined ? Number.NaN : Date.parse(ifModifiedSince);
    const ctx: Ctx = {
      ...(Number.isNaN(imsMs) ? {} : { ifModifiedSince: Math.floor(imsMs / 1000) }),
      method,
      segments: url.pathname.replace(/^\/api\/v4\/?/, '').replace(/\/+$/, '').split('/').filter((s) => s !== ''),
      query: new Query(url.searchParams),
      url,
      body,
      base,
      userId,
      store,
      config,
      now,
    };
    // 402: an unpaid account (doc §21.2 [third-party code]; Kommo api_v4/errors lists 402). The
    // body shape is UNCONFIRMED: a problem+json like every other JSON error here.
    if (config.unpaid) return problem(402, 'Payment required: the account is not paid');
    // a batch over 250: 422 "Limit 250 per page" per the Kommo HTTP codes page (issue 12 item 3);
    // 400 (the previous choice, no source) behind batchOverflow: 400
    if ((method === 'POST' || method === 'PATCH') && Array.isArray(body) && body.length > 250) {
      return config.batchOverflow === 422 ? problem(422, 'Limit 250 per page') : problem(400, 'Too many entities in one request (max 250)');
    }
    if (config.churn && method === 'GET') churn(ctx, userId);
    return route(ctx);
  };

  /** the highest page of each entity list the churn has acted before, in the current pass */
  const churnedPage = new Map<string, number>();
  /** One change and one deletion before a later page of an unfiltered entity list (config.churn). */
  const churn = (ctx: Ctx, userId: number): void => {
    const [type, rest] = ctx.segments;
    if ((type !== 'leads' && type !== 'contacts' && type !== 'companies') || rest !== undefined) return;
    const page = Number(ctx.url.searchParams.get('page') ?? '1');
    if (page === 1) churnedPage.set(type, 1);
    // id order is the list's default order here, so `order[id]=asc` sees the same churn; another order is left alone
    const keys = [...ctx.url.searchParams.keys()];
    if (!(page >= 2) || keys.some((k) => k.startsWith('filter') || k === 'query' || (k.startsWith('order') && k !== 'order[id]'))) return;
    if (ctx.url.searchParams.has('order[id]') && ctx.url.searchParams.get('order[id]') !== 'asc') return;
    // once per page of a pass: the first page starts a pass; a page read again (or an earlier one) changes nothing
    if (!(page > (churnedPage.get(type) ?? 0))) return;
    churnedPage.set(type, page);
    const live = store.entities[type].values().filter((o) => o.is_deleted !== true);
    const limit = Math.min(250, Math.max(1, Number(ctx.url.searchParams.get('limit') ?? '50') || 50));
    // the last entity of the previous page: already served, so the snapshot holds its old version
    const served = live[Math.min(live.length - 1, (page - 1) * limit - 1)];
    // the first entity of the previous page: already served; trashing it moves every later entity one
    // position back, so the one that would have opened this page ends the previous one instead
    const firstServed = live[(page - 2) * limit];
    const last = live[live.length - 1];
    const wctx: WriteContext = { store, userId, now };
    if (served && served !== last) {
      const name = typeof served.name === 'string' ? served.name : '';
      planEntityWrite(wctx, type, { id: served.id, name: `${name} (изменено)` }, 'update', 0).apply();
    }
    if (last && live.length > 2) softDelete(wctx, type, [last.id as number]);
    if (config.churnServed && firstServed && firstServed !== served && firstServed !== last && live.length > 3) softDelete(wctx, type, [firstServed.id as number]);
  };

  const handleAjax = (method: string, url: URL, body: unknown, userId: number): Reply | null => {
    if (!config.privateEndpoints) return null;
    if (method !== 'POST') return null;
    const form = (body !== null && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
    const wctx: WriteContext = { store, userId, now };
    const path = url.pathname.replace(/\/+$/, '');
    const del = /^\/ajax\/(leads|contacts|companies)\/multiple\/delete$/.exec(path);
    if (del?.[1]) return multipleDelete(wctx, del[1] as EntityType, form);
    if (path === '/ajax/merge/contacts/info') return mergeInfo(store, form);
    if (path === '/ajax/merge/contacts/save') {
      const plan = planMerge(store, form);
      if ('status' in plan) return plan;
      const target = store;
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (target === store) applyMerge({ store, userId, now }, plan);
      }, config.mergeDelayMs);
      timers.add(timer);
      return { status: 202, contentType: 'application/json', json: { response: { multiactions: { set: { errors: [] } } } } };
    }
    return null;
  };

  const send = (res: http.ServerResponse, reply: Reply, fault: 'none' | 'malformed' | 'truncate'): void => {
    const headers: Record<string, string> = { Server: 'nginx', 'X-Request-Id': crypto.randomBytes(8).toString('hex'), ...(reply.headers ?? {}) };
    if (reply.status === 204 || (reply.json === undefined && reply.text === undefined)) {
      res.writeHead(reply.status, headers);
      res.end();
      return;
    }
    const isJson = reply.json !== undefined;
    let body = Buffer.from(isJson ? JSON.stringify(reply.json) : (reply.text ?? ''), 'utf8');
    headers['Content-Type'] = `${reply.contentType ?? (isJson ? 'application/hal+json' : 'text/html')}; charset=utf-8`;
    if (isJson && fault === 'malformed') body = Buffer.concat([body.subarray(0, Math.floor(body.length / 2)), Buffer.from('\u0000<!-- upstream -->')]);
    if (isJson && fault === 'truncate') {
      headers['Content-Length'] = String(body.length);
      res.writeHead(reply.status, headers);
      res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () => res.destroy());
      return;
    }
    headers['Content-Length'] = String(body.length);
    res.writeHead(reply.status, headers);
    res.end(body);
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const host = req.headers.host ?? `127.0.0.1`;
    const base = `http://${host}`;
    const url = new URL(req.url ?? '/', base);
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      send(res, problem(400, 'Request body too large'), 'none');
      return;
    }
    if (url.pathname.startsWith('/__fake/')) {
      if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) return send(res, problem(403, 'Control API is loopback only'), 'none');
      let body: unknown;
      try {
        body = parseBody(rawBody, req.headers['content-type']);
      } catch (error) {
        return send(res, error instanceof HttpError ? error.reply : problem(400, 'Bad body'), 'none');
      }
      return send(res, await control(method, url, body), 'none');
    }
    const authHeader = req.headers.authorization;
    const tokenText = /^Bearer\s+(\S+)$/i.exec(authHeader ?? '')?.[1];
    const key = tokenText ? `token:${tokenText}` : `ip:${req.socket.remoteAddress ?? ''}`;
    stats.record(routeKey(method, url.pathname), key);
    const verdict = limiter.check(key);
    if (verdict === 'banned') {
      stats.rejected403++;
      return send(res, nginxPage(403, 'Forbidden'), 'none');
    }
    if (verdict === '429') {
      stats.rejected429++;
      const body429 = config.json429 ? problem(429, 'Too many requests', config.retryAfter > 0 ? { retry_after: config.retryAfter } : {}) : nginxPage(429, 'Too Many Requests');
      return send(res, body429, 'none');
    }
    const decision = faults.decide();
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    if (decision.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (decision.kind === '5xx') {
      const s = decision.status5xx;
      return send(res, s === 500 ? problem(500, 'Internal server error') : nginxPage(s, s === 502 ? 'Bad Gateway' : s === 503 ? 'Service Temporarily Unavailable' : 'Gateway Time-out'), 'none');
    }
    const fault = decision.kind === 'malformed' || decision.kind === 'truncate' ? decision.kind : 'none';
    let reply: Reply;
    try {
      const body = parseBody(rawBody, req.headers['content-type']);
      if (url.pathname.replace(/\/+$/, '') === '/oauth2/access_token') {
        if (method !== 'POST') throw fail(405, 'Method not allowed');
        reply = auth.exchange((body !== null && typeof body === 'object' ? body : {}) as Record<string, unknown>);
      } else if (url.pathname.startsWith('/api/v4/') || url.pathname.startsWith('/ajax/')) {
        const info = auth.resolve(authHeader);
        if (!info) {
          reply = problem(401, 'Invalid user name or password');
        } else {
          // X-Context-User-ID: an admin's token may act with another user's rights
          let userId = info.userId;
          const contextUser = req.headers['x-context-user-id'];
          if (typeof contextUser === 'string' && /^\d+$/.test(contextUser)) {
            const rights = store.user(info.userId)?.rights as { is_admin?: unknown } | undefined;
            if (rights?.is_admin === true && store.user(Number(contextUser))) userId = Number(contextUser);
          }
          reply = url.pathname.startsWith('/api/v4/')
            ? handleApi(method, url, body, userId, base, req.headers['if-modified-since'])
            : (handleAjax(method, url, body, userId) ?? problem(404, 'Not found'));
        }
      } else {
        reply = problem(404, 'Not found');
      }
    } catch (error) {
      if (error instanceof HttpError) reply = error.reply;
      else reply = problem(500, error instanceof Error ? error.message : 'Internal error');
    }
    send(res, reply, fault);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, problem(500, error instanceof Error ? error.message : 'Internal error'), 'none');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;

  return {
    url,
    port,
    subdomain,
    token,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    authCode: auth.authCode,
    get store() {
      return store;
    },
    stats: () => stats.toJSON(),
    config: () => ({ ...config }),
    configure,
    reset,
    unban: () => limiter.unban(),
    issueToken: (userId: number) => auth.issueLongLived(userId),
    dump: (dir: string) => dumpFixtureDir(dir, store.toFixtureSet(), options.truth),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

