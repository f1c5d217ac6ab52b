// runtime: node
import { describe, expect, it } from 'vitest';
import { addOperations, getPlan, listOperations, openPlanId } from '../plan/store';
import { fieldValues } from '../plan/transforms';
import type { ApiObject } from './amo';
import { EventBus } from '../events/event-bus';
import { JobManager } from '../jobs/job-manager';
import { dryRun } from './dry-run';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { EMAIL_FIELD, PHONE_FIELD, smallAccount, testClient, UNUSED_FIELD } from './testing/test-helpers';
import { buildFieldsDelete, buildFillLossReason, buildNormalizePhones, buildSplitStuffed, buildTagsDetach, buildTasksCreate } from './testing/builds';

const h = usePushHarness(() => smallAccount(5));

const serverEntity = (type: 'leads' | 'contacts' | 'companies', id: number): Promise<ApiObject> => h.get(`/api/v4/${type}/${id}`);
const serverTasks = (leadId: number): Promise<ApiObject[]> => h.list('/api/v4/tasks', 'tasks', { 'filter[entity_id]': [leadId] });
const tagIds = (e: ApiObject): number[] => ((e._embedded as { tags?: { id: number }[] }).tags ?? []).map((t) => t.id).sort();
const original = (type: 'leads' | 'contacts', id: number): ApiObject => h.fixtures.collections[type].find((x) => x.id === id)!;

function planWith(ops: ReturnType<typeof buildFillLossReason>): number {
  const id = openPlanId(h.db);
  addOperations(h.db, id, ops);
  return id;
}

