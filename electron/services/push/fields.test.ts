// runtime: node
import { describe, expect, it } from 'vitest';
import type { FixtureSet } from '../../../fake-amocrm/fixture-set';
import { addOperations, listOperations, openPlanId } from '../plan/store';
import { fieldValues } from '../plan/transforms';
import type { ApiObject } from './amo';
import { dryRun } from './dry-run';
import { pushPlan } from './engine';
import { rollbackPlanFor } from './rollback';
import { usePushHarness } from './testing/test-harness';
import { CITY_FIELD, PHONE_FIELD, smallAccount } from './testing/test-helpers';
import { buildFieldsDelete, buildFieldsToList, buildMerges, mergeTag } from './testing/builds';

const SOURCE_FIELD = 206;

/** smallAccount(40): 120 contacts; the even ones live in "Москва" (60), a few cities differ; a select field "Источник" on two contacts. */
function account(): FixtureSet {
  const f = smallAccount(40);
  f.collections.contacts_custom_fields.push({
    id: SOURCE_FIELD,
    name: 'Источник',
    code: null,
    type: 'select',
    sort: 6,
    is_deletable: true,
    enums: [
      { id: 11, value: 'Сайт', sort: 1 },
      { id: 12, value: 'Звонок', sort: 2 },
    ],
  });
  const contact = (id: number) => f.collections.contacts.find((c) => c.id === id)!;
  const setCity = (id: number, value: string) => {
    const c = contact(id);
    const cfv = ((c.custom_fields_values as ApiObject[] | null) ?? []).filter((x) => x.field_id !== CITY_FIELD);
    cfv.push({ field_id: CITY_FIELD, field_name: 'Город', field_code: null, field_type: 'text', values: [{ value }] });
    c.custom_fields_values = cfv;
  };
  setCity(1004, '  Москва ');
  setCity(1006, 'Казань');
  setCity(1008, 'СПб');
  setCity(1001, 'Санкт-Петербург');
  for (const [id, enumId, value] of [[1003, 11, 'Сайт'], [1005, 12, 'Звонок']] as const) {
    const c = contact(id);
    c.custom_fields_values = [...((c.custom_fields_values as ApiObject[] | null) ?? []), { field_id: SOURCE_FIELD, field_name: 'Источник', field_code: null, field_type: 'select', values: [{ value, enum_id: enumId }] }];
  }
  return f;
}

const h = usePushHarness(account);

const serverContact = (id: number): Promise<ApiObject> => h.get(`/api/v4/contacts/${id}`);
const serverFields = (): Promise<ApiObject[]> => h.list('/api/v4/contacts/custom_fields', 'custom_fields', { limit: 250 });
const fieldIds = (e: ApiObject): number[] => ((e.custom_fields_values as { field_id: number }[] | null) ?? []).map((f) => f.field_id).sort((a, b) => a - b);

