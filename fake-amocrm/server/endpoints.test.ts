// runtime: node
/**
 * Contract tests of the endpoints added for issue 12 item 8; each names its source (the official library's
 * entity service [PHP:src/AmoCRM/EntitiesServices/…] and the doc section of ../shared/docs/amocrm-api.md).
 */
import { describe, expect, it } from 'vitest';
import { useFakeServer } from './test-server';

const fake = useFakeServer();
const { api } = fake;

describe('notes PATCH ([PHP:…/EntityNotes.php] update/updateOne; doc §16)', () => {
  it('changes a note in a batch and on its item route; an unknown id is NotFound, a type change NotSupportedChoice', async () => {
    const made = await api('/api/v4/leads/notes', { body: [{ entity_id: 1, note_type: 'common', params: { text: 'было' } }] });
    const id = (made.body._embedded.notes as { id: number }[])[0]!.id;
    const batch = await api('/api/v4/leads/notes', { method: 'PATCH', body: [{ id, params: { text: 'стало' }, request_id: 'a' }] });
    expect(batch.status).toBe(200);
    expect(batch.body._embedded.notes[0]).toMatchObject({ id, entity_id: 1, request_id: 'a', updated_at: expect.any(Number) });
    expect((await api(`/api/v4/leads/notes/${id}`)).body.params.text).toBe('стало');
    const one = await api(`/api/v4/leads/1/notes/${id}`, { method: 'PATCH', body: { params: { text: 'снова' } } });
    expect(one.body).toMatchObject({ id });
    expect((await api(`/api/v4/leads/notes/${id}`)).body.params.text).toBe('снова');
    const wrong = await api('/api/v4/leads/notes', { method: 'PATCH', body: [{ id: 987654, params: {} }, { id, note_type: 'call_in' }] });
    expect(wrong.status).toBe(400);
    expect(wrong.body['validation-errors'].map((e: { errors: { code: string }[] }) => e.errors[0]!.code)).toEqual(['NotFound', 'NotSupportedChoice']);
    expect((await api(`/api/v4/leads/notes/${id}`, { method: 'PATCH', body: [{ id }] })).status).toBe(405);
  });
});

describe('tags PATCH ([PHP:…/EntityTags.php] update: PATCH /{entity}/tags; doc §9)', () => {
  it('renames and recolours a lead tag; its entities show the new name; colour is FieldNotExpected on contact tags', async () => {
    const tags = (await api('/api/v4/leads/tags')).body._embedded.tags as { id: number; name: string }[];
    const tag = tags[0]!;
    const r = await api('/api/v4/leads/tags', { method: 'PATCH', body: [{ id: tag.id, name: 'Переименован', color: 'FF8F92' }] });
    expect(r.status).toBe(200);
    expect(r.body._embedded.tags[0]).toMatchObject({ id: tag.id, name: 'Переименован', color: 'FF8F92', request_id: '0' });
    expect((await api('/api/v4/leads/tags?filter[name]=Переименован')).body._embedded.tags[0].id).toBe(tag.id);
    const ctag = ((await api('/api/v4/contacts/tags')).body._embedded.tags as { id: number }[])[0]!;
    const bad = await api('/api/v4/contacts/tags', { method: 'PATCH', body: [{ id: ctag.id, color: 'FF8F92' }] });
    expect(bad.body['validation-errors'][0].errors[0]).toMatchObject({ code: 'FieldNotExpected', path: 'color' });
  });
});

describe('pipelines and statuses writes ([PHP:…/Leads/Pipelines.php, Statuses.php]; doc §11)', () => {
  it('POST creates a pipeline with its stages (new account-wide ids) plus 142/143; PATCH renames pipeline and stage; batch PATCH of pipelines is 405', async () => {
    const before = new Set(
      ((await api('/api/v4/leads/pipelines')).body._embedded.pipelines as { _embedded: { statuses: { id: number }[] } }[]).flatMap((p) => p._embedded.statuses.map((s) => s.id)),
    );
    const r = await api('/api/v4/leads/pipelines', { body: [{ name: 'Опт', sort: 30, _embedded: { statuses: [{ name: 'Новый', sort: 10 }, { name: 'Счёт', sort: 20 }] }, request_id: 'p' }] });
    expect(r.status).toBe(200);
    const p = r.body._embedded.pipelines[0] as { id: number; request_id: string; _embedded: { statuses: { id: number; name: string }[] } };
    expect(p.request_id).toBe('p');
    const ids = p._embedded.statuses.map((s) => s.id);
    expect(ids).toContain(142);
    expect(ids).toContain(143);
    for (const s of p._embedded.statuses.filter((x) => x.id !== 142 && x.id !== 143)) expect(before.has(s.id)).toBe(false);
    expect((await api(`/api/v4/leads/pipelines/${p.id}`, { method: 'PATCH', body: { name: 'Опт 2' } })).body.name).toBe('Опт 2');
    const added = await api(`/api/v4/leads/pipelines/${p.id}/statuses`, { body: [{ name: 'Отгрузка', sort: 30, color: '#fffeb2' }] });
    const sid = added.body._embedded.statuses[0].id as number;
    expect(before.has(sid)).toBe(false);
    const renamed = await api(`/api/v4/leads/pipelines/${p.id}/statuses/142`, { method: 'PATCH', body: { name: 'Заказ вручен' } });
    expect(renamed.body).toMatchObject({ id: 142, name: 'Заказ вручен', pipeline_id: p.id });
    // a lead can be moved into the new stage at once
    expect((await api('/api/v4/leads', { method: 'PATCH', body: [{ id: 1, pipeline_id: p.id, status_id: sid }] })).status).toBe(200);
    expect((await api('/api/v4/leads/pipelines', { method: 'PATCH', body: [{ id: p.id, name: 'x' }] })).status).toBe(405);
    expect((await api('/api/v4/leads/pipelines', { body: [{ sort: 1 }] })).body['validation-errors'][0].errors[0]).toMatchObject({ code: 'NotBlank', path: 'name' });
  });
});

