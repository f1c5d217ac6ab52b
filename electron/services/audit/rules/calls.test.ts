// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditContext } from '../context';
import { addContact, addLead, createTestSnapshot, type TestSnapshot } from '../testing/test-snapshot';
import type { AuditRule } from '../types';
import { notesDuplicateCalls, telephonyNoCallRecords } from './calls';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  noteId = 1;
});
afterEach(() => snap.cleanup());

const AS_OF = new Date('2020-12-31T00:00:00Z');
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const run = (rule: AuditRule) => rule.run(new AuditContext(snap.db, { asOf: AS_OF }));
let noteId: number;
function note(entityType: 'leads' | 'contacts', entityId: number, type: string, at: number, params: Record<string, unknown> = {}): void {
  const id = noteId++;
  snap.db
    .prepare('INSERT INTO notes (entity_type, id, entity_id, note_type, created_at, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(entityType, id, entityId, type, at, at, JSON.stringify({ id, entity_id: entityId, note_type: type, created_at: at, params }));
}

describe('telephony.no_call_records', () => {
  it('counts the months of the window without a call note or call event', () => {
    // no notes or events at all: nothing to judge by
    expect(run(telephonyNoCallRecords)).toMatchObject({ count: 0, total: 6 });
    addLead(snap.db, { id: 1 });
    note('leads', 1, 'common', t('2020-08-15T10:00:00Z'));
    expect(run(telephonyNoCallRecords)).toMatchObject({ count: 6, total: 6 });
    note('leads', 1, 'call_in', t('2020-12-15T10:00:00Z'));
    note('leads', 1, 'common', t('2020-11-15T10:00:00Z')); // not a call
    snap.db
      .prepare("INSERT INTO events (id, type, entity_type, entity_id, created_at, raw) VALUES ('e1', 'outgoing_call', 'lead', 1, ?, '{}')")
      .run(t('2020-09-10T10:00:00Z'));
    note('leads', 1, 'call_out', t('2020-03-01T10:00:00Z')); // before the window
    const r = run(telephonyNoCallRecords);
    expect(r.count).toBe(4);
    expect((r.evidence as { callsPerMonth: { calls: number }[] }).callsPerMonth.map((m) => m.calls)).toEqual([0, 0, 1, 0, 0, 1]);
  });
});

describe('notes.duplicate_calls', () => {
  it('flags a deal call note whose twin is on a contact of the deal, and nothing else', () => {
    addContact(snap.db, { id: 10, name: 'Иван' });
    addContact(snap.db, { id: 11, name: 'Пётр' });
    addLead(snap.db, { id: 1, contacts: [10] });
    addLead(snap.db, { id: 2, contacts: [11] });
    const at = t('2020-12-01T10:00:00Z');
    note('leads', 1, 'call_in', at, { uniq: 'call-1', phone: '+79120000001' });
    note('contacts', 10, 'call_in', at + 20, { uniq: 'call-1', phone: '+79120000001' }); // the twin
    note('leads', 1, 'call_in', at + 3600, { uniq: 'call-2' }); // no twin
    note('contacts', 11, 'call_in', at + 3600, { uniq: 'call-2' }); // twin on a contact of ANOTHER deal
    note('leads', 2, 'call_out', at, { phone: '+79120000002' });
    note('contacts', 11, 'call_out', at + 5, { phone: '+79120000002' }); // twin found by phone
    note('leads', 2, 'call_in', at + 7200, { phone: '+79120000003' });
    note('contacts', 11, 'call_in', at + 7200 + 600, { phone: '+79120000003' }); // ten minutes later: another call
    note('leads', 1, 'call_in', t('2020-01-05T10:00:00Z'), { uniq: 'old' });
    note('contacts', 10, 'call_in', t('2020-01-05T10:00:00Z'), { uniq: 'old' }); // outside the window
    const r = run(notesDuplicateCalls);
    expect(r.count).toBe(2);
    expect(r.entities.find((e) => e.entityType === 'leads')?.ids).toEqual([1, 2]);
    expect(r.entities.find((e) => e.entityType === 'notes')?.ids).toEqual(['leads:1', 'leads:5']);
  });

  it('is zero on an empty account', () => {
    expect(run(notesDuplicateCalls).count).toBe(0);
  });
});
