// runtime: node
/** amosweep snapshot through dispatch: --wait tells who holds the file, then takes it once it is free. */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { acquireWriterLockSync } from '../../services/db/writer-lock';
import { smallAccount } from '../../services/push/testing/test-helpers';
import { runCli } from '../main';
import { captureIo, tempDirs, until } from '../testing/test-io';

let fake: FakeAmoServer;
const dirs = tempDirs('amosweep-snapshot-wait-');
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(6), rps: 0 });
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => dirs.cleanup());

describe('amosweep snapshot --wait', () => {
  it('names the writer that holds the file, waits for it, then takes the snapshot', async () => {
    const file = path.join(dirs.make(), 'waited.amosweep');
    const lock = acquireWriterLockSync(file, 'amosweep push');
    const t = captureIo();
    const running = runCli(['snapshot', file, '--url', fake.url, '--token', fake.token, '--wait', '60', '--json'], t.io);
    await until(() => /Waiting for/.test(t.err.join('')));
    expect(t.err.join('')).toMatch(new RegExp(`(^|\\n)Waiting for ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is being written by pid \\d+.*\\("amosweep push"`));
    lock.release();
    expect(await running).toBe(0);
    expect(JSON.parse(t.out.join(''))).toMatchObject({ file, mode: 'new' });
  });

  it('without --wait a held file is refused at once, naming the holder, and the snapshot is not taken', async () => {
    const file = path.join(dirs.make(), 'busy.amosweep');
    const lock = acquireWriterLockSync(file, 'amosweep push');
    try {
      const t = captureIo();
      expect(await runCli(['snapshot', file, '--url', fake.url, '--token', fake.token], t.io)).toBe(1);
      expect(t.err.join('')).toMatch(/amosweep push/);
      expect(t.out).toEqual([]);
    } finally {
      lock.release();
    }
  });
});