describe('fields.to_list', () => {
  const expectedCity = (id: number): string | null => {
    if (id === 1006) return 'Казань';
    if (id === 1008 || id === 1001) return 'Санкт-Петербург';
    return id % 2 === 0 ? 'Москва' : null;
  };

  it('creates the list from the distinct trimmed values (with the mapping), copies each value by enum id in batches of ≤ 50, and rolls back', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFieldsToList(h.db, { field: CITY_FIELD, mapping: { СПб: 'Санкт-Петербург' } }));
    const ops = listOperations(h.db, plan);
    expect(ops[0]).toMatchObject({
      kind: 'fields.ensure',
      params: {
        definition: { name: 'Город (список)', type: 'select', enums: [{ value: 'Казань', sort: 10 }, { value: 'Москва', sort: 20 }, { value: 'Санкт-Петербург', sort: 30 }] },
        mapping: { Казань: 'Казань', Москва: 'Москва', 'Санкт-Петербург': 'Санкт-Петербург', СПб: 'Санкт-Петербург' },
      },
    });
    const targets = h.fixtures.collections.contacts.map((c) => Number(c.id)).filter((id) => expectedCity(id) !== null);
    expect(targets).toHaveLength(61);
    expect(ops.slice(1).map((o) => `${o.kind}:${o.entityId}`)).toEqual(targets.map((id) => `fields.to_list:${id}`));

    // dry run: the field (a read and a POST), one read of the 61 cards, two PATCHes (50 + 11)
    const dry = dryRun(h.db, plan);
    expect(dry).toMatchObject({ requests: 5, entities: 62, noop: 0 });
    expect(dry.list.filter((r) => !r.read).map((r) => `${r.method} ${r.path} ${r.entities}`)).toEqual([
      'POST /api/v4/contacts/custom_fields 1',
      'PATCH /api/v4/contacts 50',
      'PATCH /api/v4/contacts 11',
    ]);
    expect(h.proxy.log).toHaveLength(0);

    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 62, failed: 0, skippedConflicts: 0 });
    const field = (await serverFields()).find((f) => f.name === 'Город (список)')!;
    expect(field).toMatchObject({ type: 'select', is_deletable: true });
    const enums = new Map((field.enums as { id: number; value: string }[]).map((e) => [e.value, e.id]));
    expect([...enums.keys()]).toEqual(['Казань', 'Москва', 'Санкт-Петербург']);
    const patches = h.proxy.log.filter((r) => r.method === 'PATCH' && r.path === '/api/v4/contacts');
    expect(patches.map((r) => (r.body as unknown[]).length)).toEqual([50, 11]);
    expect(h.proxy.log.filter((r) => r.method === 'POST' && r.path === '/api/v4/contacts/custom_fields')).toHaveLength(1);
    for (const c of h.fixtures.collections.contacts) {
      const id = Number(c.id);
      const s = await serverContact(id);
      const want = expectedCity(id);
      expect(fieldValues(s, Number(field.id))).toEqual(want === null ? [] : [{ value: want, enum_id: enums.get(want) }]);
      expect(fieldValues(s, CITY_FIELD)).toEqual(fieldValues(c, CITY_FIELD)); // the text field is kept
    }

    const rb = rollbackPlanFor(h.db, plan);
    expect(rb.operations).toBe(62); // the values are cleared, then the list field is dropped (no card holds a value in it)
    expect(listOperations(h.db, rb.plan).at(-1)).toMatchObject({ kind: 'revert.drop_field', entityId: Number(field.id) });
    expect(dryRun(h.db, rb.plan).list.filter((r) => !r.read).map((r) => `${r.method} ${r.path} ${r.entities}`)).toEqual([
      'PATCH /api/v4/contacts 50',
      'PATCH /api/v4/contacts 11',
      `DELETE /api/v4/contacts/custom_fields/${String(field.id)} 1`,
    ]);
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ applied: 62, failed: 0, skippedConflicts: 0 });
    expect((await serverFields()).map((f) => f.name)).not.toContain('Город (список)');
    for (const c of h.fixtures.collections.contacts) {
      const s = await serverContact(Number(c.id));
      expect(fieldIds(s)).toEqual(fieldIds(c));
      for (const f of [PHONE_FIELD, CITY_FIELD, SOURCE_FIELD, Number(field.id)]) expect(fieldValues(s, f)).toEqual(fieldValues(c, f));
    }
  });

  it('an answer lost after the field was created is read back by name, so the field is created once', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFieldsToList(h.db, { field: CITY_FIELD, name: 'Город списком' }));
    let dropped = 0;
    h.proxy.decide = ({ method, path }) => (method === 'POST' && path.endsWith('/custom_fields') && dropped++ === 0 ? 'drop' : undefined);
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ failed: 0, skippedConflicts: 0 });
    expect(h.proxy.log.filter((r) => r.method === 'POST' && r.path === '/api/v4/contacts/custom_fields')).toHaveLength(1);
    const made = (await serverFields()).filter((f) => f.name === 'Город списком');
    expect(made).toHaveLength(1);
    expect(listOperations(h.db, plan)[0]).toMatchObject({ status: 'applied', result: { newFieldId: made[0]!.id, readBack: true } });
    // 1008 keeps its own value "СПб" (no mapping)
    const enums = new Map((made[0]!.enums as { id: number; value: string }[]).map((e) => [e.value, e.id]));
    expect(fieldValues(await serverContact(1008), Number(made[0]!.id))).toEqual([{ value: 'СПб', enum_id: enums.get('СПб') }]);

    // someone picks the list on another card meanwhile: the rollback clears our values and keeps the field
    await h.direct().request({ method: 'PATCH', path: '/api/v4/contacts', body: [{ id: 1003, custom_fields_values: [{ field_id: made[0]!.id, values: [{ enum_id: enums.get('Казань') }] }] }] });
    const rb = rollbackPlanFor(h.db, plan);
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ applied: 61, skipped: 1, failed: 0, skippedConflicts: 0 });
    expect(listOperations(h.db, rb.plan).at(-1)).toMatchObject({ kind: 'revert.drop_field', status: 'skipped', result: { reason: 'kept: contacts 1003 holds a value in it' } });
    expect((await serverFields()).filter((f) => f.name === 'Город списком')).toHaveLength(1);
    expect(fieldValues(await serverContact(1008), Number(made[0]!.id))).toEqual([]);
  });

  it('a card whose text changed in amoCRM since the snapshot is a conflict and is not written', async () => {
    await h.direct().request({ method: 'PATCH', path: '/api/v4/contacts', body: [{ id: 1006, custom_fields_values: [{ field_id: CITY_FIELD, values: [{ value: 'Тверь' }] }] }] });
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFieldsToList(h.db, { field: CITY_FIELD }));
    const result = await pushPlan(h.db, plan, { client: h.client });
    expect(result).toMatchObject({ applied: 61, skippedConflicts: 1, failed: 0 });
    expect(listOperations(h.db, plan, { status: 'conflict' })).toMatchObject([{ kind: 'fields.to_list', entityId: 1006, result: { reason: 'changed in amoCRM since the snapshot' } }]);
    const field = (await serverFields()).find((f) => f.name === 'Город (список)')!;
    const s = await serverContact(1006);
    expect(fieldValues(s, Number(field.id))).toEqual([]);
    expect(fieldValues(s, CITY_FIELD)).toEqual([{ value: 'Тверь' }]);
    expect(h.proxy.acceptedWrites('PATCH', '/api/v4/contacts')).not.toContain(1006);
  });

  it('validates against the snapshot', () => {
    expect(() => buildFieldsToList(h.db, { field: PHONE_FIELD })).toThrow(/only a text field/);
    expect(() => buildFieldsToList(h.db, { field: 999 })).toThrow(/No custom field 999/);
    expect(() => buildFieldsToList(h.db, { field: CITY_FIELD, name: 'источник' })).toThrow(/already have a field named/);
  });
});

