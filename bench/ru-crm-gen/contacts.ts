// runtime: node
/**
 * Contacts of a Russian amoCRM account, filled the way real accounts fill up: managers type
 * cards, telephony creates a card per unknown caller, site forms and chats create theirs, an
 * import brings a spreadsheet in capitals, and people re-type a card they could not find.
 * Hard negatives live beside the duplicates: families on one home line, colleagues on one
 * office number or company mailbox, namesakes.
 */
import type { AmoEntity } from '../../electron/services/match/types';
import { CITIES, DOMAIN_SLIPS, FEMALE_NAMES, FREE_MAIL, latin, MALE_NAMES, OTHER_PERSON_NOTES, POSITIONS, ROLE_BOXES, SELF_NOTES, SURNAMES_INVARIANT, SURNAMES_MALE } from './pools';
import type { Rng } from './rng';

export interface Person {
  key: number;
  female: boolean;
  given: string;
  diminutives: readonly string[];
  patronymic: string;
  surname: string;
  /** ten digits, without the country code */
  mobile: string;
  email: string | null;
  city: string;
  position: string | null;
  /** a landline shared with others (home or office), ten digits, and its extension */
  landline: { digits: string; ext: string | null; kind: 'home' | 'office' } | null;
  /** a mailbox shared with others (family or company role box) */
  sharedMail: string | null;
}

export interface ContactOut {
  entities: AmoEntity[];
  /** entity id → person key (the true cluster) */
  truth: Map<number, number>;
}

const femaleSurname = (male: string): string => (SURNAMES_INVARIANT.includes(male) ? male : /(ий|ой)$/u.test(male) ? `${male.slice(0, -2)}ая` : `${male}а`);

function patronymicOf(stem: string, female: boolean): string {
  if (stem.endsWith('ич')) return female ? 'Ильинична' : 'Ильич';
  if (/ев$/u.test(stem)) return stem.slice(0, -2) + (female ? 'евна' : 'евич');
  return stem.slice(0, -2) + (female ? 'овна' : 'ович');
}

/** A phone written the way a person or a widget writes it. */
export function phoneText(rng: Rng, d: string, ext: string | null = null): string {
  const mobile = d.startsWith('9');
  const code = mobile ? d.slice(0, 3) : d.length === 10 && /^(3|4|8)/.test(d) ? (d.startsWith('3') || d.startsWith('8') ? d.slice(0, 4) : d.slice(0, 3)) : d.slice(0, 3);
  const rest = d.slice(code.length);
  const grouped = rest.length === 7 ? `${rest.slice(0, 3)}-${rest.slice(3, 5)}-${rest.slice(5)}` : `${rest.slice(0, 2)}-${rest.slice(2, 4)}-${rest.slice(4)}`;
  const forms = [`+7${d}`, `8${d}`, `+7 (${code}) ${grouped}`, `8 (${code}) ${grouped}`, `8-${code}-${grouped}`, `7${d}`, mobile ? d : `+7 ${code} ${rest}`];
  const base = rng.pick(forms);
  if (!ext) return base;
  return `${base}${rng.pick([' доб. ', ', доб ', ' ext. ', ' (вн. ', ' #'])}${ext}${base.includes('(вн.') ? ')' : ''}`;
}

/** One digit changed (a slip while re-typing the number). */
function phoneSlip(rng: Rng, d: string): string {
  const pos = 3 + rng.int(7);
  const old = d[pos]!;
  let nd = old;
  while (nd === old) nd = String(rng.int(10));
  return d.slice(0, pos) + nd + d.slice(pos + 1);
}

function localSlip(rng: Rng, local: string): string {
  if (local.length < 5) return local + rng.pick(['1', 'a']);
  const pos = 1 + rng.int(local.length - 2);
  const kind = rng.int(3);
  if (kind === 0) return local.slice(0, pos) + local.slice(pos + 1); // a letter dropped
  if (kind === 1) return local.slice(0, pos) + local[pos + 1] + local[pos] + local.slice(pos + 2); // swapped
  return local.slice(0, pos) + local[pos] + local.slice(pos); // doubled
}

