// runtime: node
/** Two snapshots (or a snapshot and a refresh) of one file at once: the second is refused at once. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { createAmoClient } from '../amo/client';
import { lockFileOf } from '../db/writer-lock';
import { smallAccount } from '../push/testing/test-helpers';
import { runSnapshot } from './runner';

let fake: FakeAmoServer;
let dir: string;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(20), rps: 0 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amosweep-two-snap-'));
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const client = () => createAmoClient({ baseUrl: fake.url, auth: { kind: 'long-lived', getToken: () => fake.token }, unlimited: true });

describe('two snapshots of one file', () => {
  it('the second snapshot and a refresh during it are refused naming the first; the first completes alone', async () => {
    const file = path.join(dir, 's.amosweep');
    fake.configure({ faults: { latencyMs: 150 } });
    const first = runSnapshot({ client: client(), file, appVersion: 'test', writerCommand: 'amosweep snapshot' });
    const before = Number(fake.stats().requests);
    await expect(runSnapshot({ client: client(), file, appVersion: 'test' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/being written by another AmoSweep process: pid \d+ \(this process\) \("amosweep snapshot"/),
    });
    await expect(runSnapshot({ client: client(), file, appVersion: 'test', refresh: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    // the refused runs sent nothing
    expect(Number(fake.stats().requests)).toBeLessThanOrEqual(before + 1);
    const done = await first;
    fake.configure({ faults: {} });
    expect(done.mode).toBe('new');
    expect(fs.existsSync(lockFileOf(file))).toBe(false);
    // now a refresh may run, and a second one may wait for it
    const refresh = runSnapshot({ client: client(), file, appVersion: 'test', refresh: true });
    const waited = runSnapshot({ client: client(), file, appVersion: 'test', refresh: true, waitSeconds: 60 });
    expect((await refresh).mode).toBe('refresh');
    expect((await waited).mode).toBe('refresh');
  }, 60_000);
});
