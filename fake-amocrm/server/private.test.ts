// runtime: node
import { beforeEach, describe, expect, it } from 'vitest';
import { call } from './test-client';
import { useFakeServer } from './test-server';

const fake = useFakeServer({ privateEndpoints: true, mergeDelayMs: 5 });
const { api, self } = fake;

/** polls the server state until the asynchronous merge is applied (no fixed sleeps) */
async function waitFor(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

beforeEach(() => {
  fake.server.configure({ privateEndpoints: true });
});

describe('private endpoints (opt-in)', () => {
  it('are 404 unless enabled', async () => {
    fake.server.configure({ privateEndpoints: false });
    expect((await api('/ajax/contacts/multiple/delete/', { form: 'ID[]=5' })).status).toBe(404);
  });

  it('soft delete: hidden from lists and GET, visible with with=only_deleted with null fields, *_deleted event', async () => {
    const r = await api('/ajax/contacts/multiple/delete/', { form: 'ID[]=5&ID[]=6' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ status: 'success', message: 'Deleted: 2' });
    const list = await api('/api/v4/contacts?limit=250');
    expect(list.body._embedded.contacts.map((c: { id: number }) => c.id)).not.toContain(5);
    expect((await api('/api/v4/contacts/5')).status).toBe(404);
    const trash = await api('/api/v4/contacts?with=only_deleted');
    expect(trash.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([5, 6]);
    const five = trash.body._embedded.contacts[0];
    expect(five).toMatchObject({ id: 5, is_deleted: true, name: null, responsible_user_id: null, account_id: 1001 });
    expect(typeof five.updated_at).toBe('number');
    const ev = await api('/api/v4/events?filter[type]=contact_deleted');
    expect(ev.body._embedded.events.map((e: { entity_id: number }) => e.entity_id).sort()).toEqual([5, 6]);
    // links to a trashed entity are not shown
    await api('/ajax/contacts/multiple/delete/', { form: 'ID[]=2' });
    const lead1 = await api('/api/v4/leads/1?with=contacts');
    expect(lead1.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([1]);
    // a non-admin without delete rights is refused
    const denied = await call(fake.server.url, '/ajax/leads/multiple/delete/', { token: fake.server.issueToken(3), form: 'ID[]=1' });
    expect(denied.status).toBe(403);
  });

  it('merge info describes the group', async () => {
    const r = await api('/ajax/merge/contacts/info/', { form: 'id[]=1&id[]=2' });
    expect(r.status).toBe(200);
    expect(r.body.response.elements.map((e: { id: number }) => e.id)).toEqual([1, 2]);
    expect(Object.keys(r.body.response.compare_fields)).toEqual(expect.arrayContaining(['NAME', 'LEADS', 'TAGS', 'cfv_501']));
    expect(r.body.response.compare_values.LEADS['1'].values.map((v: { value: number }) => v.value)).toEqual([1, 2]);
  });

  it('merge save: 202, then relinks leads, unions tags and phones, trashes the loser, emits entity_merged', async () => {
    const r = await api('/ajax/merge/contacts/save', { form: 'id[]=1&id[]=3&result_element[ID]=1&result_element[NAME]=Иван Сидоров' });
    expect(r.status).toBe(202);
    expect(r.body).toEqual({ response: { multiactions: { set: { errors: [] } } } });
    await waitFor(async () => (await api('/api/v4/contacts/3')).status === 404);
    const survivor = await api('/api/v4/contacts/1?with=leads');
    expect(survivor.body.name).toBe('Иван Сидоров');
    expect(survivor.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([1, 2, 3]);
    const phones = survivor.body.custom_fields_values.find((f: { field_id: number }) => f.field_id === 501).values.map((v: { value: string }) => v.value);
    expect(phones).toEqual(['+7 (999) 123-45-67', '8 912 000-03-00']);
    const lead3 = await api('/api/v4/leads/3?with=contacts');
    expect(lead3.body._embedded.contacts).toEqual([{ id: 1, is_main: true, _links: self('/api/v4/contacts/1') }]);
    const trash = await api('/api/v4/contacts?with=only_deleted');
    expect(trash.body._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([3]);
    const ev = await api('/api/v4/events?filter[type]=entity_merged');
    expect(ev.body._embedded.events[0]).toMatchObject({ entity_id: 1, entity_type: 'contact', value_before: [{ entity: { id: 3, type: 'contact' } }] });
  });

  it('merge save takes chosen values: tags, phones as JSON VALUE/DESCRIPTION, kept leads', async () => {
    const form = new URLSearchParams();
    form.append('id[]', '1');
    form.append('id[]', '2');
    form.append('result_element[ID]', '2');
    form.append('result_element[LEADS][]', '1');
    form.append('result_element[TAGS][]', 'дубль');
    form.append('result_element[cfv][501][]', JSON.stringify({ VALUE: '+79990000000', DESCRIPTION: 'MOB' }));
    const r = await api('/ajax/merge/contacts/save', { form: form.toString() });
    expect(r.status).toBe(202);
    await waitFor(async () => (await api('/api/v4/contacts/1')).status === 404);
    const c = await api('/api/v4/contacts/2?with=leads');
    expect(c.body._embedded.leads.map((l: { id: number }) => l.id)).toEqual([1]);
    expect(c.body._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['дубль']);
    expect(c.body.custom_fields_values.find((f: { field_id: number }) => f.field_id === 501).values).toEqual([{ value: '+79990000000', enum_id: 603, enum_code: 'MOB' }]);
    // lead 2 belonged only to the loser and was not kept
    expect((await api('/api/v4/leads/2?with=contacts')).body._embedded.contacts).toEqual([]);
  });

  it('merge save refuses a survivor outside the group', async () => {
    const r = await api('/ajax/merge/contacts/save', { form: 'id[]=1&id[]=2&result_element[ID]=7' });
    expect(r.status).toBe(400);
  });
});
