// runtime: node
/**
 * Issue 11: every class of miss and of wrong merge on Russian CRM data, in both directions, with
 * the default (balanced) preset. Each case is a small account: the pair under test plus filler
 * cards so that frequencies look like an account's.
 */
import { describe, expect, it } from 'vitest';
import { runMatch } from './engine';
import { presetRules } from './rules';
import { buildComparator, NULL_LEVEL } from './comparators';
import type { AmoEntity, EntityKind } from './types';

let nextId = 1;
function card(name: string, phones: string[] = [], emails: string[] = [], extra: { web?: string; address?: string; city?: string } = {}): AmoEntity {
  const cfs: NonNullable<AmoEntity['custom_fields_values']> = [];
  if (phones.length) cfs.push({ field_code: 'PHONE', values: phones.map((value) => ({ value, enum_code: 'WORK' })) });
  if (emails.length) cfs.push({ field_code: 'EMAIL', values: emails.map((value) => ({ value, enum_code: 'WORK' })) });
  if (extra.web) cfs.push({ field_code: 'WEB', values: [{ value: extra.web }] });
  if (extra.address) cfs.push({ field_code: 'ADDRESS', values: [{ value: extra.address }] });
  if (extra.city) cfs.push({ field_name: 'Город', values: [{ value: extra.city }] });
  return { id: nextId++, name, custom_fields_values: cfs };
}

const GIVEN = ['Иван', 'Пётр', 'Сергей', 'Ольга', 'Анна', 'Мария', 'Дмитрий', 'Елена', 'Николай', 'Татьяна'];
const SUR = ['Орлов', 'Зуев', 'Гусев', 'Титов', 'Лапин', 'Котов', 'Фомин', 'Носов', 'Жуков', 'Шилов'];

/** Unrelated cards around the pair: distinct names, phones and mailboxes. */
function filler(n: number, companies = false): AmoEntity[] {
  const out: AmoEntity[] = [];
  for (let k = 0; k < n; k++) {
    const d = String(1_000_000 + k * 7919).slice(-7);
    out.push(
      companies
        ? card(`ООО «Фирма${k}${SUR[k % 10]}»`, [`+7 (343) ${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}`], [`office@firm${k}.ru`])
        : card(`${GIVEN[k % 10]} ${SUR[Math.floor(k / 10) % 10]}${k}`, [`+7 916 ${d}`], [`user${k}@mail.ru`]),
    );
  }
  return out;
}

/** true when the matcher puts a and b in one group (with the filler around them). */
function together(entity: EntityKind, cards: AmoEntity[], a: AmoEntity, b: AmoEntity): boolean {
  const all = [...filler(120, entity === 'companies'), ...cards];
  const { groups } = runMatch(all, { rules: presetRules('balanced', entity) });
  return groups.some((g) => g.ids.includes(a.id) && g.ids.includes(b.id));
}

function pair(entity: EntityKind, a: AmoEntity, b: AmoEntity, others: AmoEntity[] = []): boolean {
  return together(entity, [a, b, ...others], a, b);
}

