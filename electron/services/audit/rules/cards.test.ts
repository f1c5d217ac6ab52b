// runtime: node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditContext } from '../context';
import { addCompany, addContact, addField, addFieldValue, addLead, addStandardFields, createTestSnapshot, type TestSnapshot } from '../testing/test-snapshot';
import type { AuditRule } from '../types';
import { duplicatesEmail, duplicatesPhone } from './duplicates';
import { invalidContacts } from './invalid-contacts';
import { nodealsCompanies, nodealsContacts } from './nodeals';
import { nonameCompanies, nonameContacts } from './noname';
import { nophoneContacts } from './nophone-contacts';
import { phonesNonMobileEnum } from './phones-non-mobile-enum';
import { stuffedEmail, stuffedPhone } from './stuffed';

let snap: TestSnapshot;
beforeEach(() => {
  snap = createTestSnapshot();
  addStandardFields(snap.db);
});
afterEach(() => snap.cleanup());

const run = (rule: AuditRule) => rule.run(new AuditContext(snap.db));
const ids = (rule: AuditRule, type: string) => run(rule).entities.find((e) => e.entityType === type)?.ids ?? [];

describe('duplicates.phone', () => {
  it('joins 8XXX and +7XXX, counts cards and connected groups across contacts and companies', () => {
    addContact(snap.db, { id: 1, phones: ['89123456789'] });
    addContact(snap.db, { id: 2, phones: ['+7 (912) 345-67-89'] });
    addCompany(snap.db, { id: 3, phones: ['8 912 345 67 89'] });
    // a chain: 4 and 5 share one number, 5 and 6 another (a stuffed value): one group of three
    addContact(snap.db, { id: 4, phones: ['+79220000001'] });
    addContact(snap.db, { id: 5, phones: ['89220000001, 89220000002'] });
    addContact(snap.db, { id: 6, phones: ['+7 922 000-00-02'] });
    addContact(snap.db, { id: 7, phones: ['+79990001122'] });
    // the same number twice on one card is not a duplicate
    addContact(snap.db, { id: 8, phones: ['89335556677', '+79335556677'] });
    const r = run(duplicatesPhone);
    expect(r.count).toBe(6);
    expect(r.groups).toBe(2);
    expect(ids(duplicatesPhone, 'contacts')).toEqual([1, 2, 4, 5, 6]);
    expect(ids(duplicatesPhone, 'companies')).toEqual([3]);
    expect(r.groupList?.map((g) => g.length).sort()).toEqual([3, 3]);
  });

  it('does not count cards merged away by a push (tag amosweep:merged→id) or ticked "Удалить"', () => {
    addContact(snap.db, { id: 1, phones: ['89123456789'] });
    addContact(snap.db, { id: 2, phones: ['+79123456789'] });
    addContact(snap.db, { id: 3, phones: ['8 912 345 67 89'] });
    expect(run(duplicatesPhone)).toMatchObject({ count: 3, groups: 1 });
    snap.db.prepare("INSERT INTO tags (entity_type, id, name) VALUES ('contacts', 77, 'amosweep:merged→1')").run();
    snap.db.prepare("INSERT INTO entity_tags (entity_type, entity_id, tag_id) VALUES ('contacts', 2, 77)").run();
    expect(run(duplicatesPhone)).toMatchObject({ count: 2, groups: 1, evidence: { mergedAway: 1 } });
    addField(snap.db, 'contacts', 300, 'Удалить', 'checkbox');
    addFieldValue(snap.db, 'contacts', 3, 300, 'true');
    expect(run(duplicatesPhone)).toMatchObject({ count: 0, groups: 0, evidence: { mergedAway: 2 } });
  });

  it('ignores deleted cards, empty and invalid values', () => {
    addContact(snap.db, { id: 1, phones: ['89123456789'] });
    addContact(snap.db, { id: 2, phones: ['89123456789'], isDeleted: true });
    addContact(snap.db, { id: 3, phones: ['', 'нет телефона', { value: null }] });
    addContact(snap.db, { id: 4, phones: ['нет телефона'] });
    expect(run(duplicatesPhone).count).toBe(0);
  });
});

describe('duplicates.email', () => {
  it('trims and lower-cases, counts only valid addresses', () => {
    addContact(snap.db, { id: 1, emails: ['  Ivan@Mail.RU '] });
    addCompany(snap.db, { id: 2, emails: ['ivan@mail.ru; sales@firm.ru'] });
    addContact(snap.db, { id: 3, emails: ['SALES@firm.ru'] });
    addContact(snap.db, { id: 4, emails: ['ivan@mail'] });
    addContact(snap.db, { id: 5, emails: ['ivan@mail'] });
    const r = run(duplicatesEmail);
    expect(r.count).toBe(3);
    expect(r.groups).toBe(1);
  });
});

