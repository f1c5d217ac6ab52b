// runtime: node
/**
 * `amosweep push` on a terminal, in process: the progress line (bar, percent, the client's rate
 * against --rps, requests, ETA) comes from the push job's state through dispatch, and ends with a
 * newline before the result.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { closeSnapshotDb } from '../../services/db/open';
import { buildFillLossReason } from '../../services/push/testing/builds';
import { addOperations, openPlanId } from '../../services/plan/store';
import { smallAccount, snapshotOf, tempFile } from '../../services/push/testing/test-helpers';
import { command } from './push';

let fake: FakeAmoServer;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: smallAccount(12), rps: 0 });
});
afterAll(async () => {
  await fake.close();
});

it('draws the progress line on a terminal, then prints the result', async () => {
  const t = tempFile();
  const db = snapshotOf(smallAccount(12), t.file);
  const plan = openPlanId(db);
  const ops = buildFillLossReason(db, { reason: 'Дорого' });
  addOperations(db, plan, ops);
  closeSnapshotDb(db);
  let stdout = '';
  let stderr = '';
  const io = { stdout: (s: string) => void (stdout += s), stderr: (s: string) => void (stderr += s), isTTY: true, signal: new AbortController().signal };
  const previous = process.env.AMOSWEEP_TOKEN;
  process.env.AMOSWEEP_TOKEN = fake.token;
  try {
    expect(await command.run([t.file, '--url', fake.url, '--rps', '5'], io)).toBe(0);
  } finally {
    if (previous === undefined) delete process.env.AMOSWEEP_TOKEN;
    else process.env.AMOSWEEP_TOKEN = previous;
  }
  expect(stderr).toMatch(/^\r\[[#.]{28}\] +\d+% \d+\.\d\/5 rps, \d+ req( ETA \d+m\d\ds)?/);
  expect(stderr).toContain('\u001b[K');
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stdout).toContain(`plan ${plan}: ${ops.length} applied, 0 conflicts skipped`);
  t.cleanup();
}, 60_000);
