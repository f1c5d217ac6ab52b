// runtime: node
/**
 * kill -9 of a merge push right after a link or unlink batch, while it reads back the versions
 * its write produced (issue 13 item 2). The proxy in front of the fake server kills the CLI
 * at that very request (no timing involved). The resumed run must tell its own writes from
 * amoCRM's: no conflict, the losers tagged and marked "Удалить", no write sent twice, and the
 * account ends exactly as after an uninterrupted run.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import type { FixtureSet } from '../../../shared/amo/wire';
import { closeSnapshotDb } from '../../services/db/open';
import { addOperations, listOperations, openPlanId } from '../../services/plan/store';
import { comparableState, runCli } from '../../services/push/testing/fault-tools';
import { smallAccount, snapshotOf, startRecordingProxy, tempFile, type LoggedRequest } from '../../services/push/testing/test-helpers';
import { buildMerges } from '../../services/push/testing/builds';

const SURVIVOR = 1003;
const LOSERS = [1006, 1009];

function account(): FixtureSet {
  const f = smallAccount(12);
  f.collections.contacts_custom_fields.push({ id: 205, name: 'Удалить', code: null, type: 'checkbox', sort: 9, is_deletable: true });
  return f;
}

let fake: FakeAmoServer;
beforeAll(async () => {
  fake = await startFakeAmo({ fixtures: account(), rps: 0 });
});
afterAll(async () => {
  await fake.close();
});

/** A snapshot with the merge planned, in a temporary file. */
function mergePlanFile(): { file: string; cleanup: () => void; operations: number } {
  const t = tempFile();
  const db = snapshotOf(account(), t.file);
  const plan = openPlanId(db);
  addOperations(db, plan, buildMerges(db, [{ entity: 'contacts', survivor: SURVIVOR, losers: LOSERS }]));
  const operations = listOperations(db, plan).length;
  closeSnapshotDb(db);
  return { ...t, operations };
}

const accepted = (log: LoggedRequest[]) =>
  log
    .filter((r) => r.method !== 'GET' && r.status >= 200 && r.status < 300)
    .map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)
    .sort();

describe('a push killed while it reads back its own link/unlink', () => {
  for (const action of ['link', 'unlink'] as const) {
    it(`kill -9 right after the ${action} batch resumes to the uninterrupted state`, async () => {
      // the uninterrupted run
      fake.reset();
      const ref = mergePlanFile();
      const refProxy = await startRecordingProxy(fake.url);
      const env = { AMOSWEEP_TOKEN: fake.token };
      const refRun = await runCli(['push', ref.file, '--url', refProxy.url, '--json'], { env });
      expect(refRun.code).toBe(0);
      expect(JSON.parse(refRun.stdout)).toMatchObject({ applied: ref.operations, skippedConflicts: 0, failed: 0 });
      const expected = comparableState(fake);
      const expectedWrites = accepted(refProxy.log);
      await refProxy.close();
      ref.cleanup();

      // killed at the read of the contacts right after the batch
      fake.reset();
      const t = mergePlanFile();
      const proxy = await startRecordingProxy(fake.url);
      let child: ChildProcess | undefined;
      let wrote = false;
      let killed = false;
      proxy.decide = ({ method, path }) => {
        if (method === 'POST' && path === `/api/v4/leads/${action}`) wrote = true;
        else if (wrote && !killed && method === 'GET' && path === '/api/v4/contacts' && child) {
          killed = true;
          child.kill('SIGKILL');
          return 'cut';
        }
        return undefined;
      };
      const args = ['push', t.file, '--url', proxy.url, '--json'];
      const first = await runCli(args, { env, onSpawn: (c) => (child = c) });
      expect(killed).toBe(true);
      expect(first.signal).toBe('SIGKILL');
      proxy.decide = () => undefined;
      const second = await runCli(args, { env });
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      expect(JSON.parse(second.stdout)).toMatchObject({ applied: t.operations, skippedConflicts: 0, failed: 0 });
      // no write sent twice, the same writes as the uninterrupted run, the same final account
      expect(accepted(proxy.log)).toEqual(expectedWrites);
      expect(comparableState(fake)).toEqual(expected);
      await proxy.close();
      t.cleanup();
    }, 90_000);
  }
});
