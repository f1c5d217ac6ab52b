// runtime: node
import { describe, expect, it } from 'vitest';
import type { FixtureSet } from '../../../fake-amocrm/fixture-set';
import { addOperations, listOperations, openPlanId } from '../plan/store';
import { fieldValues } from '../plan/transforms';
import type { ApiObject } from './amo';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { EMAIL_FIELD, PHONE_FIELD, smallAccount, snapshotOf, tempFile } from './testing/test-helpers';
import { buildMerges, mergeTag } from './testing/builds';

const DELETE_FIELD = 205;
const SURVIVOR = 1001;
const LOSERS = [1004, 1007];

function account(): FixtureSet {
  const f = smallAccount(3);
  f.collections.contacts_custom_fields.push({ id: DELETE_FIELD, name: 'Удалить', code: null, type: 'checkbox', sort: 9, is_deletable: true });
  f.collections.companies = [
    { id: 7001, name: 'ООО Ромашка', responsible_user_id: 1, created_by: 1, created_at: 1_700_000_000, updated_at: 1_700_000_000, is_deleted: false, custom_fields_values: null, account_id: 1, _embedded: { tags: [] } },
  ];
  const c1004 = f.collections.contacts.find((c) => c.id === 1004)!;
  (c1004._embedded as { companies: unknown[] }).companies = [{ id: 7001 }];
  f.collections.tasks.push({ id: 9901, entity_id: 1004, entity_type: 'contacts', responsible_user_id: 1, created_by: 1, task_type_id: 1, text: 'Перезвонить дублю', is_completed: false, complete_till: 1_700_100_000, created_at: 1_700_000_000, updated_at: 1_700_000_000, result: null, account_id: 1 });
  f.collections.contacts_notes = [
    { id: 8801, entity_id: 1007, note_type: 'common', params: { text: 'Клиент просил счёт' }, created_by: 1, responsible_user_id: 1, created_at: 1_700_000_500, updated_at: 1_700_000_500, account_id: 1 },
  ];
  return f;
}

const h = usePushHarness(account);

const get = h.get;
const ids = (e: ApiObject, key: string): number[] => (((e._embedded as Record<string, { id: number }[] | undefined>)[key] ?? []).map((x) => x.id)).sort();
const tagNames = (e: ApiObject): string[] => ((e._embedded as { tags?: { name: string }[] }).tags ?? []).map((t) => t.name).sort();

