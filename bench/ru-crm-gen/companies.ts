// runtime: node
/**
 * Companies of a Russian amoCRM account: legal-form variants, ИП written out, city suffixes,
 * cards named by their phone or left without a name, departmental mailboxes of one domain.
 * Hard negatives: affiliates and branches with a brand suffix (Групп, Про, +, Холдинг) that share
 * the parent's office number, and namesake firms in other cities.
 */
import type { AmoEntity } from '../../electron/services/match/types';
import { phoneText } from './contacts';
import { BRAND_SUFFIXES, CITIES, COMPANY_KINDS, COMPANY_ROOTS, FEMALE_NAMES, latin, MALE_NAMES, ROLE_BOXES, STREETS, SURNAMES_MALE } from './pools';
import type { Rng } from './rng';

interface Firm {
  key: number;
  /** the name without legal form */
  brand: string;
  form: 'ООО' | 'АО' | 'ИП' | 'ПАО' | 'ЗАО';
  /** ИП: the owner's name parts */
  owner: { given: string; patronymic: string; surname: string } | null;
  city: string;
  phone: string;
  domain: string | null;
  inn: string | null;
  street: string;
  house: number;
}

export interface CompanyOut {
  entities: AmoEntity[];
  truth: Map<number, number>;
}

const FULL_FORM: Record<Firm['form'], string> = {
  ООО: 'Общество с ограниченной ответственностью',
  АО: 'Акционерное общество',
  ПАО: 'Публичное акционерное общество',
  ЗАО: 'Закрытое акционерное общество',
  ИП: 'Индивидуальный предприниматель',
};

function legalName(rng: Rng, f: Firm): string {
  if (f.owner) {
    const o = f.owner;
    const k = rng.int(7);
    if (k === 0) return `ИП ${o.surname} ${o.given[0]}.${o.patronymic[0]}.`;
    if (k === 1) return `ИП ${o.surname} ${o.given[0]}. ${o.patronymic[0]}.`.replace(/ё/g, 'е');
    if (k === 2) return `Индивидуальный предприниматель ${o.surname} ${o.given[0]}.${o.patronymic[0]}. г. ${f.city}`;
    if (k === 3) return `${o.surname} ${o.given} ${o.patronymic} ИП`.toUpperCase();
    if (k === 4) return `ИП ${o.surname} ${o.given} ${o.patronymic}`;
    if (k === 5) return `${o.surname} ${o.given[0]}.${o.patronymic[0]}., ИП`;
    return `ИП ${o.surname}`;
  }
  const b = f.brand;
  const k = rng.int(12);
  if (k <= 2) return `${f.form} «${b}»`;
  if (k === 3) return `${f.form} "${b}"`;
  if (k === 4) return `${b} ${f.form}`;
  if (k === 5) return `${FULL_FORM[f.form]} "${b}"`;
  if (k === 6) return `${f.form}${b}`; // ОООРомашка
  if (k === 7) return `${b} (${f.city})`;
  if (k === 8) return `${f.form} «${b}» г. ${f.city}`;
  if (k === 9) return b.toUpperCase();
  if (k === 10) return `${b}, ${f.form}`;
  return b;
}

function typo(rng: Rng, s: string): string {
  const letters = [...s];
  const idx = letters.map((c, i) => (/[а-яё]/u.test(c) && i > 0 ? i : -1)).filter((i) => i > 0);
  if (idx.length < 3) return s;
  const pos = rng.pick(idx);
  const k = rng.int(3);
  if (k === 0) letters.splice(pos, 1);
  else if (k === 1) letters.splice(pos, 0, letters[pos]!);
  else letters[pos] = rng.pick(['а', 'о', 'е', 'и']);
  return letters.join('');
}

function address(rng: Rng, f: Firm): string {
  const forms = [
    `г. ${f.city}, ул. ${f.street}, д. ${f.house}`,
    `${f.city}, ${f.street} ${f.house}`,
    `${f.city}, улица ${f.street}, дом ${f.house}, офис ${1 + rng.int(300)}`,
    `ул ${f.street}, ${f.house}, г ${f.city}`,
  ];
  return rng.pick(forms);
}

let nextId = 1;

