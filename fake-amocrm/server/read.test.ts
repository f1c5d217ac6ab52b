// runtime: node
import { beforeEach, describe, expect, it } from 'vitest';
import { startFakeAmo } from '../index';
import { sampleFixtures, T0 } from './sample-fixtures';
import { call } from './test-client';
import { useFakeServer } from './test-server';

const fake = useFakeServer({ fixtures: sampleFixtures({ contacts: 12 }) });
const { api, self } = fake;

beforeEach(() => {
  fake.server.configure({ missingEntity: 404, limitOverflow: 'cap' });
});

describe('auth', () => {
  it('answers 401 problem+json without a token and with a bad one', async () => {
    for (const token of [null, 'nope']) {
      const r = await call(fake.server.url, '/api/v4/contacts', { token });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.body).toEqual({ title: 'Unauthorized', type: 'https://httpstatus.es/401', status: 401, detail: 'Invalid user name or password' });
    }
  });

  it('accepts the long-lived token and reports the token user as current_user_id', async () => {
    const r = await api('/api/v4/account');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/hal+json');
    expect(r.body).toMatchObject({ id: 1001, subdomain: 'testacc', current_user_id: 1, currency: 'RUB' });
    expect(r.body._embedded).toBeUndefined();
    const maria = fake.server.issueToken(2);
    expect((await call(fake.server.url, '/api/v4/account', { token: maria })).body.current_user_id).toBe(2);
  });

  it('X-Context-User-ID lets an admin token act as another user, and is ignored for a non-admin token', async () => {
    expect((await api('/api/v4/account', { headers: { 'X-Context-User-ID': '2' } })).body.current_user_id).toBe(2);
    expect((await api('/api/v4/users', { headers: { 'X-Context-User-ID': '2' } })).status).toBe(403);
    const petr = fake.server.issueToken(3);
    expect((await call(fake.server.url, '/api/v4/account', { token: petr, headers: { 'X-Context-User-ID': '1' } })).body.current_user_id).toBe(3);
  });

  it('serves unknown routes as 404 problem+json', async () => {
    const r = await api('/api/v4/nothing');
    expect(r.status).toBe(404);
    expect(r.body.status).toBe(404);
  });
});

describe('account, users, roles', () => {
  it('adds task_types and users_groups with with=', async () => {
    const r = await api('/api/v4/account?with=task_types,users_groups,version');
    expect(r.body._embedded.task_types.map((t: { id: number }) => t.id)).toEqual([1, 2, 3]);
    expect(r.body._embedded.users_groups).toEqual([
      { id: 0, name: 'Отдел продаж' },
      { id: 10, name: 'Розничный отдел' },
    ]);
    expect(typeof r.body.version).toBe('number');
  });

  it('lists users with _total_items, role and group for an admin; 403 for a non-admin', async () => {
    const r = await api('/api/v4/users?with=role,group');
    expect(r.status).toBe(200);
    expect(r.body._total_items).toBe(3);
    const maria = r.body._embedded.users.find((u: { id: number }) => u.id === 2);
    expect(maria._embedded).toEqual({
      roles: [{ id: 5, name: 'Менеджер', _links: self('/api/v4/roles/5') }],
      groups: [{ id: 10, name: 'Розничный отдел' }],
    });
    expect(maria.rights.is_admin).toBe(false);
    const denied = await call(fake.server.url, '/api/v4/users', { token: fake.server.issueToken(2) });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lists roles with users', async () => {
    const r = await api('/api/v4/roles?with=users');
    expect(r.body._total_items).toBe(1);
    expect(r.body._embedded.roles[0]).toMatchObject({ id: 5, name: 'Менеджер', _embedded: { users: [{ id: 2 }] } });
    expect((await api('/api/v4/roles/5')).body.id).toBe(5);
    expect((await api('/api/v4/roles/99')).status).toBe(404);
  });
});

