// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditContext } from '../context';
import {
  addContact,
  addField,
  addFieldValue,
  addLead,
  addPipeline,
  addStatusEvent,
  addTask,
  addUser,
  createTestSnapshot,
  type TestSnapshot,
} from '../testing/test-snapshot';
import type { AuditOptions, AuditRule } from '../types';
import { accountUsers } from './account';
import { fieldsKeyFill, fieldsLowFill, fieldsTextAsList, fieldsUnused } from './fields';
import { pipelinesOverloaded, pipelinesUnusedStages } from './pipelines';
import { tagsUnusedCompanies, tagsUnusedContacts, tagsUnusedLeads } from './tags-unused';
import { taskTypesUnused } from './task-types-unused';
import { usersAdmins, usersCanDelete, usersInactive } from './users';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
});
afterEach(() => snap.cleanup());

const run = (rule: AuditRule, options: AuditOptions = {}) => rule.run(new AuditContext(snap.db, options));
const ids = (rule: AuditRule, options: AuditOptions = {}) => run(rule, options).entities.flatMap((e) => e.ids);
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('task_types.unused', () => {
  it('flags custom task types with no task; the standard ones are not custom', () => {
    const tt = snap.db.prepare("INSERT INTO task_types (id, name, code, raw) VALUES (?, ?, ?, '{}')");
    tt.run(1, 'Звонок', 'FOLLOW_UP');
    tt.run(2, 'Встреча', 'MEETING');
    tt.run(500, 'Отправить КП', null);
    tt.run(501, 'Замер', null);
    tt.run(502, 'Доставка 🚚', null);
    addTask(snap.db, { id: 1, type: 501, entityId: 1 });
    expect(ids(taskTypesUnused)).toEqual([500, 502]);
  });
});

describe('tags.unused.*', () => {
  it('checks each entity type apart (tag ids are per type)', () => {
    const tag = snap.db.prepare('INSERT INTO tags (entity_type, id, name) VALUES (?, ?, ?)');
    tag.run('leads', 1, 'опт');
    tag.run('leads', 2, 'розница');
    tag.run('contacts', 1, 'vip');
    tag.run('companies', 5, 'дилер');
    snap.db.prepare('INSERT INTO entity_tags (entity_type, entity_id, tag_id) VALUES (?, ?, ?)').run('leads', 10, 1);
    snap.db.prepare('INSERT INTO entity_tags (entity_type, entity_id, tag_id) VALUES (?, ?, ?)').run('companies', 10, 1);
    expect(ids(tagsUnusedLeads)).toEqual(['leads:2']);
    expect(ids(tagsUnusedContacts)).toEqual(['contacts:1']);
    expect(ids(tagsUnusedCompanies)).toEqual(['companies:5']);
  });
});

describe('fields.*', () => {
  it('unused, low fill (strictly under 5 %), text as list and key fill', () => {
    addField(snap.db, 'contacts', 1, 'Город');
    addField(snap.db, 'contacts', 2, 'Хобби');
    addField(snap.db, 'contacts', 3, 'Пусто');
    addField(snap.db, 'contacts', 4, 'Откуда контакт', 'select');
    addField(snap.db, 'leads', 5, 'roistat');
    for (let i = 1; i <= 100; i++) {
      addContact(snap.db, { id: i });
      addFieldValue(snap.db, 'contacts', i, 1, ['Москва', 'Казань', 'Пермь'][i % 3]!);
      if (i <= 5) addFieldValue(snap.db, 'contacts', i, 2, `хобби ${i}`);
      if (i <= 4) addFieldValue(snap.db, 'contacts', i, 4, 'Сайт');
    }
    addFieldValue(snap.db, 'contacts', 1, 3, '   ');
    addFieldValue(snap.db, 'contacts', 2, 3, null);
    for (let i = 1; i <= 10; i++) addLead(snap.db, { id: i });
    addFieldValue(snap.db, 'leads', 1, 5, '12345');
    expect(ids(fieldsUnused)).toEqual(['contacts:3']);
    // Хобби is at exactly 5 %: not low; Пусто (0 %) and Откуда контакт (4 %) are
    expect(ids(fieldsLowFill)).toEqual(['contacts:3', 'contacts:4']);
    expect(ids(fieldsLowFill, { lowFillThreshold: 0.06 })).toEqual(['contacts:2', 'contacts:3', 'contacts:4']);
    expect(ids(fieldsTextAsList)).toEqual(['contacts:1']);
    const key = run(fieldsKeyFill);
    expect(key.count).toBe(96 + 9);
    expect(key.total).toBe(110);
    expect((key.evidence?.fields as { rate: number }[]).map((f) => f.rate)).toEqual([0.04, 0.1]);
  });

  it('a text field with 10 000 values: many distinct is not a list, few distinct is', () => {
    addField(snap.db, 'leads', 1, 'Комментарий');
    addField(snap.db, 'leads', 2, 'Бренд');
    const insert = snap.db.transaction(() => {
      for (let i = 1; i <= 10_000; i++) {
        addLead(snap.db, { id: i });
        addFieldValue(snap.db, 'leads', i, 1, `комментарий №${i} — «уникальный»`);
        addFieldValue(snap.db, 'leads', i, 2, `Бренд ${i % 30}`);
      }
    });
    insert();
    expect(ids(fieldsTextAsList)).toEqual(['leads:2']);
    expect(ids(fieldsUnused)).toEqual([]);
    expect(ids(fieldsLowFill)).toEqual([]);
  });
});

