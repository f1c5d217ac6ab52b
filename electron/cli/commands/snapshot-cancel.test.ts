// runtime: node
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { syntheticAccount } from '../../services/snapshot/testing/synthetic-account';
import { captureIo, tempDirs } from '../testing/test-io';
import { command } from './snapshot';

let fake: FakeAmoServer;
const dirs = tempDirs('amosweep-cancel-');
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: syntheticAccount({ contacts: 900, companies: 300, leads: 700, tasks: 300, now: Math.floor(Date.now() / 1000) }), rps: 7 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => dirs.cleanup());

describe('amosweep snapshot, stopped with Ctrl-C', () => {
  it('says the file keeps what was fetched and that running the same command again resumes', async () => {
    const file = path.join(dirs.make(), 'stopped.amosweep');
    const { io, err, controller } = captureIo();
    setTimeout(() => controller.abort(), 400);
    await expect(command.run([file, '--url', fake.url, '--token', fake.token], io)).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(err.join('')).toContain(`Stopped. ${file} keeps every page fetched so far: run the same command again to resume.`);
  });
});