describe('contacts: duplicates found (default preset)', () => {
  it.each([
    ['Входящий звонок', '+7 912 345-67-89'],
    ['Входящий звонок +7 (912) 345-67-89', '89123456789'],
    ['Клиент', '8 912 345 67 89'],
    ['', '+79123456789'],
    ['89123456789', '+79123456789'],
    ['Контакт #4512', '+79123456789'],
    ['Заявка с сайта okna-dom.ru', '+79123456789'],
    ['Клиент WhatsApp', '+79123456789'],
  ])('a placeholder card "%s" and its named twin on one mobile', (placeholder, phone) => {
    expect(pair('contacts', card('Смирнова Маргарита', ['+7 (912) 345-67-89'], ['rita@mail.ru']), card(placeholder, [phone]))).toBe(true);
  });

  it('a phone number used as the e-mail login, compared with the phone', () => {
    expect(pair('contacts', card('Олег Быков', ['9961067702']), card('Олег', [], ['89961067702@mail.ru']))).toBe(true);
  });

  it.each([
    ['ivan.orlov@yandex.ru', 'ivan.orlov@ya.ru'],
    ['ivanorlov@gmail.com', 'ivan.orlov+crm@gmail.com'],
    ['Ivan.Orlov@Mail.ru', 'ivan.orlov@mail.ry'],
  ])('mailbox aliases and domain slips: %s = %s', (x, y) => {
    expect(pair('contacts', card('Орлов Иван', [], [x]), card('Иван', [], [y]))).toBe(true);
  });

  it('a one-digit slip in the phone while the full name agrees', () => {
    expect(pair('contacts', card('Киселёв Андрей', ['+7 903 111-22-33']), card('Андрей Киселев', ['+7 903 111-29-33']))).toBe(true);
  });

  it('a one-digit slip in the phone while the first name agrees and one card has no surname (a patronymic instead)', () => {
    // the first name and the number's first digits put the pair in one block; a missing surname is no disagreement
    expect(pair('contacts', card('Валентина Прохорова', ['+7 (927) 081-40-12']), card('Валентина Петровна', ['79270814512']))).toBe(true);
  });

  it('a one-digit slip in the phone does not join two people: other first names, or other surnames', () => {
    expect(pair('contacts', card('Валентина Прохорова', ['+7 (927) 081-40-12']), card('Ирина Петровна', ['79270814512']))).toBe(false);
    expect(pair('contacts', card('Валентина Прохорова', ['+7 (927) 081-40-12']), card('Валентина Смирнова', ['79270814512']))).toBe(false);
  });

  it('a mailbox named by the phone number is compared as the phone, not held against a named mailbox', () => {
    const full = card('Лазарева Вера', ['9932515390'], ['lazareva01@mail.ru']);
    const login = card('Вера', [], ['89932515390@yandex.ru']);
    const retyped = card('Вера Лазарева', [], ['LAZAREVA01@MAIL.RU']);
    expect(together('contacts', [full, login, retyped], login, retyped)).toBe(true);
    const cs = buildComparator({ id: 'email', kind: 'email', m: [0.9, 0.005, 0.005, 0.09] }, [login, retyped, card('Вера Лазарева', [], ['vera.l@bk.ru'])]);
    expect(cs.level(0, 1)).toBe(NULL_LEVEL);
    expect(cs.level(1, 2)).toBe(3);
  });

  it('a namesake whose mailbox is another phone number stays apart: the number disagrees', () => {
    expect(pair('contacts', card('Кузнецов Сергей', ['+7 916 100-00-01']), card('Сергей Кузнецов', [], ['89262000002@mail.ru']))).toBe(false);
  });

  it('a slip in the mailbox name while the full name agrees', () => {
    expect(pair('contacts', card('Козлова Кристина', [], ['kkozlova@bk.ru']), card('Кристина Козлова', [], ['kkozllova@bk.ru']))).toBe(true);
  });

  it.each([
    ['ivan1980@mail.ru', 'ivan19880@mail.ru'],
    ['tarasova807@list.ru', 'tarasova087@list.ru'],
    ['89224565694@gmail.com', '892245665694@gmail.com'],
  ])('a dropped, doubled or swapped digit in the login while the full name agrees: %s = %s', (x, y) => {
    expect(pair('contacts', card('Рябов Иван', ['+7 926 387-97-95'], [x]), card('Иван Рябов', [], [y]))).toBe(true);
  });

  it('a changed digit in the login is another person\'s mailbox (ivan1980 / ivan1981), even with the full name', () => {
    expect(pair('contacts', card('Рябов Иван', ['+7 926 387-97-95'], ['ivan1980@mail.ru']), card('Иван Рябов', [], ['ivan1981@mail.ru']))).toBe(false);
  });

  it.each([
    ['Попова А.В.', 'Анна Попова'],
    ['Рита Смирнова', 'Маргарита Смирнова'],
    ['Тёма Орехов', 'Артём Орехов'],
    ['СМИРНОВА МАРГАРИТА ВАЛЕРЬЕВНА', 'Маргарита Смирнова'],
    ['Margarita Smirnva', 'Маргарита Смирнова'],
    ['Маргарита (прораб)', 'Маргарита Смирнова'],
  ])('names: "%s" and "%s" on one mobile', (x, y) => {
    expect(pair('contacts', card(x, ['+7 915 000-11-22']), card(y, ['89150001122']))).toBe(true);
  });

  it('a card with only the full name and the city, beside the card with the data', () => {
    expect(pair('contacts', card('Орехова Марина Валерьевна', ['+7 904 131-01-07'], [], { city: 'Пермь' }), card('Орехова Марина Валерьевна', [], [], { city: 'Пермь' }))).toBe(true);
    // the full name alone is not enough when the account holds it on several people's cards (namesakes)
    const namesakes = [1, 2, 3, 4, 5].map((k) => card('Орехова Марина Валерьевна', [`+7 904 200-00-0${k}`]));
    expect(pair('contacts', card('Орехова Марина Валерьевна', ['+7 904 131-01-07']), card('Орехова Марина Валерьевна'), namesakes)).toBe(false);
  });
});