function card(rng: Rng, name: string, opts: { phones?: string[]; emails?: string[]; web?: string | null; address?: string | null; inn?: string | null }): AmoEntity {
  const id = nextId++;
  const cfs: NonNullable<AmoEntity['custom_fields_values']> = [];
  if (opts.phones?.length) cfs.push({ field_id: 800_001, field_name: 'Телефон', field_code: 'PHONE', field_type: 'multitext', values: opts.phones.map((v) => ({ value: v, enum_code: 'WORK' })) });
  if (opts.emails?.length) cfs.push({ field_id: 800_002, field_name: 'Email', field_code: 'EMAIL', field_type: 'multitext', values: opts.emails.map((v) => ({ value: v, enum_code: 'WORK' })) });
  if (opts.web) cfs.push({ field_id: 800_003, field_name: 'Web', field_code: 'WEB', field_type: 'url', values: [{ value: opts.web }] });
  if (opts.address) cfs.push({ field_id: 800_004, field_name: 'Адрес', field_code: 'ADDRESS', field_type: 'textarea', values: [{ value: opts.address }] });
  if (opts.inn) cfs.push({ field_id: 800_005, field_name: 'ИНН', field_code: null, field_type: 'text', values: [{ value: opts.inn }] });
  const created = 1_640_000_000 + rng.int(86_400 * 400);
  return { id, name, responsible_user_id: 9_000_001 + rng.int(12), created_at: created, updated_at: created + rng.int(86_400 * 30), custom_fields_values: cfs.length ? cfs : null };
}