describe('push and rollback, per operation', () => {
  it('fill.loss_reason sets the reason on lost deals only, and rolls back', async () => {
    const plan = planWith(buildFillLossReason(h.db, { reason: 'дорого' }));
    const lost = h.fixtures.collections.leads.filter((l) => l.status_id === 143).map((l) => Number(l.id));
    expect(listOperations(h.db, plan)).toHaveLength(lost.length);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: lost.length, skippedConflicts: 0, failed: 0, rejected429: 0 });
    for (const l of h.fixtures.collections.leads) {
      const s = await serverEntity('leads', Number(l.id));
      expect(s.loss_reason_id ?? null).toBe(l.status_id === 143 ? 5 : null);
      expect(s.status_id).toBe(l.status_id);
    }
    expect(new Set(h.proxy.acceptedWrites('PATCH', '/api/v4/leads')).size).toBe(lost.length);
    expect(h.proxy.acceptedWrites('PATCH', '/api/v4/leads')).toHaveLength(lost.length);
    const rb = rollbackPlanFor(h.db, plan);
    expect(rb.operations).toBe(lost.length);
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ applied: lost.length, skippedConflicts: 0, failed: 0 });
    for (const id of lost) expect((await serverEntity('leads', id)).loss_reason_id ?? null).toBeNull();
    expect(getPlan(h.db, plan).status).toBe('done');
    // a second rollback answers the done one again: no empty plan
    const plansBefore = h.db.prepare('SELECT count(*) AS n FROM plans').get();
    expect(rollbackPlanFor(h.db, plan)).toEqual({ plan: rb.plan, operations: lost.length, created: false });
    expect(h.db.prepare('SELECT count(*) AS n FROM plans').get()).toEqual(plansBefore);
  });

  it('normalize.phones, split.stuffed and tags.detach compose on one contact, and roll back to the original', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildNormalizePhones(h.db));
    addOperations(h.db, plan, buildSplitStuffed(h.db));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    const ops = listOperations(h.db, plan);
    const byKind = (k: string) => ops.filter((o) => o.kind === k).map((o) => o.entityId);
    expect(byKind('normalize.phones').length).toBeGreaterThan(0);
    expect(byKind('split.stuffed').length).toBeGreaterThan(0);
    expect(byKind('tags.detach').length).toBeGreaterThan(0);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: ops.length, skippedConflicts: 0, failed: 0 });

    // contact 1001: messy phones → normalized, enum codes kept; tag "old" removed, "vip" kept
    const c1 = await serverEntity('contacts', 1001);
    expect(fieldValues(c1, PHONE_FIELD)).toEqual([
      { value: '+7 912 345-11-01', enum_code: 'MOB' },
      { value: '+7 495 123-45-67', enum_code: 'WORK' },
    ]);
    expect(tagIds(c1)).toEqual([302]);
    // contact 1002: one stuffed phone value → two values; stuffed e-mails → two values
    const c2 = await serverEntity('contacts', 1002);
    expect(fieldValues(c2, PHONE_FIELD)).toEqual([
      { value: '+7 912 111-10-02', enum_code: 'MOB' },
      { value: '+7 922 222-12-11', enum_code: 'MOB' },
    ]);
    expect(fieldValues(c2, EMAIL_FIELD).map((v) => v.value)).toEqual(['a2@x.ru', 'b2@y.ru']);
    // contact 1003: clean, untouched tags of others
    const c3 = await serverEntity('contacts', 1003);
    expect(fieldValues(c3, PHONE_FIELD)).toEqual(fieldValues(original('contacts', 1003), PHONE_FIELD));
    // every op sent once
    const writes = h.proxy.acceptedWrites('PATCH', '/api/v4/contacts');
    expect(writes).toHaveLength(ops.length);

    const rb = rollbackPlanFor(h.db, plan);
    const dry = dryRun(h.db, rb.plan);
    expect(dry.entities).toBe(ops.length);
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ applied: ops.length, skippedConflicts: 0, failed: 0 });
    for (const c of h.fixtures.collections.contacts) {
      const s = await serverEntity('contacts', Number(c.id));
      for (const f of [PHONE_FIELD, EMAIL_FIELD]) expect(fieldValues(s, f)).toEqual(fieldValues(c, f));
      expect(tagIds(s)).toEqual(tagIds(c));
    }
  });

  it('tasks.create opens one task per active deal without one; rollback closes them (tasks cannot be deleted)', async () => {
    const plan = planWith(buildTasksCreate(h.db, { text: 'Связаться с клиентом', dueDays: 3 }));
    const targets = h.fixtures.collections.leads.filter((l) => (Number(l.id) - 5000) % 3 === 2).map((l) => Number(l.id));
    expect(listOperations(h.db, plan).map((o) => o.entityId)).toEqual(targets);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: targets.length, failed: 0, skippedConflicts: 0 });
    for (const id of targets) {
      const tasks = await serverTasks(id);
      expect(tasks.filter((t) => t.text === 'Связаться с клиентом' && t.is_completed === false)).toHaveLength(1);
    }
    const rb = rollbackPlanFor(h.db, plan);
    expect(await pushPlan(h.db, rb.plan, { client: h.client })).toMatchObject({ applied: targets.length, failed: 0 });
    for (const id of targets) {
      const tasks = await serverTasks(id);
      expect(tasks.filter((t) => t.is_completed === false)).toHaveLength(0);
    }
  });

  it('fields.delete deletes the field with its values saved in the journal; rollback re-creates it with a custom-field POST', async () => {
    const plan = planWith(buildFieldsDelete(h.db, { field: UNUSED_FIELD }));
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 1, failed: 0 });
    const direct = h.direct();
    await expect(direct.request({ method: 'GET', path: `/api/v4/contacts/custom_fields/${UNUSED_FIELD}` })).rejects.toMatchObject({ code: 'AMO_HTTP' });
    const image = h.db.prepare('SELECT image FROM before_images').get() as { image: string };
    expect(JSON.parse(image.image)).toMatchObject({ field: { id: UNUSED_FIELD, name: 'Старое поле' }, values: [] });
    const rb = rollbackPlanFor(h.db, plan);
    expect(rb.operations).toBe(1);
    const ops = listOperations(h.db, rb.plan);
    expect(ops[0]).toMatchObject({ kind: 'revert.field', params: { definition: { name: 'Старое поле', type: 'text' } } });
    expect(await pushPlan(h.db, rb.plan, { client: h.client })).toMatchObject({ applied: 1, failed: 0, skippedConflicts: 0 });
    const again = await direct.request<{ _embedded: { custom_fields: { id: number; name: string; type: string }[] } }>({ method: 'GET', path: '/api/v4/contacts/custom_fields' });
    const made = again.data!._embedded.custom_fields.filter((f) => f.name === 'Старое поле');
    expect(made).toMatchObject([{ type: 'text' }]);
    expect(made[0]!.id).not.toBe(UNUSED_FIELD);
    expect(listOperations(h.db, rb.plan)[0]).toMatchObject({ status: 'applied', result: { newFieldId: made[0]!.id } });
  });

  it('refuses to delete a predefined field', () => {
    expect(() => buildFieldsDelete(h.db, { field: PHONE_FIELD })).toThrow(/predefined/);
  });
});

