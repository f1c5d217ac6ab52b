// runtime: node
/** The store's write side for anonymization: a collecting pass only reads; a writing pass stores the mapped values by key. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addContact, addLead, addStandardFields, createTestSnapshot, PHONE_FIELD, type TestSnapshot } from '../../audit/testing/test-snapshot';
import { rewritePersonalRows } from './personal';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  addStandardFields(snap.db);
  addContact(snap.db, { id: 1, name: 'Анна', phones: ['+7 912 000-00-01', '+7 912 000-00-02'] });
  addContact(snap.db, { id: 2, name: 'Борис' });
  addLead(snap.db, { id: 5, name: 'Сделка' });
});
afterEach(() => snap.cleanup());

describe('snapshot store: personal rows', () => {
  it('a collecting pass reads every row and writes nothing', () => {
    const seen: string[] = [];
    const n = rewritePersonalRows(snap.db, 'contacts', (c) => (seen.push(c.name ?? ''), { name: 'x', first_name: null, last_name: null, raw: '{}' }), false);
    expect(n).toBe(2);
    expect(seen.sort()).toEqual(['Анна', 'Борис']);
    expect(snap.db.prepare('SELECT name FROM contacts ORDER BY id').pluck().all()).toEqual(['Анна', 'Борис']);
  });

  it('a writing pass stores the mapped values on the right rows (composite keys too)', () => {
    rewritePersonalRows(snap.db, 'contacts', (c) => ({ name: `N${c.id}`, first_name: null, last_name: null, raw: `{"id":${c.id}}` }), true);
    expect(snap.db.prepare('SELECT id, name, raw FROM contacts ORDER BY id').raw().all()).toEqual([
      [1, 'N1', '{"id":1}'],
      [2, 'N2', '{"id":2}'],
    ]);
    const n = rewritePersonalRows(snap.db, 'field_values', (v) => ({ value: `${v.entity_id}/${v.idx}:${v.value.slice(-2)}` }), true);
    expect(n).toBe(2);
    expect(snap.db.prepare('SELECT value FROM field_values WHERE field_id = ? ORDER BY idx').pluck().all(PHONE_FIELD)).toEqual(['1/0:01', '1/1:02']);
    expect(rewritePersonalRows(snap.db, 'leads', () => ({ name: 'L', raw: '{}' }), true)).toBe(1);
    expect(snap.db.prepare('SELECT name FROM leads').pluck().get()).toBe('L');
  });

  it('stops at the abort signal every 5 000 rows', () => {
    const insert = snap.db.prepare("INSERT INTO notes (entity_type, id, entity_id, raw) VALUES ('leads', ?, 5, '{}')");
    for (let i = 1; i <= 5001; i++) insert.run(i);
    const controller = new AbortController();
    controller.abort();
    expect(() => rewritePersonalRows(snap.db, 'notes', (x) => ({ raw: x.raw }), false, controller.signal)).toThrow();
  });
});