describe('fields.delete rollback', () => {
  it('re-creates the fields (new ids) and writes the saved values back, enums matched by value', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildFieldsDelete(h.db, { field: SOURCE_FIELD }));
    addOperations(h.db, plan, buildFieldsDelete(h.db, { field: CITY_FIELD }));
    expect(await pushPlan(h.db, plan, { client: h.client })).toMatchObject({ applied: 2, failed: 0 });
    expect((await serverFields()).map((f) => f.id)).not.toContain(SOURCE_FIELD);
    expect(fieldIds(await serverContact(1003))).not.toContain(SOURCE_FIELD);

    const rb = rollbackPlanFor(h.db, plan);
    const ops = listOperations(h.db, rb.plan);
    expect(ops.filter((o) => o.kind === 'revert.field')).toHaveLength(2);
    expect(ops.filter((o) => o.kind === 'revert.values')).toHaveLength(2 + 61);
    const dry = dryRun(h.db, rb.plan);
    expect(dry.list.filter((r) => !r.read).map((r) => `${r.method} ${r.path} ${r.entities}`)).toEqual([
      'POST /api/v4/contacts/custom_fields 1',
      'POST /api/v4/contacts/custom_fields 1',
      'PATCH /api/v4/contacts 50',
      'PATCH /api/v4/contacts 11',
      'PATCH /api/v4/contacts 2',
    ]);
    const back = await pushPlan(h.db, rb.plan, { client: h.client });
    expect(back).toMatchObject({ applied: 2 + 63, failed: 0, skippedConflicts: 0 });

    const fields = await serverFields();
    const city = fields.find((f) => f.name === 'Город')!;
    const source = fields.find((f) => f.name === 'Источник')!;
    expect(city).toMatchObject({ type: 'text' });
    expect(source).toMatchObject({ type: 'select' });
    expect([Number(city.id), Number(source.id)].every((id) => id > SOURCE_FIELD)).toBe(true);
    const enums = new Map((source.enums as { id: number; value: string }[]).map((e) => [e.value, e.id]));
    expect([...enums.keys()]).toEqual(['Сайт', 'Звонок']);
    for (const c of h.fixtures.collections.contacts) {
      const s = await serverContact(Number(c.id));
      expect(fieldValues(s, Number(city.id))).toEqual(fieldValues(c, CITY_FIELD));
      expect(fieldValues(s, Number(source.id))).toEqual(fieldValues(c, SOURCE_FIELD).map((v) => ({ value: v.value, enum_id: enums.get(String(v.value)) })));
      expect(fieldValues(s, PHONE_FIELD)).toEqual(fieldValues(c, PHONE_FIELD));
    }
  });
});