describe('contacts: one card holds the data, the other only the name and the city', () => {
  it('joins them when the patronymic is on one card only and the rest agrees (a rare name: "@0.999")', () => {
    expect(pair('contacts', card('Симонова Кристина', ['+7 903 640-33-78'], [], { city: 'Нижний Новгород' }), card('Симонова Кристина Юрьевна', [], [], { city: 'Нижний Новгород' }))).toBe(true);
  });
  it('keeps them apart when the cities differ', () => {
    expect(pair('contacts', card('Симонова Кристина', ['+7 903 640-33-78'], [], { city: 'Нижний Новгород' }), card('Симонова Кристина Юрьевна', [], [], { city: 'Тула' }))).toBe(false);
  });
});

describe('contacts: kept apart (default preset)', () => {
  it('a family on one home landline: Медведев / Медведева, different first names', () => {
    const home = '+7 (495) 123-45-67';
    expect(pair('contacts', card('Медведев Тимофей', [home, '+7 916 555-00-01']), card('Медведева Полина', [home, '+7 916 555-00-02']))).toBe(false);
  });

  it('a family mailbox and a home line shared, different first names', () => {
    expect(pair('contacts', card('Ольга Рябова', ['+7 473 601-02-12'], ['ryabovy.family@bk.ru']), card('Рябова Людмила Вадимовна', ['8 (473) 601-02-12'], ['ryabovy.family@bk.ru']))).toBe(false);
  });

  it('colleagues on one office number with extensions and a company mailbox', () => {
    expect(pair('contacts', card('Светлана Боброва', ['+7 (831) 762-34-82 доб. 101'], ['info@firm.ru']), card('Вера Афанасьева', ['+7 (831) 762-34-82 доб. 102'], ['info@firm.ru']))).toBe(false);
    expect(pair('contacts', card('Светлана Боброва', ['+7 (831) 762-34-82'], ['info@firm.ru']), card('Вера Афанасьева', ['+7 (831) 762-34-82'], ['info@firm.ru']))).toBe(false);
  });

  it('colleagues on an office line and a role mailbox, one card with a surname and one with a patronymic', () => {
    // "Лазарева" must not be read as the other card's first name: Ксения and Игорь are two people
    const office = '8-3425-72-51-44';
    const a = card('Ксения Лазарева', ['+7 916 718-35-13', office], ['secretary@kudrya-pro.ru'], { city: 'Пермь' });
    const b = card('Игорь Борисович', ['8-912-214-74-27', office], ['secretary@kudrya-pro.ru'], { city: 'Пермь' });
    expect(pair('contacts', a, b)).toBe(false);
    // and the review says why: the first names disagree (a veto), not merely too little agreement
    const all = [...filler(120), a, b];
    const { model } = runMatch(all, { rules: presetRules('balanced', 'contacts') });
    expect(model.explain(all.length - 2, all.length - 1).verdict).toEqual({ code: 'vetoed', by: 'given' });
  });

  it('namesakes: one full name, different phones and mailboxes', () => {
    expect(pair('contacts', card('Кузнецов Сергей', ['+7 916 100-00-01'], ['skuz@mail.ru']), card('Сергей Кузнецов', ['+7 926 200-00-02'], ['kuznetsov.s@yandex.ru']))).toBe(false);
  });

  it('namesakes with one login at two providers', () => {
    expect(pair('contacts', card('Павел Буров', ['+7 915 816-40-15'], ['pburov@ya.ru']), card('Павел Буров', ['+7 861 507-59-45'], ['pburov@gmail.com']))).toBe(false);
  });

  it.each(['Валерий (жена)', 'Валерий Петров (сосед)', 'Олег (брат)'])('a note naming another person: "%s" is not the card it was named after', (note) => {
    const phone = '+7 912 777-66-55';
    expect(pair('contacts', card(note.startsWith('Олег') ? 'Олег Петров' : 'Валерий Петров', [phone]), card(note, [phone]))).toBe(false);
  });

  it('a name-only card of a common name is not pinned on a card whose phone disagrees', () => {
    expect(pair('contacts', card('Орехова Марина Валерьевна', ['+7 904 131-01-07'], [], { city: 'Пермь' }), card('Орехова Марина Валерьевна', ['+7 904 999-88-77'], [], { city: 'Пермь' }))).toBe(false);
  });
});

