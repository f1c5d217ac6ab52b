// runtime: node
/**
 * Events written by the fake (issue 12 item 7). lead_added carries `value_after: [{note: {id}}]` and an empty
 * `value_before`, as the official response example of GET /api/v4/events/{id} shows (quoted in public integration
 * notes [third-party code]). custom_field_value.field_type stays the field's type name: a number there has only a
 * secondary source, and no source was found for the numbers themselves (README, fidelity notes).
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useFakeServer } from './test-server';

const fake = useFakeServer();
const { api } = fake;

describe('lead_added (the official events response example)', () => {
  it('value_after carries a note id, a new one per lead; contact_added keeps an empty value_after', async () => {
    const created = await api('/api/v4/leads', { body: [{ name: 'Первая' }, { name: 'Вторая' }] });
    expect(created.status).toBe(200);
    const ids = (created.body._embedded.leads as { id: number }[]).map((l) => l.id);
    const events = (await api('/api/v4/events?filter[type]=lead_added&limit=100')).body._embedded.events as { entity_id: number; value_after: unknown; value_before: unknown }[];
    const mine = ids.map((id) => events.find((e) => e.entity_id === id));
    for (const e of mine) {
      expect(e).toMatchObject({ value_before: [], value_after: [{ note: { id: expect.any(Number) } }] });
    }
    const noteIds = mine.map((e) => (e!.value_after as { note: { id: number } }[])[0]!.note.id);
    expect(new Set(noteIds).size).toBe(2);

    const contact = await api('/api/v4/contacts', { body: [{ name: 'Контакт' }] });
    const cid = (contact.body._embedded.contacts as { id: number }[])[0]!.id;
    const cev = (await api('/api/v4/events?filter[type]=contact_added&limit=100')).body._embedded.events as { entity_id: number; value_after: unknown }[];
    expect(cev.find((e) => e.entity_id === cid)?.value_after).toEqual([]);
  });
});

describe('links follow the request host (README: `_links` follow the Host header; issue 12 item 9)', () => {
  it("an event's self and entity links use the host asked, also for events stored with another host", async () => {
    const stored = fake.server.store.events.list[0]!;
    fake.server.store.events.list[0] = { ...stored, _embedded: { entity: { id: stored.entity_id, _links: { self: { href: 'https://generator.example/api/v4/leads/1' } } } } };
    fake.server.store.events.byId.set(String(stored.id), fake.server.store.events.list[0]!);
    // fetch() does not let a caller set Host: node:http does
    const raw = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${fake.server.url}/api/v4/events/${String(stored.id)}`, { headers: { Authorization: `Bearer ${fake.server.token}`, Host: 'acme.amocrm.ru' } }, (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (data += c));
        res.on('end', () => resolve(data));
      });
      req.on('error', reject);
    });
    const body = JSON.parse(raw) as { _links: { self: { href: string } }; _embedded: { entity: { _links: { self?: { href: string } } } } };
    expect(body._links.self.href.startsWith('https://acme.amocrm.ru/') || body._links.self.href.startsWith('http://acme.amocrm.ru/')).toBe(true);
    expect(body._embedded.entity._links.self?.href).toMatch(/^https?:\/\/acme\.amocrm\.ru\/api\/v4\//);
  });
});

describe('users groups carry a uuid ([PHP:src/AmoCRM/Models/AccountSettings/UsersGroup.php] reads `uuid`)', () => {
  it('a generated account has one per group', async () => {
    const { generateAccount } = await import('../generator/index');
    const { fixtures } = generateAccount({ profile: 'reference', scale: 0.002, seed: 1, asOf: new Date('2020-12-31T00:00:00Z') });
    const groups = (fixtures.account._embedded as { users_groups: { id: number; uuid?: string }[] }).users_groups;
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });
});
