// runtime: node
import { describe, expect, it } from 'vitest';
import { call } from './test-client';
import { useFakeServer } from './test-server';

const fake = useFakeServer();
const { api, self } = fake;
const events = async (q = '') => {
  const r = await api(`/api/v4/events?limit=100${q}`);
  return r.status === 204 ? [] : (r.body._embedded.events as { type: string; entity_id: number; entity_type: string; value_after: unknown; value_before: unknown }[]);
};

describe('batch create and update', () => {
  it('creates contacts from an array, echoes request_id, records contact_added', async () => {
    const r = await api('/api/v4/contacts', {
      body: [
        { first_name: 'Анна', last_name: 'Кузнецова', request_id: 'a', custom_fields_values: [{ field_code: 'PHONE', values: [{ value: '+79001112233', enum_code: 'MOB' }] }] },
        { name: 'Борис', tags_to_add: [{ name: 'новый тег' }] },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body._embedded.contacts).toEqual([
      { id: 13, request_id: 'a', _links: self('/api/v4/contacts/13') },
      { id: 14, request_id: '1', _links: self('/api/v4/contacts/14') },
    ]);
    const anna = await api('/api/v4/contacts/13');
    expect(anna.body).toMatchObject({ name: 'Анна Кузнецова', first_name: 'Анна', last_name: 'Кузнецова', responsible_user_id: 1, created_by: 1 });
    expect(anna.body.custom_fields_values).toEqual([
      { field_id: 501, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: [{ value: '+79001112233', enum_id: 603, enum_code: 'MOB' }] },
    ]);
    const boris = await api('/api/v4/contacts/14');
    const tag = boris.body._embedded.tags[0];
    expect(tag.name).toBe('новый тег');
    const tags = await api('/api/v4/contacts/tags?filter[name]=новый тег');
    expect(tags.body._embedded.tags).toEqual([{ id: tag.id, name: 'новый тег', color: null }]);
    // lead tags are separate: the name does not exist there
    expect((await api('/api/v4/leads/tags?filter[name]=новый тег')).status).toBe(204);
    expect((await events('&filter[type]=contact_added')).map((e) => e.entity_id)).toEqual([14, 13]);
  });

  it('updates a batch (PATCH array) and one item (PATCH object); updated_at always advances', async () => {
    const before = (await api('/api/v4/contacts/2')).body.updated_at as number;
    const r = await api('/api/v4/contacts', { method: 'PATCH', body: [{ id: 2, name: 'Новое имя', request_id: 'x' }] });
    expect(r.status).toBe(200);
    expect(r.body._embedded.contacts[0]).toMatchObject({ id: 2, request_id: 'x' });
    const afterBatch = r.body._embedded.contacts[0].updated_at as number;
    expect(afterBatch).toBeGreaterThan(before);
    const one = await api('/api/v4/contacts/2', { method: 'PATCH', body: { name: 'Ещё новее' } });
    expect(one.status).toBe(200);
    expect(Object.keys(one.body).sort()).toEqual(['_links', 'id', 'updated_at']);
    expect(one.body.updated_at).toBeGreaterThan(afterBatch);
    expect((await api('/api/v4/contacts/2')).body).toMatchObject({ name: 'Ещё новее', updated_by: 1 });
    const names = await events('&filter[type]=name_field_changed');
    expect(names).toHaveLength(2);
  });

  it('refuses an array on an item route with 405 and an object on a collection with 400', async () => {
    expect((await api('/api/v4/contacts/2', { method: 'PATCH', body: [{ name: 'x' }] })).status).toBe(405);
    expect((await api('/api/v4/contacts', { method: 'PATCH', body: { id: 2, name: 'x' } })).status).toBe(400);
  });

  it('answers 400 validation-errors: FieldNotExpected, InvalidType, NotSupportedChoice; nothing is applied', async () => {
    const r = await api('/api/v4/contacts', {
      method: 'PATCH',
      body: [
        { id: 1, name: 'ok' },
        { id: 2, request_id: 'bad', colour: 'red', responsible_user_id: '1' },
        { id: 3, custom_fields_values: [{ field_id: 999, values: [{ value: 'x' }] }, { field_id: 504, values: [{ enum_id: 1 }] }] },
        { id: 4, custom_fields_values: [{ field_id: 501, values: [{ value: '1', enum: 'WORK' }] }], _embedded: { tags: [{ name: 'a', request_id: '1' }] } },
      ],
    });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.body).toEqual({
      'validation-errors': [
        {
          request_id: 'bad',
          errors: [
            { code: 'FieldNotExpected', path: 'colour', detail: 'This field was not expected.' },
            { code: 'InvalidType', path: 'responsible_user_id', detail: 'This value should be of type int.' },
          ],
        },
        {
          request_id: '2',
          errors: [
            { code: 'NotSupportedChoice', path: 'custom_fields_values.0.field_id', detail: 'The value you selected is not a valid choice.' },
            { code: 'NotSupportedChoice', path: 'custom_fields_values.1.values.0.enum_id', detail: 'The value you selected is not a valid choice.' },
          ],
        },
        {
          request_id: '3',
          errors: [
            { code: 'FieldNotExpected', path: 'custom_fields_values.0.values.0.enum', detail: 'This field was not expected.' },
            { code: 'FieldNotExpected', path: '_embedded.tags.0.request_id', detail: 'This field was not expected.' },
          ],
        },
      ],
      title: 'Bad Request',
      type: 'https://httpstatus.es/400',
      status: 400,
      detail: 'Request validation failed',
    });
    expect((await api('/api/v4/contacts/1')).body.name).toBe('Иван Петрович Сидоров');
  });

  it('replaces multitext values: a PATCH with one phone drops the others', async () => {
    await api('/api/v4/contacts/1', {
      method: 'PATCH',
      body: { custom_fields_values: [{ field_id: 501, values: [{ value: '+7 999 000-00-01', enum_code: 'WORK' }, { value: '+7 999 000-00-02', enum_code: 'MOB' }] }] },
    });
    await api('/api/v4/contacts/1', { method: 'PATCH', body: { custom_fields_values: [{ field_id: 501, values: [{ value: '+7 999 000-00-03' }] }] } });
    const c = await api('/api/v4/contacts/1');
    const phone = c.body.custom_fields_values.find((f: { field_id: number }) => f.field_id === 501);
    expect(phone.values).toEqual([{ value: '+7 999 000-00-03', enum_id: 601, enum_code: 'WORK' }]);
    // the e-mail field was not sent and is untouched
    expect(c.body.custom_fields_values.find((f: { field_id: number }) => f.field_id === 502).values[0].value).toBe('Ivan@Example.ru');
    // values null clears the field
    await api('/api/v4/contacts/1', { method: 'PATCH', body: { custom_fields_values: [{ field_id: 502, values: null }] } });
    const c2 = await api('/api/v4/contacts/1');
    expect(c2.body.custom_fields_values.map((f: { field_id: number }) => f.field_id)).toEqual([501]);
    const changed = await events('&filter[type]=custom_field_501_value_changed');
    expect(changed).toHaveLength(2);
    expect(changed[0]!.value_after).toEqual([{ custom_field_value: { field_id: 501, field_type: 'multitext', enum_id: 601, text: '+7 999 000-00-03' } }]);
    expect(await events('&filter[type]=custom_field_value_changed')).toHaveLength(3);
  });

  it('select by enum_id or value; date by timestamp or RFC3339', async () => {
    await api('/api/v4/contacts/3', {
      method: 'PATCH',
      body: { custom_fields_values: [{ field_id: 504, values: [{ value: 'Звонок' }] }, { field_id: 505, values: [{ value: '1990-05-01T00:00:00+00:00' }] }] },
    });
    const c = await api('/api/v4/contacts/3');
    const byId = Object.fromEntries(c.body.custom_fields_values.map((f: { field_id: number; values: unknown }) => [f.field_id, f.values]));
    expect(byId[504]).toEqual([{ value: 'Звонок', enum_id: 622, enum_code: null }]);
    expect(byId[505]).toEqual([{ value: 641520000 }]);
  });
});

describe('tags', () => {
  it('_embedded.tags replaces the list and wins over tags_to_add / tags_to_delete; null clears', async () => {
    await api('/api/v4/contacts/1', { method: 'PATCH', body: { _embedded: { tags: [{ id: 22 }, { name: 'свежий' }] }, tags_to_add: [{ name: 'игнор' }] } });
    const c = await api('/api/v4/contacts/1');
    expect(c.body._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['розница', 'свежий']);
    expect((await api('/api/v4/contacts/tags?filter[name]=игнор')).status).toBe(204);
    const added = await events('&filter[type]=entity_tag_added');
    const deleted = await events('&filter[type]=entity_tag_deleted');
    expect(added.map((e) => e.value_after)).toEqual(expect.arrayContaining([[{ tag: { id: 22, name: 'розница' } }]]));
    expect(deleted.map((e) => e.value_before)).toEqual([[{ tag: { id: 21, name: 'опт' } }]]);
    await api('/api/v4/contacts/1', { method: 'PATCH', body: { _embedded: { tags: null } } });
    expect((await api('/api/v4/contacts/1')).body._embedded.tags).toEqual([]);
  });

  it('tags_to_add and tags_to_delete change only the named tags', async () => {
    await api('/api/v4/contacts', { method: 'PATCH', body: [{ id: 1, tags_to_add: [{ id: 22 }], tags_to_delete: [{ name: 'опт' }] }] });
    expect((await api('/api/v4/contacts/1')).body._embedded.tags).toEqual([{ id: 22, name: 'розница', color: null }]);
    const bad = await api('/api/v4/contacts/1', { method: 'PATCH', body: { tags_to_add: [{ id: 999 }] } });
    expect(bad.body['validation-errors'][0].errors).toEqual([{ code: 'NotSupportedChoice', path: 'tags_to_add.0.id', detail: 'The value you selected is not a valid choice.' }]);
  });

  it('POST /tags creates tags with _total_items and request_id; color only for leads', async () => {
    const r = await api('/api/v4/leads/tags', { body: [{ name: 'горячий', color: 'FF8F92', request_id: 'h' }, { name: 'vip' }] });
    expect(r.status).toBe(200);
    expect(r.body._total_items).toBe(2);
    expect(r.body._embedded.tags[0]).toMatchObject({ name: 'горячий', color: 'FF8F92', request_id: 'h' });
    expect(r.body._embedded.tags[1]).toEqual({ id: 11, name: 'vip', color: 'FFCE5A', request_id: '1' });
    const bad = await api('/api/v4/contacts/tags', { body: [{ name: 'x', color: 'FF8F92' }] });
    expect(bad.status).toBe(400);
    expect(bad.body['validation-errors'][0].errors[0].code).toBe('FieldNotExpected');
  });
});

describe('lead statuses and loss reasons', () => {
  it('moving to 143 sets closed_at and keeps the loss reason; lead_status_changed is recorded', async () => {
    const r = await api('/api/v4/leads/1', { method: 'PATCH', body: { status_id: 143, pipeline_id: 100, loss_reason_id: 2 } });
    expect(r.status).toBe(200);
    const lead = (await api('/api/v4/leads/1')).body;
    expect(lead).toMatchObject({ status_id: 143, pipeline_id: 100, loss_reason_id: 2 });
    expect(lead.closed_at).toBeGreaterThan(0);
    const ev = await events('&filter[type]=lead_status_changed&filter[entity]=lead&filter[entity_id]=1');
    expect(ev).toHaveLength(1);
    expect(ev[0]!.value_before).toEqual([{ lead_status: { id: 1002, pipeline_id: 100 } }]);
    expect(ev[0]!.value_after).toEqual([{ lead_status: { id: 143, pipeline_id: 100 } }]);
  });

  it('drops loss_reason_id unless the status is 143; reopening clears closed_at', async () => {
    await api('/api/v4/leads/1', { method: 'PATCH', body: { status_id: 142, loss_reason_id: 1 } });
    const won = (await api('/api/v4/leads/1')).body;
    expect(won.loss_reason_id).toBeNull();
    expect(won.closed_at).toBeGreaterThan(0);
    await api('/api/v4/leads/2', { method: 'PATCH', body: { status_id: 1003 } });
    const reopened = (await api('/api/v4/leads/2')).body;
    expect(reopened).toMatchObject({ status_id: 1003, loss_reason_id: null, closed_at: null });
  });

  it('rejects a status that is not in the pipeline and an unknown loss reason', async () => {
    const r = await api('/api/v4/leads/1', { method: 'PATCH', body: { status_id: 2002, pipeline_id: 100, loss_reason_id: 77 } });
    expect(r.status).toBe(400);
    expect(r.body['validation-errors'][0].errors.map((e: { path: string }) => e.path)).toEqual(['status_id', 'loss_reason_id']);
  });

  it('creates a lead in the first stage of the main pipeline with embedded contacts and company', async () => {
    const r = await api('/api/v4/leads', { body: [{ name: 'Новая', price: 500, _embedded: { contacts: [{ id: 4 }], companies: [{ id: 2 }] } }] });
    const id = r.body._embedded.leads[0].id as number;
    const lead = (await api(`/api/v4/leads/${id}?with=contacts`)).body;
    expect(lead).toMatchObject({ name: 'Новая', price: 500, pipeline_id: 100, status_id: 1002 });
    expect(lead._embedded.contacts).toEqual([{ id: 4, is_main: true, _links: self('/api/v4/contacts/4') }]);
    expect(lead._embedded.companies.map((c: { id: number }) => c.id)).toEqual([2]);
    expect((await api('/api/v4/contacts/4?with=leads')).body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([id]);
  });

  it('loss reasons: POST, PATCH, DELETE', async () => {
    const created = await api('/api/v4/leads/loss_reasons', { body: [{ name: 'Конкурент', sort: 3, request_id: 'k' }] });
    expect(created.status).toBe(200);
    expect(created.body._embedded.loss_reasons[0]).toMatchObject({ id: 3, name: 'Конкурент', sort: 3, request_id: 'k' });
    const patched = await api('/api/v4/leads/loss_reasons/3', { method: 'PATCH', body: { name: 'Ушёл к конкуренту' } });
    expect(patched.body).toMatchObject({ id: 3, name: 'Ушёл к конкуренту', sort: 3 });
    const del = await api('/api/v4/leads/loss_reasons/3', { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await api('/api/v4/leads/loss_reasons/3')).status).toBe(404);
  });
});

describe('links', () => {
  it('links a contact to a lead (200 _embedded.links) and unlinks it (204); both sides and events update', async () => {
    const r = await api('/api/v4/leads/3/link', { body: [{ to_entity_id: 5, to_entity_type: 'contacts', metadata: { is_main: true } }] });
    expect(r.status).toBe(200);
    expect(r.body._embedded.links).toEqual([{ entity_id: 3, entity_type: 'leads', to_entity_id: 5, to_entity_type: 'contacts', metadata: { main_contact: true } }]);
    expect((await api('/api/v4/contacts/5?with=leads')).body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([3]);
    const lead = (await api('/api/v4/leads/3?with=contacts')).body;
    expect(lead._embedded.contacts.map((c: { id: number; is_main: boolean }) => [c.id, c.is_main])).toEqual([
      [3, false],
      [5, true],
    ]);
    const linked = await events('&filter[type]=entity_linked');
    expect(linked.map((e) => [e.entity_type, e.entity_id])).toEqual(
      expect.arrayContaining([
        ['lead', 3],
        ['contact', 5],
      ]),
    );
    const un = await api('/api/v4/contacts/5/unlink', { body: [{ to_entity_id: 3, to_entity_type: 'leads' }] });
    expect(un.status).toBe(204);
    expect(un.text).toBe('');
    expect((await api('/api/v4/contacts/5?with=leads')).body._embedded.leads).toEqual([]);
    expect(await events('&filter[type]=entity_unlinked')).toHaveLength(2);
  });

  it('mass link with entity_id; a lead keeps at most one company', async () => {
    const r = await api('/api/v4/leads/link', {
      body: [
        { entity_id: 1, to_entity_id: 2, to_entity_type: 'companies' },
        { entity_id: 2, to_entity_id: 6, to_entity_type: 'contacts' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body._embedded.links).toHaveLength(2);
    expect((await api('/api/v4/leads/1')).body._embedded.companies.map((c: { id: number }) => c.id)).toEqual([2]);
    expect((await api('/api/v4/companies/1?with=leads')).body._embedded.leads).toEqual([]);
    const un = await api('/api/v4/leads/unlink', { body: [{ entity_id: 2, to_entity_id: 6, to_entity_type: 'contacts' }] });
    expect(un.status).toBe(204);
    const bad = await api('/api/v4/leads/link', { body: [{ to_entity_id: 6, to_entity_type: 'contacts' }] });
    expect(bad.status).toBe(400);
    expect(bad.body['validation-errors'][0].errors[0].path).toBe('entity_id');
    const badType = await api('/api/v4/leads/1/link', { body: [{ to_entity_id: 1, to_entity_type: 'leads' }] });
    expect(badType.body['validation-errors'][0].errors[0]).toMatchObject({ code: 'NotSupportedChoice', path: 'to_entity_type' });
  });

  it('linking bumps updated_at of both entities', async () => {
    const before = (await api('/api/v4/contacts/7')).body.updated_at as number;
    await api('/api/v4/contacts/7/link', { body: [{ to_entity_id: 2, to_entity_type: 'companies' }] });
    const after = (await api('/api/v4/contacts/7')).body;
    expect(after.updated_at).toBeGreaterThan(before);
    expect(after._embedded.companies.map((c: { id: number }) => c.id)).toEqual([2]);
  });
});

describe('tasks and notes writes', () => {
  it('creates, updates and completes tasks', async () => {
    const created = await api('/api/v4/tasks', { body: [{ text: 'Перезвонить', complete_till: 1_800_000_000, entity_id: 2, entity_type: 'contacts', task_type_id: 3, request_id: 't' }] });
    expect(created.status).toBe(200);
    const id = created.body._embedded.tasks[0].id as number;
    expect(created.body._embedded.tasks[0].request_id).toBe('t');
    const done = await api(`/api/v4/tasks/${id}`, { method: 'PATCH', body: { is_completed: true, result: { text: 'Готово' } } });
    expect(done.status).toBe(200);
    expect((await api(`/api/v4/tasks/${id}`)).body).toMatchObject({ is_completed: true, result: { text: 'Готово' }, entity_id: 2, entity_type: 'contacts' });
    const bad = await api('/api/v4/tasks', { body: [{ text: 'x', complete_till: 1, task_type_id: 99 }] });
    expect(bad.body['validation-errors'][0].errors[0]).toMatchObject({ code: 'NotSupportedChoice', path: 'task_type_id' });
    expect((await api(`/api/v4/tasks/${id}`, { method: 'DELETE' })).status).toBe(403);
  });

  it('creates notes on the collection and on an entity', async () => {
    const a = await api('/api/v4/contacts/notes', { body: [{ entity_id: 3, note_type: 'common', params: { text: 'Привет' } }] });
    expect(a.status).toBe(200);
    expect(a.body._embedded.notes[0]).toMatchObject({ entity_id: 3, request_id: '0' });
    const b = await api('/api/v4/contacts/3/notes', { body: [{ note_type: 'common', params: { text: 'Ещё' } }] });
    expect(b.body._embedded.notes[0].entity_id).toBe(3);
    const list = await api('/api/v4/contacts/3/notes');
    expect(list.body._embedded.notes.map((n: { params: { text: string } }) => n.params.text)).toEqual(['Привет', 'Ещё']);
    const bad = await api('/api/v4/contacts/notes', { body: [{ entity_id: 999, note_type: 'wrong' }] });
    expect(bad.body['validation-errors'][0].errors.map((e: { path: string }) => e.path)).toEqual(['entity_id', 'note_type']);
  });
});

describe('reset and state', () => {
  it('POST /__fake/reset restores the initial data; /__fake/state shows raw objects', async () => {
    await api('/api/v4/contacts/1', { method: 'PATCH', body: { name: 'Изменён' } });
    const state = await call(fake.server.url, '/__fake/state?collection=contacts&id=1');
    expect(state.body.name).toBe('Изменён');
    expect(state.body._embedded.companies).toEqual([{ id: 1 }]);
    const reset = await call(fake.server.url, '/__fake/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((await api('/api/v4/contacts/1')).body.name).toBe('Иван Петрович Сидоров');
    expect((await call(fake.server.url, '/__fake/state?collection=contacts&id=999')).status).toBe(404);
    expect((await call(fake.server.url, '/__fake/state?collection=leads_loss_reasons&id=1')).body.name).toBe('Дорого');
  });
});