describe('companies: duplicates found (default preset)', () => {
  it.each([
    ['ООО «Ромашка»', 'Ромашка ООО'],
    ['ООО «Ромашка»', 'Общество с ограниченной ответственностью "Ромашка"'],
    ['ООО «Ромашка»', 'ОООРомашка'],
    ['ООО «Ромашка»', 'Ромашка (Новосибирск)'],
    ['ООО «Ромашка»', 'ООО «Ромашка» г. Тула'],
    ['ООО «Ромашка»', 'ООО «Ромашкка»'],
    ['ООО «Ромашка»', '+7 (383) 123-45-67'],
    ['ООО «Ромашка»', ''],
    ['ООО «Ромашка»', 'Без названия'],
    ['Индивидуальный предприниматель Киселёв А.В. г. Тула', 'ИП Киселев А. В.'],
    ['КИСЕЛЁВ АНДРЕЙ ВИКТОРОВИЧ ИП', 'ИП Киселев А. В.'],
  ])('"%s" and "%s" on one phone', (x, y) => {
    expect(pair('companies', card(x, ['+7 (383) 123-45-67']), card(y, ['8 383 1234567']))).toBe(true);
  });

  it('departmental mailboxes of one domain and the site', () => {
    expect(pair('companies', card('ООО «Фарм-Эко»', [], ['zakupki@farm-eko.com']), card('Фарм-Эко', [], ['director@farm-eko.com']))).toBe(true);
    expect(pair('companies', card('ООО «Фарм-Эко»', [], [], { web: 'https://www.farm-eko.com/contacts' }), card('Фарм-Эко', [], ['buh@farm-eko.com']))).toBe(true);
  });
});

describe('companies: the cards of one firm share its name (issue 11: name-only cards)', () => {
  // an account of 2 000 firms: the prior of a pair is low enough that the name's frequency matters
  it('a name held by four cards of one firm weighs as a rare name: the cards with other data join', () => {
    const a = card('Гранитлипа ПАО', ['8-8127-54-65-50'], [], { address: 'Санкт-Петербург, улица Заводская, дом 7, офис 261' });
    const b = card('ПАОГранитлипа', [], ['otdel.prodazh@granitlipa.ru']);
    const c = card('ООО «Гранитлипа»', [], ['info@granitlipa.ru']);
    const d = card('Гранитлипа', ['+7 812 754 65 50']);
    const { groups } = runMatch([...filler(2000, true), a, b, c, d], { rules: presetRules('balanced', 'companies') });
    expect(groups.find((g) => g.ids.includes(a.id))?.ids).toEqual(expect.arrayContaining([a.id, b.id, c.id, d.id]));
  });
});