/** The same mailbox written another way: provider alias, Gmail dots and +tags, capitals. */
function mailboxAlias(rng: Rng, email: string): string {
  const [local, domain] = email.split('@') as [string, string];
  if (domain === 'yandex.ru') return `${local}@${rng.pick(['ya.ru', 'yandex.com'])}`;
  if (domain === 'ya.ru') return `${local}@yandex.ru`;
  if (domain === 'gmail.com') {
    if (rng.chance(0.5)) return `${local}+${rng.pick(['crm', 'shop', 'work'])}@gmail.com`;
    const cut = 1 + rng.int(Math.max(1, local.length - 2));
    return `${local.slice(0, cut)}.${local.slice(cut)}`.replace('..', '.') + '@gmail.com';
  }
  return `${local.toUpperCase()}@${domain.toUpperCase()}`;
}

const usedMail = new Set<string>();

/** A personal mailbox; two people never share one (a clash gets digits, as the mail service would ask). */
function personalEmail(rng: Rng, p: Pick<Person, 'given' | 'surname' | 'mobile'>): string {
  for (;;) {
    const e = personalEmailOnce(rng, p);
    // ya.ru and yandex.ru are one mailbox
    let box = e.replace(/@ya\.ru$/, '@yandex.ru');
    // Yandex reads "-" as "." in a login; a login belongs to one person at any provider's rules
    if (box.endsWith('@yandex.ru')) box = box.replace(/-/g, '.');
    if (!usedMail.has(box)) {
      usedMail.add(box);
      return e;
    }
  }
}

function personalEmailOnce(rng: Rng, p: Pick<Person, 'given' | 'surname' | 'mobile'>): string {
  const g = latin(p.given).toLowerCase();
  const s = latin(p.surname).toLowerCase();
  const year = String(1965 + rng.int(40));
  const domain = rng.pick(FREE_MAIL);
  const local = rng.pick([
    `${s}.${g[0]}`, `${g}.${s}`, `${g[0]}${s}`, `${s}${year.slice(2)}`, `${g}${year}`, `${s}_${g}`, `${g}-${s}`,
    // a phone number as the login: 89961067702@mail.ru
    `8${p.mobile}`, `${s}${rng.int(1000)}`,
  ]);
  return `${local}@${domain}`;
}

const PLACEHOLDER_NAMES = [
  'Входящий звонок', 'Исходящий звонок', 'Клиент', 'Без имени', 'Новый контакт', 'Контакт без имени', 'Неизвестный',
  'Звонок', 'Новый клиент', 'Покупатель', 'Посетитель сайта', 'Лид с сайта', 'Абонент',
];

/** A card name made by telephony, a site form or a chat widget, for a caller who gave no name. */
function placeholderName(rng: Rng, digits: string, id: number): string {
  const k = rng.int(12);
  if (k <= 3) return rng.pick(PLACEHOLDER_NAMES);
  if (k === 4) return '';
  if (k === 5) return phoneText(rng, digits);
  if (k === 6) return `Контакт #${id}`;
  if (k === 7) return `Входящий звонок ${phoneText(rng, digits)}`;
  if (k === 8) return `Заявка с сайта ${rng.pick(['stroy-market.ru', 'okna-dom.ru', 'landing', '№' + (1000 + rng.int(9000))])}`;
  if (k === 9) return rng.pick(['Клиент WhatsApp', 'Пользователь Telegram', 'Чат с сайта', 'Посетитель Jivo', 'Клиент из Avito', 'Viber']);
  if (k === 10) return `Звонок с ${phoneText(rng, digits)}`;
  return `Новый лид ${new Date(Date.UTC(2025, rng.int(12), 1 + rng.int(28))).toLocaleDateString('ru-RU')}`;
}

