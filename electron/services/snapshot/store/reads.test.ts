// runtime: node
/**
 * The snapshot store's read functions on a small hand-built snapshot (the audit's test builders):
 * each returns what the core tables hold, in the documented order and shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addCompany,
  addContact,
  addField,
  addLead,
  addPipeline,
  addStandardFields,
  addStatusEvent,
  addTask,
  addUser,
  createTestSnapshot,
  EMAIL_FIELD,
  PHONE_FIELD,
  type TestSnapshot,
} from '../../audit/testing/test-snapshot';
import { asReader } from '../../db/handles';
import * as store from './index';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  const db = snap.db;
  addStandardFields(db);
  addContact(db, { id: 2, name: 'Анна', phones: ['+7 912 000-00-01'], emails: ['a@x.ru'] });
  addContact(db, { id: 1, name: 'Борис' });
  addContact(db, { id: 3, name: 'Удалён', isDeleted: true });
  addCompany(db, { id: 10, name: 'ООО Ромашка' });
  addPipeline(db, 5, 'Продажи', [{ id: 51, name: 'Новая' }]);
  addLead(db, { id: 100, status: 51, pipeline: 5, price: 300, contacts: [1, 2], companies: [10], lossReason: 0 });
  addLead(db, { id: 101, status: 143, pipeline: 5, closedAt: 1600000500, lossReason: 7 });
  addUser(db, { id: 9, name: 'Админ', admin: true, del: ['A', null, 'M'] });
  addTask(db, { id: 1, entityId: 100, done: false, type: 1, responsible: 9 });
  addTask(db, { id: 2, entityId: 101, done: true, type: 2, responsible: 9 });
  addStatusEvent(db, 'e2', 100, 1600000200, [5, 51], [5, 142]);
  addStatusEvent(db, 'e1', 100, 1600000100, null, [5, 51]);
  db.prepare("INSERT INTO tags (entity_type, id, name) VALUES ('contacts', 1, 'amosweep:merged→2'), ('contacts', 2, 'idle')").run();
  db.prepare("INSERT INTO entity_tags (entity_type, entity_id, tag_id) VALUES ('contacts', 1, 1)").run();
  db.prepare("INSERT INTO task_types (id, name, code, raw) VALUES (1, 'Звонок', 'CALL', '{}'), (77, 'Своя', NULL, '{}')").run();
  db.prepare("INSERT INTO loss_reasons (id, name, raw) VALUES (7, 'Дорого', '{}')").run();
  db.prepare(
    `INSERT INTO notes (entity_type, id, entity_id, note_type, created_at, responsible_user_id, created_by, raw) VALUES
     ('leads', 1, 100, 'call_in', 1600000300, NULL, 9, '{"params":{"uniq":"u1"}}'),
     ('contacts', 2, 1, 'call_in', 1600000330, 9, 9, '{"params":{"uniq":"u1"}}'),
     ('leads', 3, 101, 'call_out', 1600000600, 9, 9, '{}')`,
  ).run();
  db.prepare("INSERT INTO events (id, type, entity_type, entity_id, created_at, raw) VALUES ('c1', 'incoming_call', 'lead', 101, 1600000700, '{}')").run();
  db.prepare("INSERT INTO collections (name, finished_at) VALUES ('leads', 1600000900), ('contacts', 1600000800)").run();
  db.prepare("INSERT INTO account (id, name, subdomain, created_at, currency, raw) VALUES (42, 'Acme', 'acme', 1500000000, 'RUB', '{}')").run();
});
afterEach(() => snap.cleanup());

describe('snapshot store: reads', () => {
  it('cards: the live ones by id, and summaries with their phones and e-mails', () => {
    const db = asReader(snap.db);
    expect(store.liveCards(db, 'contacts')).toEqual([
      { id: 1, name: 'Борис' },
      { id: 2, name: 'Анна' },
    ]);
    expect(store.liveCards(db, 'companies')).toEqual([{ id: 10, name: 'ООО Ромашка' }]);
    const rows = store.cardSummaries(db, 'contacts', JSON.stringify([2, 3]));
    expect(rows.find((r) => r[0] === 2)).toEqual([2, 'Анна', '+7 912 000-00-01, a@x.ru']);
    expect(rows.find((r) => r[0] === 3)).toEqual([3, 'Удалён', null]);
  });

  it('leads: tuples with 0 for a missing loss reason, links, summaries with pipeline and stage names', () => {
    const db = asReader(snap.db);
    expect(store.liveLeadTuples(db)).toEqual([
      [100, 'Сделка 100', 300, 51, 5, null, null, 1600000000, null],
      [101, 'Сделка 101', 0, 143, 5, null, 7, 1600000000, 1600000500],
    ]);
    expect(store.leadLinkPairs(db)).toEqual({ contacts: [[100, 1], [100, 2]], companies: [[100, 10]] });
    expect(store.leadSummaries(db, '[100]')).toEqual([[100, 'Сделка 100', 'Продажи', 'Новая', 300, 1600000000]]);
  });

  it('fields: definitions, codes from definitions and from values, enums, the value stream in key order', () => {
    const db = asReader(snap.db);
    addField(snap.db, 'contacts', 300, 'Комментарий');
    snap.db.prepare("INSERT INTO field_values (entity_type, entity_id, field_id, field_type, idx, value) VALUES ('contacts', 1, 301, 'textarea', 0, 'x')").run();
    expect(store.cardAndLeadFieldDefs(db).map((f) => `${f.entityType}:${f.id}`)).toContain('contacts:300');
    expect(store.fieldsWithCode(db, 'PHONE').sort()).toEqual([['companies', PHONE_FIELD], ['contacts', PHONE_FIELD]]);
    expect(store.valueFieldsWithCode(db, 'EMAIL')).toEqual([['contacts', EMAIL_FIELD]]);
    expect(store.enumRows(db)).toContainEqual(['contacts', PHONE_FIELD, 1002, 'MOB']);
    expect(store.fieldEntityTypes(db).sort()).toEqual(['companies', 'contacts']);
    expect(store.contactValueFieldIds(db).sort()).toEqual([PHONE_FIELD, EMAIL_FIELD, 301].sort());
    expect(store.contactValueFieldType(db)(301)).toBe('textarea');
    expect(store.contactValueFieldType(db)(999)).toBeUndefined();
    const stream = store.fieldValueStream(db);
    expect([...stream('contacts')]).toEqual([
      [1, 301, null, null, 'x'],
      [2, PHONE_FIELD, null, 'MOB', '+7 912 000-00-01'],
      [2, EMAIL_FIELD, null, 'WORK', 'a@x.ru'],
    ]);
    expect([...stream('leads')]).toEqual([]);
    expect(store.fieldSummaries(db, JSON.stringify([['contacts', '300']]))).toEqual([['contacts', 300, 'Комментарий', 'text']]);
  });

  it('fields and tags: cards marked for deletion by a checkbox named "Удалить" or by a merged tag', () => {
    const db = asReader(snap.db);
    addField(snap.db, 'companies', 400, ' Удалить ', 'checkbox');
    snap.db.prepare("INSERT INTO field_values (entity_type, entity_id, field_id, idx, value) VALUES ('companies', 10, 400, 0, 'true')").run();
    expect(store.cardsTickedForDeletion(db)).toEqual([{ t: 'companies', id: 10 }]);
    expect(store.cardsTaggedLike(db, 'amosweep:merged→%')).toEqual([{ t: 'contacts', id: 1 }]);
    expect(store.tagUse(db, 'contacts')).toEqual([[1, 1], [2, null]]);
    expect(store.tagSummaries(db, JSON.stringify([['contacts', '2']]))).toEqual([['contacts', 2, 'idle']]);
  });

  it('tasks, notes and events: counts by window, twins, activity after close, status changes by time', () => {
    const db = asReader(snap.db);
    expect(store.leadIdsWithOpenTask(db)).toEqual([100]);
    expect(store.taskTypeCodes(db)).toEqual([{ id: 1, code: 'CALL' }, { id: 77, code: null }]);
    expect(store.usedTaskTypeIds(db).sort()).toEqual([1, 2]);
    expect(store.completedTasksByUser(db)).toEqual([[9, 1, 0, 1]]);
    expect(store.taskTypeSummaries(db, '[77]')).toEqual([[77, 'Своя', '']]);
    expect(store.noteCounter(db, ['call_in'])(1600000000, 1600000300)).toBe(1);
    expect(store.noteCounter(db, ['call_in', 'call_out'])(0, 2e9)).toBe(3);
    expect(store.eventCounter(db, ['incoming_call'])(1600000700, 2e9)).toBe(0);
    expect(store.notesAndEventsBetween(db, 0, 2e9)).toBe(3 + 3);
    expect(store.callNotesByUser(db).sort()).toEqual([[9, 3]]);
    expect(store.leadNotesTwinnedOnContacts(db, ['call_in', 'call_out'], 0, 2e9)).toEqual([[1, 100]]);
    expect(store.leadNotesAfterClose(db, ['call_out'], 0, 2e9)).toEqual([[3, 101]]);
    expect(store.leadEventsAfterClose(db, ['incoming_call'], 0, 2e9)).toEqual([['c1', 101]]);
    expect(store.noteSummaries(db, JSON.stringify([['leads', '3']]))).toEqual([['leads', 3, 'call_out', 101, 1600000600]]);
    expect(store.eventSummaries(db, '["c1"]')).toEqual([['c1', 'incoming_call', 'lead', 101, 1600000700]]);
    expect(store.leadStatusChangeRows(db).map((r) => r[1])).toEqual([1600000100, 1600000200]);
  });

  it('pipelines, users and the account', () => {
    const db = asReader(snap.db);
    expect(store.pipelineRows(db)).toEqual([{ id: 5, name: 'Продажи', sort: 5, isArchive: 0 }]);
    expect(store.statusRows(db).map((s) => s.id)).toEqual([51, 142, 143]);
    expect(store.pipelineSummaries(db, '[5]')).toEqual([[5, 'Продажи', 1]]);
    expect(store.statusSummaries(db, JSON.stringify([['5', '51']]))).toEqual([[5, 51, 'Продажи', 'Новая']]);
    expect(store.lossReasonRows(db)).toEqual([{ id: 7, name: 'Дорого' }]);
    expect(store.userTuples(db)).toEqual([[9, 'Админ', null, 1, 1, 'A', null, 'M']]);
    expect(store.userSummaries(db, '[9]')).toEqual([[9, 'Админ', '', 1, 1, 'A/-/M']]);
    expect(store.accountRow(db)).toEqual({ id: 42, name: 'Acme', subdomain: 'acme', created_at: 1500000000, currency: 'RUB' });
    expect(store.anyAccountId(db)).toBe(42);
    expect(store.lastCollectionFinishedAt(db)).toBe(1600000900);
  });
  it('cards for matching: raw JSON of the live ones, name and raw lookups, their leads and open pipelines', () => {
    const db = asReader(snap.db);
    snap.db.prepare(`UPDATE contacts SET raw = '{"id":' || id || '}', responsible_user_id = 9`).run();
    addLead(snap.db, { id: 102, status: 142, pipeline: 6, contacts: [1] });
    expect(store.liveCardRaws(db, 'contacts')).toEqual([{ raw: '{"id":1}' }, { raw: '{"id":2}' }]);
    expect(store.cardNameLookup(db, 'contacts')(3)).toEqual({ id: 3, name: 'Удалён' });
    expect(store.cardNameLookup(db, 'companies')(3)).toBeUndefined();
    expect(store.cardRawLookup(db, 'contacts')(2)).toEqual({ raw: '{"id":2}', r: 9 });
    expect(store.openLeadPipelinesOfCard(db, 'contacts')(1)).toEqual([{ p: 5 }]);
    expect(store.openLeadPipelinesOfCard(db, 'companies')(10)).toEqual([{ p: 5 }]);
    expect(store.leadCountsOfCard(db, 'contacts')(1)).toEqual({ n: 2, active: 1 });
    expect(store.leadCountsOfCard(db, 'companies')(99)).toEqual({ n: 0, active: null });
    expect(store.userNameLookup(db)(9)).toEqual({ name: 'Админ' });
    expect(store.userNameLookup(db)(8)).toBeUndefined();
  });
  it('entity tables: counts (live only or all), update times and authors, names, events since a moment', () => {
    const db = asReader(snap.db);
    snap.db.prepare(`UPDATE leads SET raw = '{"updated_by":9}' WHERE id = 100`).run();
    expect(store.rowCount(db, 'contacts', true)).toBe(2);
    expect(store.rowCount(db, 'contacts', false)).toBe(3);
    expect(store.rowCount(db, 'notes', false)).toBe(3);
    expect(store.updatedAtRows(db, 'leads')).toEqual([[100, 1600000000], [101, 1600000000]]);
    expect(store.updatedByRows(db, 'leads')).toEqual([[100, 1600000000, 9], [101, 1600000000, null]]);
    expect(store.cardDisplayName(db, 'companies')(10)).toEqual({ name: 'ООО Ромашка' });
    expect(store.cardDisplayName(db, 'companies')(11)).toBeUndefined();
    expect(store.eventIdsSince(db, 1600000150).sort()).toEqual(['c1', 'e2']);
    expect(store.eventsSince(db, 1600000700)).toEqual([{ id: 'c1', type: 'incoming_call', userId: null }]);
    expect(store.userNameRows(db)).toEqual([{ id: 9, name: 'Админ' }]);
  });

  it('naming texts: account, users (names, e-mails), cards and leads in that order; a table the file lacks is skipped', () => {
    const texts = [...store.namingTexts(asReader(snap.db))];
    expect(texts.slice(0, 3)).toEqual(['Acme', 'Админ', null]);
    expect(texts).toContain('ООО Ромашка');
    expect(texts.at(-1)).toBe('Сделка 101');
    snap.db.exec('DROP TABLE lead_contacts; DROP TABLE lead_companies; DROP TABLE leads');
    expect([...store.namingTexts(asReader(snap.db))].at(-1)).toBe('ООО Ромашка');
  });
  it('browse streams: live lists, phones and e-mails, tags, names, link counts, linked entities, one entity\'s fields', () => {
    const db = asReader(snap.db);
    snap.db.prepare("INSERT INTO contact_companies (contact_id, company_id) VALUES (2, 10)").run();
    expect([...store.liveCardListStream(db, 'contacts')].map((r) => r[0])).toEqual([1, 2]);
    expect([...store.liveLeadListStream(db)][0]).toEqual([100, 'Сделка 100', null, 1600000000, 1600000000, 51, 5, 300]);
    expect([...store.commValueStream(db, 'contacts', 'PHONE')]).toEqual([[2, '+7 912 000-00-01']]);
    expect([...store.commValueStream(db, 'contacts', 'EMAIL')]).toEqual([[2, 'a@x.ru']]);
    expect([...store.tagNameStream(db, 'contacts')]).toEqual([[1, 'amosweep:merged→2'], [2, 'idle']]);
    expect([...store.entityTagStream(db, 'contacts')]).toEqual([[1, 1]]);
    expect([...store.userNameStream(db)]).toEqual([[9, 'Админ']]);
    expect([...store.statusNameStream(db)]).toContainEqual([5, 51, 'Новая']);
    expect([...store.pipelineNameStream(db)]).toEqual([[5, 'Продажи']]);
    expect([...store.linkCountStream(db, 'leads:contacts')]).toEqual([[100, 2]]);
    expect([...store.linkCountStream(db, 'contacts:companies')]).toEqual([[2, 1]]);
    expect([...store.linkCountStream(db, 'companies:leads')]).toEqual([[10, 1]]);
    expect(store.linkedEntities(db, 'contacts', 2)).toEqual([
      { entity: 'leads', id: 100, name: 'Сделка 100' },
      { entity: 'companies', id: 10, name: 'ООО Ромашка' },
    ]);
    expect(store.linkedEntities(db, 'leads', 100).map((r) => `${r.entity}:${r.id}`)).toEqual(['contacts:1', 'contacts:2', 'companies:10']);
    expect(store.entityRaw(db, 'leads', 100)).toEqual({ raw: '{}' });
    expect(store.entityRaw(db, 'leads', 1)).toBeUndefined();
    expect(store.entityFieldValues(db, 'contacts', 2)).toEqual([
      { field_id: PHONE_FIELD, name: 'Телефон', value: '+7 912 000-00-01', enum_code: 'MOB' },
      { field_id: EMAIL_FIELD, name: 'Email', value: 'a@x.ru', enum_code: 'WORK' },
    ]);
  });
  it('plan reads: checklist rows, loss reasons in order, lead texts, lookups, phone and e-mail fields and their values', () => {
    const db = asReader(snap.db);
    addUser(snap.db, { id: 8, name: 'Может удалять', del: ['D', 'A', 'D'] });
    addUser(snap.db, { id: 7, name: 'Не может', del: ['D', 'D', null] });
    snap.db.prepare("INSERT INTO loss_reasons (id, name, sort, raw) VALUES (3, 'Не дозвонились', 1, '{}')").run();
    snap.db.prepare('UPDATE loss_reasons SET sort = 5 WHERE id = 7').run();
    snap.db.prepare("UPDATE tasks SET result_text = 'Дорого' WHERE id = 2").run();
    snap.db.prepare(`UPDATE contacts SET raw = '{"id":2}' WHERE id = 2`).run();
    expect(store.accountSubdomain(db)).toBe('acme');
    expect(store.unusedTagsByName(db, 'contacts')).toEqual([{ id: 2, name: 'idle' }]);
    expect(store.entitiesTaggedLike(db, 'contacts', 'amosweep:merged→%')).toEqual([{ id: 1, name: 'amosweep:merged→2' }]);
    expect(store.nonAdminsWhoCanDelete(db)).toEqual([{ id: 8, name: 'Может удалять' }]);
    expect(store.lossReasonsInOrder(db)).toEqual([{ id: 3, name: 'Не дозвонились' }, { id: 7, name: 'Дорого' }]);
    expect([...store.leadNoteStream(db)].map((r) => r[0])).toEqual([100, 101]);
    expect([...store.leadTaskResultStream(db)]).toEqual([[101, null, 'Дорого']]);
    expect(store.leadNameLookup(db)(101)).toBe('Сделка 101');
    expect(store.leadNameLookup(db)(1)).toBeUndefined();
    expect(store.lostLeadsWithoutReason(db)).toEqual([]);
    snap.db.prepare('UPDATE leads SET loss_reason_id = 0 WHERE id = 101').run();
    expect(store.lostLeadsWithoutReason(db)).toEqual([{ id: 101, pipeline_id: 5 }]);
    expect(store.entityRawLookup(db, 'contacts')(2)).toEqual({ raw: '{"id":2}' });
    expect(store.fieldNameLookup(db)('contacts', PHONE_FIELD)).toEqual({ name: 'Телефон' });
    expect(store.cardCommFieldDefs(db).length).toBe(4);
    expect(store.cardCommValueFields(db).sort((a, b) => a.field_id - b.field_id)).toEqual([
      { entity_type: 'contacts', field_id: PHONE_FIELD, field_code: 'PHONE' },
      { entity_type: 'contacts', field_id: EMAIL_FIELD, field_code: 'EMAIL' },
    ]);
    expect(store.liveCardsWithValuesOf(db, 'contacts', [PHONE_FIELD, EMAIL_FIELD])).toEqual([2]);
    expect(store.liveCardsWithValuesOf(db, 'companies', [PHONE_FIELD])).toEqual([]);
    expect(store.entitiesWithValuesOf(db, 'contacts', EMAIL_FIELD)).toEqual([2]);
    expect(store.storedFieldValues(db, 'contacts', PHONE_FIELD, 2)).toEqual([{ value: '+7 912 000-00-01', enum_id: null }]);
  });
  it('push reads: update times, live ids and raws, fields, notes, links, open tasks, roles, tags, stages, names', () => {
    const db = asReader(snap.db);
    snap.db.prepare("INSERT INTO contact_companies (contact_id, company_id) VALUES (2, 10)").run();
    snap.db.prepare("INSERT INTO roles (id, name, raw) VALUES (4, 'Менеджер', '{\"rights\":{}}')").run();
    snap.db.prepare("UPDATE users SET raw = '{\"rights\":{\"leads\":{}}}' WHERE id = 9").run();
    snap.db.prepare("INSERT INTO statuses (pipeline_id, id, name, sort, type, raw) VALUES (5, 52, 'Пустой', 5, 0, '{}')").run();
    addField(snap.db, 'contacts', 300, 'Удалить', 'checkbox');
    expect(store.entityUpdatedAt(db, 'leads', 100)).toBe(1600000000);
    expect(store.entityUpdatedAt(db, 'tasks', 999)).toBeNull();
    expect(store.liveEntityIds(db, 'contacts').sort()).toEqual([1, 2]);
    expect(store.liveEntityRawLookup(db, 'contacts')(3)).toBeUndefined();
    expect(store.liveEntityRawLookup(db, 'contacts')(1)).toEqual({ raw: '{}' });
    expect(store.commFieldsOf(db, 'contacts')).toEqual([{ id: PHONE_FIELD, code: 'PHONE' }, { id: EMAIL_FIELD, code: 'EMAIL' }]);
    expect(store.checkboxFieldsOf(db, 'contacts')).toEqual([{ id: 300, name: 'Удалить' }]);
    expect(store.fieldNamesOf(db, 'companies').map((f) => f.id).sort()).toEqual([PHONE_FIELD, EMAIL_FIELD]);
    expect(store.fieldById(db, 300)).toEqual({ entity_type: 'contacts', id: 300, name: 'Удалить', type: 'checkbox', is_deletable: 1 });
    expect(store.fieldById(db, 301)).toBeUndefined();
    expect(store.notesOfEntities(db, 'leads', [100, 101]).map((n) => n.entity_id)).toEqual([100, 101]);
    expect(store.leadsOfContact(db, 1)).toEqual([{ lead_id: 100, is_main: 0 }]);
    expect(store.contactHasCompany(db, 2)).toBe(true);
    expect(store.contactHasCompany(db, 1)).toBe(false);
    expect(store.firstCompanyOfContact(db, 2)).toEqual({ company_id: 10 });
    expect(store.leadsOfCompany(db, 10)).toEqual([{ lead_id: 100 }]);
    expect(store.contactsOfCompany(db, 10)).toEqual([{ contact_id: 2 }]);
    expect(store.openTasksOf(db, 'leads', 100)).toEqual([{ id: 1 }]);
    expect(store.openLeadsWithoutOpenTask(db)).toEqual([]);
    snap.db.prepare('UPDATE tasks SET is_completed = 1 WHERE id = 1').run();
    expect(store.openLeadsWithoutOpenTask(db)).toEqual([{ id: 100, responsible_user_id: null }]);
    expect(store.userRaw(db, 9)).toEqual({ raw: '{"rights":{"leads":{}}}' });
    expect(store.roleRaw(db, 4)).toEqual({ raw: '{"rights":{}}' });
    expect(store.roleRows(db)).toEqual([{ id: 4, name: 'Менеджер', raw: '{"rights":{}}' }]);
    expect(store.roleNames(db)).toEqual([{ id: 4, name: 'Менеджер' }]);
    expect(store.tagByNameOrId(db, 'contacts', 'idle')).toEqual({ id: 2, name: 'idle' });
    expect(store.tagByNameOrId(db, 'contacts', '1')).toEqual({ id: 1, name: 'amosweep:merged→2' });
    expect(store.liveEntitiesWithTag(db, 'contacts', 1)).toEqual([1]);
    expect(store.emptyWorkingStages(db).map((s) => s.id)).toEqual([52]);
    expect(store.lossReasonName(db, 7)).toBe('Дорого');
    expect(store.statusName(db, 51, null)).toEqual({ name: 'Новая' });
    expect(store.statusName(db, 51, 6)).toBeUndefined();
    expect(store.liveContactExists(db)(3)).toBe(false);
    expect(store.liveContactExists(db)(2)).toBe(true);
  });
});