describe('companies: a one-letter typo in a firm name (issue 11)', () => {
  it('the card with the typo joins the firm\'s group through its phone, though it shares nothing with the mailbox card', () => {
    const a = card('Соснаторг', ['88314125675'], [], { address: 'Нижний Новгород, улица Чапаева, дом 124, офис 205' });
    const b = card('АОСоснаторг', [], ['info@sosnatorg-niz.su']);
    const c = card('АО "Соснаеорг"', ['8-8314-12-56-75']);
    // 2 000 firms with varied names (Фирма1, Фирма2… would make every pair of names look alike)
    const syllables = ['ра', 'ко', 'ми', 'ту', 'ле', 'са', 'во', 'ны', 'пе', 'ди', 'жу', 'бо'];
    const firms = Array.from({ length: 2000 }, (_, k) => {
      const word = String(k * 7 + 1000).split('').map((x, q) => syllables[(Number(x) + q * 3) % 12]).join('');
      const d = String(1_000_000 + k * 7919).slice(-7);
      return card(`ООО «${word.toUpperCase().slice(0, 1)}${word.slice(1)}${SUR[k % 10]!.toLowerCase()}»`, [`+7 (343) ${d}`], [`office@firm${k}.ru`]);
    });
    const { groups } = runMatch([...firms, a, b, c], { rules: presetRules('balanced', 'companies') });
    expect(groups.find((g) => g.ids.includes(a.id))?.ids).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
  });
});

describe('companies: a one-letter slip in a sole trader\'s surname (issue 11)', () => {
  it.each([
    ['ИП Гусев', 'ИП Госев'],
    ['ИП Воронцов Ю.А.', 'ИП Вронцов Ю. А.'],
    ['Некрасов А.М., ИП', 'ИП Накрасов'],
  ])('"%s" / "%s" on one number are one sole trader', (x, y) => {
    expect(pair('companies', card(x, ['+7 (831) 263-25-87']), card(y, ['8 (831) 263-25-87']))).toBe(true);
  });
});

describe('companies: kept apart (default preset)', () => {
  it.each([
    ['ООО «Ромашка»', 'ООО «Ромашка Групп»'],
    ['Инфолайн', 'Инфолайн Про'],
    ['Металл-Монтаж', 'Металл-Монтаж+'],
    ['АО «Вектор»', 'Вектор Холдинг'],
  ])('an affiliate on the parent\'s office number: "%s" / "%s"', (x, y) => {
    expect(pair('companies', card(x, ['+7 (383) 123-45-67']), card(y, ['+7 (383) 123-45-67']))).toBe(false);
  });

  it('two sole traders whose surnames are the male and female forms (husband and wife) on one number', () => {
    expect(pair('companies', card('ИП Киселев А. В.', ['+7 (382) 275-11-03']), card('ИП Киселева А. В.', ['+7 (382) 275-11-03']))).toBe(false);
  });

  it('a one-letter slip in a sole trader\'s surname without a shared number or mailbox', () => {
    expect(pair('companies', card('ИП Гусев А. Д.', ['+7 (831) 263-25-87']), card('ИП Госев А. Д.', ['+7 (831) 999-11-22']))).toBe(false);
  });

  it('two sole traders of one surname with other initials', () => {
    expect(pair('companies', card('ИП Потапов Н. Т.', ['+7 (382) 275-11-03']), card('ИП Потапов И. В.', ['+7 (382) 275-11-03']))).toBe(false);
  });

  it('namesake firms in two cities with their own numbers', () => {
    expect(pair('companies', card('ООО «Урал-Юг» (Омск)', ['+7 3812 265142']), card('Урал-Юг', ['+7 473 452-11-99']))).toBe(false);
  });
});