describe('events types ([PHP:…/EventTypes.php]: _embedded.events_types [{key, type, lang}]; doc §17)', () => {
  it('lists the event types with their keys', async () => {
    const r = await api('/api/v4/events/types?language_code=ru');
    expect(r.status).toBe(200);
    const keys = (r.body._embedded.events_types as { key: string; type: number; lang: string }[]).map((t) => t.key);
    expect(keys).toEqual(expect.arrayContaining(['lead_added', 'lead_status_changed', 'entity_merged']));
  });
});

describe('customers with the mode switch ([PHP:…/Customers/Customers.php] setMode: PATCH /customers/mode; doc §19 customers_mode)', () => {
  it('are refused while off, switched on by PATCH /customers/mode, then created, listed and updated', async () => {
    expect((await api('/api/v4/customers')).status).toBe(403);
    const mode = await api('/api/v4/customers/mode', { method: 'PATCH', body: { mode: 'segments', is_enabled: true } });
    expect(mode.body).toEqual({ mode: 'segments', is_enabled: true });
    expect((await api('/api/v4/account')).body.customers_mode).toBe('segments');
    expect((await api('/api/v4/customers')).status).toBe(204);
    const made = await api('/api/v4/customers', { body: [{ name: 'Покупатель', next_price: 1000 }] });
    const id = made.body._embedded.customers[0].id as number;
    expect((await api('/api/v4/customers', { method: 'PATCH', body: [{ id, name: 'Постоянный' }] })).status).toBe(200);
    expect((await api(`/api/v4/customers/${id}`)).body).toMatchObject({ id, name: 'Постоянный', next_price: 1000, is_deleted: false });
    expect((await api('/api/v4/customers')).body._embedded.customers).toHaveLength(1);
    expect((await api('/api/v4/customers/mode', { method: 'PATCH', body: { mode: 'dynamic' } })).status).toBe(400);
  });
});

describe('catalogs and elements ([PHP:…/Catalogs.php, CatalogElements.php])', () => {
  it('creates a catalog, adds, lists, finds and updates its elements', async () => {
    const cat = await api('/api/v4/catalogs', { body: [{ name: 'Товары', type: 'products' }] });
    const cid = cat.body._embedded.catalogs[0].id as number;
    expect((await api(`/api/v4/catalogs/${cid}`)).body).toMatchObject({ id: cid, name: 'Товары', type: 'products' });
    const els = await api(`/api/v4/catalogs/${cid}/elements`, { body: [{ name: 'Стол' }, { name: 'Стул' }] });
    const [a, b] = els.body._embedded.elements as { id: number }[];
    expect(b!.id).toBeGreaterThan(a!.id);
    expect((await api(`/api/v4/catalogs/${cid}/elements?query=стул`)).body._embedded.elements.map((e: { id: number }) => e.id)).toEqual([b!.id]);
    await api(`/api/v4/catalogs/${cid}/elements`, { method: 'PATCH', body: [{ id: a!.id, name: 'Стол дубовый' }] });
    expect((await api(`/api/v4/catalogs/${cid}/elements/${a!.id}`)).body).toMatchObject({ name: 'Стол дубовый', catalog_id: cid });
    expect((await api('/api/v4/catalogs/999999/elements')).status).toBe(404);
  });
});