export function generateCompanies(rng: Rng, target: number, idBase: number): CompanyOut {
  nextId = idBase;
  const entities: AmoEntity[] = [];
  const truth = new Map<number, number>();
  const usedPhones = new Set<string>();
  const usedBrands = new Set<string>();
  // a domain or a mailbox belongs to one firm
  const usedDomains = new Set<string>();
  const unique = (x: string): string => {
    let v = x;
    for (let n = 2; usedDomains.has(v); n++) v = x.replace(/(@|\.)/, `${n}$1`);
    usedDomains.add(v);
    return v;
  };
  let key = 0;
  const phone = (city: readonly [string, string]): string => {
    for (;;) {
      const code = rng.chance(0.2) ? `9${10 + rng.int(89)}` : city[1];
      const d = code + String(2 + rng.int(7)) + String(rng.int(10 ** (9 - code.length))).padStart(9 - code.length, '0');
      if (!usedPhones.has(d)) {
        usedPhones.add(d);
        return d;
      }
    }
  };
  const brandName = (): string => {
    for (;;) {
      const a = rng.pick(COMPANY_ROOTS);
      const k = rng.int(4);
      const b = k === 0 ? a : k === 1 ? `${a}${rng.pick(COMPANY_KINDS).toLowerCase()}` : k === 2 ? `${a}-${rng.pick(COMPANY_ROOTS)}` : `${a}${rng.pick(COMPANY_ROOTS).toLowerCase()}`;
      // "Дубинвест" and "Дуб-Инвест" are one name
      const norm = b.toLowerCase().replace(/[^а-яёa-z0-9]/gu, '');
      if (!usedBrands.has(norm)) {
        usedBrands.add(norm);
        return b;
      }
    }
  };
  const makeFirm = (city: readonly [string, string], brand: string | null, ip: boolean): Firm => {
    const owner = ip
      ? (() => {
          const female = rng.chance(0.35);
          const g = female ? rng.pick(FEMALE_NAMES)[0] : rng.pick(MALE_NAMES)[0];
          const father = rng.pick(MALE_NAMES)[2];
          const pat = father.endsWith('ич') ? (female ? 'Ильинична' : 'Ильич') : father.slice(0, -2) + (/ев$/u.test(father) ? (female ? 'евна' : 'евич') : female ? 'овна' : 'ович');
          const sm = rng.pick(SURNAMES_MALE);
          return { given: g, patronymic: pat, surname: female ? `${sm}а` : sm };
        })()
      : null;
    const b = brand ?? brandName();
    const slug = latin(owner ? owner.surname : b).toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return {
      key: key++,
      brand: b,
      form: ip ? 'ИП' : rng.pick(['ООО', 'ООО', 'ООО', 'ООО', 'АО', 'ПАО', 'ЗАО'] as const),
      owner,
      city: city[0],
      phone: phone(city),
      domain: !ip && rng.chance(0.6) ? unique(`${slug}${rng.chance(0.3) ? `-${latin(city[0]).toLowerCase().slice(0, 3)}` : ''}.${rng.pick(['ru', 'ru', 'com', 'рф', 'su'])}`.replace('.рф', '.ru')) : null,
      inn: rng.chance(0.25) ? String(1_000_000_000 + rng.int(8_999_999_999)).slice(0, ip ? 10 : 10) : null,
      street: rng.pick(STREETS),
      house: 1 + rng.int(150),
    };
  };
  const emit = (f: Firm, name: string, opts: Parameters<typeof card>[2]) => {
    const e = card(rng, name, opts);
    entities.push(e);
    truth.set(e.id as number, f.key);
  };
  const ownerMail = new Map<number, string>();
  const mail = (f: Firm): string | null => {
    if (f.domain) return `${rng.pick(ROLE_BOXES)}@${f.domain}`;
    if (!f.owner) return null;
    let m = ownerMail.get(f.key);
    if (!m) ownerMail.set(f.key, (m = unique(`${latin(f.owner.surname).toLowerCase()}.${rng.pick(['ip', 'biz', 'opt'])}@${rng.pick(['mail.ru', 'yandex.ru'])}`)));
    return m;
  };
  const emitFirm = (f: Firm, dupRate: number) => {
    const ownMail = mail(f);
    const web = f.domain ? rng.pick([`https://${f.domain}`, `www.${f.domain}`, f.domain, `http://www.${f.domain}/`]) : null;
    emit(f, legalName(rng, f), { phones: [phoneText(rng, f.phone)], emails: ownMail && rng.chance(0.7) ? [ownMail] : [], web: rng.chance(0.7) ? web : null, address: rng.chance(0.6) ? address(rng, f) : null, inn: f.inn });
    if (!rng.chance(dupRate)) return;
    const copies = rng.chance(0.75) ? 1 : 2;
    for (let c = 0; c < copies; c++) {
      const k = rng.int(100);
      if (k < 15) {
        // telephony made the company card: the number as its name, or no name
        emit(f, rng.chance(0.6) ? phoneText(rng, f.phone) : rng.pick(['', 'Компания', 'Новая компания', 'Без названия']), { phones: [phoneText(rng, f.phone)] });
      } else if (k < 40) {
        emit(f, legalName(rng, f), { phones: [phoneText(rng, f.phone)], address: rng.chance(0.4) ? address(rng, f) : null });
      } else if (k < 55 && f.domain) {
        // another department wrote from its own mailbox of the same domain
        emit(f, legalName(rng, f), { emails: [`${rng.pick(['zakupki', 'otdel.prodazh', 'hr', 'director', 'ivanova', 'glavbuh'])}@${f.domain}`] });
      } else if (k < 65 && f.domain) {
        emit(f, rng.chance(0.5) ? typo(rng, legalName(rng, f)) : legalName(rng, f), { web: rng.pick([`https://www.${f.domain}/contacts`, `${f.domain}`, `http://${f.domain}`]) });
      } else if (k < 80) {
        // re-typed with a one-letter slip, the number kept
        emit(f, typo(rng, legalName(rng, f)), { phones: [phoneText(rng, f.phone)], emails: ownMail && rng.chance(0.3) ? [ownMail.toUpperCase()] : [] });
      } else if (k < 88 && f.inn) {
        emit(f, legalName(rng, f), { inn: f.inn, address: address(rng, f) });
      } else if (k < 94 && ownMail) {
        emit(f, legalName(rng, f), { emails: [ownMail] });
      } else {
        // a name-only card with the address
        emit(f, `${legalName(rng, f).replace(/ \(.*\)$/u, '')}`, { address: address(rng, f), phones: rng.chance(0.5) ? [phoneText(rng, f.phone)] : [] });
      }
    }
  };

  while (entities.length < target) {
    const city = rng.pick(CITIES);
    const roll = rng.int(100);
    if (roll < 10) {
      // a holding: the parent and an affiliate with a brand suffix, on one office number
      const parent = makeFirm(city, null, false);
      const affiliate = makeFirm(city, rng.pick(BRAND_SUFFIXES)(parent.brand), false);
      if (rng.chance(0.7)) affiliate.phone = parent.phone;
      if (rng.chance(0.3) && parent.domain) affiliate.domain = parent.domain;
      usedBrands.add(affiliate.brand.toLowerCase().replace(/[^а-яёa-z0-9]/gu, ''));
      emitFirm(parent, 0.4);
      emitFirm(affiliate, 0.3);
    } else if (roll < 16) {
      // namesake firms in two cities
      const a = makeFirm(city, null, false);
      let other = rng.pick(CITIES);
      while (other[0] === city[0]) other = rng.pick(CITIES);
      const b = makeFirm(other, a.brand, false);
      emitFirm(a, 0.3);
      emitFirm(b, 0.3);
    } else if (roll < 36) {
      emitFirm(makeFirm(city, null, true), 0.45);
    } else {
      emitFirm(makeFirm(city, null, false), 0.45);
    }
  }
  return { entities, truth };
}