describe('pipelines, custom fields, tags, loss reasons', () => {
  it('serves pipelines with statuses: unsorted type 1 and 142/143 in every pipeline', async () => {
    const r = await api('/api/v4/leads/pipelines');
    expect(r.status).toBe(200);
    expect(r.body._total_items).toBe(2);
    for (const p of r.body._embedded.pipelines) {
      const statuses = p._embedded.statuses as { id: number; type: number; pipeline_id: number }[];
      expect(statuses.filter((s) => s.type === 1)).toHaveLength(1);
      expect(statuses.map((s) => s.id)).toEqual(expect.arrayContaining([142, 143]));
      expect(statuses.every((s) => s.pipeline_id === p.id)).toBe(true);
    }
    expect((await api('/api/v4/leads/pipelines/200')).body.name).toBe('Розничный отдел');
    const st = await api('/api/v4/leads/pipelines/200/statuses');
    expect(st.body._total_items).toBe(4);
    expect((await api('/api/v4/leads/pipelines/200/statuses/142')).body).toMatchObject({ id: 142, pipeline_id: 200 });
    const missing = await api('/api/v4/leads/pipelines/0/statuses');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Pipeline not found');
  });

  it('adds 142 and 143 to a fixture pipeline that lacks them', async () => {
    const fixtures = sampleFixtures();
    const first = fixtures.collections.leads_pipelines[0]!;
    const statuses = (first._embedded as { statuses: { id: number }[] }).statuses.filter((st) => st.id !== 142 && st.id !== 143);
    fixtures.collections.leads_pipelines[0] = { ...first, _embedded: { statuses } };
    const s = await startFakeAmo({ fixtures, rps: 0 });
    try {
      const r = await call(s.url, '/api/v4/leads/pipelines/100', { token: s.token });
      expect(r.body._embedded.statuses.map((st: { id: number }) => st.id)).toEqual([1001, 1002, 1003, 142, 143]);
    } finally {
      await s.close();
    }
  });

  it('serves custom fields with _total_items, by id, groups, and 404 for a missing one', async () => {
    const r = await api('/api/v4/contacts/custom_fields');
    expect(r.body._total_items).toBe(5);
    expect(r.body._embedded.custom_fields.map((f: { id: number }) => f.id)).toEqual([501, 502, 503, 504, 505]);
    const typed = await api('/api/v4/contacts/custom_fields?filter[type][]=multitext');
    expect(typed.body._embedded.custom_fields.map((f: { id: number }) => f.id)).toEqual([501, 502]);
    expect((await api('/api/v4/contacts/custom_fields/503')).body.name).toBe('Город');
    const missing = await api('/api/v4/contacts/custom_fields/999');
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ title: 'Not Found', type: 'https://httpstatus.es/404', status: 404, detail: 'Custom field not found' });
    const groups = await api('/api/v4/contacts/custom_fields/groups');
    expect(groups.body._embedded.custom_field_groups[0].id).toBe('contacts_default');
    expect((await api('/api/v4/leads/custom_fields/groups')).status).toBe(204);
  });

  it('deletes only deletable custom fields; values of a deleted field disappear', async () => {
    await api('/api/v4/contacts/1', { method: 'PATCH', body: { custom_fields_values: [{ field_id: 503, values: [{ value: 'Москва' }] }] } });
    const no = await api('/api/v4/contacts/custom_fields/501', { method: 'DELETE' });
    expect(no.status).toBe(400);
    const yes = await api('/api/v4/contacts/custom_fields/503', { method: 'DELETE' });
    expect(yes.status).toBe(204);
    expect(yes.text).toBe('');
    expect((await api('/api/v4/contacts/custom_fields/503')).status).toBe(404);
    const contact = await api('/api/v4/contacts/1');
    expect(contact.body.custom_fields_values.map((f: { field_id: number }) => f.field_id)).not.toContain(503);
  });

  it('lists tags per entity type, filters by name, and 204 when none', async () => {
    const r = await api('/api/v4/contacts/tags');
    expect(r.body._embedded.tags).toEqual([
      { id: 21, name: 'опт', color: null },
      { id: 22, name: 'розница', color: null },
    ]);
    expect((await api('/api/v4/contacts/tags?filter[name]=розница')).body._embedded.tags).toEqual([{ id: 22, name: 'розница', color: null }]);
    expect((await api('/api/v4/companies/tags')).status).toBe(204);
  });

  it('serves loss reasons with _total_items and 404 for a missing one', async () => {
    const r = await api('/api/v4/leads/loss_reasons');
    expect(r.body._total_items).toBe(2);
    expect(r.body._embedded.loss_reasons[0]).toMatchObject({ id: 1, name: 'Дорого', sort: 1 });
    const missing = await api('/api/v4/leads/loss_reasons/9');
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('Loss reason not found');
  });
});

