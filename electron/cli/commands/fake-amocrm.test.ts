// runtime: node
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dumpFixtureDir } from '../../../fake-amocrm/fixtures-io';
import { sampleFixtures } from '../../../fake-amocrm/server/sample-fixtures';
import { runCli } from '../main';
import { captureIo, tempDirs, until } from '../testing/test-io';

const dirs = tempDirs('amosweep-cli-fake-');
afterEach(() => dirs.cleanup());
const tmp = (): string => dirs.make();
const io = captureIo;

describe('amosweep fake-amocrm', () => {
  it('serves a fixture directory, prints one JSON line, dumps, and stops on the signal', async () => {
    const fixture = tmp();
    const dump = tmp();
    const set = sampleFixtures();
    dumpFixtureDir(fixture, set, { asOf: '2020-12-31T00:00:00.000Z', counts: { x: 1 }, duplicates: { contacts: [], companies: [] }, analytics: { years: [], lossReasons: [] } });
    const t = io();
    const running = runCli(['fake-amocrm', '--fixture', fixture, '--dump', dump, '--rps', '3', '--ban-after', '2', '--json-429', '--private-endpoints', '--faults', 'latency=0,seed=5'], t.io);
    await until(() => t.out.length > 0);
    const lines = t.out.join('').trim().split('\n');
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]!) as Record<string, string>;
    expect(Object.keys(ready).sort()).toEqual(['authCode', 'clientId', 'clientSecret', 'subdomain', 'token', 'url']);
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.subdomain).toBe('testacc');
    const r = await fetch(`${ready.url}/api/v4/contacts/1`, { headers: { Authorization: `Bearer ${ready.token}` } });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { name: string }).name).toBe('Иван Петрович Сидоров');
    const config = (await (await fetch(`${ready.url}/__fake/config`)).json()) as Record<string, unknown>;
    expect(config).toMatchObject({ rps: 3, accountRps: 50, banAfter: 2, json429: true, privateEndpoints: true, faults: { latencyMs: 0, seed: 5 } });
    expect(((await (await fetch(`${ready.url}/__fake/truth`)).json()) as { counts: unknown }).counts).toEqual({ x: 1 });
    expect(fs.existsSync(path.join(dump, 'contacts.json'))).toBe(true);
    expect(fs.existsSync(path.join(dump, 'truth.json'))).toBe(true);
    t.controller.abort();
    expect(await running).toBe(0);
    await expect(fetch(`${ready.url}/__fake/stats`)).rejects.toThrow();
  });

  it('refuses bad switches with a usage error (exit 2)', async () => {
    for (const args of [['--faults', 'boom=1'], ['--missing-entity', '500'], ['--limit-overflow', 'huge'], ['--rps', '-1'], ['--fixture', '/x', '--scale', '2'], ['--profile', 'tiny']]) {
      const t = io();
      expect(await runCli(['fake-amocrm', ...args], t.io), args.join(' ')).toBe(2);
      expect(t.err.join('')).toContain('Usage: amosweep fake-amocrm');
    }
  });

  it('fails with the file and item named for a malformed fixture (exit 1)', async () => {
    const fixture = tmp();
    dumpFixtureDir(fixture, sampleFixtures());
    fs.writeFileSync(path.join(fixture, 'leads.json'), JSON.stringify([{ id: 1 }, { name: 'no id' }]));
    const t = io();
    expect(await runCli(['fake-amocrm', '--fixture', fixture], t.io)).toBe(1);
    expect(t.err.join('')).toMatch(/leads\.json: item 1: field "id"/);
  });

  it('documents the --faults syntax in its usage', async () => {
    const t = io();
    expect(await runCli(['fake-amocrm', '--help'], t.io)).toBe(0);
    expect(t.out.join('')).toContain('latency=50,jitter=10,5xx=0.1,malformed=0.05,truncate=0.05,reset=0.02,seed=1');
  });
});