describe('merge: the checkbox "Удалить"', () => {
  it('is created when the account lacks it (journaled step), ticked on the losers, unticked by the rollback (the field stays)', async () => {
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildMerges(h.db, [{ entity: 'contacts', survivor: 1001, losers: [1004, 1007] }]));
    const ops = listOperations(h.db, plan);
    expect(ops.filter((o) => o.kind === 'fields.ensure' || o.kind === 'merge.mark').map((o) => `${o.kind}:${o.entityId}`)).toEqual(['fields.ensure:0', 'merge.mark:1004', 'merge.mark:1007']);
    expect(await pushPlan(h.db, plan, { client: h.client })).toMatchObject({ failed: 0, skippedConflicts: 0, applied: ops.length });
    const del = (await serverFields()).filter((f) => f.name === 'Удалить');
    expect(del).toHaveLength(1);
    expect(del[0]).toMatchObject({ type: 'checkbox' });
    const id = Number(del[0]!.id);
    expect(listOperations(h.db, plan).find((o) => o.kind === 'merge.mark')!.params).toMatchObject({ deleteFieldId: id });
    for (const loser of [1004, 1007]) expect(fieldValues(await serverContact(loser), id)).toEqual([{ value: true }]);
    expect(fieldValues(await serverContact(1001), id)).toEqual([]);

    const back = await pushPlan(h.db, rollbackPlanFor(h.db, plan).plan, { client: h.client });
    expect(back).toMatchObject({ failed: 0, skippedConflicts: 0 });
    for (const loser of [1004, 1007]) {
      const s = await serverContact(loser);
      expect(fieldValues(s, id)).toEqual([]);
      expect(((s._embedded as { tags: { name: string }[] }).tags).map((t) => t.name)).not.toContain(mergeTag(1001));
    }
    expect((await serverFields()).filter((f) => f.name === 'Удалить')).toHaveLength(1);
  });

  it('uses a field "Удалить" made in amoCRM after the snapshot instead of creating a second one', async () => {
    const made = await h.direct().request<{ _embedded: { custom_fields: { id: number }[] } }>({ method: 'POST', path: '/api/v4/contacts/custom_fields', body: [{ name: 'удалить ', type: 'checkbox' }] });
    const id = made.data!._embedded.custom_fields[0]!.id;
    const plan = openPlanId(h.db);
    addOperations(h.db, plan, buildMerges(h.db, [{ entity: 'contacts', survivor: 1002, losers: [1005] }]));
    expect(await pushPlan(h.db, plan, { client: h.client })).toMatchObject({ failed: 0, skippedConflicts: 0 });
    expect(h.proxy.log.filter((r) => r.method === 'POST' && r.path.endsWith('/custom_fields'))).toHaveLength(0);
    expect(listOperations(h.db, plan).find((o) => o.kind === 'fields.ensure')).toMatchObject({ status: 'skipped', result: { fieldId: id } });
    expect(fieldValues(await serverContact(1005), id)).toEqual([{ value: true }]);
  });
});