describe('pipelines.*', () => {
  it('overloaded: more than 10 working stages, the unsorted stage, 142 and 143 excluded', () => {
    addPipeline(snap.db, 1, 'Розница', [{ id: 99, type: 1 }, ...Array.from({ length: 11 }, (_, i) => ({ id: 10 + i }))]);
    addPipeline(snap.db, 2, 'Опт', [{ id: 98, type: 1 }, ...Array.from({ length: 10 }, (_, i) => ({ id: 30 + i }))]);
    expect(ids(pipelinesOverloaded)).toEqual([1]);
    expect(ids(pipelinesOverloaded, { maxWorkingStages: 9 })).toEqual([1, 2]);
  });

  it('unused stages: no status change into it and no deal created in it inside the window', () => {
    addPipeline(snap.db, 1, 'Продажи', [{ id: 99, type: 1 }, { id: 10 }, { id: 11 }, { id: 12 }, { id: 13 }]);
    const asOf = new Date('2020-12-31T00:00:00Z');
    // created in 10 inside the window, moved to 11
    addLead(snap.db, { id: 1, status: 11, createdAt: t('2020-10-01') });
    addStatusEvent(snap.db, 'a', 1, t('2020-10-02'), [1, 10], [1, 11]);
    // moved into 12 before the window
    addLead(snap.db, { id: 2, status: 12, createdAt: t('2019-01-01') });
    addStatusEvent(snap.db, 'b', 2, t('2019-02-01'), [1, 10], [1, 12]);
    // 13 never entered; nor did the unsorted stage, 142 and 143 (every status counts)
    expect(ids(pipelinesUnusedStages, { asOf })).toEqual(['1:99', '1:12', '1:13', '1:142', '1:143']);
    expect(run(pipelinesUnusedStages, { asOf }).total).toBe(7);
    expect(run(pipelinesUnusedStages, { asOf }).evidence).toEqual({ working: 2, system: 3 });
    // the window is (asOf - 6 calendar months, asOf]; Dec 31 - 6 months is "June 31", i.e. July 1
    // (JavaScript's month arithmetic, as the generator's truth uses it). Its very start does not count.
    addLead(snap.db, { id: 3, status: 13, createdAt: t('2019-01-01') });
    addStatusEvent(snap.db, 'c', 3, t('2020-07-01'), [1, 12], [1, 13]);
    expect(ids(pipelinesUnusedStages, { asOf })).toContain('1:13');
    addStatusEvent(snap.db, 'd', 3, t('2020-07-01') + 1, [1, 12], [1, 13]);
    expect(ids(pipelinesUnusedStages, { asOf })).not.toContain('1:13');
  });
});

describe('users.*', () => {
  it('admins, non-admins with a delete right, deactivated users (every user counts)', () => {
    addUser(snap.db, { id: 1, admin: true, del: ['A', 'A', 'A'] });
    addUser(snap.db, { id: 2, admin: true, active: false });
    addUser(snap.db, { id: 3, del: ['D', 'M', 'D'] });
    addUser(snap.db, { id: 4, del: ['G', 'D', 'D'] });
    addUser(snap.db, { id: 5, del: ['D', 'D', 'D'] });
    addUser(snap.db, { id: 6, del: [null, null, null], active: false });
    expect(run(accountUsers).count).toBe(6);
    expect(ids(usersAdmins)).toEqual([1, 2]);
    expect(ids(usersCanDelete)).toEqual([3, 4]);
    expect(ids(usersInactive)).toEqual([2, 6]);
  });
});