describe('merge.contacts through the public API', () => {
  it('moves deals, tasks, company and notes to the survivor, unions phones and e-mails, marks the losers; rollback restores', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildMerges(h.db, [{ entity: 'contacts', survivor: SURVIVOR, losers: LOSERS, choices: { name: 'Иван Петров' } }]));
    const ops = listOperations(h.db, plan);
    expect(ops.map((o) => o.kind)).toEqual([
      'merge.survivor', 'merge.link', 'merge.link', 'merge.link', 'merge.unlink', 'merge.unlink', 'merge.task', 'merge.note', 'merge.mark', 'merge.mark',
    ]);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(listOperations(h.db, plan).filter((o) => o.status !== 'applied')).toEqual([]);
    expect(result).toMatchObject({ failed: 0, skippedConflicts: 0 });
    expect(result.applied).toBe(ops.length);

    const s = await get(`/api/v4/contacts/${SURVIVOR}`);
    expect(s.name).toBe('Иван Петров');
    const phones = fieldValues(s, PHONE_FIELD).map((v) => v.value);
    const expectedPhones = [SURVIVOR, ...LOSERS].flatMap((id) => fieldValues(h.fixtures.collections.contacts.find((c) => c.id === id)!, PHONE_FIELD).map((v) => v.value));
    expect(new Set(phones)).toEqual(new Set(expectedPhones));
    expect(phones).toHaveLength(4); // three mobiles, and the office number +7 495 123-45-67 that all three hold, once
    expect(fieldValues(s, EMAIL_FIELD)).toEqual([]);
    expect(ids(s, 'companies')).toEqual([7001]);
    for (const lead of [5004, 5007]) expect(ids(await get(`/api/v4/leads/${lead}`, { with: 'contacts' }), 'contacts')).toEqual([SURVIVOR]);
    expect((await get('/api/v4/tasks/9901')).entity_id).toBe(SURVIVOR);
    const notes = await get('/api/v4/contacts/notes', { 'filter[entity_id][]': String(SURVIVOR) });
    const texts = ((notes._embedded as { notes: { params: { text?: string } }[] }).notes).map((n) => n.params.text ?? '');
    expect(texts.some((t) => t.includes('Клиент просил счёт') && t.includes('#1007'))).toBe(true);
    for (const loser of LOSERS) {
      const l = await get(`/api/v4/contacts/${loser}`);
      expect(tagNames(l)).toContain(mergeTag(SURVIVOR));
      expect(fieldValues(l, DELETE_FIELD).map((v) => v.value)).toEqual([true]);
    }

    const rb = rollbackPlanFor(h.db, plan);
    expect(rb.operations).toBe(ops.length - 1); // the summary note cannot be deleted through the API
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ failed: 0, skippedConflicts: 0, applied: ops.length - 1 });
    const s2 = await get(`/api/v4/contacts/${SURVIVOR}`);
    const orig = h.fixtures.collections.contacts.find((c) => c.id === SURVIVOR)!;
    expect(s2.name).toBe(orig.name);
    expect(fieldValues(s2, PHONE_FIELD)).toEqual(fieldValues(orig, PHONE_FIELD));
    expect(ids(s2, 'companies')).toEqual([]);
    expect(ids(await get('/api/v4/leads/5004', { with: 'contacts' }), 'contacts')).toEqual([1004]);
    expect(ids(await get('/api/v4/leads/5007', { with: 'contacts' }), 'contacts')).toEqual([1007]);
    expect((await get('/api/v4/tasks/9901')).entity_id).toBe(1004);
    for (const loser of LOSERS) {
      const l = await get(`/api/v4/contacts/${loser}`);
      expect(tagNames(l)).not.toContain(mergeTag(SURVIVOR));
      expect(fieldValues(l, DELETE_FIELD)).toEqual([]);
    }
  });

  it('a survivor changed in amoCRM since the snapshot stops the whole group', async () => {
    await h.direct().request({ method: 'PATCH', path: '/api/v4/contacts', body: [{ id: SURVIVOR, name: 'Изменён' }] });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildMerges(h.db, [{ entity: 'contacts', survivor: SURVIVOR, losers: LOSERS }]));
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result.skippedConflicts).toBe(1);
    expect(result.applied).toBe(0);
    expect(h.proxy.log.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(ids(await get('/api/v4/leads/5004', { with: 'contacts' }), 'contacts')).toEqual([1004]);
  });

  it('merge.companies moves the deals and contacts of the losing company (unlink first: one company per deal)', async () => {
    const direct = h.direct();
    await direct.request({ method: 'POST', path: '/api/v4/companies', body: [{ name: 'Ромашка (дубль)' }] });
    const created = (await get('/api/v4/companies', { 'filter[name]': 'Ромашка (дубль)' }))._embedded as { companies: { id: number; updated_at: number }[] };
    const dup = created.companies[0]!;
    await direct.request({ method: 'POST', path: '/api/v4/leads/5002/link', body: [{ to_entity_id: dup.id, to_entity_type: 'companies' }] });
    await direct.request({ method: 'POST', path: '/api/v4/contacts/1002/link', body: [{ to_entity_id: dup.id, to_entity_type: 'companies' }] });
    // a fresh snapshot that knows the duplicate company and its links
    const f = account();
    f.collections.companies.push({ ...(await get(`/api/v4/companies/${dup.id}`)) });
    const lead = f.collections.leads.find((l) => l.id === 5002)!;
    lead.updated_at = (await get('/api/v4/leads/5002')).updated_at;
    (lead._embedded as { companies: unknown[] }).companies = [{ id: dup.id }];
    const contact = f.collections.contacts.find((c) => c.id === 1002)!;
    contact.updated_at = (await get('/api/v4/contacts/1002')).updated_at;
    (contact._embedded as { companies: unknown[] }).companies = [{ id: dup.id }];
    const t = tempFile();
    const snap = snapshotOf(f, t.file);
    try {
      const plan = openPlanId(snap);
      addOperations(snap, plan, buildMerges(snap, [{ entity: 'companies', survivor: 7001, losers: [dup.id] }]));
      expect(listOperations(snap, plan).map((o) => `${o.kind}:${o.entityType}`)).toEqual([
        'merge.survivor:companies', 'merge.unlink:leads', 'merge.unlink:contacts', 'merge.link:leads', 'merge.link:contacts', 'fields.ensure:companies', 'merge.mark:companies',
      ]);
      const r = await pushPlan(snap, plan, { client: h.client });
      expect(r).toMatchObject({ failed: 0, skippedConflicts: 0 });
      expect(ids(await get('/api/v4/leads/5002'), 'companies')).toEqual([7001]);
      expect(ids(await get('/api/v4/contacts/1002'), 'companies')).toEqual([7001]);
      expect(tagNames(await get(`/api/v4/companies/${dup.id}`))).toContain(mergeTag(7001));
      const back = await pushPlan(snap, rollbackPlanFor(snap, plan).plan, { client: h.client });
      expect(back).toMatchObject({ failed: 0, skippedConflicts: 0 });
      expect(ids(await get('/api/v4/leads/5002'), 'companies')).toEqual([dup.id]);
      expect(ids(await get('/api/v4/contacts/1002'), 'companies')).toEqual([dup.id]);
      expect(tagNames(await get(`/api/v4/companies/${dup.id}`))).not.toContain(mergeTag(7001));
    } finally {
      snap.close();
      t.cleanup();
    }
  });
});
