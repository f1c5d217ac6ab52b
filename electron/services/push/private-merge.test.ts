// runtime: node
import { describe, expect, it } from 'vitest';
import { addOperations, listOperations, openPlanId } from '../plan/store';
import { fieldValues } from '../plan/transforms';
import type { ApiObject } from './amo';
import { describeDryRun, dryRun } from './dry-run';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { PHONE_FIELD, smallAccount } from './testing/test-helpers';
import { buildUndocumentedMerges } from './testing/builds';

const SURVIVOR = 1001;
const LOSERS = [1004, 1007];

const h = usePushHarness(() => smallAccount(3), { privateEndpoints: true, mergeDelayMs: 5 });

const get = h.getOrNull;
async function leadsOf(id: number): Promise<number[]> {
  const c = await get(`/api/v4/contacts/${id}`, { with: 'leads' });
  return (((c?._embedded as { leads?: { id: number }[] } | undefined)?.leads ?? []).map((l) => l.id)).sort((a, b) => a - b);
}

describe('merge.undocumented (opt-in private merge)', () => {
  it('merges a contact group through /ajax/merge/contacts/info/ and /save (form-encoded), waits for it, journals it, and refuses a rollback', async () => {
    const expectedLeads = [...new Set((await Promise.all([SURVIVOR, ...LOSERS].map(leadsOf))).flat())].sort((a, b) => a - b);
    expect(expectedLeads.length).toBeGreaterThan(0);
    const snapshotPhones = [SURVIVOR, ...LOSERS].flatMap((id) => fieldValues(h.fixtures.collections.contacts.find((c) => c.id === id)!, PHONE_FIELD));
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildUndocumentedMerges(h.db, [{ entity: 'contacts', survivor: SURVIVOR, losers: LOSERS }]));
    expect(listOperations(h.db, plan).map((o) => `${o.kind}:${o.entityId}`)).toEqual([`merge.undocumented:${SURVIVOR}`]);

    // dry run: labelled, the private routes listed, nothing sent
    const dry = dryRun(h.db, plan);
    expect(dry.warnings).toEqual([expect.stringMatching(/^1 UNDOCUMENTED and IRREVERSIBLE/)]);
    expect(describeDryRun(dry, 1)).toMatch(/WARNING: 1 UNDOCUMENTED and IRREVERSIBLE.*no rollback/);
    expect(dry.list.map((r) => `${r.method} ${r.path.split('?')[0]!}`)).toEqual([
      'GET /api/v4/contacts',
      'POST /ajax/merge/contacts/info/',
      'POST /ajax/merge/contacts/save',
      'GET /api/v4/contacts',
      'GET /api/v4/contacts',
    ]);
    expect(dry.list[2]!.body).toMatchObject({ 'id[]': ['1001', '1004', '1007'], 'result_element[ID]': '1001' });
    expect(h.proxy.log).toHaveLength(0);

    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 1, failed: 0, skippedConflicts: 0 });
    const posts = h.proxy.log.filter((r) => r.method === 'POST');
    expect(posts.map((r) => r.path)).toEqual(['/ajax/merge/contacts/info/', '/ajax/merge/contacts/save']);
    const save = new URLSearchParams(posts[1]!.body as string);
    expect(save.getAll('id[]')).toEqual(['1001', '1004', '1007']);
    expect(save.get('result_element[ID]')).toBe('1001');
    expect(save.getAll('result_element[LEADS][]').map(Number)).toEqual(expectedLeads);
    // the public API wrote nothing
    expect(h.proxy.log.filter((r) => r.method !== 'GET' && r.path.startsWith('/api/'))).toHaveLength(0);

    // the server's state: the losers are gone (trashed), the survivor holds every deal and phone
    for (const id of LOSERS) {
      expect(await get('/api/v4/contacts', { 'filter[id]': String(id) })).toBeNull();
      const trashed = await get('/api/v4/contacts', { 'filter[id]': String(id), with: 'only_deleted' });
      expect((trashed?._embedded as { contacts: ApiObject[] }).contacts[0]).toMatchObject({ id, is_deleted: true });
    }
    expect(await leadsOf(SURVIVOR)).toEqual(expectedLeads);
    const survivor = (await get(`/api/v4/contacts/${SURVIVOR}`))!;
    const digits = (v: unknown) => String(v).replace(/\D/g, '');
    expect(new Set(fieldValues(survivor, PHONE_FIELD).map((v) => digits(v.value)))).toEqual(new Set(snapshotPhones.map((v) => digits(v.value))));

    // the journal: applied, marked irreversible, before-images and amoCRM's merge info kept
    const op = listOperations(h.db, plan)[0]!;
    expect(op).toMatchObject({ status: 'applied', result: { merged: LOSERS, undocumented: true, irreversible: true, httpStatus: 202 } });
    const image = JSON.parse((h.db.prepare('SELECT image FROM before_images WHERE op_id = ?').get(op.id) as { image: string }).image) as { cards: ApiObject[]; info: unknown };
    expect(image.cards.map((c) => c.id)).toEqual([SURVIVOR, ...LOSERS]);
    expect(image.info).toMatchObject({ response: { elements: expect.any(Array) } });

    expect(() => rollbackPlanFor(h.db, plan)).toThrow(/IRREVERSIBLE and cannot be rolled back/);
    expect((h.db.prepare("SELECT count(*) AS n FROM plans WHERE kind = 'rollback'").get() as { n: number }).n).toBe(0);
  });

  it('reports a merge not carried out within the wait as failed, and never sends it again', async () => {
    h.fake.configure({ mergeDelayMs: 600_000 });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildUndocumentedMerges(h.db, [{ entity: 'contacts', survivor: SURVIVOR, losers: LOSERS }]));
    const result = await pushPlan(h.db, plan, { client: h.client, mergeWaitMs: 0 });
    expect(result).toMatchObject({ applied: 0, failed: 1 });
    expect(listOperations(h.db, plan)[0]).toMatchObject({ status: 'failed', result: { error: expect.stringMatching(/accepted \(HTTP 202\).*still in amoCRM.*not sent again/) } });
    await pushPlan(h.db, plan, { client: h.client, mergeWaitMs: 0 });
    expect(h.proxy.log.filter((r) => r.path === '/ajax/merge/contacts/save')).toHaveLength(1);
  });

  it('skips a group changed in amoCRM since the snapshot as a conflict, without calling the private routes', async () => {
    await h.direct().request({ method: 'PATCH', path: '/api/v4/contacts', body: [{ id: 1004, name: 'Изменён' }] });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildUndocumentedMerges(h.db, [{ entity: 'contacts', survivor: SURVIVOR, losers: LOSERS }]));
    expect(await pushPlan(h.db, plan, { client: h.client })).toMatchObject({ applied: 0, skippedConflicts: 1 });
    expect(h.proxy.log.filter((r) => r.path.startsWith('/ajax/'))).toHaveLength(0);
  });

  it('refuses companies with a clear message rather than guess an endpoint', () => {
    expect(() => buildUndocumentedMerges(h.db, [{ entity: 'companies', survivor: 1, losers: [2] }])).toThrow(/contacts only.*\/ajax\/merge\/companies\/ is UNCONFIRMED/);
  });
});
