// runtime: node
/**
 * Custom field values on writes (issue 12 item 4). Sources:
 * - the keys each type's value takes: the official library's value models, toApi
 *   [PHP:src/AmoCRM/Models/CustomFieldsValues/ValueModels/*] (enum_code only on multitext, select, smart_address);
 * - a key a field does not take answers 400 FieldNotExpected at its path, as a pasted real answer shows
 *   for `custom_fields_values.5.values.0.enum_code` [ISS Krukov/amocrm_api#68];
 * - object values: LegalEntity/File/LinkedEntity value models send `{value: {…}}`, ChainedList sends
 *   `{catalog_id, catalog_element_id}` [PHP:…/ValueModels/LinkedEntityCustomFieldValueModel.php,
 *   ChainedListCustomFieldValueModel.php].
 */
import { describe, expect, it } from 'vitest';
import { useFakeServer } from './test-server';

const fake = useFakeServer();
const { api } = fake;

async function fields(entity: string, defs: object[]): Promise<{ id: number; enums: { id: number; value: string }[] | null }[]> {
  const r = await api(`/api/v4/${entity}/custom_fields`, { body: defs });
  expect(r.status).toBe(201);
  return r.body._embedded.custom_fields as { id: number; enums: { id: number; value: string }[] | null }[];
}
const patchLead = (cfv: object[]) => api('/api/v4/leads', { method: 'PATCH', body: [{ id: 1, custom_fields_values: cfv }] });
const errorsOf = (r: { body: { 'validation-errors'?: { errors: unknown[] }[] } }) => r.body['validation-errors']?.[0]?.errors ?? [];

describe('enum_code where a field takes none: FieldNotExpected ([ISS Krukov/amocrm_api#68]; [PHP:…/ValueModels/CheckboxCustomFieldValueModel.php] sends value only)', () => {
  it('a checkbox value with enum_code is refused at that path and nothing changes', async () => {
    const [flag] = await fields('leads', [{ name: 'Флаг', type: 'checkbox' }]);
    const r = await patchLead([{ field_id: flag!.id, values: [{ value: true, enum_code: 'yes' }] }]);
    expect(r.status).toBe(400);
    expect(errorsOf(r)).toEqual([expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.enum_code' })]);
    const lead = (await api('/api/v4/leads/1')).body as { custom_fields_values: { field_id: number }[] | null };
    expect((lead.custom_fields_values ?? []).some((f) => f.field_id === flag!.id)).toBe(false);
    expect((await patchLead([{ field_id: flag!.id, values: [{ value: true }] }])).status).toBe(200);
  });

  it('radiobutton and multiselect take enum_id, not enum_code ([PHP:…/BaseEnumCustomFieldValueModel.php] toApi: value, enum_id)', async () => {
    const [radio] = await fields('leads', [{ name: 'Канал', type: 'radiobutton', enums: [{ value: 'Сайт' }, { value: 'Звонок' }] }]);
    const r = await patchLead([{ field_id: radio!.id, values: [{ value: 'Сайт', enum_code: 'site' }] }]);
    expect(errorsOf(r)).toEqual([expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.enum_code' })]);
    expect((await patchLead([{ field_id: radio!.id, values: [{ enum_id: radio!.enums![1]!.id }] }])).status).toBe(200);
  });
});

describe('a GET payload sent back with "enum_code": null ([ISS Krukov/amocrm_api#68] vs the official library since 2022-06: a switch)', () => {
  it('is FieldNotExpected by default (the pasted real answer)', async () => {
    const [sel] = await fields('leads', [{ name: 'Источник', type: 'select', enums: [{ value: 'Сайт' }] }]);
    const got = await patchLead([{ field_id: sel!.id, values: [{ value: 'Сайт', enum_id: sel!.enums![0]!.id, enum_code: null }] }]);
    expect(got.status).toBe(400);
    expect(errorsOf(got)).toEqual([expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.enum_code' })]);
  });

  it('is taken as absent with enumCodeNull: "ignore" (BaseEnumCodeCustomFieldValueModel::toApi sends a null code for a select)', async () => {
    fake.server.configure({ enumCodeNull: 'ignore' });
    try {
      const [sel] = await fields('leads', [{ name: 'Источник 2', type: 'select', enums: [{ value: 'Сайт' }] }]);
      const got = await patchLead([{ field_id: sel!.id, values: [{ value: 'Сайт', enum_id: sel!.enums![0]!.id, enum_code: null }] }]);
      expect(got.status).toBe(200);
      // a field without codes still refuses a null code (it takes no enum_code at all)
      const [text] = await fields('leads', [{ name: 'Заметка', type: 'text' }]);
      expect(errorsOf(await patchLead([{ field_id: text!.id, values: [{ value: 'x', enum_code: null }] }]))).toEqual([
        expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.enum_code' }),
      ]);
    } finally {
      fake.server.configure({ enumCodeNull: 'refuse' });
    }
  });
});

describe('object values of linked_entity and chained_list (the official library value models)', () => {
  it('linked_entity takes {value: {name, entity_id, entity_type, catalog_id}}; chained_list takes {catalog_id, catalog_element_id}', async () => {
    const [chained] = await fields('leads', [{ name: 'Цепочка', type: 'chained_list' }]);
    // which entities may create a linked_entity field is not documented: the field is put in the store directly
    const linked = { id: 990001, name: 'Связанный', type: 'linked_entity', code: null, sort: 900, is_api_only: false, enums: null, group_id: null, entity_type: 'leads' };
    fake.server.store.customFields.leads.insert(linked);
    const linkedValue = { name: 'Товар', entity_id: 5, entity_type: 'catalog_elements', catalog_id: 7 };
    const r = await patchLead([
      { field_id: linked.id, values: [{ value: linkedValue }] },
      { field_id: chained!.id, values: [{ catalog_id: 7, catalog_element_id: 5 }] },
    ]);
    expect(r.status).toBe(200);
    const lead = (await api('/api/v4/leads/1')).body as { custom_fields_values: { field_id: number; values: unknown[] }[] };
    expect(lead.custom_fields_values.find((f) => f.field_id === linked.id)?.values).toEqual([{ value: linkedValue }]);
    expect(lead.custom_fields_values.find((f) => f.field_id === chained!.id)?.values).toEqual([{ catalog_id: 7, catalog_element_id: 5 }]);
    // a chained_list value given as `value` is not what the model sends
    const bad = await patchLead([{ field_id: chained!.id, values: [{ value: 'x' }] }]);
    expect(errorsOf(bad)).toEqual([expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.value' })]);
    const badLinked = await patchLead([{ field_id: linked.id, values: [{ value: { name: 'x', colour: 'red' } }] }]);
    expect(errorsOf(badLinked)).toEqual([expect.objectContaining({ code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.value.colour' })]);
  });
});
