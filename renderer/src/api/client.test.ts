// runtime: browser
import { describe, expect, it, vi } from 'vitest';
import type { JobState } from '../../../shared/api/jobs';
import type { PreloadApi } from '../../../shared/api/contract';
import { createHttpClient, parseEventData, toResult, type EventSourceLike } from './http-client';
import { createIpcClient } from './ipc-client';
import { mergeJobList, upsertJob } from './jobs-store';
import { extractToken, takeBridgeToken, TOKEN_STORAGE_KEY } from './token';

describe('bridge token', () => {
  it('extracts the token and keeps the rest of the hash', () => {
    expect(extractToken('#token=abc')).toEqual({ token: 'abc', rest: '' });
    expect(extractToken('#/browse&token=a%2Bb')).toEqual({ token: 'a+b', rest: '#/browse' });
    expect(extractToken('#/browse')).toEqual({ token: null, rest: '#/browse' });
    expect(extractToken('')).toEqual({ token: null, rest: '' });
  });

  it('stores the token and scrubs it from the address bar', () => {
    const store = new Map<string, string>();
    const replaceState = vi.fn();
    const token = takeBridgeToken({
      location: { hash: '#token=secret', pathname: '/', search: '' },
      history: { replaceState, state: null },
      storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) },
    });
    expect(token).toBe('secret');
    expect(store.get(TOKEN_STORAGE_KEY)).toBe('secret');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/');
  });

  it('falls back to sessionStorage after a reload', () => {
    const replaceState = vi.fn();
    const token = takeBridgeToken({
      location: { hash: '', pathname: '/', search: '' },
      history: { replaceState, state: null },
      storage: { getItem: () => 'kept', setItem: () => undefined },
    });
    expect(token).toBe('kept');
    expect(replaceState).not.toHaveBeenCalled();
  });
});

describe('HTTP bridge client', () => {
  it('posts the input with the bearer token and returns the Result', async () => {
    const fetch = vi.fn(async () => new Response(JSON.stringify({ ok: true, value: { name: 'AmoSweep' } }), { status: 200 }));
    const client = createHttpClient({ token: 't0k', fetch: fetch as unknown as typeof globalThis.fetch });
    const result = await client.call('app.info', {});
    expect(result).toEqual({ ok: true, value: { name: 'AmoSweep' } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/rpc/app.info');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer t0k');
    expect(init.body).toBe('{}');
  });

  it('maps a 401 and network failures to error Results', async () => {
    const unauthorized = createHttpClient({
      token: 'bad',
      fetch: (async () => new Response('nope', { status: 401 })) as typeof fetch,
    });
    expect(await unauthorized.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const down = createHttpClient({
      token: 'x',
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    expect(await down.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('validates the Result shape', () => {
    expect(toResult({ ok: false, error: { code: 'NO_SNAPSHOT', message: 'none' } }, 200)).toEqual({
      ok: false,
      error: { code: 'NO_SNAPSHOT', message: 'none' },
    });
    expect(toResult({ hello: 1 }, 502)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    expect(toResult({ ok: false, error: { code: 'WHATEVER' } }, 200)).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('keeps the message key and its parameters for the UI to word (issue 16: English detail lines)', () => {
    const body = { ok: false, error: { code: 'NETWORK', message: 'GET /x: network error', details: { code: 'ENOTFOUND' }, key: 'amo.networkNotFound', params: { host: 'a.amocrm.ru', code: 'ENOTFOUND', bad: { x: 1 } } } };
    expect(toResult(body, 200)).toEqual({
      ok: false,
      error: { code: 'NETWORK', message: 'GET /x: network error', details: { code: 'ENOTFOUND' }, key: 'amo.networkNotFound', params: { host: 'a.amocrm.ru', code: 'ENOTFOUND' } },
    });
  });

  it('shares one EventSource between listeners and closes it after the last one', () => {
    const sources: (EventSourceLike & { url: string; closed: boolean })[] = [];
    const client = createHttpClient({
      token: 'tk',
      createEventSource: (url) => {
        const source = { url, closed: false, onmessage: null, close() { this.closed = true; } };
        sources.push(source);
        return source;
      },
    });
    const a = vi.fn();
    const b = vi.fn();
    const offA = client.onEvent(a);
    const offB = client.onEvent(b);
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('/api/events?token=tk');
    sources[0]!.onmessage?.({ data: JSON.stringify({ type: 'snapshot.changed', file: null }) } as MessageEvent<string>);
    sources[0]!.onmessage?.({ data: 'not json' } as MessageEvent<string>);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledWith({ type: 'snapshot.changed', file: null });
    offA();
    expect(sources[0]!.closed).toBe(false);
    offB();
    expect(sources[0]!.closed).toBe(true);
  });

  it('parses event data defensively', () => {
    expect(parseEventData('{"type":"job","job":{}}')).toMatchObject({ type: 'job' });
    expect(parseEventData(': keep-alive')).toBeNull();
    expect(parseEventData('{"x":1}')).toBeNull();
  });
});

describe('jobs store', () => {
  const job = (id: string, status: JobState['status'], startedAt = 1): JobState => ({
    id,
    kind: 'snapshot',
    titleKey: 'jobs.snapshot',
    status,
    startedAt,
    fraction: null,
    etaSeconds: null,
    steps: [],
    canPause: true,
    canCancel: true,
  });

  it('never turns a finished job back to running from an older list', () => {
    let state = upsertJob(new Map(), job('a', 'done'));
    state = mergeJobList(state, [job('a', 'running'), job('b', 'running')]);
    expect(state.get('a')?.status).toBe('done');
    expect(state.get('b')?.status).toBe('running');
  });
});

describe('IPC client', () => {
  it('calls the preload function of the method and passes events through', async () => {
    const info = vi.fn(async () => ({ ok: true as const, value: { name: 'AmoSweep' } }));
    const off = vi.fn();
    const onEvent = vi.fn(() => off);
    const preload = { methods: { 'app.info': info }, onEvent } as unknown as PreloadApi;
    const client = createIpcClient(preload);
    expect(await client.call('app.info', {})).toEqual({ ok: true, value: { name: 'AmoSweep' } });
    expect(info).toHaveBeenCalledWith({});
    const unsubscribe = client.onEvent(() => undefined);
    unsubscribe();
    expect(off).toHaveBeenCalled();
  });

  it('turns a missing method or a rejected promise into an error Result', async () => {
    const preload = {
      methods: {
        'app.info': async () => {
          throw new Error('ipc broke');
        },
      },
      onEvent: () => () => undefined,
    } as unknown as PreloadApi;
    const client = createIpcClient(preload);
    expect(await client.call('app.info', {})).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: 'ipc broke' } });
    expect(await client.call('jobs.list', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
  });
});
