// runtime: node
/**
 * The amoCRM API v4 client. Every request to one account passes one shared rate limiter;
 * idempotent requests are retried with exponential backoff and jitter on 429, 5xx, timeouts,
 * connection resets and malformed JSON; a 401 triggers one serialized OAuth refresh and a
 * replay; a 403 with an HTML body (a ban for rate abuse) stops every request to the account.
 * Tokens never appear in errors, logs or return values: every message is built from the
 * status, method and path only, and scrubbed of known secrets as a last line of defence.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AppError, type MessageRef } from '../../../shared/api/result';
import type { SecretStore } from '../secrets/secret-store';
import { accountLimiter } from '../connections/limiter';
import { type RateLimiter } from './rate-limiter';
import { cancellablePause } from './pause';

export type QueryValue = string | number | boolean | (string | number)[] | undefined;

export interface AmoRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** '/api/v4/...' or an absolute URL of the same account (a `_links.next` href) */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * A form body instead of JSON: sent as application/x-www-form-urlencoded; charset=UTF-8 with
   * X-Requested-With: XMLHttpRequest (amoCRM's private /ajax/ routes, doc §15). Pairs keep their
   * order and may repeat a key (`id[]`). Not combined with `body`.
   */
  form?: ReadonlyArray<readonly [string, string]>;
  /** default: GET true, others false. Only idempotent requests are retried. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

export interface AmoResponse<T> {
  status: number;
  /** null on 204 or an empty body */
  data: T | null;
  headers: Record<string, string>;
}

export interface AmoPage<T> {
  items: T[];
  page: number;
  nextUrl: string | null;
  /** the server's clock when it answered (HTTP Date header, Unix seconds), when sent */
  serverTime?: number | null;
}

/** Unix seconds of an HTTP Date header, or null. */
export function serverTimeOf(headers: Record<string, string>): number | null {
  const d = headers.date ? Date.parse(headers.date) : Number.NaN;
  return Number.isFinite(d) ? Math.floor(d / 1000) : null;
}

export interface AmoStats {
  requests: number;
  rejected429: number;
  retries: number;
  currentRps: number;
  limitRps: number;
}

export interface AmoClient {
  request<T>(req: AmoRequest): Promise<AmoResponse<T>>;
  paginate<T>(
    path: string,
    embeddedKey: string,
    query?: AmoRequest['query'],
    opts?: { startUrl?: string; signal?: AbortSignal; prefetch?: boolean },
  ): AsyncGenerator<AmoPage<T>>;
  stats(): AmoStats;
  readonly baseUrl: string;
}

/** OAuth tokens as kept in the SecretStore (JSON under one key). */
export interface StoredOAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** ms since epoch */
  expiresAt: number;
}

export type AmoAuth =
  | { kind: 'long-lived'; getToken: () => Promise<string | null> | string | null }
  | { kind: 'oauth'; clientId: string; clientSecret: string; redirectUri: string; secrets: SecretStore; key: string };

export interface RetryOptions {
  /** retries after the first attempt for 5xx, timeouts and resets; default 5 */
  maxRetries: number;
  /** retries for 429; default 6 */
  max429Retries: number;
  /** retries for a malformed JSON body; default 2 */
  maxBadJsonRetries: number;
  /** first backoff step; default 500 ms (429: twice that) */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface CreateAmoClientOptions {
  baseUrl: string;
  auth: AmoAuth;
  /** requests per second, default 7; ignored when `limiter` is given */
  rps?: number;
  /** a limiter shared with other clients of the same account; default: the account's (connections/limiter.ts) */
  limiter?: RateLimiter | null;
  /** no limit at all (tests and local benchmarks against the fake server only) */
  unlimited?: boolean;
  retry?: Partial<RetryOptions>;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  userAgent?: string;
}

const DEFAULT_RETRY: RetryOptions = { maxRetries: 5, max429Retries: 6, maxBadJsonRetries: 2, baseDelayMs: 500, maxDelayMs: 30_000 };

export const BLOCKED_MESSAGE =
  'amoCRM refused every request: the account is probably blocked for exceeding the API rate limit. ' +
  'AmoSweep stopped all requests to it. Ask amoCRM support to unblock it (give them the IP address, the subdomain and the account ID), then try again.';

/** 402 Payment Required: the account's subscription is unpaid (doc §21.2; Kommo api_v4/errors). */
export const PAYMENT_REQUIRED_MESSAGE =
  'amoCRM refused the request because the account is not paid (402 Payment Required). ' +
  'An account administrator must pay for or extend the amoCRM subscription; then try again. Nothing was changed.';

/** A JSON 403: the token's user lacks a right (not a ban, which comes as an HTML page). */
export const FORBIDDEN_MESSAGE =
  "amoCRM refused the request (403 Forbidden): the token's user does not have the rights it needs. " +
  'Connect with a token of an account administrator (or ask one to grant the rights), then try again.';

/** True for a 403 that is a missing right (JSON), not a ban: a caller may skip an optional list then. */
export function isMissingRights(e: unknown): boolean {
  return e instanceof AppError && e.code === 'AMO_FORBIDDEN';
}

/** An http(s) agent whose sockets fail when the TCP (and TLS) connection takes longer than `connectMs`. */
function connectTimeoutAgent<A extends http.Agent>(agent: A, connectMs: number): A {
  const original = (agent as unknown as { createConnection: (...args: unknown[]) => net.Socket }).createConnection.bind(agent);
  (agent as unknown as { createConnection: (...args: unknown[]) => net.Socket }).createConnection = (...args: unknown[]) => {
    const socket = original(...args);
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })), connectMs);
    timer.unref();
    const clear = () => clearTimeout(timer);
    socket.once('connect', clear);
    socket.once('secureConnect', clear);
    socket.once('close', clear);
    return socket;
  };
  return agent;
}

