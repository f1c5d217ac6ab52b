// runtime: node
/**
 * Events written by the fake (issue 12 item 7). lead_added carries `value_after: [{note: {id}}]` and an empty
 * `value_before`, as the official response example of GET /api/v4/events/{id} shows (quoted in public integration
 * notes [third-party code]). custom_field_value.field_type stays the field's type name: a number there has only a
 * secondary source, and no source was found for the numbers themselves (README, fidelity notes).
 */
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
