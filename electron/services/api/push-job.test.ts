// runtime: node
/**
 * The app's push job (issue 13 item 3): a push that ends with failed operations fails the job
 * with PUSH_INCOMPLETE (the plan is not done), and pushing again retries exactly those.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAmo, type FakeAmoServer } from '../../../fake-amocrm/index';
import { dispatch } from '../../../shared/api/dispatch';
import type { ConnectionInfo } from '../../../shared/api/methods/snapshot';
import { closeSnapshotDb } from '../db/open';
import { addOperations, openPlanId } from '../plan/store';
import { smallAccount, finishedSnapshotOf, startRecordingProxy, tempFile, type RecordingProxy } from '../push/testing/test-helpers';
import { createServices } from './create-services';
import { buildFillLossReason } from '../push/testing/builds';

const fixtures = smallAccount(6);
let fake: FakeAmoServer;
let proxy: RecordingProxy;
let t: { file: string; cleanup: () => void };

beforeEach(async () => {
  fake = await startFakeAmo({ fixtures, rps: 0 });
  proxy = await startRecordingProxy(fake.url);
  t = tempFile('push-job.amosweep');
});
afterEach(async () => {
  await proxy.close();
  await fake.close();
  t.cleanup();
});

describe('plan.push as a job', () => {
  it('failed operations fail the job with PUSH_INCOMPLETE; the next push sends only them', async () => {
    const db = finishedSnapshotOf(fixtures, t.file);
    const plan = openPlanId(db);
    const ops = buildFillLossReason(db, { reason: 'Дорого' });
    (ops[1]!.params as { lossReasonId: number }).lossReasonId = 999; // amoCRM refuses it (400)
    addOperations(db, plan, ops);
    closeSnapshotDb(db);

    const { deps, handlers } = createServices({ transport: 'cli', dataDir: path.join(path.dirname(t.file), 'data') }); // its state files stay in the test's folder, never in ~/AmoSweep
    const call = async <T>(name: string, input: unknown): Promise<T> => {
      const r = await dispatch(handlers, name, input, { transport: 'cli' });
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as T;
    };
    try {
      const conn = await call<ConnectionInfo>('connect.token', { account: proxy.url, token: fake.token });
      await call('snapshot.open', { file: t.file, access: 'edit' }); // a file outside the data folder: opened for editing on purpose
      const first = await deps.jobs.wait((await call<{ jobId: string }>('plan.push', { plan, connectionId: conn.id })).jobId);
      expect(first.status).toBe('failed');
      expect(first.error?.code).toBe('PUSH_INCOMPLETE');
      expect(first.error?.message).toContain(`1 operation of plan ${plan} failed (${ops.length - 1} applied); the plan is not done`);
      const plans = await call<{ id: number; status: string }[]>('plan.list', {});
      expect(plans.find((p) => p.id === plan)?.status).toBe('failed');
      expect(proxy.acceptedWrites('PATCH', '/api/v4/leads').sort()).toEqual(ops.filter((_, i) => i !== 1).map((o) => o.entityId).sort());

      const writesBefore = proxy.log.filter((r) => r.method === 'PATCH').length;
      const second = await deps.jobs.wait((await call<{ jobId: string }>('plan.push', { plan, connectionId: conn.id })).jobId);
      expect(second.error?.code).toBe('PUSH_INCOMPLETE');
      // exactly the failed operation was sent again (and refused again); nothing applied was resent
      const again = proxy.log.filter((r) => r.method === 'PATCH').slice(writesBefore);
      expect(again.map((r) => (r.body as { id: number }[]).map((x) => x.id))).toEqual([[ops[1]!.entityId]]);
    } finally {
      deps.session.close();
      await deps.jobs.shutdown();
    }
  });
});
