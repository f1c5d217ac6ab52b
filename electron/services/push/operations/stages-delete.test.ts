// runtime: node
import { describe, expect, it } from 'vitest';
import type { ApiObject, FixtureSet } from '../../../../fake-amocrm/fixture-set';
import { buildOperations } from '../../plan/request';
import { buildFromIntents } from '../../plan/intents';
import { addOperations, listOperations, openPlanId } from '../../plan/store';
import { dryRun } from '../dry-run';
import { pushPlan } from '../engine';
import { rollbackPlanFor } from '../rollback';
import { usePushHarness } from '../testing/test-harness';
import { smallAccount } from '../testing/test-helpers';

const EMPTY = 102;
const HOLDS_A_DEAL = 103;

/** smallAccount's pipeline 10 with two more working stages: 102 empty, 103 holding deal 5001. */
function account(): FixtureSet {
  const f = smallAccount(5);
  const pipeline = f.collections.leads_pipelines[0]!;
  const statuses = (pipeline._embedded as { statuses: ApiObject[] }).statuses;
  statuses.push(
    { id: EMPTY, name: 'Отправить КП', sort: 30, type: 0, pipeline_id: 10, color: '#fffeb2', is_editable: true },
    { id: HOLDS_A_DEAL, name: 'Замер', sort: 40, type: 0, pipeline_id: 10, color: '#deff81', is_editable: true },
  );
  f.collections.leads.find((l) => l.id === 5001)!.status_id = HOLDS_A_DEAL;
  return f;
}

const h = usePushHarness(account);
const stagesOnServer = async (): Promise<ApiObject[]> => h.list('/api/v4/leads/pipelines/10/statuses', 'statuses');
const plan = (ids?: number[]): number => {
  const id = openPlanId(h.db);
  addOperations(h.db, id, buildOperations(h.db, { operation: 'stages.delete', ...(ids ? { ids } : {}) }));
  return id;
};

describe('stages.delete (an unused pipeline stage)', () => {
  it('is planned only for working stages no deal is in: never 142, 143, the unsorted stage or a stage holding a deal', () => {
    const ops = buildOperations(h.db, { operation: 'stages.delete' });
    expect(ops.map((o) => [o.kind, o.entityType, o.entityId])).toEqual([['stages.delete', 'statuses', EMPTY]]);
    expect(ops[0]!.params).toEqual({ pipelineId: 10, name: 'Отправить КП', sort: 30, color: '#fffeb2' });
    expect(() => buildOperations(h.db, { operation: 'stages.delete', ids: [HOLDS_A_DEAL] })).toThrow(/103: not an empty working stage/);
    expect(() => buildOperations(h.db, { operation: 'stages.delete', ids: [142] })).toThrow(/142/);
  });

  it("is built from the audit's Fix intent on pipelines.unused_stages (its ids are pipeline:status)", () => {
    h.db.prepare("INSERT INTO audit_fix_intents (finding_id, operation, entity_type, entity_ids, params, created_at) VALUES ('pipelines.unused_stages', 'stages.delete', 'statuses', ?, NULL, 0)").run(JSON.stringify(['10:100', `10:${EMPTY}`, `10:${HOLDS_A_DEAL}`, '10:142']));
    const r = buildFromIntents(h.db);
    expect(r.notes).toEqual([]);
    expect(r.operations.map((o) => o.entityId)).toEqual([EMPTY]);
  });

  it('deletes the stage (DELETE …/statuses/{id}) after reading it and the deals in it; the dry run lists the same requests', async () => {
    const id = plan();
    const dry = dryRun(h.db, id);
    expect(dry.list.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual(['GET /api/v4/leads/pipelines/10/statuses', 'GET /api/v4/leads', `DELETE /api/v4/leads/pipelines/10/statuses/${EMPTY}`]);
    const result = await pushPlan(h.db, id, { client: h.client });
    expect(result).toMatchObject({ applied: 1, skippedConflicts: 0, failed: 0 });
    expect(h.proxy.log.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE /api/v4/leads/pipelines/10/statuses/${EMPTY}`]);
    expect((await stagesOnServer()).map((s) => s.id)).not.toContain(EMPTY);
  });

  it('is a conflict, and nothing is deleted, when a deal entered the stage after the snapshot', async () => {
    const id = plan();
    await h.direct().request({ method: 'PATCH', path: '/api/v4/leads', body: [{ id: 5002, pipeline_id: 10, status_id: EMPTY }] });
    const result = await pushPlan(h.db, id, { client: h.client });
    expect(result).toMatchObject({ applied: 0, skippedConflicts: 1 });
    expect(listOperations(h.db, id)[0]!.result).toMatchObject({ reason: 'a deal is in the stage now' });
    expect(h.proxy.log.some((r) => r.method === 'DELETE')).toBe(false);
    expect((await stagesOnServer()).map((s) => s.id)).toContain(EMPTY);
  });

  it('is rolled back by re-creating the stage with its name, sort and color (a new id; no deal was in it)', async () => {
    const id = plan();
    await pushPlan(h.db, id, { client: h.client });
    const rollback = rollbackPlanFor(h.db, id);
    const [revert] = listOperations(h.db, rollback.plan);
    expect(revert).toMatchObject({ kind: 'revert.stage', entityId: EMPTY });
    expect((revert!.params as { note: string }).note).toMatch(/no deal was in it/);
    const result = await pushPlan(h.db, rollback.plan, { client: h.client });
    expect(result).toMatchObject({ applied: 1, failed: 0 });
    const back = (await stagesOnServer()).find((s) => s.name === 'Отправить КП')!;
    expect(back).toMatchObject({ sort: 30, color: '#fffeb2', type: 0 });
    expect(back.id).not.toBe(EMPTY);
    expect(listOperations(h.db, rollback.plan)[0]!.result).toMatchObject({ newStatusId: back.id });
  });
});

describe('the fake amoCRM deletes a stage as Kommo documents it', () => {
  it('moves the deals of a deleted stage to the first working stage and refuses the system stages', async () => {
    const c = h.direct();
    const res = await c.request({ method: 'DELETE', path: `/api/v4/leads/pipelines/10/statuses/${HOLDS_A_DEAL}` });
    expect(res.status).toBe(204);
    expect((await h.get('/api/v4/leads/5001')).status_id).toBe(101);
    await expect(c.request({ method: 'DELETE', path: '/api/v4/leads/pipelines/10/statuses/142' })).rejects.toMatchObject({ details: { status: 400 } });
    await expect(c.request({ method: 'DELETE', path: '/api/v4/leads/pipelines/10/statuses/100' })).rejects.toMatchObject({ details: { status: 400 } });
    await expect(c.request({ method: 'DELETE', path: '/api/v4/leads/pipelines/10/statuses/999' })).rejects.toMatchObject({ details: { status: 404 } });
  });
});
