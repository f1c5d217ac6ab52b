// runtime: node
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, startFakeAmo, type FakeAmoServer } from '../index';
import { Faults, Limiter } from './limits';
import { sampleFixtures } from './sample-fixtures';
import { call } from './test-client';

const servers: FakeAmoServer[] = [];
async function start(options: Partial<Parameters<typeof startFakeAmo>[0]> = {}): Promise<FakeAmoServer> {
  const s = await startFakeAmo({ fixtures: sampleFixtures(), ...options });
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

/** a hand-driven clock: no sleeping, no timing in assertions */
function manualClock(start = 1_700_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('rate windows (unit)', () => {
  it('bucket (default): burst of rps, then one request per 1/rps seconds', () => {
    const clock = manualClock();
    const limiter = new Limiter({ rps: 2, accountRps: 0, banAfter: 0, banWindowMs: 60_000 }, clock.now);
    expect([limiter.check('a'), limiter.check('a'), limiter.check('a')]).toEqual(['ok', 'ok', '429']);
    clock.advance(500);
    expect([limiter.check('a'), limiter.check('a')]).toEqual(['ok', '429']);
  });

  it('window: never accepts more than rps requests of one token in any 1-second window', () => {
    const clock = manualClock();
    const limiter = new Limiter({ rateModel: 'window', rps: 7, accountRps: 0, banAfter: 0, banWindowMs: 60_000 }, clock.now);
    const accepted: number[] = [];
    // a client hammering every 20 ms for 5 seconds
    for (let t = 0; t < 5000; t += 20) {
      if (limiter.check('a') === 'ok') accepted.push(t);
      clock.advance(20);
    }
    for (const t of accepted) expect(accepted.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(7);
    expect(accepted.length).toBeGreaterThanOrEqual(5 * 7 - 1);
  });

  describe.each(['bucket', 'window'] as const)('%s model', (model) => {
    it('allows rps requests per second per token and frees slots with time', () => {
      const clock = manualClock();
      const limiter = new Limiter({ rateModel: model, rps: 7, accountRps: 50, banAfter: 0, banWindowMs: 60_000 }, clock.now);
      const verdicts = Array.from({ length: 9 }, () => limiter.check('a'));
      expect(verdicts.filter((v) => v === 'ok')).toHaveLength(7);
      expect(verdicts.slice(7)).toEqual(['429', '429']);
      expect(limiter.check('b')).toBe('ok');
      clock.advance(1000);
      expect(Array.from({ length: 7 }, () => limiter.check('a')).every((v) => v === 'ok')).toBe(true);
    });

    it('limits the whole account across tokens', () => {
      const clock = manualClock();
      const limiter = new Limiter({ rateModel: model, rps: 7, accountRps: 10, banAfter: 0, banWindowMs: 60_000 }, clock.now);
      const verdicts = ['a', 'b', 'c'].flatMap((k) => Array.from({ length: 5 }, () => limiter.check(k)));
      expect(verdicts.filter((v) => v === 'ok')).toHaveLength(10);
    });

    it('bans after N 429s within the window, until unban', () => {
      const clock = manualClock();
      const limiter = new Limiter({ rateModel: model, rps: 1, accountRps: 0, banAfter: 3, banWindowMs: 60_000 }, clock.now);
      expect(limiter.check('a')).toBe('ok');
      expect([limiter.check('a'), limiter.check('a')]).toEqual(['429', '429']);
      clock.advance(61_000); // the first two 429s leave the window
      expect(limiter.check('a')).toBe('ok');
      expect([limiter.check('a'), limiter.check('a'), limiter.check('a')]).toEqual(['429', '429', '429']);
      expect(limiter.check('other')).toBe('banned');
      limiter.unban();
      expect(limiter.check('other')).toBe('ok');
    });
  });

  it('replays the same fault sequence for the same seed', () => {
    const spec = parseFaultSpec('latency=50,jitter=10,5xx=0.2,malformed=0.1,truncate=0.1,reset=0.1,seed=42');
    expect(spec).toEqual({ latencyMs: 50, jitterMs: 10, error5xx: 0.2, malformed: 0.1, truncate: 0.1, reset: 0.1, seed: 42 });
    const a = new Faults(spec);
    const b = new Faults(spec);
    const seqA = Array.from({ length: 200 }, () => a.decide());
    const seqB = Array.from({ length: 200 }, () => b.decide());
    expect(seqA).toEqual(seqB);
    const kinds = new Set(seqA.map((d) => d.kind));
    expect(kinds).toEqual(new Set(['none', '5xx', 'malformed', 'truncate', 'reset']));
    expect(seqA.every((d) => d.delayMs >= 40 && d.delayMs <= 60)).toBe(true);
    expect(() => parseFaultSpec('boom=1')).toThrow(/Unknown fault/);
    expect(() => parseFaultSpec('5xx=2')).toThrow(/fraction/);
  });
});

describe('rate limits over HTTP', () => {
  it('answers 429 as nginx HTML by default and as problem+json when switched; stats count them', async () => {
    const clock = manualClock();
    const s = await start({ rps: 2, clock: clock.now });
    const statuses: number[] = [];
    let html = '';
    for (let i = 0; i < 4; i++) {
      const r = await call(s.url, '/api/v4/account', { token: s.token });
      statuses.push(r.status);
      if (r.status === 429) html = r.text;
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(html).toContain('<title>429 Too Many Requests</title>');
    const cfg = await call(s.url, '/__fake/config', { body: { json429: true } });
    expect(cfg.body.json429).toBe(true);
    const r = await call(s.url, '/api/v4/account', { token: s.token });
    expect(r.status).toBe(429);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toMatchObject({ status: 429, title: 'Too Many Requests' });
    const stats = await call(s.url, '/__fake/stats');
    expect(stats.body).toEqual({ requests: 5, rejected429: 3, rejected403: 0, maxRequestsPerSecond: 5, byRoute: { 'GET /api/v4/account': 5 } });
  });

  it('bans: every request, the token endpoint too, answers 403 HTML until /__fake/unban', async () => {
    const clock = manualClock();
    const s = await start({ rps: 1, banAfter: 2, clock: clock.now });
    expect((await call(s.url, '/api/v4/account', { token: s.token })).status).toBe(200);
    expect((await call(s.url, '/api/v4/account', { token: s.token })).status).toBe(429);
    expect((await call(s.url, '/api/v4/account', { token: s.token })).status).toBe(429);
    clock.advance(10_000);
    const banned = await call(s.url, '/api/v4/account', { token: s.token });
    expect(banned.status).toBe(403);
    expect(banned.headers.get('content-type')).toContain('text/html');
    expect(banned.text).toContain('<center>nginx</center>');
    const oauth = await call(s.url, '/oauth2/access_token', { body: { client_id: s.clientId } });
    expect(oauth.status).toBe(403);
    expect((await call(s.url, '/__fake/stats')).body.rejected403).toBe(2);
    expect((await call(s.url, '/__fake/unban', { method: 'POST' })).status).toBe(200);
    expect((await call(s.url, '/api/v4/account', { token: s.token })).status).toBe(200);
  });

  it('rps 0 turns the limiter off; POST /__fake/config changes rps and banAfter live', async () => {
    const s = await start({ rps: 0, accountRps: 0 });
    const results = await Promise.all(Array.from({ length: 30 }, () => call(s.url, '/api/v4/account', { token: s.token })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const cfg = await call(s.url, '/__fake/config', { body: { rps: 3, banAfter: 5, missingEntity: 204, limitOverflow: 'error', rateModel: 'window' } });
    expect(cfg.body).toMatchObject({ rps: 3, banAfter: 5, missingEntity: 204, limitOverflow: 'error', rateModel: 'window' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call(s.url, '/api/v4/account', { token: s.token })).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3]).toBe(429);
    const bad = await call(s.url, '/__fake/config', { body: { rps: 'fast' } });
    expect(bad.status).toBe(400);
    const unknown = await call(s.url, '/__fake/config', { body: { nope: 1 } });
    expect(unknown.status).toBe(400);
  });
});

describe('fault injection over HTTP', () => {
  it('5xx on every request when the fraction is 1', async () => {
    const s = await start({ rps: 0, faults: { error5xx: 1, seed: 3 } });
    const statuses = new Set<number>();
    for (let i = 0; i < 12; i++) statuses.add((await call(s.url, '/api/v4/account', { token: s.token })).status);
    expect([...statuses].every((x) => [500, 502, 503, 504].includes(x))).toBe(true);
  });

  it('malformed JSON keeps a 200 status but the body does not parse', async () => {
    const s = await start({ rps: 0, faults: { malformed: 1 } });
    const r = await call(s.url, '/api/v4/contacts', { token: s.token });
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
  });

  it('truncate cuts the body off and closes the connection', async () => {
    const s = await start({ rps: 0, faults: { truncate: 1 } });
    await expect(call(s.url, '/api/v4/contacts', { token: s.token })).rejects.toThrow();
  });

  it('reset drops the connection without a response', async () => {
    const s = await start({ rps: 0, faults: { reset: 1 } });
    await expect(call(s.url, '/api/v4/contacts', { token: s.token })).rejects.toThrow();
    // the control API is never faulted
    expect((await call(s.url, '/__fake/stats')).status).toBe(200);
  });

  it('faults set through /__fake/config as a SPEC string, and turned off again', async () => {
    const s = await start({ rps: 0 });
    const r = await call(s.url, '/__fake/config', { body: { faults: '5xx=1,seed=9' } });
    expect(r.body.faults).toEqual({ error5xx: 1, seed: 9 });
    expect((await call(s.url, '/api/v4/account', { token: s.token })).status).toBeGreaterThanOrEqual(500);
    await call(s.url, '/__fake/config', { body: { faults: {} } });
    expect((await call(s.url, '/api/v4/account', { token: s.token })).status).toBe(200);
  });
});

describe('OAuth', () => {
  it('exchanges the authorization code, refreshes once, and revokes a reused refresh token', async () => {
    const s = await start({ rps: 0 });
    const grant = await call(s.url, '/oauth2/access_token', {
      body: { client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'authorization_code', code: s.authCode, redirect_uri: 'https://example.com' },
    });
    expect(grant.status).toBe(200);
    expect(grant.body).toMatchObject({ token_type: 'Bearer', expires_in: 86400 });
    expect(grant.body.access_token.split('.')).toHaveLength(3);
    expect((await call(s.url, '/api/v4/account', { token: grant.body.access_token })).status).toBe(200);
    const refresh = (token: string) =>
      call(s.url, '/oauth2/access_token', {
        body: { client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'refresh_token', refresh_token: token, redirect_uri: 'https://example.com' },
      });
    const second = await refresh(grant.body.refresh_token);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(grant.body.refresh_token);
    const reused = await refresh(grant.body.refresh_token);
    expect(reused.status).toBe(401);
    expect(reused.body).toEqual({
      hint: 'Token has been revoked',
      title: 'Некорректный запрос',
      type: 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson',
      status: 401,
      detail: 'В запросе отсутствует ряд параметров или параметры невалидны',
    });
    const badClient = await call(s.url, '/oauth2/access_token', { body: { client_id: 'x', client_secret: 'y', grant_type: 'authorization_code', code: s.authCode } });
    expect(badClient.status).toBe(401);
    expect(badClient.body.type).toBe('https://developers.amocrm.ru/v3/errors/OAuthProblemJson');
  });

  it('accepts the grant as a form body too', async () => {
    const s = await start({ rps: 0 });
    const form = new URLSearchParams({ client_id: s.clientId, client_secret: s.clientSecret, grant_type: 'authorization_code', code: s.authCode }).toString();
    const r = await call(s.url, '/oauth2/access_token', { form });
    expect(r.status).toBe(200);
  });
});

describe('control API', () => {
  it('serves the truth when given one, 404 otherwise', async () => {
    const truth = { asOf: '2021-01-01T00:00:00.000Z', counts: { 'contacts.noPhone': 3 }, duplicates: { contacts: [[1, 2]], companies: [] }, analytics: { years: [], lossReasons: [] } };
    const s = await start({ rps: 0, truth });
    expect((await call(s.url, '/__fake/truth')).body).toEqual(truth);
    const plain = await start({ rps: 0 });
    expect((await call(plain.url, '/__fake/truth')).status).toBe(404);
  });

  it('issues tokens for other users and counts maxRequestsPerSecond per token', async () => {
    const clock = manualClock();
    const s = await start({ rps: 0, clock: clock.now });
    const t = await call(s.url, '/__fake/tokens', { body: { userId: 3 } });
    expect((await call(s.url, '/api/v4/account', { token: t.body.token })).body.current_user_id).toBe(3);
    for (let i = 0; i < 4; i++) await call(s.url, '/api/v4/account', { token: s.token });
    clock.advance(1500);
    for (let i = 0; i < 2; i++) await call(s.url, '/api/v4/account', { token: s.token });
    const stats = (await call(s.url, '/__fake/stats')).body;
    expect(stats.maxRequestsPerSecond).toBe(4);
    expect(stats.requests).toBe(7);
  });

  it('never puts the control API under /api/', async () => {
    const s = await start({ rps: 0 });
    expect((await call(s.url, '/api/v4/__fake/stats', { token: s.token })).status).toBe(404);
  });

  it('host-agnostic: links follow the Host header', async () => {
    const s = await start({ rps: 0 });
    const body = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(s.port, '127.0.0.1', () => {
        socket.write(`GET /api/v4/contacts/1 HTTP/1.1\r\nHost: testacc.amocrm.ru\r\nAuthorization: Bearer ${s.token}\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(body).toContain('"href":"http://testacc.amocrm.ru/api/v4/contacts/1"');
  });
});