describe('explanations carry stable codes (issue 11: the review words them in RU/EN)', () => {
  it('a telephony card and its named twin: placeholder, shared mobile, codes instead of labels', () => {
    const named = card('Смирнова Маргарита Олеговна', ['+7 (912) 345-67-89']);
    const call = card('Входящий звонок', ['89123456789']);
    const all = [...filler(120), named, call];
    const run = runMatch(all, { rules: presetRules('balanced', 'contacts') });
    const e = run.model.explain(all.indexOf(named), all.indexOf(call));
    expect(e.verdict).toEqual({ code: 'linked' });
    expect(e.placeholders).toEqual([call.id]);
    const phone = e.comparisons.find((c) => c.id === 'phone')!;
    expect(phone).toMatchObject({ code: 'shared', phoneKind: 'mobile', source: 'prior' });
    expect(e.comparisons.find((c) => c.id === 'given')).toMatchObject({ code: 'missing' });
    expect(run.model.weightsView().find((w) => w.id === 'phone')!.levels.map((l) => l.code)).toEqual(['shared', 'one_digit', 'different']);
  });

  it('a family on a home landline: vetoed by the first name, the phone read as a landline', () => {
    const husband = card('Медведев Тимофей', ['+7 (495) 123-45-67']);
    const wife = card('Медведева Полина', ['8 495 1234567']);
    const all = [...filler(120), husband, wife];
    const run = runMatch(all, { rules: presetRules('balanced', 'contacts') });
    const e = run.model.explain(all.indexOf(husband), all.indexOf(wife));
    expect(e.verdict).toEqual({ code: 'vetoed', by: 'given' });
    expect(e.placeholders).toEqual([]);
    expect(e.comparisons.find((c) => c.id === 'phone')).toMatchObject({ code: 'shared', phoneKind: 'landline' });
    expect(e.comparisons.find((c) => c.id === 'given')).toMatchObject({ code: 'different' });
  });

  it('an office line with an extension and one shared by many cards', () => {
    const office = Array.from({ length: 4 }, (_, k) => card(`${GIVEN[k]} ${SUR[k]}ов`, ['+7 (343) 222-33-44']));
    const ext = [card('Орлов Иван', ['+7 (343) 222-33-55 доб. 12']), card('Орлов Иван', ['+7 343 222 33 55 доб 12'])];
    const all = [...filler(120), ...office, ...ext];
    const run = runMatch(all, { rules: presetRules('balanced', 'contacts') });
    const shared = run.model.explain(all.indexOf(office[0]!), all.indexOf(office[1]!)).comparisons.find((c) => c.id === 'phone')!;
    expect(shared).toMatchObject({ phoneKind: 'office_shared', sharedBy: 4 });
    const e = run.model.explain(all.indexOf(ext[0]!), all.indexOf(ext[1]!)).comparisons.find((c) => c.id === 'phone')!;
    expect(e.phoneKind).toBe('extension');
  });
});

describe('a file with only names, dates and places (issue 11: the default preset uses what a file has)', () => {
  function person(id: number, first: string, last: string, dob: string, city: string): AmoEntity {
    return {
      id,
      name: `${first} ${last}`,
      first_name: first,
      last_name: last,
      custom_fields_values: [
        { field_name: 'Birth date', values: [{ value: dob }] },
        { field_name: 'City', values: [{ value: city }] },
      ],
    };
  }
  const FIRST = ['john', 'mary', 'peter', 'anne', 'george', 'jane', 'henry', 'alice', 'edward', 'emma'];
  const LAST = ['smith', 'brown', 'taylor', 'wilson', 'davies', 'evans', 'thomas', 'roberts', 'walker', 'wright', 'hall', 'green'];
  const people = (n: number) =>
    Array.from({ length: n }, (_, k) => person(k + 1, FIRST[k % 10]!, `${LAST[Math.floor(k / 10) % 12]}${String.fromCharCode(97 + (k % 26))}${k}`, `${1700 + (k % 250)}-0${1 + (k % 9)}-1${k % 10}`, ['london', 'york', 'bath', 'leeds'][k % 4]!));

  it('links a re-typed record (a typo in the surname, same birth date and place) and not a namesake born elsewhere on another day', () => {
    const base = people(400);
    const twin = { ...base[7]!, id: 9001, last_name: base[7]!.last_name!.replace(/^(.)(.)/, '$2$1'), name: `${base[7]!.first_name} ${base[7]!.last_name!.replace(/^(.)(.)/, '$2$1')}` };
    const namesake = person(9002, base[9]!.first_name!, base[9]!.last_name!, '1955-12-30', 'bristol');
    const { groups } = runMatch([...base, twin, namesake], { rules: presetRules('balanced', 'contacts') });
    expect(groups.some((g) => g.ids.includes(base[7]!.id) && g.ids.includes(9001))).toBe(true);
    expect(groups.some((g) => g.ids.includes(base[9]!.id) && g.ids.includes(9002))).toBe(false);
  });

  it('with phones present the preset keeps requiring a shared phone or e-mail', async () => {
    const { adaptRules } = await import('./adapt');
    const rules = presetRules('balanced', 'contacts');
    expect(adaptRules(rules, filler(50))).toBe(rules);
    const adapted = adaptRules(rules, people(50));
    expect(adapted.requireAny).toEqual([]);
    expect(adapted.comparisons.map((c) => c.id)).toEqual(expect.arrayContaining(['dob', 'place']));
  });
});