describe('webhooks and sources ([PHP:…/Webhooks.php, Sources.php]; doc §20, §15)', () => {
  it('subscribes, lists and unsubscribes a webhook by destination', async () => {
    const made = await api('/api/v4/webhooks', { body: { destination: 'https://example.org/hook', settings: ['add_lead', 'update_contact'] } });
    expect(made.status).toBe(201);
    expect((await api('/api/v4/webhooks?filter[destination]=https://example.org/hook')).body._embedded.webhooks[0]).toMatchObject({ destination: 'https://example.org/hook', disabled: false });
    expect((await api('/api/v4/webhooks', { method: 'DELETE', body: { destination: 'https://example.org/hook' } })).status).toBe(204);
    expect((await api('/api/v4/webhooks', { body: { destination: 'ftp://x', settings: [] } })).status).toBe(400);
  });

  it('creates, filters, updates and deletes sources', async () => {
    const made = await api('/api/v4/sources', { body: [{ name: 'Сайт', external_id: 'site-1' }] });
    const id = made.body._embedded.sources[0].id as number;
    expect((await api('/api/v4/sources?filter[external_id]=site-1')).body._embedded.sources[0].id).toBe(id);
    expect((await api(`/api/v4/sources/${id}`, { method: 'PATCH', body: { name: 'Лендинг' } })).body.name).toBe('Лендинг');
    expect((await api('/api/v4/sources', { method: 'DELETE', body: [{ id }] })).status).toBe(204);
    expect((await api('/api/v4/sources')).status).toBe(204);
  });
});

describe('unsorted and complex creation ([PHP:…/Unsorted.php, Leads.php addComplex]; doc §18, §5.4)', () => {
  it('a form entry creates a lead in the unsorted stage with its contact (is_unsorted), listed under /leads/unsorted', async () => {
    const r = await api('/api/v4/leads/unsorted/forms', {
      body: [
        {
          source_uid: 'form-1', source_name: 'Сайт', pipeline_id: 100,
          metadata: { form_id: 'f1', form_name: 'Заявка', form_page: 'https://example.org', form_sent_at: 1700000000, ip: '127.0.0.1' },
          _embedded: { leads: [{ name: 'Заявка с сайта' }], contacts: [{ name: 'Пётр' }] },
        },
      ],
    });
    expect(r.status).toBe(200);
    const entry = r.body._embedded.unsorted[0] as { uid: string; _embedded: { leads: { id: number }[]; contacts: { id: number }[] } };
    const lead = (await api(`/api/v4/leads/${entry._embedded.leads[0]!.id}`)).body;
    expect(lead).toMatchObject({ pipeline_id: 100, status_id: 1001 });
    expect((await api(`/api/v4/contacts/${entry._embedded.contacts[0]!.id}`)).body.is_unsorted).toBe(true);
    expect((await api('/api/v4/leads/unsorted?filter[category][]=forms')).body._embedded.unsorted.map((u: { uid: string }) => u.uid)).toContain(entry.uid);
    expect((await api(`/api/v4/leads/unsorted/${entry.uid}`)).body.category).toBe('forms');
    // accepting moves the lead to a working stage and ends the entry
    const accepted = await api(`/api/v4/leads/unsorted/${entry.uid}/accept`, { body: { status_id: 1002 } });
    expect(accepted.body).toMatchObject({ uid: entry.uid, category: 'forms', pipeline_id: 100 });
    expect((await api(`/api/v4/leads/${entry._embedded.leads[0]!.id}`)).body.status_id).toBe(1002);
    expect((await api(`/api/v4/contacts/${entry._embedded.contacts[0]!.id}`)).body.is_unsorted).toBe(false);
    expect((await api(`/api/v4/leads/unsorted/${entry.uid}`)).status).toBe(404);
  });

  it('complex creation answers a bare array with the new lead, contact and company ids; more than 50 leads are refused', async () => {
    const r = await api('/api/v4/leads/complex', { body: [{ name: 'Сделка', price: 100, _embedded: { contacts: [{ name: 'Анна' }], companies: [{ name: 'ООО Рога' }] } }] });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body)).toBe(true);
    const [row] = r.body as { id: number; contact_id: number; company_id: number; request_id: string[]; merged: boolean }[];
    expect(row).toMatchObject({ request_id: ['0'], merged: false });
    const lead = (await api(`/api/v4/leads/${row!.id}?with=contacts`)).body;
    expect(lead._embedded.contacts.map((c: { id: number }) => c.id)).toEqual([row!.contact_id]);
    expect(lead._embedded.companies.map((c: { id: number }) => c.id)).toEqual([row!.company_id]);
    expect((await api('/api/v4/leads/complex', { body: Array.from({ length: 51 }, (_, i) => ({ name: `x${i}` })) })).status).toBe(400);
  });
});

describe('files of an entity ([PHP:…/EntityFiles.php]: /{entity}/{id}/files)', () => {
  it('attaches file uuids and lists them', async () => {
    expect((await api('/api/v4/leads/1/files')).status).toBe(204);
    expect((await api('/api/v4/leads/1/files', { method: 'PUT', body: [{ file_uuid: 'f-1' }] })).status).toBe(200);
    expect((await api('/api/v4/leads/1/files')).body._embedded.files.map((f: { file_uuid: string }) => f.file_uuid)).toEqual(['f-1']);
  });
});