describe('conflicts, dry run, faults and resume', () => {
  it('skips an entity changed in amoCRM since the snapshot and never overwrites it', async () => {
    const direct = h.direct();
    await direct.request({ method: 'PATCH', path: '/api/v4/leads', body: [{ id: 5001, name: 'Изменено менеджером' }] });
    const plan = planWith(buildFillLossReason(h.db, { reason: 'Дорого' }));
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result.skippedConflicts).toBe(1);
    const s = await serverEntity('leads', 5001);
    expect(s.name).toBe('Изменено менеджером');
    expect(s.loss_reason_id ?? null).toBeNull();
    expect(h.proxy.acceptedWrites('PATCH', '/api/v4/leads')).not.toContain(5001);
    const conflict = listOperations(h.db, plan, { status: 'conflict' });
    expect(conflict[0]).toMatchObject({ entityId: 5001, result: { reason: 'changed in amoCRM since the snapshot' } });
  });

  it('dry run counts requests and entities and sends nothing', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'Дорого' }));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    const r = dryRun(h.db, plan, { rps: 7 });
    expect(r).toMatchObject({ requests: 4, entities: 5 + 8, estimatedSeconds: 0.6 });
    expect(r.list.filter((x) => !x.read).map((x) => `${x.method} ${x.path} ${x.entities}`)).toEqual(['PATCH /api/v4/leads 5', 'PATCH /api/v4/contacts 8']);
    expect(h.proxy.log).toHaveLength(0);
  });

  it('an answer lost after amoCRM applied the batch is read back, not resent', async () => {
    const plan = planWith(buildFillLossReason(h.db, { reason: 'Дорого' }));
    let dropped = 0;
    h.proxy.decide = ({ method }) => (method === 'PATCH' && dropped++ === 0 ? 'drop' : undefined);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 5, failed: 0, skippedConflicts: 0 });
    expect(h.proxy.acceptedWrites('PATCH', '/api/v4/leads')).toHaveLength(5);
    expect(h.proxy.log.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('a request cut before amoCRM saw it is sent again, once', async () => {
    const plan = planWith(buildFillLossReason(h.db, { reason: 'Дорого' }));
    let cut = 0;
    h.proxy.decide = ({ method }) => (method === 'PATCH' && cut++ === 0 ? 'cut' : undefined);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 5, failed: 0 });
    expect(h.proxy.log.filter((r) => r.method === 'PATCH')).toHaveLength(2);
    expect(h.proxy.acceptedWrites('PATCH', '/api/v4/leads').sort()).toEqual([5001, 5004, 5007, 5010, 5013]);
  });

  it('survives 5xx faults: everything applied, nothing applied twice', async () => {
    h.fake.configure({ faults: { error5xx: 0.35, seed: 7 } });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'Дорого' }));
    addOperations(h.db, plan, buildNormalizePhones(h.db));
    addOperations(h.db, plan, buildTasksCreate(h.db, { text: 'Позвонить', dueDays: 1 }));
    const n = listOperations(h.db, plan).length;
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result.applied + result.failed).toBe(n);
    expect(result.applied).toBeGreaterThan(0);
    const leads = h.proxy.acceptedWrites('PATCH', '/api/v4/leads');
    const contacts = h.proxy.acceptedWrites('PATCH', '/api/v4/contacts');
    const tasks = h.proxy.acceptedWrites('POST', '/api/v4/tasks');
    for (const list of [leads, contacts, tasks]) expect(new Set(list).size).toBe(list.length);
    expect(leads.length + contacts.length + tasks.length).toBe(result.applied);
  });

  it('on 429s without a client limiter, retries after reading back and applies each once', async () => {
    h.fake.configure({ rps: 2 });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'Дорого' }));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result.applied).toBe(13);
    expect(result.rejected429).toBeGreaterThan(0);
    const all = [...h.proxy.acceptedWrites('PATCH', '/api/v4/leads'), ...h.proxy.acceptedWrites('PATCH', '/api/v4/contacts')];
    expect(all).toHaveLength(13);
  });

  it('stops at a ban (403 HTML), keeps the batch in flight, and resumes after the unban without double writes', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'Дорого' }));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    // the ban comes right before the second write: its 429 bans the account, and the read-back gets 403 HTML
    h.proxy.decide = ({ method, path }) => {
      if (method === 'GET' && path === '/api/v4/contacts') h.fake.configure({ banAfter: 1, rps: 0.001 });
      return undefined;
    };
    await expect(pushPlan(h.db, plan, { client: h.client })).rejects.toMatchObject({ code: 'AMO_BLOCKED' });
    expect(getPlan(h.db, plan).status).toBe('failed');
    expect((h.db.prepare("SELECT count(*) AS n FROM push_batches WHERE status = 'sent'").get() as { n: number }).n).toBe(1);
    h.proxy.decide = () => undefined;
    h.fake.unban();
    h.fake.configure({ banAfter: 0, rps: 0 });
    const fresh = testClient(h.proxy.url, h.fake.token);
    const result = await pushPlan(h.db, plan, { client: fresh });
    expect(result).toMatchObject({ applied: 13, failed: 0, skippedConflicts: 0 });
    const all = [...h.proxy.acceptedWrites('PATCH', '/api/v4/leads'), ...h.proxy.acceptedWrites('PATCH', '/api/v4/contacts')];
    expect(all).toHaveLength(13);
    expect(getPlan(h.db, plan).status).toBe('done');
  });

  it('re-running a finished push sends nothing', async () => {
    const plan = planWith(buildFillLossReason(h.db, { reason: 'Дорого' }));
    await pushPlan(h.db, plan, { client: h.client });
    const before = h.proxy.log.length;
    const again = await pushPlan(h.db, plan, { client: h.client });
    expect(again).toMatchObject({ applied: 5, requests: 0 });
    expect(h.proxy.log.length).toBe(before);
  });

  it('runs as a job with progress; cancel stops between requests and the same push resumes it', async () => {
    const events = new EventBus();
    const jobs = new JobManager(events);
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFillLossReason(h.db, { reason: 'Дорого' }));
    addOperations(h.db, plan, buildTagsDetach(h.db, { tag: 'old', entity: 'contacts' }));
    let id = '';
    h.proxy.decide = ({ method }) => {
      if (method === 'PATCH') jobs.cancel(id);
      return undefined;
    };
    id = jobs.start({ kind: 'push', titleKey: 'changes:job.push', run: async (control) => ({ ...(await pushPlan(h.db, plan, { client: h.client, control })) }) }).id;
    const state = await jobs.wait(id);
    expect(state.status).toBe('cancelled');
    expect(getPlan(h.db, plan).status).toBe('cancelled');
    h.proxy.decide = () => undefined;
    const job2 = jobs.start({ kind: 'push', titleKey: 'changes:job.push', run: async (control) => ({ ...(await pushPlan(h.db, plan, { client: h.client, control })) }) });
    const done = await jobs.wait(job2.id);
    expect(done.status).toBe('done');
    expect(done.result).toMatchObject({ applied: 13, failed: 0 });
    expect(done.steps.map((s) => [s.key, s.done, s.total])).toEqual([
      ['fill.loss_reason', 5, 5],
      ['tags.detach', 8, 8],
    ]);
    const all = [...h.proxy.acceptedWrites('PATCH', '/api/v4/leads'), ...h.proxy.acceptedWrites('PATCH', '/api/v4/contacts')];
    expect(all).toHaveLength(13);
  });

  it('a batch refused with a validation error is split, so one bad item does not fail the others', async () => {
    const plan = openPlanId(h.db);
    const ops = buildFillLossReason(h.db, { reason: 'Дорого' });
    (ops[2]!.params as { lossReasonId: number }).lossReasonId = 999; // no such reason in amoCRM
    addOperations(h.db, plan, ops);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 4, failed: 1 });
    const failed = listOperations(h.db, plan, { status: 'failed' });
    expect(failed.map((o) => o.entityId)).toEqual([ops[2]!.entityId]);
    expect(String((failed[0]!.result as { error: string }).error)).toMatch(/400/);
    expect(h.proxy.acceptedWrites('PATCH', '/api/v4/leads').sort()).toEqual(ops.filter((_, i) => i !== 2).map((o) => o.entityId).sort());
  });
});