describe('a card with only a name and a position (issue 11: one card holds the data)', () => {
  const withPosition = (c: AmoEntity, position: string): AmoEntity => ({ ...c, custom_fields_values: [...(c.custom_fields_values ?? []), { field_code: 'POSITION', values: [{ value: position }] }] });
  it('joins the full card of the same name and position', () => {
    const full = withPosition(card('Исакова Ирина Евгеньевна', ['+7 912 345-67-89'], ['isakova@mail.ru']), 'Главный бухгалтер');
    const bare = withPosition(card('Ирина Исакова'), 'Главный бухгалтер');
    expect(pair('contacts', full, bare)).toBe(true);
  });
  it('finds the pair when one card has no surname: the first name, patronymic and city block them together', () => {
    const full = withPosition(card('Фёдор Станиславович', ['+7 861 657-33-70'], [], { city: 'Краснодар' }), 'Логист');
    const bare = withPosition(card('Крылов Фёдор Станиславович', [], [], { city: 'Краснодар' }), 'Логист');
    expect(pair('contacts', full, bare)).toBe(true);
  });
  it('keeps apart namesakes of one position whose numbers differ', () => {
    const a = withPosition(card('Исакова Ирина', ['+7 912 345-67-89']), 'Главный бухгалтер');
    const b = withPosition(card('Ирина Исакова', ['+7 903 111-22-33']), 'Главный бухгалтер');
    expect(pair('contacts', a, b)).toBe(false);
  });
});

describe('a name-only card: the full name weighed by its frequency in the account (issue 11: missing is not disagreeing)', () => {
  it('a rare full name on a card with nothing else joins the one card that holds the data', () => {
    const full = card('Исакова Ирина Евгеньевна', ['+7 912 345-67-89'], ['isakova@mail.ru']);
    expect(pair('contacts', full, card('Исакова Ирина Евгеньевна'))).toBe(true);
    expect(pair('contacts', full, card('Ирина Исакова'))).toBe(true);
  });
  it('a full name several people of the account hold stays apart: the name-only card could be any of them', () => {
    const full = card('Исакова Ирина Евгеньевна', ['+7 912 345-67-89']);
    const namesakes = [1, 2, 3, 4, 5, 6].map((k) => card(k % 2 ? 'Ирина Исакова' : 'Исакова Ирина', [`+7 903 111-22-3${k}`], [`isakova${k}@bk.ru`]));
    expect(pair('contacts', full, card('Ирина Исакова'), namesakes)).toBe(false);
  });
  it('a name-only card between two namesakes, each with their own number, joins neither', () => {
    const a = card('Исакова Ирина Евгеньевна', ['+7 912 345-67-89']);
    const b = card('Исакова Ирина Евгеньевна', ['+7 903 111-22-33']);
    const bare = card('Исакова Ирина Евгеньевна');
    expect(pair('contacts', a, bare, [b])).toBe(false);
    expect(pair('contacts', b, bare, [a])).toBe(false);
    // in a large account the rare name makes each link near certain on its own: the card still joins neither
    const all = [...filler(3000), a, b, bare];
    const { groups } = runMatch(all, { rules: presetRules('balanced', 'contacts') });
    expect(groups.some((g) => g.ids.includes(bare.id))).toBe(false);
    // while with one of them alone it joins
    const one = runMatch([...filler(3000), a, bare], { rules: presetRules('balanced', 'contacts') });
    expect(one.groups.some((g) => g.ids.includes(bare.id) && g.ids.includes(a.id))).toBe(true);
  });
  it('a card with only a phone and one with only an e-mail are not name-only: the full name alone keeps them apart', () => {
    expect(pair('contacts', card('Исакова Ирина Евгеньевна', ['+7 912 345-67-89']), card('Исакова Ирина Евгеньевна', [], ['irina.isakova@bk.ru']))).toBe(false);
  });
  it('a name-only card stays apart from a card of that name whose city disagrees', () => {
    expect(pair('contacts', card('Исакова Ирина Евгеньевна', ['+7 912 345-67-89'], [], { city: 'Тула' }), card('Исакова Ирина Евгеньевна', [], [], { city: 'Пермь' }))).toBe(false);
  });
});
