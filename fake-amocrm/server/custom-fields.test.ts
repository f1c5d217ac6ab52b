// runtime: node
import { describe, expect, it } from 'vitest';
import { call } from './test-client';
import { useFakeServer } from './test-server';

const fake = useFakeServer();
const { api, self } = fake;

describe('POST /api/v4/{entity}/custom_fields', () => {
  it('creates fields from an array: ids above every field id of the account, enum ids, request_id echoed', async () => {
    const r = await api('/api/v4/contacts/custom_fields', {
      body: [
        { name: 'Удалить', type: 'checkbox', request_id: 'del' },
        { name: ' Город (список) ', type: 'select', enums: [{ value: 'Москва', sort: 1 }, { value: 'Казань' }] },
      ],
    });
    // [DOC-KOMMO api_v4/errors]: "201 Created … for creating a custom field", with tracking_callback, triggers, chained_lists
    expect(r.status).toBe(201);
    const common = { account_id: 1001, code: null, is_api_only: false, group_id: null, required_statuses: [], is_deletable: true, is_predefined: false, entity_type: 'contacts', remind: null, currency: null, hidden_statuses: [], tracking_callback: null, triggers: [], chained_lists: null };
    expect(r.body).toEqual({
      _total_items: 2,
      _links: self('/api/v4/contacts/custom_fields'),
      _embedded: {
        custom_fields: [
          { ...common, id: 802, name: 'Удалить', type: 'checkbox', sort: 1302, enums: null, request_id: 'del', _links: self('/api/v4/contacts/custom_fields/802') },
          {
            ...common,
            id: 803,
            name: 'Город (список)',
            type: 'select',
            sort: 1303,
            enums: [
              { id: 903, value: 'Москва', sort: 1 },
              { id: 904, value: 'Казань', sort: 20 },
            ],
            request_id: '1',
            _links: self('/api/v4/contacts/custom_fields/803'),
          },
        ],
      },
    });
    // listed and readable like any field
    const one = await api('/api/v4/contacts/custom_fields/803');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 803, name: 'Город (список)', type: 'select' });
    expect(one.body.request_id).toBeUndefined();
    const list = await api('/api/v4/contacts/custom_fields?limit=250');
    expect(list.body._total_items).toBe(7);
    // a lead field gets an id that no contact field has
    const lead = await api('/api/v4/leads/custom_fields', { body: [{ name: 'Удалить', type: 'checkbox' }] });
    expect(lead.body._embedded.custom_fields[0].id).toBe(804);
  });

  it('makes the new fields writable on entities at once (checkbox by bool, select by enum_id or value)', async () => {
    const r = await api('/api/v4/contacts/custom_fields', { body: [{ name: 'Удалить', type: 'checkbox' }, { name: 'Статус', type: 'select', enums: [{ value: 'A' }, { value: 'B' }] }] });
    const [del, sel] = r.body._embedded.custom_fields as { id: number; enums: { id: number }[] | null }[];
    const patch = await api('/api/v4/contacts', {
      method: 'PATCH',
      body: [
        { id: 1, custom_fields_values: [{ field_id: del!.id, values: [{ value: true }] }, { field_id: sel!.id, values: [{ enum_id: sel!.enums![1]!.id }] }] },
        { id: 2, custom_fields_values: [{ field_id: sel!.id, values: [{ value: 'A' }] }] },
      ],
    });
    expect(patch.status).toBe(200);
    const c1 = await api('/api/v4/contacts/1');
    expect(c1.body.custom_fields_values.filter((f: { field_id: number }) => f.field_id === del!.id || f.field_id === sel!.id)).toEqual([
      { field_id: del!.id, field_name: 'Удалить', field_code: null, field_type: 'checkbox', values: [{ value: true }] },
      { field_id: sel!.id, field_name: 'Статус', field_code: null, field_type: 'select', values: [{ value: 'B', enum_id: sel!.enums![1]!.id, enum_code: null }] },
    ]);
    const bad = await api('/api/v4/contacts', { method: 'PATCH', body: [{ id: 3, custom_fields_values: [{ field_id: sel!.id, values: [{ value: 'C' }] }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body['validation-errors']).toEqual([{ request_id: '0', errors: [{ code: 'NotSupportedChoice', path: 'custom_fields_values.0.values.0.value', detail: 'The value you selected is not a valid choice.' }] }]);
  });

  it('validates every item into one 400 and creates nothing', async () => {
    const r = await api('/api/v4/contacts/custom_fields', {
      body: [
        { name: 'ok', type: 'text' },
        { type: 'text', request_id: 'noname' },
        { name: 'x', type: 'price' },
        { name: 'y', type: 'select' },
        { name: 'z', type: 'text', enums: [{ value: 'a' }], colour: 'red' },
        { name: 'w', type: 'multiselect', enums: [{ value: '' }, { value: 1 }] },
        { name: 'v' },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ title: 'Bad Request', status: 400, detail: 'Request validation failed' });
    const blank = 'This value should not be blank.';
    expect(r.body['validation-errors']).toEqual([
      { request_id: 'noname', errors: [{ code: 'NotBlank', path: 'name', detail: blank }] },
      { request_id: '2', errors: [{ code: 'NotSupportedChoice', path: 'type', detail: 'The value you selected is not a valid choice.' }] },
      { request_id: '3', errors: [{ code: 'NotBlank', path: 'enums', detail: blank }] },
      {
        request_id: '4',
        errors: [
          { code: 'FieldNotExpected', path: 'colour', detail: 'This field was not expected.' },
          { code: 'FieldNotExpected', path: 'enums', detail: 'This field was not expected.' },
        ],
      },
      {
        request_id: '5',
        errors: [
          { code: 'NotBlank', path: 'enums.0.value', detail: blank },
          { code: 'InvalidType', path: 'enums.1.value', detail: 'This value should be of type string.' },
        ],
      },
      { request_id: '6', errors: [{ code: 'NotBlank', path: 'type', detail: blank }] },
    ]);
    expect((await api('/api/v4/contacts/custom_fields?limit=250')).body._total_items).toBe(5);
    expect((await api('/api/v4/leads/custom_fields', { body: [{ name: 'm', type: 'multitext' }] })).status).toBe(400);
  });

  it('takes only an array, and only from an admin', async () => {
    expect((await api('/api/v4/contacts/custom_fields', { body: { name: 'x', type: 'text' } })).status).toBe(400);
    expect((await api('/api/v4/contacts/custom_fields', { body: [] })).status).toBe(400);
    const denied = await call(fake.server.url, '/api/v4/contacts/custom_fields', { token: fake.server.issueToken(2), body: [{ name: 'x', type: 'text' }] });
    expect(denied.status).toBe(403);
    expect((await api('/api/v4/contacts/custom_fields', { method: 'PUT', body: [] })).status).toBe(405);
  });

  it('a created field can be deleted (is_deletable) and its id is never reused', async () => {
    const made = await api('/api/v4/companies/custom_fields', { body: [{ name: 'Временное', type: 'text' }] });
    const id = made.body._embedded.custom_fields[0].id as number;
    expect((await api(`/api/v4/companies/custom_fields/${id}`, { method: 'DELETE' })).status).toBe(204);
    const again = await api('/api/v4/companies/custom_fields', { body: [{ name: 'Временное', type: 'text' }] });
    expect(again.body._embedded.custom_fields[0].id).toBe(id + 1);
  });
});

describe('PATCH /api/v4/{entity}/custom_fields', () => {
  it('updates a batch (array with ids) and one field (object); enums replace the list, kept ids stay', async () => {
    const r = await api('/api/v4/contacts/custom_fields', {
      method: 'PATCH',
      body: [{ id: 504, name: 'Источник заявки', enums: [{ id: 622, value: 'Звонок', sort: 1 }, { value: 'Выставка', sort: 2 }], request_id: 'src' }, { id: 503, sort: 10 }],
    });
    expect(r.status).toBe(200);
    expect(r.body._total_items).toBe(2);
    expect(r.body._embedded.custom_fields[0]).toMatchObject({
      id: 504,
      name: 'Источник заявки',
      request_id: 'src',
      enums: [
        { id: 622, value: 'Звонок', sort: 1 },
        { id: 903, value: 'Выставка', sort: 2 },
      ],
    });
    expect((await api('/api/v4/contacts/custom_fields/503')).body.sort).toBe(10);
    const one = await api('/api/v4/contacts/custom_fields/503', { method: 'PATCH', body: { name: 'Город проживания' } });
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: 503, name: 'Город проживания', type: 'text', _links: self('/api/v4/contacts/custom_fields/503') });
  });

  it('refuses a type change, an unknown id or enum id, a predefined field rename; arrays on the item route are 405', async () => {
    const r = await api('/api/v4/contacts/custom_fields', {
      method: 'PATCH',
      body: [{ id: 503, type: 'numeric' }, { id: 9999, name: 'x' }, { id: 504, enums: [{ id: 1, value: 'x' }] }, { id: 501, name: 'Мобильный' }, { name: 'no id' }],
    });
    expect(r.status).toBe(400);
    expect(r.body['validation-errors'].map((x: { request_id: string; errors: { code: string; path: string }[] }) => [x.request_id, x.errors.map((e) => `${e.code}:${e.path}`)])).toEqual([
      ['0', ['NotSupportedChoice:type']],
      ['1', ['NotFound:id']],
      ['2', ['NotSupportedChoice:enums.0.id']],
      ['3', ['NotSupportedChoice:name']],
      ['4', ['NotBlank:id']],
    ]);
    expect((await api('/api/v4/contacts/custom_fields/503', { method: 'PATCH', body: [{ name: 'x' }] })).status).toBe(405);
    expect((await api('/api/v4/contacts/custom_fields/9999', { method: 'PATCH', body: { name: 'x' } })).status).toBe(404);
  });
});