/** A network failure by its cause, naming the host: "not found" (DNS), "refused", "timed out", or another code. */
export function networkRef(host: string, code: string, timeout: boolean): MessageRef {
  if (timeout) return { key: 'amo.networkTimeout', params: { host } };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { key: 'amo.networkNotFound', params: { host, code } };
  if (code === 'ECONNREFUSED') return { key: 'amo.networkRefused', params: { host, code } };
  if (code.startsWith('CERT_') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') return { key: 'amo.networkTls', params: { host, code } };
  return { key: 'amo.network', params: { host, code: code || '—' } };
}

const cancelled = () => new AppError('CANCELLED', 'Cancelled', undefined, { key: 'cancelled' });

/**
 * How long a 429 asks to wait, in ms: the Retry-After header (seconds or an HTTP date), else a
 * `retry_after` (seconds) in a JSON body; null when it says nothing (amoCRM usually does not:
 * shared/docs/amocrm-api.md §3).
 */
export function retryAfterMs(header: string | undefined, body: string, nowMs = Date.now()): number | null {
  if (header !== undefined && header.trim() !== '') {
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - nowMs);
  }
  try {
    const parsed = JSON.parse(body) as unknown;
    const value = parsed !== null && typeof parsed === 'object' ? (parsed as { retry_after?: unknown }).retry_after : undefined;
    const seconds = typeof value === 'string' ? Number(value) : value;
    if (typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  } catch {
    // not JSON (the nginx HTML page)
  }
  return null;
}

function isHtml(body: string, contentType: string): boolean {
  return /html/i.test(contentType) || /^\s*</.test(body);
}

function flatHeaders(headers: AxiosResponse['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined || v === null) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  }
  return out;
}

/** Builds `?a=1&filter[id][]=1&filter[id][]=2`; brackets stay readable, values are encoded. */
export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  const enc = (s: string) => encodeURIComponent(s).replace(/%5B/gi, '[').replace(/%5D/gi, ']');
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) parts.push(`${enc(key)}[]=${encodeURIComponent(String(v))}`);
    else parts.push(`${enc(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** A short, safe description of an error body (problem+json title/detail/hint only). */
function describeBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const bits = [parsed.title, parsed.detail, parsed.hint].filter((x): x is string => typeof x === 'string');
    if (Array.isArray(parsed['validation-errors'])) bits.push(JSON.stringify(parsed['validation-errors']).slice(0, 500));
    return bits.join(': ').slice(0, 800);
  } catch {
    return '';
  }
}

export function createAmoClient(options: CreateAmoClientOptions): AmoClient {
  const baseUrl = new URL(options.baseUrl).origin;
  const retry: RetryOptions = { ...DEFAULT_RETRY, ...options.retry };
  const limiter: RateLimiter | null = options.unlimited
    ? null
    : (options.limiter ?? accountLimiter(baseUrl, options.rps ?? 7));
  const connectMs = options.connectTimeoutMs ?? 10_000;
  const http_: AxiosInstance = axios.create({
    timeout: options.requestTimeoutMs ?? 60_000,
    maxRedirects: 0,
    proxy: false,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    httpAgent: connectTimeoutAgent(new http.Agent({ keepAlive: true, maxSockets: 8 }), connectMs),
    httpsAgent: connectTimeoutAgent(new https.Agent({ keepAlive: true, maxSockets: 8 }), connectMs),
    headers: { 'User-Agent': options.userAgent ?? 'AmoSweep', Accept: 'application/hal+json, application/json' },
  });
  const counters = { requests: 0, rejected429: 0, retries: 0 };
  const secrets = new Set<string>();
  if (options.auth.kind === 'oauth') secrets.add(options.auth.clientSecret);
  let blocked: AppError | null = null;
  let refreshing: Promise<void> | null = null;

  const scrub = (text: string): string => {
    let out = text;
    for (const s of secrets) if (s.length >= 6) out = out.split(s).join('***');
    return out.replace(/Bearer\s+[A-Za-z0-9._~+/=-]+/g, 'Bearer ***');
  };
  const host = new URL(baseUrl).host;
  const error = (code: ConstructorParameters<typeof AppError>[0], message: string, details?: Record<string, unknown>, ref?: MessageRef) =>
    new AppError(code, scrub(message), details, ref);

  async function readOAuth(): Promise<StoredOAuthTokens | null> {
    if (options.auth.kind !== 'oauth') return null;
    const raw = await options.auth.secrets.get(options.auth.key);
    if (!raw) return null;
    try {
      const t = JSON.parse(raw) as StoredOAuthTokens;
      secrets.add(t.accessToken);
      secrets.add(t.refreshToken);
      return t;
    } catch {
      return null;
    }
  }

  async function currentToken(): Promise<string> {
    const auth = options.auth;
    if (auth.kind === 'long-lived') {
      const token = await auth.getToken();
      if (!token) throw error('AMO_AUTH', 'No token is stored for this account: connect it again.', undefined, { key: 'amo.noToken', params: { host } });
      secrets.add(token);
      return token;
    }
    let tokens = await readOAuth();
    if (!tokens) throw error('AMO_AUTH', 'No OAuth tokens are stored for this account: re-authorize AmoSweep in amoCRM.', undefined, { key: 'amo.noOAuthTokens', params: { host } });
    if (tokens.expiresAt - 60_000 < Date.now()) {
      await refresh(tokens.accessToken);
      tokens = await readOAuth();
      if (!tokens) throw error('AMO_AUTH', 'No OAuth tokens are stored for this account: re-authorize AmoSweep in amoCRM.', undefined, { key: 'amo.noOAuthTokens', params: { host } });
    }
    return tokens.accessToken;
  }

  /** One refresh at a time; a caller whose token was already replaced just reuses the new one. */
  function refresh(usedAccessToken: string): Promise<void> {
    const auth = options.auth;
    if (auth.kind !== 'oauth') return Promise.reject(error('AMO_AUTH', 'amoCRM refused the token (401): it was revoked or has expired. Create a new long-lived token and connect again.', { status: 401 }, { key: 'amo.tokenRevoked', params: { host } }));
    refreshing ??= (async () => {
      try {
        const tokens = await readOAuth();
        if (!tokens) throw error('AMO_AUTH', 'No OAuth tokens are stored for this account: re-authorize AmoSweep in amoCRM.', undefined, { key: 'amo.noOAuthTokens', params: { host } });
        if (tokens.accessToken !== usedAccessToken && tokens.expiresAt - 60_000 > Date.now()) return;
        const next = await oauthGrant(
          { baseUrl, limiter, http: http_, scrub, counters },
          { grant_type: 'refresh_token', refresh_token: tokens.refreshToken, client_id: auth.clientId, client_secret: auth.clientSecret, redirect_uri: auth.redirectUri },
        );
        secrets.add(next.accessToken);
        secrets.add(next.refreshToken);
        await auth.secrets.set(auth.key, JSON.stringify(next));
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  function backoff(attempt: number, base: number): number {
    const exp = Math.min(retry.maxDelayMs, base * 2 ** attempt);
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  async function request<T>(req: AmoRequest): Promise<AmoResponse<T>> {
    const idempotent = req.idempotent ?? req.method === 'GET';
    const url = resolveUrl(baseUrl, req.path) + buildQuery(req.query);
    const where = `${req.method} ${new URL(url).pathname}`;
    if (req.form !== undefined && req.body !== undefined) throw new AppError('BAD_INPUT', `${where}: a request has either a JSON body or a form, not both.`, undefined, { key: 'internal.bodyAndForm' });
    const form = req.form !== undefined ? new URLSearchParams(req.form.map(([k, v]) => [k, v])).toString() : undefined;
    let attempts = 0;
    let attempts429 = 0;
    let badJson = 0;
    let authReplayed = false;
    for (;;) {
      if (blocked) throw blocked;
      if (req.signal?.aborted) throw cancelled();
      if (limiter) {
        try {
          await limiter.acquire(req.signal);
        } catch (e) {
          if (e instanceof AppError) throw e;
          throw cancelled();
        }
      }
      const token = await currentToken();
      counters.requests++;
      let res: AxiosResponse<string>;
      try {
        res = await http_.request<string>({
          method: req.method,
          url,
          headers: {
            Authorization: `Bearer ${token}`,
            ...(form !== undefined
              ? { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8', 'X-Requested-With': 'XMLHttpRequest' }
              : req.body !== undefined
                ? { 'Content-Type': 'application/json' }
                : {}),
          },
          ...(form !== undefined ? { data: form } : req.body !== undefined ? { data: JSON.stringify(req.body) } : {}),
          ...(req.signal ? { signal: req.signal } : {}),
        });
      } catch (e) {
        if (req.signal?.aborted) throw cancelled();
        const code = String((e as { code?: unknown }).code ?? '');
        if (idempotent && attempts < retry.maxRetries) {
          counters.retries++;
          await cancellablePause(backoff(attempts++, retry.baseDelayMs), req.signal);
          continue;
        }
        const timeout = code === 'ECONNABORTED' || code === 'ETIMEDOUT';
        throw error('NETWORK', `${where}: ${timeout ? `${host} did not answer in time` : `network error reaching ${host} (${code || 'no answer'})`}.`, { code }, networkRef(host, code, timeout));
      }
      const status = res.status;
      const body = typeof res.data === 'string' ? res.data : '';
      const headers = flatHeaders(res.headers);
      const contentType = headers['content-type'] ?? '';

      if (status === 401) {
        if (options.auth.kind === 'oauth' && !authReplayed) {
          authReplayed = true;
          await refresh(token);
          continue;
        }
        throw error(
          'AMO_AUTH',
          options.auth.kind === 'oauth'
            ? `amoCRM refused the access token after a refresh (${where}): re-authorize AmoSweep in amoCRM.`
            : `amoCRM refused the token (401, ${where}): it was revoked or has expired. Create a new long-lived token and connect again.`,
          { status },
          { key: options.auth.kind === 'oauth' ? 'amo.oauthRevoked' : 'amo.tokenRevoked', params: { host } },
        );
      }
      if (status === 403 && isHtml(body, contentType)) {
        blocked = error('AMO_BLOCKED', BLOCKED_MESSAGE, { status }, { key: 'amo.blocked', params: { host } });
        limiter?.fail(blocked);
        throw blocked;
      }
      if (status === 429) {
        counters.rejected429++;
        // the account's shared limiter slows down (and waits for Retry-After when the server sent one)
        limiter?.rateLimited(retryAfterMs(headers['retry-after'], body));
        if (idempotent && attempts429 < retry.max429Retries) {
          counters.retries++;
          await cancellablePause(backoff(attempts429++, retry.baseDelayMs * 2), req.signal);
          continue;
        }
        throw error('AMO_RATE_LIMIT', `amoCRM kept answering 429 Too Many Requests (${where}).`, { status }, { key: 'amo.rateLimit', params: { host } });
      }
      if (status >= 500) {
        if (idempotent && attempts < retry.maxRetries) {
          counters.retries++;
          await cancellablePause(backoff(attempts++, retry.baseDelayMs), req.signal);
          continue;
        }
        throw error('AMO_HTTP', `amoCRM answered ${status} (${where}).`, { status }, { key: 'amo.http', params: { host, status } });
      }
      if (status === 402) {
        const detail = describeBody(body);
        throw error('AMO_PAYMENT_REQUIRED', `${PAYMENT_REQUIRED_MESSAGE} (${where}, 402${detail ? `: ${detail}` : ''})`, { status }, { key: 'amo.paymentRequired', params: { host } });
      }
      if (status === 403) {
        const detail = describeBody(body);
        throw error('AMO_FORBIDDEN', `${FORBIDDEN_MESSAGE} (${where}, 403${detail ? `: ${detail}` : ''})`, { status }, { key: 'amo.forbidden', params: { host } });
      }
      if (status >= 300) {
        const detail = describeBody(body);
        throw error('AMO_HTTP', `amoCRM answered ${status} (${where})${detail ? `: ${detail}` : '.'}`, { status }, { key: 'amo.http', params: { host, status } });
      }
      if (status === 204 || body.trim() === '') return { status, data: null, headers };
      try {
        return { status, data: JSON.parse(body) as T, headers };
      } catch {
        if (idempotent && badJson < retry.maxBadJsonRetries) {
          badJson++;
          counters.retries++;
          await cancellablePause(backoff(badJson, retry.baseDelayMs), req.signal);
          continue;
        }
        throw error('AMO_BAD_RESPONSE', `amoCRM sent a response that is not valid JSON (${where}, status ${status}).`, { status }, { key: 'amo.badJson', params: { host } });
      }
    }
  }

  async function* paginate<T>(
    path: string,
    embeddedKey: string,
    query?: AmoRequest['query'],
    opts?: { startUrl?: string; signal?: AbortSignal; prefetch?: boolean },
  ): AsyncGenerator<AmoPage<T>> {
    // prefetch: the next page is requested (through the limiter) before this one is handed
    // over, so the caller's processing overlaps the network; stopping early aborts it.
    const own = new AbortController();
    const signal = opts?.signal ? AbortSignal.any([opts.signal, own.signal]) : own.signal;
    const fetchPage = (url: string | null): Promise<AmoResponse<unknown>> =>
      url === null
        ? request<unknown>({ method: 'GET', path, ...(query ? { query } : {}), signal })
        : request<unknown>({ method: 'GET', path: url, signal });
    let pending: Promise<AmoResponse<unknown>> | null = fetchPage(opts?.startUrl ?? null);
    let counter = 0;
    const seen = new Set<string>();
    try {
      while (pending) {
        const res: AmoResponse<unknown> = await pending;
        pending = null;
        counter++;
        const serverTime = serverTimeOf(res.headers);
        if (res.data === null) {
          yield { items: [], page: counter, nextUrl: null, serverTime };
          return;
        }
        if (typeof res.data !== 'object' || Array.isArray(res.data)) {
          throw error('AMO_BAD_RESPONSE', `amoCRM sent an unexpected list shape for ${path}.`, undefined, { key: 'amo.badShape', params: { host, path } });
        }
        const data = res.data as { _page?: unknown; _links?: { next?: { href?: unknown } }; _embedded?: Record<string, unknown> };
        let raw = data._embedded?.[embeddedKey];
        if (raw === undefined && data._embedded && typeof data._embedded === 'object') {
          // tolerate a differently named single list (e.g. custom_field_groups vs groups)
          const arrays = Object.values(data._embedded).filter(Array.isArray);
          if (arrays.length === 1) raw = arrays[0];
        }
        // a null list reads as an empty page (the tolerant reader, issue 12); another type is refused
        if (raw === null) raw = undefined;
        if (raw !== undefined && !Array.isArray(raw)) throw error('AMO_BAD_RESPONSE', `amoCRM sent an unexpected list shape for ${path}.`, undefined, { key: 'amo.badShape', params: { host, path } });
        const href = data._links?.next?.href;
        const nextUrl = typeof href === 'string' && href !== '' ? href : null;
        if (nextUrl) {
          if (seen.has(nextUrl)) throw error('AMO_BAD_RESPONSE', `amoCRM sent a paging loop for ${path}.`);
          seen.add(nextUrl);
        }
        const page = typeof data._page === 'number' ? data._page : counter;
        if (nextUrl && opts?.prefetch) {
          pending = fetchPage(nextUrl);
          pending.catch(() => undefined); // observed when awaited; never an unhandled rejection
        }
        yield { items: (raw ?? []) as T[], page, nextUrl, serverTime };
        if (nextUrl && !pending) pending = fetchPage(nextUrl);
      }
    } finally {
      if (pending) own.abort();
    }
  }

  return {
    baseUrl,
    request,
    paginate,
    stats: () => ({
      ...counters,
      currentRps: limiter ? limiter.currentRps() : 0,
      limitRps: limiter ? limiter.rps : Infinity,
    }),
  };
}

/** An absolute URL of the account: relative paths are joined; absolute ones are re-based on the account's origin. */
export function resolveUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) {
    const u = new URL(path);
    return `${baseUrl}${u.pathname}${u.search}`;
  }
  return `${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`;
}

interface GrantContext {
  baseUrl: string;
  limiter: RateLimiter | null;
  http: AxiosInstance;
  scrub: (s: string) => string;
  counters?: { requests: number };
}

/** POST /oauth2/access_token (authorization_code or refresh_token grant). */
async function oauthGrant(ctx: GrantContext, body: Record<string, string>): Promise<StoredOAuthTokens> {
  if (ctx.limiter) await ctx.limiter.acquire();
  if (ctx.counters) ctx.counters.requests++;
  let res: AxiosResponse<string>;
  try {
    res = await ctx.http.request<string>({
      method: 'POST',
      url: `${ctx.baseUrl}/oauth2/access_token`,
      headers: { 'Content-Type': 'application/json' },
      data: JSON.stringify(body),
      timeout: 15_000,
    });
  } catch (e) {
    const code = String((e as { code?: unknown }).code ?? '');
    const host = new URL(ctx.baseUrl).host;
    throw new AppError('NETWORK', `Could not reach ${host} to get a token (${code || 'no answer'}).`, { code }, networkRef(host, code, code === 'ECONNABORTED' || code === 'ETIMEDOUT'));
  }
  const text = typeof res.data === 'string' ? res.data : '';
  if (res.status === 403 && isHtml(text, String(res.headers['content-type'] ?? ''))) {
    const blocked = new AppError('AMO_BLOCKED', BLOCKED_MESSAGE, { status: 403 }, { key: 'amo.blocked', params: { host: new URL(ctx.baseUrl).host } });
    ctx.limiter?.fail(blocked);
    throw blocked;
  }
  if (res.status === 400 || res.status === 401) {
    const hint = describeBody(text);
    throw new AppError(
      'AMO_AUTH',
      ctx.scrub(
        body.grant_type === 'refresh_token'
          ? `amoCRM refused to refresh the access token${hint ? ` (${hint})` : ''}: the refresh token was revoked, already used or has expired. re-authorize AmoSweep in amoCRM.`
          : `amoCRM refused the authorization code${hint ? ` (${hint})` : ''}: it may be expired (codes live 20 minutes) or used. Get a new code and try again.`,
      ),
      { status: res.status },
      { key: body.grant_type === 'refresh_token' ? 'amo.refreshRefused' : 'amo.codeRefused' },
    );
  }
  if (res.status !== 200) throw new AppError('AMO_HTTP', `amoCRM answered ${res.status} to the token request.`, { status: res.status }, { key: 'amo.tokenHttp', params: { status: res.status } });
  let parsed: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown };
  try {
    parsed = JSON.parse(text) as typeof parsed;
  } catch {
    throw new AppError('AMO_BAD_RESPONSE', 'amoCRM sent a token response that is not valid JSON.', undefined, { key: 'amo.tokenBadResponse' });
  }
  if (typeof parsed.access_token !== 'string' || typeof parsed.refresh_token !== 'string') {
    throw new AppError('AMO_BAD_RESPONSE', 'amoCRM sent a token response without tokens.', undefined, { key: 'amo.tokenBadResponse' });
  }
  const expiresIn = typeof parsed.expires_in === 'number' ? parsed.expires_in : 86_400;
  return { accessToken: parsed.access_token, refreshToken: parsed.refresh_token, expiresAt: Date.now() + expiresIn * 1000 };
}

/**
 * Exchanges an authorization code for tokens and stores them in `secrets` under `key`.
 * Nothing is returned: tokens never leave the main side.
 */
export async function exchangeAuthorizationCode(options: {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  secrets: SecretStore;
  key: string;
  limiter?: RateLimiter | null;
}): Promise<void> {
  const baseUrl = new URL(options.baseUrl).origin;
  const http_ = axios.create({ maxRedirects: 0, proxy: false, validateStatus: () => true, responseType: 'text', transformResponse: [(d: unknown) => d] });
  const known = [options.clientSecret, options.code];
  const scrub = (s: string) => known.reduce((acc, k) => (k.length >= 6 ? acc.split(k).join('***') : acc), s);
  const tokens = await oauthGrant(
    { baseUrl, limiter: options.limiter === undefined ? accountLimiter(baseUrl, 7) : options.limiter, http: http_, scrub },
    {
      grant_type: 'authorization_code',
      code: options.code,
      client_id: options.clientId,
      client_secret: options.clientSecret,
      redirect_uri: options.redirectUri,
    },
  );
  await options.secrets.set(options.key, JSON.stringify(tokens));
}
