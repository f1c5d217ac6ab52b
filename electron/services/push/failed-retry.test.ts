// runtime: node
/**
 * Failed operations (issue 13 item 3): a push that gave up on some operations does not mark
 * the plan done, and the next push retries exactly those operations: never the applied ones.
 */
import { describe, expect, it } from 'vitest';
import { createAmoClient } from '../amo/client';
import { addOperations, getPlan, listOperations, openPlanId } from '../plan/store';
import { pushPlan } from './engine';
import { usePushHarness } from './testing/test-harness';
import { smallAccount } from './testing/test-helpers';
import { buildFillLossReason, buildMerges, buildNormalizePhones, buildTagsDetach, buildTasksCreate } from './testing/builds';

const h = usePushHarness(() => smallAccount(60));

/** Reads that always get through in the end (so only writes fail), with short retry pauses. */
const patientClient = () =>
  createAmoClient({
    baseUrl: h.proxy.url,
    auth: { kind: 'long-lived', getToken: () => h.fake.token },
    unlimited: true,
    retry: { baseDelayMs: 2, maxDelayMs: 20, maxRetries: 60, maxBadJsonRetries: 60 },
  });

const writes = () => [
  ...h.proxy.acceptedWrites('PATCH', '/api/v4/leads').map((id) => `leads:${id}`),
  ...h.proxy.acceptedWrites('PATCH', '/api/v4/contacts').map((id) => `contacts:${id}`),
  ...h.proxy.acceptedWrites('POST', '/api/v4/tasks').map((id) => `tasks.create:${id}`),
];

describe('failed operations are retried, and only they', () => {
  it('with 60 % of answers 5xx: failed operations leave the plan not done; the next push sends exactly them', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'Дорого' }));
    addOperations(h.db, plan, buildNormalizePhones(h.db));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    addOperations(h.db, plan, buildTasksCreate(h.db, { text: 'Позвонить снова', dueDays: 2 }));
    const total = listOperations(h.db, plan).length;

    h.fake.configure({ faults: { error5xx: 0.6, seed: 11 } });
    const first = await pushPlan(h.db, plan, { client: patientClient(), maxAttempts: 1 });
    expect(first.failed).toBeGreaterThan(0);
    expect(first.applied + first.failed + first.skipped + first.skippedConflicts).toBe(total);
    expect(getPlan(h.db, plan).status).toBe('failed');
    const key = (o: { kind: string; entityType: string; entityId: number }) => (o.kind === 'tasks.create' ? `tasks.create:${o.entityId}` : `${o.entityType}:${o.entityId}`);
    const failedFirst = listOperations(h.db, plan, { status: 'failed' }).map(key).sort();
    const appliedFirst = writes().sort();
    expect(appliedFirst).toEqual(listOperations(h.db, plan, { status: 'applied' }).map(key).sort());

    h.fake.configure({ faults: {} });
    const before = h.proxy.log.length;
    const second = await pushPlan(h.db, plan, { client: patientClient() });
    expect(second).toMatchObject({ failed: 0, skippedConflicts: 0 });
    expect(second.applied).toBe(first.applied + first.failed);
    expect(getPlan(h.db, plan).status).toBe('done');
    // the second run wrote exactly the operations that had failed
    const secondWrites = [...writes()];
    for (const w of appliedFirst) secondWrites.splice(secondWrites.indexOf(w), 1);
    expect(secondWrites.sort()).toEqual(failedFirst);
    expect(h.proxy.log.length).toBeGreaterThan(before);
    // and every operation was written exactly once
    expect(writes().sort()).toEqual(listOperations(h.db, plan).map(key).sort());
  });

  it('a merge whose survivor update failed: its skipped steps are retried with it, and end as an uninterrupted merge', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildMerges(h.db, [{ entity: 'contacts', survivor: 1001, losers: [1004, 1007] }]));
    const ops = listOperations(h.db, plan);
    // every write of the survivor's update is lost on the way (a connection reset): it fails
    h.proxy.decide = ({ method, path }) => (method === 'PATCH' && path === '/api/v4/contacts' && h.proxy.log.every((r) => r.method === 'GET' || r.path.includes('custom_fields')) ? 'cut' : undefined);
    const r1 = await pushPlan(h.db, plan, { client: patientClient(), maxAttempts: 1 });
    expect(r1.failed).toBe(1);
    expect(r1.applied).toBe(ops.filter((o) => o.kind === 'fields.ensure').length);
    expect(listOperations(h.db, plan, { status: 'skipped' }).length).toBeGreaterThan(0);
    expect(getPlan(h.db, plan).status).toBe('failed');
    h.proxy.decide = () => undefined;
    const r2 = await pushPlan(h.db, plan, { client: patientClient() });
    expect(r2).toMatchObject({ failed: 0, skipped: 0, skippedConflicts: 0, applied: ops.length });
    expect(getPlan(h.db, plan).status).toBe('done');
  });
});