describe('stuffed.*', () => {
  it('flags a value with two numbers, a repeated number included, and the words и/или', () => {
    addContact(snap.db, { id: 1, phones: ['89123456789, 89221112233'] });
    addContact(snap.db, { id: 2, phones: ['89123456789; 89123456789'] });
    addContact(snap.db, { id: 3, phones: ['+7 912 345-67-89 или 8 (922) 111-22-33'] });
    addContact(snap.db, { id: 4, phones: ['89123456789', '89221112233'] });
    addCompany(snap.db, { id: 5, phones: ['89123456789\n89221112233'] });
    addContact(snap.db, { id: 6, emails: ['a@b.ru, c@d.ru'] });
    addContact(snap.db, { id: 7, emails: ['a@b.ru'] });
    expect(run(stuffedPhone).count).toBe(4);
    expect(ids(stuffedPhone, 'contacts')).toEqual([1, 2, 3]);
    expect(ids(stuffedPhone, 'companies')).toEqual([5]);
    expect(run(stuffedEmail).count).toBe(1);
    expect(ids(stuffedEmail, 'contacts')).toEqual([6]);
  });
});

describe('invalid.contacts', () => {
  it('flags a phone value with no valid number or an e-mail value with no valid address', () => {
    addContact(snap.db, { id: 1, phones: ['12345'] });
    addContact(snap.db, { id: 2, emails: ['ivan@mail'] });
    addContact(snap.db, { id: 3, phones: ['89123456789, мусор'] });
    addContact(snap.db, { id: 4, phones: ['89123456789'], emails: ['ok@mail.ru'] });
    addContact(snap.db, { id: 5, phones: ['   '] });
    addCompany(snap.db, { id: 6, phones: ['12345'] });
    expect(ids(invalidContacts, 'contacts')).toEqual([1, 2]);
    expect(run(invalidContacts).evidence).toEqual({ phone: 1, email: 1 });
  });
});

describe('noname.*', () => {
  it('flags empty names and the placeholders, keeps unicode names', () => {
    addContact(snap.db, { id: 1, name: '' });
    addContact(snap.db, { id: 2, name: '   ' });
    addContact(snap.db, { id: 3, name: null });
    addContact(snap.db, { id: 4, name: 'Без имени' });
    addContact(snap.db, { id: 5, name: ' Контакт без имени ' });
    addContact(snap.db, { id: 6, name: 'Контакт #123456' });
    addContact(snap.db, { id: 7, name: 'Ёжиков Пётр' });
    addContact(snap.db, { id: 8, name: '王小明 🙂' });
    addContact(snap.db, { id: 9, name: 'Контакт без имени', isDeleted: true });
    addCompany(snap.db, { id: 10, name: 'Компания без названия' });
    addCompany(snap.db, { id: 11, name: 'ООО «Ромашка»' });
    expect(ids(nonameContacts, 'contacts')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(run(nonameContacts).total).toBe(8);
    expect(ids(nonameCompanies, 'companies')).toEqual([10]);
  });
});

describe('nophone.contacts', () => {
  it('flags contacts with no phone value at all', () => {
    addContact(snap.db, { id: 1, phones: ['89123456789'] });
    addContact(snap.db, { id: 2, emails: ['a@b.ru'] });
    addContact(snap.db, { id: 3 });
    addContact(snap.db, { id: 4, phones: ['мусор'] });
    addContact(snap.db, { id: 5, phones: [{ value: null }] });
    expect(ids(nophoneContacts, 'contacts')).toEqual([2, 3, 5]);
  });
});

describe('nodeals.*', () => {
  it('flags cards linked to no deal', () => {
    addContact(snap.db, { id: 1 });
    addContact(snap.db, { id: 2 });
    addCompany(snap.db, { id: 3 });
    addCompany(snap.db, { id: 4 });
    addLead(snap.db, { id: 10, contacts: [1], companies: [3] });
    expect(ids(nodealsContacts, 'contacts')).toEqual([2]);
    expect(ids(nodealsCompanies, 'companies')).toEqual([4]);
  });
});

describe('phones.non_mobile_enum', () => {
  it('flags enums other than MOB and numbers in text fields', () => {
    addField(snap.db, 'contacts', 200, 'Комментарий', 'textarea');
    addField(snap.db, 'contacts', 201, 'Дата', 'date');
    addContact(snap.db, { id: 1, phones: [{ value: '89123456789', enum: 'WORK' }] });
    addContact(snap.db, { id: 2, phones: [{ value: '89123456789', enum: 'MOB' }] });
    addContact(snap.db, { id: 3, phones: ['89123456789'], fields: [[200, 'звонить на 8 922 111-22-33 вечером']] });
    addContact(snap.db, { id: 4, fields: [[200, 'без номера, просто текст 12']] });
    addContact(snap.db, { id: 5, fields: [[201, '1588896000']] });
    addContact(snap.db, { id: 6, phones: [{ value: '89123456789', enum: 'OTHER' }, { value: '89221112233', enum: 'MOB' }] });
    expect(ids(phonesNonMobileEnum, 'contacts')).toEqual([1, 3, 6]);
    expect(run(phonesNonMobileEnum).evidence).toEqual({ byEnum: 2, inOtherField: 1 });
  });

  it('resolves the enum code from the field enums when only enum_id is stored', () => {
    addContact(snap.db, { id: 1 });
    snap.db
      .prepare("INSERT INTO field_values (entity_type, entity_id, field_id, idx, enum_id, value) VALUES ('contacts', 1, 100, 0, 1004, '89123456789')")
      .run();
    expect(ids(phonesNonMobileEnum, 'contacts')).toEqual([1]);
  });
});