describe('entity lists and paging', () => {
  it('pages contacts with the HAL envelope: _page, self/next/prev/first, no totals', async () => {
    const p1 = await api('/api/v4/contacts?limit=5');
    expect(p1.status).toBe(200);
    expect(p1.body._page).toBe(1);
    expect(p1.body._total_items).toBeUndefined();
    expect(p1.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([1, 2, 3, 4, 5]);
    expect(p1.body._links.self.href).toBe(`${fake.server.url}/api/v4/contacts?limit=5&page=1`);
    expect(p1.body._links.next.href).toBe(`${fake.server.url}/api/v4/contacts?limit=5&page=2`);
    expect(p1.body._links.prev).toBeUndefined();
    const p3 = await call(fake.server.url, new URL(p1.body._links.next.href).pathname + '?limit=5&page=3', { token: fake.server.token });
    expect(p3.body._page).toBe(3);
    expect(p3.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([11, 12]);
    expect(p3.body._links.next).toBeUndefined();
    expect(p3.body._links.prev.href).toBe(`${fake.server.url}/api/v4/contacts?limit=5&page=2`);
    expect(p3.body._links.first.href).toBe(`${fake.server.url}/api/v4/contacts?limit=5&page=1`);
    const p4 = await api('/api/v4/contacts?limit=5&page=4');
    expect(p4.status).toBe(204);
    expect(p4.text).toBe('');
  });

  it('omits next when the page ends exactly at the last row', async () => {
    const r = await api('/api/v4/contacts?limit=6&page=2');
    expect(r.body._embedded.contacts).toHaveLength(6);
    expect(r.body._links.next).toBeUndefined();
  });

  it('defaults to limit 50 and caps limit above 250 (switchable)', async () => {
    const big = await startFakeAmo({ fixtures: sampleFixtures({ contacts: 300 }), rps: 0 });
    try {
      const b = (path: string) => call(big.url, path, { token: big.token });
      expect((await b('/api/v4/contacts')).body._embedded.contacts).toHaveLength(50);
      const capped = await b('/api/v4/contacts?limit=500');
      expect(capped.body._embedded.contacts).toHaveLength(250);
      expect(capped.body._links.self.href).toContain('limit=250');
      big.configure({ limitOverflow: 'fallback50' });
      expect((await b('/api/v4/contacts?limit=500')).body._embedded.contacts).toHaveLength(50);
      big.configure({ limitOverflow: 'error' });
      const err = await b('/api/v4/contacts?limit=500');
      expect(err.status).toBe(400);
      expect(err.body['validation-errors'][0].errors[0].path).toBe('limit');
    } finally {
      await big.close();
    }
  });

  it('shapes a contact: tags and companies always, leads only with with=leads, null custom fields when empty', async () => {
    const r = await api('/api/v4/contacts/1');
    expect(r.body).toMatchObject({ id: 1, name: 'Иван Петрович Сидоров', responsible_user_id: 1, account_id: 1001 });
    expect(r.body._links.self.href).toBe(`${fake.server.url}/api/v4/contacts/1`);
    expect(r.body._embedded).toEqual({
      tags: [{ id: 21, name: 'опт', color: null }],
      companies: [{ id: 1, _links: self('/api/v4/companies/1') }],
    });
    const withLeads = await api('/api/v4/contacts/1?with=leads');
    expect(withLeads.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([1, 2]);
    const company = await api('/api/v4/companies/2');
    expect(company.body.custom_fields_values).toBeNull();
    const cwith = await api('/api/v4/companies/1?with=leads,contacts');
    expect(cwith.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([1]);
    expect(cwith.body._embedded.contacts.map((l: { id: number }) => l.id)).toEqual([1, 2]);
  });

  it('shapes a lead: contacts with is_main and loss_reason only with with=, source_id only with with=source_id', async () => {
    const plain = await api('/api/v4/leads/2');
    expect(plain.body._embedded.contacts).toBeUndefined();
    expect(plain.body._embedded.companies).toEqual([]);
    expect('source_id' in plain.body).toBe(false);
    const r = await api('/api/v4/leads/2?with=contacts,loss_reason,source_id');
    expect(r.body._embedded.contacts).toEqual([{ id: 1, is_main: true, _links: self('/api/v4/contacts/1') }]);
    expect(r.body._embedded.loss_reason).toEqual([
      { id: 1, name: 'Дорого', sort: 1, created_at: T0, updated_at: T0, _links: self('/api/v4/leads/loss_reasons/1') },
    ]);
    expect(r.body.source_id).toBeNull();
    const l1 = await api('/api/v4/leads/1?with=contacts');
    expect(l1.body._embedded.contacts.map((c: { id: number; is_main: boolean }) => [c.id, c.is_main])).toEqual([
      [1, true],
      [2, false],
    ]);
  });

  it('answers a missing entity with 404 by default and 204 when switched', async () => {
    const r = await api('/api/v4/contacts/9999');
    expect(r.status).toBe(404);
    expect(r.body.status).toBe(404);
    fake.server.configure({ missingEntity: 204 });
    const r2 = await api('/api/v4/contacts/9999');
    expect(r2.status).toBe(204);
    expect(r2.text).toBe('');
  });

  it('filters by id (array and scalar), updated_at and created_at ranges', async () => {
    expect((await api('/api/v4/contacts?filter[id][]=3&filter[id][]=1')).body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([1, 3]);
    expect((await api('/api/v4/contacts?filter[id]=4')).body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([4]);
    // updated_at = T0 + (12 - id) * 100
    const upd = await api(`/api/v4/contacts?filter[updated_at][from]=${T0 + 900}&filter[updated_at][to]=${T0 + 1100}`);
    expect(upd.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([1, 2, 3]);
    const created = await api(`/api/v4/contacts?filter[created_at][from]=${T0 + 115}`);
    expect(created.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([12]);
    // a scalar updated_at is an exact match, not "since"
    expect((await api(`/api/v4/contacts?filter[updated_at]=${T0 + 1}`)).status).toBe(204);
    const leads = await api('/api/v4/leads?filter[pipeline_id][]=200');
    expect(leads.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([3]);
    const st = await api('/api/v4/leads?filter[statuses][0][pipeline_id]=100&filter[statuses][0][status_id]=143');
    expect(st.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([2]);
  });

  it('honours If-Modified-Since on lists (rows updated after it; 204 when none)', async () => {
    // updated_at = T0 + (12 - id) * 100: ids 1 and 2 are newer than T0 + 950
    const since = new Date((T0 + 950) * 1000).toUTCString();
    const r = await api('/api/v4/contacts', { headers: { 'If-Modified-Since': since } });
    expect(r.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([1, 2]);
    const none = await api('/api/v4/contacts', { headers: { 'If-Modified-Since': new Date((T0 + 5000) * 1000).toUTCString() } });
    expect(none.status).toBe(204);
  });

  it('orders by updated_at, id and created_at, asc and desc, deterministically', async () => {
    const ids = async (q: string) => (await api(`/api/v4/contacts?limit=250&${q}`)).body._embedded.contacts.map((c: { id: number }) => c.id);
    expect(await ids('order[updated_at]=asc')).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await ids('order[updated_at]=desc')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(await ids('order[id]=desc')).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(await ids('order[created_at]=asc')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const paged = [
      ...(await ids('order[updated_at]=asc&limit=5&page=1')).slice(0, 5),
    ];
    const second = (await api('/api/v4/contacts?order[updated_at]=asc&limit=5&page=2')).body._embedded.contacts.map((c: { id: number }) => c.id);
    expect(paged).toEqual([12, 11, 10, 9, 8]);
    expect(second).toEqual([7, 6, 5, 4, 3]);
  });

  it('searches with query: names, e-mails and phone digits in any format', async () => {
    const q = async (text: string) => {
      const r = await api(`/api/v4/contacts?query=${encodeURIComponent(text)}`);
      return r.status === 204 ? [] : r.body._embedded.contacts.map((c: { id: number }) => c.id);
    };
    expect(await q('79991234567')).toEqual([1]);
    expect(await q('89991234567')).toEqual([1]);
    expect(await q('123-45-67')).toEqual([1]);
    expect(await q('ivan@example')).toEqual([1]);
    expect(await q('сидоров')).toEqual([1]);
    expect(await q('Контакт 12')).toEqual([12]);
    expect(await q('нет такого')).toEqual([]);
    expect((await api('/api/v4/companies?query=Ромашка')).body._embedded.companies.map((c: { id: number }) => c.id)).toEqual([1]);
  });

  it('refuses DELETE on leads, contacts and companies with 405', async () => {
    for (const path of ['/api/v4/leads/1', '/api/v4/contacts', '/api/v4/companies/1']) {
      const r = await api(path, { method: 'DELETE' });
      expect(r.status).toBe(405);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
    }
  });
});

describe('tasks, notes, events', () => {
  it('lists and filters tasks', async () => {
    const r = await api('/api/v4/tasks');
    expect(r.body._embedded.tasks.map((t: { id: number }) => t.id)).toEqual([1, 2]);
    expect((await api('/api/v4/tasks?filter[is_completed]=1')).body._embedded.tasks.map((t: { id: number }) => t.id)).toEqual([2]);
    expect((await api('/api/v4/tasks?filter[entity_type]=leads&filter[entity_id][]=1')).body._embedded.tasks.map((t: { id: number }) => t.id)).toEqual([1]);
    expect((await api('/api/v4/tasks/2')).body.result).toEqual({ text: 'Встретились' });
  });

  it('lists notes per entity type and per entity; no DELETE', async () => {
    const all = await api('/api/v4/contacts/notes');
    expect(all.body._embedded.notes.map((n: { id: number }) => n.id)).toEqual([1, 2, 3]);
    const one = await api('/api/v4/contacts/1/notes');
    expect(one.body._embedded.notes.map((n: { id: number }) => n.id)).toEqual([1, 2]);
    expect((await api('/api/v4/contacts/notes?filter[entity_id][]=2')).body._embedded.notes.map((n: { id: number }) => n.id)).toEqual([3]);
    expect((await api('/api/v4/contacts/5/notes')).status).toBe(204);
    expect((await api('/api/v4/contacts/notes/1', { method: 'DELETE' })).status).toBe(405);
  });

  it('lists events newest first, caps limit at 100, filters by type, entity and created_at', async () => {
    const r = await api('/api/v4/events?limit=500');
    expect(r.body._links.self.href).toContain('limit=100');
    expect(r.body._embedded.events.map((e: { type: string }) => e.type)).toEqual(['lead_status_changed', 'lead_added']);
    expect(r.body._embedded.events[0]._embedded.entity).toEqual({ id: 2, _links: self('/api/v4/leads/2') });
    const typed = await api('/api/v4/events?filter[type]=lead_added');
    expect(typed.body._embedded.events.map((e: { entity_id: number }) => e.entity_id)).toEqual([1]);
    const since = await api(`/api/v4/events?filter[created_at]=${T0 + 100}`);
    expect(since.body._embedded.events.map((e: { type: string }) => e.type)).toEqual(['lead_status_changed']);
    const ent = await api('/api/v4/events?filter[entity]=lead&filter[entity_id][]=1');
    expect(ent.body._embedded.events).toHaveLength(1);
    expect((await api('/api/v4/events?filter[entity]=contact')).status).toBe(204);
    expect((await api('/api/v4/events/01aaaaaaaaaaaaaaaaaaaaaaa1')).body.type).toBe('lead_added');
  });
});