let nextId = 1;

interface CardFields {
  name: string;
  first?: string;
  last?: string;
  phones?: string[];
  emails?: string[];
  position?: string | null;
  city?: string | null;
}

function card(rng: Rng, f: CardFields, base: number): AmoEntity {
  const id = nextId++;
  const cfs: NonNullable<AmoEntity['custom_fields_values']> = [];
  if (f.phones && f.phones.length > 0) cfs.push({ field_id: 700_001, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: f.phones.map((v) => ({ value: v, enum_code: rng.pick(['WORK', 'MOB', 'MOB', 'OTHER', 'HOME']) })) });
  if (f.emails && f.emails.length > 0) cfs.push({ field_id: 700_002, field_name: 'Email', field_code: 'EMAIL', field_type: 'multitext', values: f.emails.map((v) => ({ value: v, enum_code: rng.pick(['WORK', 'PRIV']) })) });
  if (f.position) cfs.push({ field_id: 700_003, field_name: 'Должность', field_code: 'POSITION', field_type: 'text', values: [{ value: f.position }] });
  if (f.city) cfs.push({ field_id: 700_004, field_name: 'Город', field_code: null, field_type: 'text', values: [{ value: f.city }] });
  const created = base + rng.int(86_400 * 400);
  return {
    id,
    name: f.name,
    first_name: f.first ?? '',
    last_name: f.last ?? '',
    responsible_user_id: 9_000_001 + rng.int(12),
    created_at: created,
    updated_at: created + rng.int(86_400 * 30),
    custom_fields_values: cfs.length > 0 ? cfs : null,
  };
}

/** The name as a manager writes it on a card they create by hand. */
function managerName(rng: Rng, p: Person): CardFields {
  const k = rng.int(10);
  if (k <= 3) return { name: `${p.surname} ${p.given}`, first: p.given, last: p.surname };
  if (k <= 5) return { name: `${p.given} ${p.surname}`, first: p.given, last: p.surname };
  if (k <= 7) return { name: `${p.surname} ${p.given} ${p.patronymic}` };
  if (k === 8) return { name: `${p.given} ${p.patronymic}` };
  return { name: `${p.given} ${p.surname}`.replace(/ё/g, 'е') };
}

/** How a re-typed or incoming card names the same person (the variation classes of issue 11). */
function variantName(rng: Rng, p: Person): string {
  const k = rng.int(13);
  switch (k) {
    case 0:
      return `${p.surname} ${p.given[0]}.${p.patronymic[0]}.`; // Попова А.В.
    case 1:
      return `${p.surname} ${p.given[0]}. ${p.patronymic[0]}.`;
    case 2:
      return p.given; // first name only
    case 3:
      return p.diminutives.length > 0 ? rng.pick(p.diminutives) : p.given; // Рита
    case 4:
      return `${p.diminutives.length > 0 ? rng.pick(p.diminutives) : p.given} ${p.surname}`;
    case 5: {
      const lat = `${latin(p.given, rng.chance(0.5))} ${latin(p.surname, rng.chance(0.5))}`;
      if (!rng.chance(0.5)) return lat;
      const pos = 2 + rng.int(Math.max(1, lat.length - 3));
      return lat.slice(0, pos) + lat.slice(pos + 1); // transliteration with a typo
    }
    case 6:
      return `${p.surname} ${p.given} ${p.patronymic}`.toUpperCase();
    case 7:
      return `${p.given} ${p.surname}`.replace(/ё/g, 'е');
    case 8:
      return `${p.given} (${rng.pick(SELF_NOTES)})`; // a note about the same person
    case 9:
      return `${p.given} ${p.surname} ${rng.pick(SELF_NOTES)}`.replace(/ (\S+)$/u, ' ($1)');
    case 10:
      return `${p.surname} ${p.given}`.toLowerCase();
    case 11:
      return `${p.given} ${p.patronymic} ${p.surname}`;
    default:
      return `${p.surname} ${p.given}`;
  }
}

