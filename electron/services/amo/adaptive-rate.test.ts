// runtime: node
/**
 * The adaptive rate (issue 13 item 4): on 429 the account's shared limiter halves its rate and
 * climbs back slowly, so a server that allows fewer than 7 requests per second never bans the
 * run. Checked against the fake amoCRM at 3 and 5 rps with its ban after repeated 429s.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { AppError } from '../../../shared/api/result';
import { runSnapshot } from '../snapshot/runner';
import { syntheticAccount } from '../snapshot/testing/synthetic-account';
import { createAmoClient, retryAfterMs } from './client';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter: multiplicative decrease, additive increase', () => {
  it('halves on a 429 (once for 429s arriving together), climbs back slowly, never above the ceiling', () => {
    let t = 1_000_000;
    const limiter = new RateLimiter({ rps: 7, now: () => t });
    expect(limiter.rps).toBe(7);
    limiter.rateLimited();
    expect(limiter.rps).toBe(3.5);
    t += 300;
    limiter.rateLimited(); // a request that was in flight: the same congestion
    expect(limiter.rps).toBeCloseTo(3.56, 1);
    t += 2000;
    const afterTwoSeconds = limiter.rps;
    expect(afterTwoSeconds).toBeGreaterThan(3.5);
    expect(afterTwoSeconds).toBeLessThan(4.5);
    limiter.rateLimited(); // a new 429: down again, from where it was
    expect(limiter.rps).toBeCloseTo(afterTwoSeconds / 2, 1);
    t += 10 * 60_000;
    expect(limiter.rps).toBe(7);
    expect(limiter.decreases).toBe(2);
  });

  it('holds every start for a second after a 429, or for the Retry-After the server sent', async () => {
    const limiter = new RateLimiter({ rps: 7 });
    await limiter.acquire();
    limiter.rateLimited(300);
    const t0 = Date.now();
    await limiter.acquire();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
    limiter.rateLimited(null);
    const t1 = Date.now();
    await limiter.acquire();
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
  });

  it('reads Retry-After (seconds or a date) and a JSON retry_after', () => {
    expect(retryAfterMs('2', '')).toBe(2000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), '', 4_000)).toBe(6000);
    expect(retryAfterMs(undefined, '{"status":429,"retry_after":3}')).toBe(3000);
    expect(retryAfterMs(undefined, '<html><body>429 Too Many Requests</body></html>')).toBeNull();
    expect(retryAfterMs('', '')).toBeNull();
  });

  it('the client tells the limiter of a 429 and waits for its Retry-After', async () => {
    let calls = 0;
    const server = http.createServer((req, res) => {
      calls++;
      if (calls === 1) {
        res.writeHead(429, { 'Content-Type': 'text/html', 'Retry-After': '1' });
        res.end('<html><body>429 Too Many Requests</body></html>');
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"id":1}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const limiter = new RateLimiter({ rps: 7 });
      const client = createAmoClient({ baseUrl: `http://127.0.0.1:${port}`, auth: { kind: 'long-lived', getToken: () => 't' }, limiter, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
      const t0 = Date.now();
      await client.request({ method: 'GET', path: '/api/v4/account' });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
      expect(limiter.decreases).toBe(1);
      expect(limiter.rps).toBeLessThan(7);
    } finally {
      server.close();
    }
  });
});

const SIZE = { contacts: 2500, companies: 500, leads: 2000, tasks: 750, notesPerEntity: 1, now: Math.floor(Date.now() / 1000) };
const FULL = process.env.AMOSWEEP_FAULTS === 'full';

describe('against a server that allows fewer than 7 rps', () => {
  let fake: FakeAmoServer;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeAmo({ fixtures: syntheticAccount(SIZE), rps: 0, accountRps: 0 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-rate-'));
  });
  afterAll(async () => {
    await fake.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // the whole matrix (npm run test:faults) tries both limits and both of the fake's rate models
  const cases = FULL
    ? [
        { rps: 3, model: 'bucket' as const },
        { rps: 5, model: 'bucket' as const },
        { rps: 3, model: 'window' as const },
        { rps: 5, model: 'window' as const },
      ]
    : [{ rps: 3, model: 'bucket' as const }];
  for (const c of cases) {
    it(`a snapshot at 7 rps against a ${c.rps} rps server (${c.model}) is never banned, and few requests get 429`, async () => {
      fake.reset();
      // the fake bans after 8 429s within a minute: today's fixed 7 rps reaches that in seconds
      fake.configure({ rps: c.rps, rateModel: c.model, banAfter: 8, banWindowMs: 60_000 });
      const client = createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, limiter: new RateLimiter({ rps: 7 }) });
      const file = path.join(dir, `rate-${c.rps}-${c.model}.amosweep`);
      const result = await runSnapshot({ client, file, appVersion: 'test' }).catch((e: unknown) => e);
      if (result instanceof AppError) throw new Error(`the snapshot stopped: ${result.code} ${result.message}`);
      const stats = fake.stats() as { requests: number; rejected429: number; rejected403: number };
      expect(stats.rejected403).toBe(0);
      expect(stats.requests).toBeGreaterThan(40);
      // bounded share of 429s (today: 32–47 %, then the ban)
      expect(stats.rejected429 / stats.requests).toBeLessThan(0.1);
    }, 120_000);
  }
});
