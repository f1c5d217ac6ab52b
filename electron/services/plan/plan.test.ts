// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDb } from '../db/open';
import { smallAccount, snapshotOf, tempFile } from '../push/testing/test-helpers';
import { suggestLossReasons } from './loss-reason-suggest';
import { buildOperations, PlanRequestError } from './request';
import { adminChecklist } from './checklist';
import { buildFromIntents, markIntentsPlanned } from './intents';
import { acceptedMergeGroups } from './merge';
import { addOperations, listOperations, listPlans, openPlanId, setPlanStatus } from './store';
import { normalizePhoneValues, splitStuffedValues } from './transforms';
import { buildFillLossReason, buildMerges, buildNormalizePhones, buildSplitStuffed, buildTagsDetach, buildTasksCreate } from '../push/testing/builds';

let db: SqliteDb;
let cleanup: () => void;
beforeEach(() => {
  const t = tempFile();
  cleanup = t.cleanup;
  db = snapshotOf(smallAccount(4), t.file);
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('value transforms', () => {
  it('normalizes one-number phone values to +7 XXX XXX-XX-XX and keeps the enum', () => {
    expect(
      normalizePhoneValues([
        { value: '8 (912) 345-67-89', enum_code: 'MOB' },
        { value: '79123456780', enum_id: 7 },
        { value: '+7 912 345-67-81 доб. 12', enum_code: 'WORK' },
        { value: 'нет телефона', enum_code: 'WORK' },
        { value: '89123456789, 89220001122', enum_code: 'MOB' },
      ]),
    ).toEqual([
      { value: '+7 912 345-67-89', enum_code: 'MOB' },
      { value: '+7 912 345-67-80', enum_id: 7 },
      { value: '+7 912 345-67-81 доб. 12', enum_code: 'WORK' },
      { value: 'нет телефона', enum_code: 'WORK' },
      { value: '89123456789, 89220001122', enum_code: 'MOB' },
    ]);
  });

  it('splits stuffed phones and e-mails into one value each, with the same enum', () => {
    expect(splitStuffedValues([{ value: '89123456789 или 8 922 000-11-22', enum_code: 'MOB' }], 'phone')).toEqual([
      { value: '+7 912 345-67-89', enum_code: 'MOB' },
      { value: '+7 922 000-11-22', enum_code: 'MOB' },
    ]);
    expect(splitStuffedValues([{ value: 'A@x.ru; b@y.ru', enum_code: 'WORK' }, { value: 'c@z.ru', enum_code: 'PRIV' }], 'email')).toEqual([
      { value: 'a@x.ru', enum_code: 'WORK' },
      { value: 'b@y.ru', enum_code: 'WORK' },
      { value: 'c@z.ru', enum_code: 'PRIV' },
    ]);
  });
});

describe('plan builders and store', () => {
  it('validates against the snapshot', () => {
    expect(() => buildFillLossReason(db, { reason: 'Нет такой' })).toThrow(/No loss reason "Нет такой".*Дорого/);
    expect(buildFillLossReason(db, { reason: '6' })[0]!.params).toMatchObject({ lossReasonId: 6 });
    expect(() => buildTagsDetach(db, { tag: 'old', entity: 'leads' })).toThrow(/No tag "old" on leads/);
    expect(buildNormalizePhones(db).map((o) => o.entityId)).toEqual([1001, 1004, 1007, 1010]);
    expect(buildSplitStuffed(db).map((o) => o.entityId)).toEqual([1002, 1005, 1008, 1011]);
    expect(buildTasksCreate(db, { text: 'x', dueDays: 1 }).map((o) => o.entityId)).toEqual([5002, 5005, 5008, 5011]);
    expect(() => buildMerges(db, [{ entity: 'contacts', survivor: 1001, losers: [1002] }, { entity: 'contacts', survivor: 1003, losers: [1002] }])).toThrow(/two merge groups/);
    expect(() => buildMerges(db, [{ entity: 'contacts', survivor: 1001, losers: [1001] }])).toThrow(/no other card/);
  });

  it('does not add the same operation twice to the open plan, and opens a new plan once one is pushed', () => {
    const plan = openPlanId(db);
    expect(addOperations(db, plan, buildFillLossReason(db, { reason: 'Дорого' }))).toBe(4);
    expect(addOperations(db, plan, buildFillLossReason(db, { reason: 'Дорого' }))).toBe(0);
    // params that do not match the kind's schema: refused, and nothing of the batch is stored
    const good = buildTasksCreate(db, { text: 'x', dueDays: 1 });
    expect(() => addOperations(db, plan, [...good, { kind: 'tasks.create', entityType: 'leads', entityId: 1, params: { text: 'x' } }])).toThrow(/params do not match/);
    expect(listPlans(db).find((p) => p.id === plan)?.operations).toBe(4);
    setPlanStatus(db, plan, 'done');
    expect(openPlanId(db)).not.toBe(plan);
    expect(listPlans(db).map((p) => [p.id, p.status, p.operations])).toEqual([
      [plan, 'done', 4],
      [plan + 1, 'open', 0],
    ]);
  });

  it('turns the audit fix intents into operations and marks them planned', () => {
    const insert = db.prepare(
      "INSERT INTO audit_fix_intents (finding_id, operation, entity_type, entity_ids, params, created_at) VALUES (?, ?, ?, ?, ?, 0)",
    );
    insert.run('leads.lost_without_reason', 'fill.loss_reason', 'leads', JSON.stringify([5001, 5004]), null);
    insert.run('leads.active_without_task', 'tasks.create', 'leads', JSON.stringify([5002]), null);
    insert.run('tags.unused.contacts', 'tags.unused', 'contacts', JSON.stringify([301]), null);
    const noReason = buildFromIntents(db);
    expect(noReason.intentIds).toEqual([2]);
    expect(noReason.notes.join('\n')).toMatch(/no reason given[\s\S]*tags.unused/);
    const r = buildFromIntents(db, { reason: 'Дорого' });
    expect(r.operations.map((o) => `${o.kind}:${o.entityId}`)).toEqual(['fill.loss_reason:5001', 'fill.loss_reason:5004', 'tasks.create:5002']);
    const plan = openPlanId(db);
    addOperations(db, plan, r.operations);
    markIntentsPlanned(db, r.intentIds, plan);
    expect(db.prepare('SELECT status, plan_ref FROM audit_fix_intents ORDER BY id').all()).toEqual([
      { status: 'planned', plan_ref: `plan:${plan}` },
      { status: 'planned', plan_ref: `plan:${plan}` },
      { status: 'pending', plan_ref: null },
    ]);
    expect(listOperations(db, plan)[0]!.source).toBe('intent:1:leads.lost_without_reason');
  });

  it('reads the accepted merge decisions of the duplicates review', () => {
    const insert = db.prepare(
      `INSERT INTO match_decisions (entity_type, kind, member_ids, survivor_id, loser_ids, field_choices, created_at, undone_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`,
    );
    insert.run('contacts', 'merge', '[1001,1004]', 1001, '[1004]', JSON.stringify({ name: { from: 1004, value: 'Иван' } }), null);
    insert.run('contacts', 'merge', '[1002,1005]', 1002, '[1005]', null, 123);
    insert.run('contacts', 'not_duplicate', '[1003,1006]', null, null, null, null);
    const groups = acceptedMergeGroups(db);
    expect(groups).toEqual([{ entity: 'contacts', survivor: 1001, losers: [1004], choices: { name: 'Иван' } }]);
    expect(buildMerges(db, groups)[0]).toMatchObject({ kind: 'merge.survivor', entityId: 1001, params: { choices: { name: 'Иван' }, losers: [1004] } });
  });

  it('lists for the admin what the API cannot do, from the snapshot', () => {
    db.prepare("INSERT INTO tags (entity_type, id, name) VALUES ('contacts', 399, 'никем не используется')").run();
    db.prepare("INSERT INTO tags (entity_type, id, name) VALUES ('contacts', 398, 'amosweep:merged→1001')").run();
    db.prepare("INSERT INTO entity_tags (entity_type, entity_id, tag_id) VALUES ('contacts', 1004, 398)").run();
    db.prepare("INSERT INTO users (id, name, is_admin, rights_leads_delete, raw) VALUES (2, 'Менеджер', 0, 'A', '{}')").run();
    expect(adminChecklist(db).map((i) => `${i.kind}:${i.entityType}:${i.id}:${i.url}`)).toEqual([
      'tags.unused:contacts:399:https://test.amocrm.ru/contacts/list/',
      'merged.delete:contacts:1004:https://test.amocrm.ru/contacts/detail/1004',
      'users.can_delete:users:2:https://test.amocrm.ru/settings/users/',
    ]);
  });
});

const refusal = (request: Parameters<typeof buildOperations>[1]): PlanRequestError => {
  try {
    buildOperations(db, request);
  } catch (error) {
    if (error instanceof PlanRequestError) return error;
    throw error;
  }
  throw new Error(`${request.operation} was accepted`);
};

describe('buildOperations (one request → operations, for the app and the CLI)', () => {
  it('builds what the operation builders build, with the request parameters passed through', () => {
    const lost = buildOperations(db, { operation: 'fill.loss_reason', reason: 'Дорого' });
    expect(lost.length).toBeGreaterThan(0);
    expect(lost).toEqual(buildFillLossReason(db, { reason: 'Дорого' }));
    const some = lost.slice(0, 2).map((o) => o.entityId);
    expect(buildOperations(db, { operation: 'fill.loss_reason', reason: 'Дорого', ids: some }).map((o) => o.entityId)).toEqual(some);
    const tasks = buildOperations(db, { operation: 'tasks.create', text: 'Позвонить' });
    expect(tasks).toEqual(buildTasksCreate(db, { text: 'Позвонить', dueDays: 1 }));
  });

  it('names every missing parameter, as BAD_INPUT with details.missing', () => {
    const none = refusal({ operation: 'tags.detach' });
    expect(none.code).toBe('BAD_INPUT');
    expect(none.missing).toEqual(['tag', 'entity']);
    expect(none.details).toEqual({ missing: ['tag', 'entity'] });
    expect(refusal({ operation: 'tags.detach', tag: 'x' }).missing).toEqual(['entity']);
    expect(refusal({ operation: 'fill.loss_reason', reason: '' }).missing).toEqual(['reason']);
    expect(refusal({ operation: 'fields.delete' }).missing).toEqual(['field']);
    expect(refusal({ operation: 'fields.to_list' }).missing).toEqual(['field']);
    expect(refusal({ operation: 'tasks.create' }).missing).toEqual(['text']);
    expect(refusal({ operation: 'roles.create' }).missing).toEqual(['name']);
    expect(refusal({ operation: 'merge.contacts', survivor: 1001, losers: [] }).missing).toEqual(['losers']);
  });

  it('refuses contradictions and unknown operations without touching the file', () => {
    const before = db.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    expect(refusal({ operation: 'roles.create', name: 'X', preset: 'Менеджер опта', fromUser: 1 }).message).toMatch(/one source of rights/);
    expect(refusal({ operation: 'tags.detach', tag: 'x', entity: 'tasks' as never }).message).toMatch(/unknown entity type "tasks"/);
    expect(refusal({ operation: 'delete.everything' }).message).toMatch(/Unknown operation "delete.everything"/);
    expect(db.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual(before);
  });
});

describe('loss reasons suggested from the notes (fill.loss_reason --suggest)', () => {
  // smallAccount: lost deals without a reason are 5001, 5004, 5007, 5010, 5013, 5016; reasons 5 "Дорого", 6 "Не дозвонились"
  const note = (id: number, lead: number, text: string, at: number) => ({ id, entity_id: lead, note_type: 'common', created_at: at, updated_at: at, params: { text } });
  let sdb: SqliteDb;
  let scleanup: () => void;
  beforeEach(() => {
    const account = smallAccount(6);
    account.collections.leads_notes = [
      note(1, 5001, 'Клиент просит скидку 10%, говорит — дорого', 100),
      note(2, 5004, 'Позвонил утром', 100),
      note(3, 5007, 'Дорого для них', 100),
      note(4, 5007, 'Не дозвонились второй день', 200),
      note(5, 5013, 'Отправил КП', 100),
    ];
    // a completed task's result counts like a note
    account.collections.tasks = [...account.collections.tasks, { id: 990, entity_type: 'leads', entity_id: 5004, is_completed: true, text: 'Связаться', result: { text: 'Клиент не берёт трубку' }, created_at: 50, updated_at: 150 }];
    const t = tempFile();
    scleanup = t.cleanup;
    sdb = snapshotOf(account, t.file);
  });
  afterEach(() => {
    sdb.close();
    scleanup();
  });

  it('suggests the one reason the texts point to, with the text as evidence; a tie or silence suggests nothing', () => {
    const byLead = new Map(suggestLossReasons(sdb, [5001, 5004, 5007, 5010, 5013]).map((s) => [s.leadId, s]));
    expect(byLead.get(5001)).toMatchObject({ reasonId: 5, reasonName: 'Дорого', evidence: 'Клиент просит скидку 10%, говорит — дорого' });
    expect(byLead.get(5004)).toMatchObject({ reasonId: 6, evidence: 'Клиент не берёт трубку' });
    expect(byLead.get(5007)).toMatchObject({ reasonId: null, evidence: null }); // "дорого" once, "не дозвонились" once
    expect(byLead.get(5010)).toMatchObject({ reasonId: null }); // no notes at all
    expect(byLead.get(5013)).toMatchObject({ reasonId: null }); // a note that says nothing about why
  });

  it('plans the suggested reason per deal; the default reason covers the rest, and without one the rest is left out', () => {
    const reasonOf = (ops: ReturnType<typeof buildFillLossReason>) => Object.fromEntries(ops.map((o) => [o.entityId, (o.params as { lossReasonId: number }).lossReasonId]));
    expect(reasonOf(buildFillLossReason(sdb, { suggest: true }))).toEqual({ 5001: 5, 5004: 6 });
    expect(reasonOf(buildFillLossReason(sdb, { reason: 'Дорого', suggest: true }))).toEqual({ 5001: 5, 5004: 6, 5007: 5, 5010: 5, 5013: 5, 5016: 5 });
    expect(reasonOf(buildFillLossReason(sdb, { reason: 'Не дозвонились' }))).toEqual({ 5001: 6, 5004: 6, 5007: 6, 5010: 6, 5013: 6, 5016: 6 });
    const suggested = buildOperations(sdb, { operation: 'fill.loss_reason', suggest: true });
    expect(suggested.map((o) => o.source)).toEqual(['finding:leads.lost_without_reason+notes', 'finding:leads.lost_without_reason+notes']);
    expect(() => buildOperations(sdb, { operation: 'fill.loss_reason' })).toThrow(PlanRequestError);
    // a rejected suggestion: the deal is left out, even when a reason was chosen for the rest (never invented)
    expect(reasonOf(buildOperations(sdb, { operation: 'fill.loss_reason', suggest: true, reject: [5004] }))).toEqual({ 5001: 5 });
    expect(reasonOf(buildFillLossReason(sdb, { reason: 'Не дозвонились', suggest: true, reject: [5001] }))).toEqual({ 5004: 6, 5007: 6, 5010: 6, 5013: 6, 5016: 6 });
  });
});
