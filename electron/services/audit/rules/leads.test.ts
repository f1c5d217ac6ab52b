// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditContext } from '../context';
import { addCompany, addContact, addLead, addTask, createTestSnapshot, setFinishedAt, type TestSnapshot } from '../testing/test-snapshot';
import type { AuditRule } from '../types';
import { accountLeads, accountLeadsActive, accountLeadsLost, accountLeadsWon } from './account';
import { leadsActiveWithoutTask } from './leads-active-without-task';
import { leadsDuplicateActive } from './leads-duplicate-active';
import { leadsLostWithoutReason } from './leads-lost-without-reason';
import { notesOnClosedLeads } from './notes-on-closed-leads';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
});
afterEach(() => snap.cleanup());

const run = (rule: AuditRule, asOf?: Date) => rule.run(new AuditContext(snap.db, asOf ? { asOf } : {}));
const ids = (rule: AuditRule, type: string, asOf?: Date) => run(rule, asOf).entities.find((e) => e.entityType === type)?.ids ?? [];
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('account.leads.*', () => {
  it('splits deals into active, won and lost; deleted deals do not count', () => {
    addLead(snap.db, { id: 1, status: 10 });
    addLead(snap.db, { id: 2, status: 142 });
    addLead(snap.db, { id: 3, status: 143 });
    addLead(snap.db, { id: 4, status: 143 });
    snap.db.prepare('UPDATE leads SET is_deleted = 1 WHERE id = 4').run();
    expect(run(accountLeads).count).toBe(3);
    expect(run(accountLeadsActive).count).toBe(1);
    expect(run(accountLeadsWon).count).toBe(1);
    expect(run(accountLeadsLost).count).toBe(1);
  });
});

describe('leads.active_without_task', () => {
  it('counts only open tasks on the deal itself; unsorted deals are active', () => {
    addLead(snap.db, { id: 1, status: 10, contacts: [7] });
    addLead(snap.db, { id: 2, status: 11 });
    addLead(snap.db, { id: 3, status: 12 });
    addLead(snap.db, { id: 4, status: 99 }); // unsorted
    addLead(snap.db, { id: 5, status: 142 });
    addTask(snap.db, { id: 1, entityId: 1, done: true });
    addTask(snap.db, { id: 2, entityType: 'contacts', entityId: 7 });
    addTask(snap.db, { id: 3, entityId: 2 });
    addTask(snap.db, { id: 4, entityType: null, entityId: null });
    expect(ids(leadsActiveWithoutTask, 'leads')).toEqual([1, 3, 4]);
    expect(run(leadsActiveWithoutTask).total).toBe(4);
  });
});

describe('leads.lost_without_reason', () => {
  it('flags lost deals with no reason (null or 0)', () => {
    addLead(snap.db, { id: 1, status: 143, lossReason: 5 });
    addLead(snap.db, { id: 2, status: 143 });
    addLead(snap.db, { id: 3, status: 143, lossReason: 0 });
    addLead(snap.db, { id: 4, status: 142 });
    expect(ids(leadsLostWithoutReason, 'leads')).toEqual([2, 3]);
  });
});

describe('leads.duplicate_active', () => {
  it('counts clients with two or more active deals in one pipeline', () => {
    addContact(snap.db, { id: 1 });
    addContact(snap.db, { id: 2 });
    addCompany(snap.db, { id: 3 });
    addLead(snap.db, { id: 10, pipeline: 1, contacts: [1, 2], companies: [3] });
    addLead(snap.db, { id: 11, pipeline: 1, contacts: [1], companies: [3] });
    addLead(snap.db, { id: 12, pipeline: 2, contacts: [2] });
    addLead(snap.db, { id: 13, pipeline: 1, status: 142, contacts: [2] });
    const r = run(leadsDuplicateActive);
    expect(r.count).toBe(2);
    expect(ids(leadsDuplicateActive, 'contacts')).toEqual([1]);
    expect(ids(leadsDuplicateActive, 'companies')).toEqual([3]);
  });
});

describe('notes.on_closed_leads', () => {
  const asOf = new Date('2020-12-31T00:00:00Z');
  beforeEach(() => {
    addLead(snap.db, { id: 1, status: 143, closedAt: t('2020-10-01') });
    addLead(snap.db, { id: 2, status: 10 });
    addLead(snap.db, { id: 3, status: 142, closedAt: t('2020-01-01') });
    const note = snap.db.prepare("INSERT INTO notes (entity_type, id, entity_id, note_type, created_at, raw) VALUES ('leads', ?, ?, ?, ?, '{}')");
    note.run(1, 1, 'call_in', t('2020-11-01')); // counts
    note.run(2, 1, 'sms_in', t('2020-11-02')); // counts
    note.run(3, 1, 'call_out', t('2020-11-03')); // outgoing
    note.run(4, 1, 'call_in', t('2020-09-01')); // before closing
    note.run(5, 2, 'call_in', t('2020-11-01')); // active deal
    note.run(6, 3, 'call_in', t('2020-03-01')); // after closing but outside the window
    note.run(7, 1, 'call_in', t('2021-02-01')); // after as-of
    const ev = snap.db.prepare("INSERT INTO events (id, type, entity_type, entity_id, created_at, raw) VALUES (?, ?, 'lead', ?, ?, '{}')");
    ev.run('e1', 'incoming_chat_message', 1, t('2020-12-01')); // counts
    ev.run('e2', 'incoming_mail', 3, t('2020-12-01')); // counts
    ev.run('e3', 'outgoing_chat_message', 1, t('2020-12-01'));
    ev.run('e4', 'incoming_call', 2, t('2020-12-01'));
  });

  it('counts incoming notes and events after closing, inside the window', () => {
    const r = run(notesOnClosedLeads, asOf);
    expect(r.count).toBe(4);
    expect(r.evidence).toEqual({ notes: 2, events: 2, deals: 2 });
    expect(ids(notesOnClosedLeads, 'leads', asOf)).toEqual([1, 3]);
  });

  it('moves with --as-of and defaults to the snapshot time', () => {
    expect(run(notesOnClosedLeads, new Date('2020-11-01T12:00:00Z')).count).toBe(1);
    setFinishedAt(snap.db, new Date('2021-03-01T00:00:00Z'));
    // window 2020-09-01 .. 2021-03-01: notes 1, 2, 7 and events e1, e2
    expect(run(notesOnClosedLeads).count).toBe(5);
  });
});