export interface ContactPlan {
  persons: number;
}

/**
 * Builds about `target` contact cards. Persons come in households (a shared home line, one
 * surname in its male and female forms) and in offices (a shared office number, a role mailbox).
 */
export function generateContacts(rng: Rng, target: number, idBase: number): ContactOut {
  nextId = idBase;
  usedMail.clear();
  const entities: AmoEntity[] = [];
  const truth = new Map<number, number>();
  const usedMobiles = new Set<string>();
  const usedNames = new Map<string, number>();
  const mobile = (): string => {
    for (;;) {
      const d = `9${rng.pick(['01', '02', '03', '04', '05', '06', '08', '09', '10', '11', '12', '13', '14', '15', '16', '17', '18', '19', '20', '21', '22', '23', '24', '25', '26', '27', '28', '29', '30', '31', '36', '37', '38', '39', '50', '51', '52', '53', '58', '60', '61', '62', '63', '64', '65', '66', '67', '68', '69', '77', '78', '80', '81', '82', '83', '84', '85', '86', '87', '88', '89', '91', '92', '93', '94', '95', '96', '97', '98', '99'])}${String(rng.int(1e7)).padStart(7, '0')}`;
      if (!usedMobiles.has(d)) {
        usedMobiles.add(d);
        return d;
      }
    }
  };
  const landline = (city: readonly [string, string]): string => {
    for (;;) {
      const code = city[1];
      const d = code + String(2 + rng.int(7)) + String(rng.int(10 ** (9 - code.length))).padStart(9 - code.length, '0');
      if (!usedMobiles.has(d)) {
        usedMobiles.add(d);
        return d;
      }
    }
  };
  let personKey = 0;
  const makePerson = (female: boolean, surnameMale: string, city: readonly [string, string], given?: readonly [string, readonly string[]]): Person => {
    const g = given ?? (female ? rng.pick(FEMALE_NAMES) : rng.pick(MALE_NAMES));
    const father = rng.pick(MALE_NAMES)[2];
    const p: Person = {
      key: personKey++,
      female,
      given: g[0],
      diminutives: g[1],
      patronymic: patronymicOf(father, female),
      surname: female ? femaleSurname(surnameMale) : surnameMale,
      mobile: mobile(),
      email: null,
      city: city[0],
      position: rng.chance(0.4) ? rng.pick(POSITIONS) : null,
      landline: null,
      sharedMail: null,
    };
    if (rng.chance(0.55)) p.email = personalEmail(rng, p);
    return p;
  };
  const emit = (p: Person, f: CardFields) => {
    const e = card(rng, f, 1_640_000_000);
    entities.push(e);
    truth.set(e.id as number, p.key);
  };

  /** The person's first card, and the duplicates the account made of them. */
  const emitPerson = (p: Person, dupRate: number) => {
    const phones: string[] = [];
    const ownMobile = !(p.landline && rng.chance(0.25));
    if (ownMobile) phones.push(phoneText(rng, p.mobile));
    if (p.landline) phones.push(phoneText(rng, p.landline.digits, p.landline.ext));
    const emails: string[] = [];
    if (p.email && rng.chance(0.85)) emails.push(p.email);
    // a mailbox no card recorded cannot tell who wrote: later cards reuse it only when the first card holds it
    const knownMail = emails.includes(p.email ?? '');
    if (p.sharedMail && rng.chance(0.7)) emails.push(p.sharedMail);
    const nameKey = `${p.given} ${p.surname}`;
    usedNames.set(nameKey, (usedNames.get(nameKey) ?? 0) + 1);
    emit(p, { ...managerName(rng, p), phones, emails, position: p.position, city: rng.chance(0.4) ? p.city : null });
    if (!rng.chance(dupRate)) return;
    const copies = rng.chance(0.7) ? 1 : rng.chance(0.7) ? 2 : 3;
    for (let c = 0; c < copies; c++) {
      const kind = rng.int(100);
      // evidence the duplicate card shares with the person: their own mobile or mailbox only
      // (never the shared line or the role box alone: that would not tell who it is)
      const mob = ownMobile ? p.mobile : null;
      if (kind < 30 && mob) {
        // telephony: a card per unknown caller, named by the widget
        emit(p, { name: placeholderName(rng, mob, nextId), phones: [phoneText(rng, mob)] });
      } else if (kind < 40 && p.email && knownMail) {
        // site form: a placeholder or a name typed by the client, the e-mail (maybe another spelling)
        const mail = rng.chance(0.4) ? mailboxAlias(rng, p.email) : p.email;
        emit(p, { name: rng.chance(0.5) ? placeholderName(rng, p.mobile, nextId) : variantName(rng, p), emails: [mail], phones: mob && rng.chance(0.4) ? [phoneText(rng, mob)] : [] });
      } else if (kind < 55 && mob) {
        // chat or call with a name: a variant of the name, the mobile
        emit(p, { name: variantName(rng, p), phones: [phoneText(rng, mob)], emails: p.email && rng.chance(0.3) ? [mailboxAlias(rng, p.email)] : [] });
      } else if (kind < 65 && p.email && knownMail) {
        // the phone-number login compared with the phone, or a mailbox alias alone
        const login = `8${p.mobile}@${rng.pick(['mail.ru', 'yandex.ru', 'bk.ru'])}`;
        if (mob && rng.chance(0.5)) emit(p, { name: variantName(rng, p), emails: [login] });
        else emit(p, { name: variantName(rng, p), emails: [mailboxAlias(rng, p.email)] });
      } else if (kind < 75 && p.email) {
        // re-typed by a manager: the name agrees, a slip in the phone or in the e-mail. A slip in a
        // mailbox no card recorded (knownMail false) could not be told from another mailbox: such a card
        // is not made, and the phone-slip card carries the mailbox only when the first card holds it.
        // (Until Dec 2026 this branch ignored knownMail and made about 40 unmatchable pairs per seed:
        // seed 1 truth 7 023 contact pairs before the fix, seed 17 7 063.)
        const [local, domain] = p.email.split('@') as [string, string];
        const slips = DOMAIN_SLIPS[domain] ?? [domain];
        const typoMail = rng.chance(0.5) ? `${local}@${rng.pick(slips)}` : `${localSlip(rng, local)}@${domain}`;
        if (mob && (!knownMail || rng.chance(0.5))) emit(p, { ...managerName(rng, p), phones: [phoneText(rng, phoneSlip(rng, mob))], emails: knownMail ? [p.email] : [] });
        else if (knownMail) emit(p, { ...managerName(rng, p), emails: [typoMail], phones: mob && rng.chance(0.5) ? [phoneText(rng, mob)] : [] });
      } else if (kind < 85) {
        // an import from a spreadsheet: capitals or initials, the number in another form
        const phonesI = mob ? [phoneText(rng, mob)] : [];
        const emailsI = p.email && (phonesI.length === 0 || rng.chance(0.4)) ? [p.email.toUpperCase()] : [];
        if (phonesI.length + emailsI.length === 0) continue;
        emit(p, { name: rng.chance(0.5) ? `${p.surname} ${p.given} ${p.patronymic}`.toUpperCase() : variantName(rng, p), phones: phonesI, emails: emailsI });
      } else if (kind < 92 && mob) {
        // a second card with the mobile written differently and the name as the caller said it
        emit(p, { name: rng.chance(0.5) ? `${p.given} ${p.surname}` : variantName(rng, p), phones: [phoneText(rng, mob)], position: rng.chance(0.5) ? p.position : null });
      } else if ((usedNames.get(nameKey) ?? 0) === 1 && p.email === null) {
        // one card holds the data, the other only the full name and a city or a position
        emit(p, { name: `${p.surname} ${p.given} ${p.patronymic}`, city: p.city, position: p.position });
      } else if (mob) {
        emit(p, { name: placeholderName(rng, mob, nextId), phones: [phoneText(rng, mob)] });
      }
    }
  };

  while (entities.length < target) {
    const city = rng.pick(CITIES);
    const roll = rng.int(100);
    if (roll < 12) {
      // a household: one home line, one surname in two forms, different first names
      const sur = rng.pick(SURNAMES_MALE);
      const home = landline(city);
      const members: Person[] = [];
      const size = 2 + (rng.chance(0.3) ? 1 : 0);
      const familyMail = rng.chance(0.3) ? `${latin(sur).toLowerCase()}y.${rng.pick(['semya', 'family', 'dom'])}@${rng.pick(FREE_MAIL)}` : null;
      for (let m = 0; m < size; m++) {
        const female = m === 1 ? true : m === 0 ? false : rng.chance(0.5);
        let p = makePerson(female, sur, city);
        while (members.some((x) => x.given === p.given)) p = makePerson(female, sur, city);
        p.landline = { digits: home, ext: null, kind: 'home' };
        p.sharedMail = familyMail;
        members.push(p);
      }
      for (const p of members) emitPerson(p, 0.25);
      // a relative reached through someone's number: "Валерий (жена)" is Валерий's wife, not Валерий
      if (rng.chance(0.5)) {
        const anchor = members[0]!;
        const wife = makePerson(true, sur, city);
        const note = rng.pick(OTHER_PERSON_NOTES);
        emit(wife, { name: rng.chance(0.7) ? `${anchor.given} (${note})` : `${anchor.surname} ${anchor.given} (${note})`, phones: [phoneText(rng, rng.chance(0.5) ? home : wife.mobile)] });
      }
    } else if (roll < 24) {
      // an office: one number (often with extensions), a role mailbox, different people
      const office = landline(city);
      const roleBox = `${rng.pick(ROLE_BOXES)}@${latin(rng.pick(SURNAMES_MALE)).toLowerCase().slice(0, 6)}-${rng.pick(['stroy', 'group', 'trade', 'service', 'pro'])}.ru`;
      const size = 2 + rng.int(3);
      const members: Person[] = [];
      for (let m = 0; m < size; m++) {
        let p = makePerson(rng.chance(0.5), rng.pick(SURNAMES_MALE), city);
        while (members.some((x) => x.given === p.given)) p = makePerson(rng.chance(0.5), rng.pick(SURNAMES_MALE), city);
        p.position = rng.pick(POSITIONS);
        p.landline = { digits: office, ext: rng.chance(0.5) ? String(100 + rng.int(400)) : null, kind: 'office' };
        p.sharedMail = rng.chance(0.5) ? roleBox : null;
        members.push(p);
      }
      for (const p of members) emitPerson(p, 0.3);
    } else if (roll < 30) {
      // namesakes: the same full name, different phones and mailboxes, sometimes one city
      const sur = rng.pick(SURNAMES_MALE);
      const female = rng.chance(0.5);
      const g = female ? rng.pick(FEMALE_NAMES) : (rng.pick(MALE_NAMES) as unknown as readonly [string, readonly string[]]);
      const a = makePerson(female, sur, city, g);
      const b = makePerson(female, sur, rng.chance(0.5) ? city : rng.pick(CITIES), g);
      // a name-only card of a namesake could be either of them: none is made
      usedNames.set(`${a.given} ${a.surname}`, (usedNames.get(`${a.given} ${a.surname}`) ?? 0) + 1);
      emitPerson(a, 0.2);
      emitPerson(b, 0.2);
    } else {
      emitPerson(makePerson(rng.chance(0.5), rng.pick(SURNAMES_MALE), city), 0.3);
    }
  }
  return { entities, truth };
}
