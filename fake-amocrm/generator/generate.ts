// runtime: node
/**
 * The "reference" demo account (reference-audit.md) as plain API v4 objects.
 * Every defect is placed by construction on disjoint cards, numbers and addresses
 * come from allocators that cannot collide, and truth-count.ts recounts the result.
 */
import { type ApiObject, type FixtureSet, emptyCollections } from '../fixture-set';
import {
  ACCOUNT_ID, LOSS_REASONS, PIPELINES, SUBDOMAIN, TAG_COLORS, TASK_TYPES, USER_GROUPS, type EntityKind, type EnumDef,
  type FieldDef, type PipelineDef, type StageDef, type TagDef, type UserDef, field, fieldGroupObjects, fieldObjects, link,
  lossReasonObjects, makeTags, makeUsers, pipelineObjects, roleObjects, taskTypeObjects, userObjects,
} from './config';
import {
  type CompanyIdentity, type ContactName, type NameStyle, EmailAllocator, duplicateCompanyName, duplicateName, nameAs, randomCompany,
  randomNameStyle,
} from './identities';
import { BRAND_SPELLINGS, CITY_SPELLINGS, POSITIONS, STREETS, type Person, randomPerson } from './names';
import { INVALID_EMAILS, INVALID_PHONES, PhoneAllocator, STUFF_SEPARATORS, formatAs, formatRandom, otherStyle, randomStyle } from './phones';
import { Rng } from './prng';

export interface GenerateOptions {
  /** reference: the demo account (reference-audit.md); wild: the same made untidy (wild.ts) */
  profile: 'reference' | 'wild';
  scale: number;
  seed: number;
  asOf: Date;
}

const DAY = 86_400;
const HOUR = 3_600;

/** Reference figures (reference-audit.md §1, §11) before scaling. */
export const REFERENCE = {
  contacts: 91_699,
  companies: 7_177,
  leads: 148_746,
  won: 72_087,
  lost: 72_069,
  users: 36,
  admins: 5,
  dupPhoneCards: 1_762,
  dupEmailCards: 58,
  stuffedPhone: 4_525,
  stuffedEmail: 6,
  nonameContacts: 1_619,
  nonameCompanies: 2,
  nophoneContacts: 2_115,
  invalidContacts: 500,
  nodealsContacts: 28_569,
  nodealsCompanies: 3_197,
  activeWithoutTask: 2_719,
  lostWithoutReason: 21_467,
  unusedTaskTypes: 8,
  unusedLeadTags: 34,
  years: [
    // year(asOf) - 1 (the 2019 shape) and year(asOf) (the 2020 shape)
    { created: 9_800, won: 534, avgCheck: 134_000, avgDurationDays: 102 },
    { created: 25_500, won: 800, avgCheck: 145_000, avgDurationDays: 45 },
  ],
} as const;

export interface Targets {
  contacts: number;
  companies: number;
  leads: number;
  won: number;
  lost: number;
  active: number;
  dupPhoneCards: number;
  dupEmailCards: number;
  stuffedPhone: number;
  stuffedEmail: number;
  nonameContacts: number;
  nonameCompanies: number;
  nophoneContacts: number;
  invalidContacts: number;
  nodealsContacts: number;
  nodealsCompanies: number;
  activeWithoutTask: number;
  lostWithoutReason: number;
  years: { created: number; won: number; revenue: number; avgDurationDays: number }[];
  /** extra figures with no reference value */
  duplicateActiveClients: number;
  incomingNotesOnClosed: number;
  incomingEventsOnClosed: number;
}

/** Every count times the scale, rounded; a duplicate group needs two cards, so a lone card is dropped. */
export function targetsFor(scale: number): Targets {
  const r = (x: number): number => Math.round(x * scale);
  const pairs = (x: number): number => {
    const n = r(x);
    return n === 1 ? 0 : n;
  };
  const leads = r(REFERENCE.leads);
  const won = r(REFERENCE.won);
  const lost = r(REFERENCE.lost);
  return {
    contacts: r(REFERENCE.contacts),
    companies: r(REFERENCE.companies),
    leads,
    won,
    lost,
    active: Math.max(0, leads - won - lost),
    dupPhoneCards: pairs(REFERENCE.dupPhoneCards),
    dupEmailCards: pairs(REFERENCE.dupEmailCards),
    stuffedPhone: r(REFERENCE.stuffedPhone),
    stuffedEmail: r(REFERENCE.stuffedEmail),
    nonameContacts: r(REFERENCE.nonameContacts),
    nonameCompanies: r(REFERENCE.nonameCompanies),
    nophoneContacts: r(REFERENCE.nophoneContacts),
    invalidContacts: r(REFERENCE.invalidContacts),
    nodealsContacts: r(REFERENCE.nodealsContacts),
    nodealsCompanies: r(REFERENCE.nodealsCompanies),
    activeWithoutTask: r(REFERENCE.activeWithoutTask),
    lostWithoutReason: r(REFERENCE.lostWithoutReason),
    years: REFERENCE.years.map((y) => {
      const wonY = r(y.won);
      return { created: r(y.created), won: wonY, revenue: wonY * y.avgCheck, avgDurationDays: y.avgDurationDays };
    }),
    duplicateActiveClients: r(60),
    incomingNotesOnClosed: r(380),
    incomingEventsOnClosed: r(260),
  };
}

// ---------------------------------------------------------------- plans

type PhoneRole = 'normal' | 'nophone' | 'dup' | 'stuffed';

interface CardPlan {
  /** display name parts; null name = a no-name card */
  name: ContactName;
  noname: string | null;
  phones: { value: string; code: string }[];
  emails: { value: string; code: string }[];
  role: PhoneRole;
  companyIdx: number;
  created: number;
  firstDeal: number;
  responsible: number;
  id: number;
}

interface CompanyPlan extends CardPlan {
  identity: CompanyIdentity;
  domain: string | null;
}

type DealClass = 'wonY' | 'wonY1' | 'wonOld' | 'active' | 'lost';

interface DealPlan {
  cls: DealClass;
  created: number;
  closed: number | null;
  pipeline: PipelineDef;
  status: number;
  /** the stage the deal was created in (index into path; -1 = unsorted) */
  price: number;
  lossReason: number | null;
  mainContact: number;
  contacts: number[];
  company: number;
  coverage: boolean;
  responsible: number;
  id: number;
  openTaskTill: number | null;
  name: string;
}

interface Clock {
  t0: number;
  startY1: number;
  startY: number;
  asOf: number;
  w0: number;
}

/** a stable uuid for a users group: real groups carry one ([PHP:src/AmoCRM/Models/AccountSettings/UsersGroup.php] reads `uuid`) */
function groupUuid(id: number): string {
  const hex = id.toString(16).padStart(12, '0').slice(-12);
  return `5a1e0000-0000-4000-8000-${hex}`;
}

function clockFor(asOf: Date): Clock {
  const y = asOf.getUTCFullYear();
  const w = new Date(asOf.getTime());
  w.setUTCMonth(w.getUTCMonth() - 6);
  return {
    t0: Date.UTC(y - 3, 2, 15, 7, 0, 0) / 1000,
    startY1: Date.UTC(y - 1, 0, 1) / 1000,
    startY: Date.UTC(y, 0, 1) / 1000,
    asOf: Math.floor(asOf.getTime() / 1000),
    w0: Math.floor(w.getTime() / 1000),
  };
}

/** Keeps timestamps away from year and window boundaries (±1.5 days) so UTC vs Moscow time never changes a count. */
function nudge(t: number, c: Clock): number {
  let x = Math.round(t);
  for (const b of [c.startY1, c.startY, c.w0]) {
    if (Math.abs(x - b) < 1.5 * DAY) x = x < b ? b - 2 * DAY : b + 2 * DAY;
  }
  if (x > c.asOf - HOUR) x = c.asOf - HOUR;
  if (x < c.t0) x = c.t0 + HOUR;
  return x;
}

function uniform(rng: Rng, from: number, to: number): number {
  if (to <= from) return from;
  return from + rng.next() * (to - from);
}

/** splits n into group sizes of 2..4 (mostly 2) */
function groupSizes(rng: Rng, n: number): number[] {
  const sizes: number[] = [];
  let left = n;
  while (left > 0) {
    if (left <= 4) {
      if (left === 1) {
        const last = sizes.pop() ?? 0;
        sizes.push(last + 1);
      } else sizes.push(left);
      break;
    }
    const s = rng.weighted<number>([[2, 78], [3, 17], [4, 5]]);
    sizes.push(s);
    left -= s;
  }
  return sizes;
}

const DEAL_NAME_KINDS: readonly (readonly [number, number])[] = [[0, 30], [1, 12], [2, 35], [3, 10], [4, 8], [5, 5]];
const DEAL_PRODUCTS = ['Окна ПВХ', 'Балкон под ключ', 'Остекление', 'Двери', 'Сетки'];

const PHONE_ENUMS: readonly (readonly [string, number])[] = [['MOB', 68], ['WORK', 20], ['HOME', 5], ['OTHER', 4], ['WORKDD', 2], ['FAX', 1]];

function enumByCode(f: FieldDef, code: string): EnumDef {
  const e = f.enums?.find((x) => x.value === code);
  if (!e) throw new Error(`no enum ${code} on ${f.name}`);
  return e;
}

function cfv(f: FieldDef, values: ApiObject[]): ApiObject {
  return { field_id: f.id, field_name: f.name, field_code: f.code, field_type: f.type, values };
}

function multitext(f: FieldDef, items: { value: string; code: string }[]): ApiObject {
  return cfv(f, items.map((i) => ({ value: i.value, enum_id: enumByCode(f, i.code).id, enum_code: i.code })));
}

const weightCache = new WeakMap<object, (readonly [EnumDef, number])[]>();

function selectValue(f: FieldDef, rng: Rng, weights?: number[]): ApiObject {
  const list = f.enums ?? [];
  let e: EnumDef;
  if (weights) {
    let table = weightCache.get(f);
    if (!table) weightCache.set(f, (table = list.map((x, i) => [x, weights[i] ?? 1] as const)));
    e = rng.weighted(table);
  } else e = rng.pick(list);
  return cfv(f, [{ value: e.value, enum_id: e.id, enum_code: null }]);
}

const tagTables = new WeakMap<TagDef[], (readonly [TagDef, number])[]>();

function tagsFor(rng: Rng, tags: TagDef[], p: number, forced: TagDef | undefined): ApiObject[] {
  let table = tagTables.get(tags);
  if (!table) tagTables.set(tags, (table = tags.filter((t) => t.used).map((x) => [x, x.weight] as const)));
  const picked: TagDef[] = forced ? [forced] : [];
  if (rng.chance(p)) {
    const n = rng.chance(0.8) ? 1 : 2;
    for (let i = 0; i < n; i++) {
      const t = rng.weighted(table);
      if (!picked.includes(t)) picked.push(t);
    }
  }
  return picked.map((t) => ({ id: t.id, name: t.name, color: null }));
}

// ---------------------------------------------------------------- main

export interface GeneratedAccount {
  fixtures: FixtureSet;
  duplicates: { contacts: number[][]; companies: number[][] };
  targets: Targets;
}

export function buildAccount(opts: GenerateOptions): GeneratedAccount {
  if (opts.profile !== 'reference' && opts.profile !== 'wild') throw new Error(`unknown profile ${String(opts.profile)}`);
  if (!(opts.scale > 0)) throw new Error('scale must be positive');
  const T = targetsFor(opts.scale);
  const c = clockFor(opts.asOf);
  const rng = new Rng(opts.seed, 1);
  const phones = new PhoneAllocator();
  const emails = new EmailAllocator();
  const users = makeUsers(new Rng(opts.seed, 2));
  const tags = makeTags();
  const activeUsers = users.filter((u) => u.active && !u.admin);
  const byDept = (d: UserDef['dept']): UserDef[] => {
    const list = users.filter((u) => u.dept === d);
    return list.length > 0 ? list : activeUsers;
  };
  const nonAdmins = users.filter((u) => !u.admin);
  const anyManager = (): number => (rng.chance(0.05) ? rng.pick(users) : rng.pick(nonAdmins)).id;
  const groupOf = new Map(users.map((u) => [u.id, u.groupId]));

  const PHONE_C = field('contacts', 'PHONE');
  const EMAIL_C = field('contacts', 'EMAIL');
  const PHONE_CO = field('companies', 'PHONE');
  const EMAIL_CO = field('companies', 'EMAIL');

  const contactDups: number[][] = [];
  const companyDups: number[][] = [];
  const person = (): Person => randomPerson(rng);

  // ------------------------------------------------ companies
  const companyTaken = new Set<string>();
  const companies: CompanyPlan[] = [];
  for (let i = 0; i < T.companies; i++) {
    const identity = randomCompany(rng, companyTaken, person);
    companies.push({
      identity,
      domain: null,
      name: { name: identity.name, first_name: '', last_name: '' },
      noname: null,
      phones: [],
      emails: [],
      role: 'normal',
      companyIdx: -1,
      created: 0,
      firstDeal: Infinity,
      responsible: 0,
      id: 0,
    });
  }
  const coOrder = rng.shuffle(Array.from({ length: T.companies }, (_, i) => i));
  let coCursor = 0;
  const takeCo = (n: number): number[] => {
    const out = coOrder.slice(coCursor, coCursor + n);
    coCursor += out.length;
    return out;
  };
  let dupPhoneCoCards = Math.min(T.companies, Math.round(T.dupPhoneCards * 0.08));
  if (dupPhoneCoCards === 1) dupPhoneCoCards = 0;
  if (T.dupPhoneCards - dupPhoneCoCards === 1) dupPhoneCoCards += 1;
  const dupEmailCoCards = T.dupEmailCards >= 20 ? 4 : 0;
  const stuffedCo = Math.round(T.stuffedPhone * 0.05);
  const coDupPhone = takeCo(dupPhoneCoCards);
  const coDupEmail = takeCo(dupEmailCoCards);
  const coStuffed = takeCo(stuffedCo);
  for (const i of coStuffed) (companies[i] as CompanyPlan).role = 'stuffed';

  const companyPhoneValue = (nsn: string): string => formatRandom(rng, nsn);
  for (const co of companies) {
    const { address, domain } = emails.company(rng, co.identity.slug);
    co.domain = domain;
    if (co.role === 'stuffed') {
      const a = phones.nextLandline();
      const b = rng.chance(0.5) ? phones.nextLandline() : phones.nextMobile();
      const style = randomStyle(rng);
      co.phones.push({ value: `${formatAs(a, style)}${rng.weighted(STUFF_SEPARATORS)}${formatAs(b, rng.chance(0.7) ? style : randomStyle(rng))}`, code: 'WORK' });
    } else if (rng.chance(0.93)) {
      const nsn = rng.chance(0.75) ? phones.nextLandline() : phones.nextMobile();
      let value = companyPhoneValue(nsn);
      if (nsn.startsWith('4') && rng.chance(0.06)) value += ` доб. ${rng.int(100, 999)}`;
      co.phones.push({ value, code: rng.weighted([['WORK', 80], ['WORKDD', 8], ['FAX', 4], ['OTHER', 5], ['MOB', 3]]) });
      if (rng.chance(0.15)) co.phones.push({ value: formatRandom(rng, phones.nextMobile()), code: rng.weighted([['MOB', 60], ['WORK', 30], ['OTHER', 10]]) });
    }
    if (rng.chance(0.55)) co.emails.push({ value: address, code: 'WORK' });
  }
  // company duplicates by phone: the same office number typed differently, the name with or without the legal form
  for (const size of groupSizes(rng, coDupPhone.length)) {
    const members = coDupPhone.splice(0, size);
    const orig = companies[members[0] as number] as CompanyPlan;
    const nsn = phones.nextLandline();
    const style = randomStyle(rng);
    orig.phones = [{ value: formatAs(nsn, style), code: 'WORK' }];
    for (const m of members.slice(1)) {
      const co = companies[m] as CompanyPlan;
      co.identity = orig.identity;
      co.name = { name: duplicateCompanyName(orig.identity, rng).name, first_name: '', last_name: '' };
      co.phones = [{ value: formatAs(nsn, otherStyle(rng, style)), code: rng.weighted([['WORK', 70], ['OTHER', 15], ['MOB', 15]]) }];
      co.emails = rng.chance(0.3) && orig.emails[0] ? [{ value: emails.typoOf(rng, orig.emails[0].value), code: 'WORK' }] : [];
      if (rng.chance(0.2)) co.phones.push({ value: formatRandom(rng, phones.nextMobile()), code: 'MOB' });
    }
    companyDups.push(members);
  }
  // company duplicates by e-mail: the same box, another phone
  for (let g = 0; g + 1 < coDupEmail.length; g += 2) {
    const a = companies[coDupEmail[g] as number] as CompanyPlan;
    const b = companies[coDupEmail[g + 1] as number] as CompanyPlan;
    const address = `info@${a.domain ?? 'firma.ru'}`;
    a.emails = [{ value: address, code: 'WORK' }];
    b.identity = a.identity;
    b.name = { name: duplicateCompanyName(a.identity, rng).name, first_name: '', last_name: '' };
    b.emails = [{ value: EmailAllocator.restyle(rng, address), code: 'WORK' }];
    companyDups.push([coDupEmail[g] as number, coDupEmail[g + 1] as number]);
  }
  for (const i of rng.sample(T.companies, T.nonameCompanies)) (companies[i] as CompanyPlan).noname = rng.pick(['', 'Компания без названия']);

  // ------------------------------------------------ contacts
  const contacts: CardPlan[] = [];
  const styles: NameStyle[] = [];
  const people: Person[] = [];
  for (let i = 0; i < T.contacts; i++) {
    const p = person();
    const style = randomNameStyle(rng);
    people.push(p);
    styles.push(style);
    contacts.push({ name: nameAs(p, style, rng), noname: null, phones: [], emails: [], role: 'normal', companyIdx: -1, created: 0, firstDeal: Infinity, responsible: 0, id: 0 });
  }
  const cOrder = rng.shuffle(Array.from({ length: T.contacts }, (_, i) => i));
  let cCursor = 0;
  const takeC = (n: number): number[] => {
    const out = cOrder.slice(cCursor, cCursor + n);
    cCursor += out.length;
    return out;
  };
  const cNophone = takeC(T.nophoneContacts);
  const cDupPhone = takeC(T.dupPhoneCards - dupPhoneCoCards);
  const cStuffed = takeC(T.stuffedPhone - stuffedCo);
  const cDupEmail = takeC(T.dupEmailCards - dupEmailCoCards);
  const cStuffedEmail = takeC(T.stuffedEmail);
  const cInvalid = takeC(T.invalidContacts);
  for (const i of cNophone) (contacts[i] as CardPlan).role = 'nophone';
  for (const i of cDupPhone) (contacts[i] as CardPlan).role = 'dup';
  for (const i of cStuffed) (contacts[i] as CardPlan).role = 'stuffed';

  // employees: some contacts work for a company (and a company's people use its mail domain)
  for (let i = 0; i < T.contacts; i++) if (T.companies > 0 && rng.chance(0.12)) (contacts[i] as CardPlan).companyIdx = rng.int(0, T.companies - 1);

  const phoneEnum = (): string => rng.weighted(PHONE_ENUMS);
  for (let i = 0; i < T.contacts; i++) {
    const ct = contacts[i] as CardPlan;
    const p = people[i] as Person;
    if (ct.role === 'normal') {
      ct.phones.push({ value: formatRandom(rng, phones.nextMobile()), code: phoneEnum() });
      if (rng.chance(0.1)) ct.phones.push({ value: formatRandom(rng, rng.chance(0.5) ? phones.nextLandline() : phones.nextMobile()), code: rng.weighted([['WORK', 50], ['HOME', 20], ['MOB', 20], ['OTHER', 10]]) });
    } else if (ct.role === 'stuffed') {
      const a = phones.nextMobile();
      const style = randomStyle(rng);
      const kind = rng.weighted<string>([['two', 80], ['three', 8], ['repeat', 7], ['ext', 5]]);
      const sep = rng.weighted(STUFF_SEPARATORS);
      let value: string;
      if (kind === 'repeat') value = `${formatAs(a, style)}${sep}${formatAs(a, otherStyle(rng, style))}`;
      else if (kind === 'three') value = [a, phones.nextMobile(), phones.nextLandline()].map((n) => formatAs(n, style)).join(sep);
      else if (kind === 'ext') value = `${formatAs(phones.nextLandline(), style)} доб. ${rng.int(10, 999)}${sep}${formatAs(a, style)}`;
      else value = `${formatAs(a, style)}${sep}${formatAs(rng.chance(0.8) ? phones.nextMobile() : phones.nextLandline(), rng.chance(0.7) ? style : randomStyle(rng))}`;
      ct.phones.push({ value, code: rng.weighted([['MOB', 55], ['WORK', 35], ['OTHER', 10]]) });
    }
    if (ct.role !== 'dup' && rng.chance(0.33)) {
      const co = ct.companyIdx >= 0 ? companies[ct.companyIdx] : undefined;
      ct.emails.push({ value: emails.personal(rng, p, co && rng.chance(0.6) ? (co.domain ?? undefined) : undefined), code: rng.weighted([['WORK', 55], ['PRIV', 40], ['OTHER', 5]]) });
    }
  }
  // contact duplicates by phone
  for (const size of groupSizes(rng, cDupPhone.length)) {
    const members = cDupPhone.splice(0, size);
    const oi = members[0] as number;
    const orig = contacts[oi] as CardPlan;
    const p = people[oi] as Person;
    const nsn = rng.chance(0.88) ? phones.nextMobile() : phones.nextLandline();
    const style = randomStyle(rng);
    orig.phones = [{ value: formatAs(nsn, style), code: nsn.startsWith('9') ? 'MOB' : 'WORK' }];
    if (rng.chance(0.5)) orig.emails = [{ value: emails.personal(rng, p), code: 'PRIV' }];
    for (const m of members.slice(1)) {
      const ct = contacts[m] as CardPlan;
      people[m] = p;
      ct.name = duplicateName(p, styles[oi] as NameStyle, rng).name;
      ct.companyIdx = orig.companyIdx;
      // the chat widget stores the number under another enum, or as typed by the client
      ct.phones = [{ value: formatAs(nsn, otherStyle(rng, style)), code: rng.weighted([['MOB', 45], ['WORK', 35], ['HOME', 8], ['OTHER', 12]]) }];
      if (rng.chance(0.15)) ct.phones.push({ value: formatRandom(rng, phones.nextMobile()), code: phoneEnum() });
      ct.emails = orig.emails[0] && rng.chance(0.25) ? [{ value: emails.typoOf(rng, orig.emails[0].value), code: 'PRIV' }] : [];
    }
    contactDups.push(members);
  }
  // contact duplicates by e-mail: the same address with other case/spaces, another phone
  for (let g = 0; g + 1 < cDupEmail.length; g += 2) {
    const ai = cDupEmail[g] as number;
    const bi = cDupEmail[g + 1] as number;
    const a = contacts[ai] as CardPlan;
    const b = contacts[bi] as CardPlan;
    const p = people[ai] as Person;
    const address = emails.personal(rng, p);
    a.emails = [{ value: address, code: 'PRIV' }];
    people[bi] = p;
    b.name = duplicateName(p, styles[ai] as NameStyle, rng).name;
    b.emails = [{ value: EmailAllocator.restyle(rng, address), code: rng.pick(['PRIV', 'WORK']) }];
    contactDups.push([ai, bi]);
  }
  if (cDupEmail.length % 2 === 1) {
    // an odd card count: the last one joins the previous pair as a third card
    const last = cDupEmail[cDupEmail.length - 1] as number;
    const prev = contactDups[contactDups.length - 1];
    const src = prev ? (contacts[prev[0] as number] as CardPlan).emails[0] : undefined;
    if (prev && src) {
      (contacts[last] as CardPlan).emails = [{ value: EmailAllocator.restyle(rng, src.value), code: 'WORK' }];
      prev.push(last);
    }
  }
  for (const i of cStuffedEmail) {
    const ct = contacts[i] as CardPlan;
    const p = people[i] as Person;
    ct.emails = [{ value: `${emails.personal(rng, p)}${rng.pick([', ', '; ', ',', ' / '])}${emails.personal(rng, p)}`, code: 'WORK' }];
  }
  for (const i of cInvalid) {
    const ct = contacts[i] as CardPlan;
    if (rng.chance(0.8)) {
      const bad = { value: rng.pick(INVALID_PHONES), code: rng.weighted([['MOB', 50], ['WORK', 40], ['OTHER', 10]]) };
      if (rng.chance(0.5)) ct.phones = [bad];
      else ct.phones.push(bad);
    } else ct.emails.push({ value: rng.pick(INVALID_EMAILS), code: 'PRIV' });
  }
  for (const i of rng.sample(T.contacts, T.nonameContacts)) (contacts[i] as CardPlan).noname = rng.weighted([['', 30], ['Без имени', 15], ['Контакт без имени', 35], ['#', 15], ['  ', 5]]);

  // ------------------------------------------------ deals: classes and dates
  const deals: DealPlan[] = [];
  const newDeal = (cls: DealClass, created: number, closed: number | null): DealPlan => ({
    cls, created, closed, pipeline: PIPELINES[0] as PipelineDef, status: 0, price: 0, lossReason: null, mainContact: -1, contacts: [], company: -1,
    coverage: false, responsible: 0, id: 0, openTaskTill: null, name: '',
  });
  const yearsT = T.years as [Targets['years'][number], Targets['years'][number]];
  const wonWithDuration = (cls: DealClass, n: number, from: number, to: number, meanDays: number): DealPlan[] => {
    const closedAt = Array.from({ length: n }, () => nudge(uniform(rng, from, to), c));
    const durs = Array.from({ length: n }, () => 1 + rng.gamma2(meanDays - 1));
    const mean = durs.reduce((a, b) => a + b, 0) / Math.max(1, n);
    return closedAt.map((cl, i) => {
      const d = ((durs[i] as number) * meanDays) / mean;
      const created = nudge(Math.max(c.t0 + DAY, cl - d * DAY), c);
      return newDeal(cls, Math.min(created, cl - HOUR), cl);
    });
  };
  const wonY = wonWithDuration('wonY', yearsT[1].won, c.startY + 2 * DAY, c.asOf - HOUR, yearsT[1].avgDurationDays);
  const wonY1 = wonWithDuration('wonY1', yearsT[0].won, c.startY1 + 2 * DAY, c.startY - 2 * DAY, yearsT[0].avgDurationDays);
  const wonOld = wonWithDuration('wonOld', Math.max(0, T.won - wonY.length - wonY1.length), c.t0 + 15 * DAY, c.startY1 - 2 * DAY, 60);
  deals.push(...wonY, ...wonY1, ...wonOld);
  const active: DealPlan[] = [];
  for (let i = 0; i < T.active; i++) {
    const r = rng.next();
    let created: number;
    if (r < 0.6) created = uniform(rng, c.w0 + 2 * DAY, c.asOf - HOUR);
    else if (r < 0.75) created = uniform(rng, Math.min(c.startY, c.w0), c.w0);
    else if (r < 0.9) created = uniform(rng, c.startY1, c.startY);
    else created = uniform(rng, c.t0, c.startY1);
    active.push(newDeal('active', nudge(created, c), null));
  }
  deals.push(...active);
  const inYear = (t: number, y0: number, y1: number): boolean => t >= y0 && t < y1;
  const createdIn = (y0: number, y1: number): number => deals.filter((d) => inYear(d.created, y0, y1)).length;
  const lostY = Math.max(0, Math.min(T.lost, yearsT[1].created - createdIn(c.startY, c.asOf + 1)));
  const lostY1 = Math.max(0, Math.min(T.lost - lostY, yearsT[0].created - createdIn(c.startY1, c.startY)));
  const lostOld = T.lost - lostY - lostY1;
  const lostDeal = (from: number, to: number, meanDays: number): DealPlan => {
    const created = nudge(uniform(rng, from, to), c);
    const closed = nudge(Math.min(c.asOf - HOUR, created + HOUR + rng.gamma2(meanDays) * DAY), c);
    return newDeal('lost', created, Math.max(closed, created + 60));
  };
  for (let i = 0; i < lostY; i++) deals.push(lostDeal(c.startY + 2 * DAY, c.asOf - HOUR, 18));
  for (let i = 0; i < lostY1; i++) deals.push(lostDeal(c.startY1 + 2 * DAY, c.startY - 2 * DAY, 25));
  for (let i = 0; i < lostOld; i++) deals.push(lostDeal(c.t0 + DAY, c.startY1 - 2 * DAY, 30));

  // ------------------------------------------------ deals: pipelines, stages, prices, loss reasons
  const [retail, wholesale, service, old] = PIPELINES as [PipelineDef, PipelineDef, PipelineDef, PipelineDef];
  const livePipelines = [retail, wholesale, service];
  const nonDead = (p: PipelineDef): StageDef[] => p.working.filter((s) => !s.dead);
  for (const d of deals) {
    const oldEnough = d.closed !== null && d.closed < Math.min(c.startY1, c.w0) - 2 * DAY;
    if (oldEnough && rng.chance(0.05)) d.pipeline = old;
    else d.pipeline = rng.weighted([[retail, 75], [wholesale, 21], [service, 4]]);
  }
  // every live pipeline has a won and a lost deal inside the window (their stage paths mark the stages as used)
  const inWindow = (t: number | null): boolean => t !== null && t > c.w0 && t <= c.asOf;
  for (const p of livePipelines) {
    for (const cls of ['won', 'lost'] as const) {
      const isCls = (d: DealPlan): boolean => (cls === 'won' ? d.cls.startsWith('won') : d.cls === 'lost') && inWindow(d.closed);
      if (deals.some((d) => isCls(d) && d.pipeline === p)) continue;
      const donor = deals.find((d) => isCls(d) && d.pipeline === retail);
      if (donor) donor.pipeline = p;
    }
  }
  const firstActiveInWindow = new Set<PipelineDef>();
  for (const d of deals) {
    const p = d.pipeline;
    const stages = nonDead(p);
    if (d.cls.startsWith('won')) d.status = 142;
    else if (d.cls === 'lost') d.status = 143;
    else if (d.created > c.w0) {
      if (!firstActiveInWindow.has(p) || rng.chance(0.1)) {
        firstActiveInWindow.add(p);
        d.status = p.unsorted.id;
      } else d.status = (stages[Math.min(stages.length - 1, Math.floor(rng.next() ** 1.6 * stages.length))] as StageDef).id;
    } else {
      const dead = p.working.filter((s) => s.dead);
      d.status = dead.length > 0 && rng.chance(0.15) ? rng.pick(dead).id : rng.pick(stages).id;
    }
    const dept = p === wholesale ? 'wholesale' : p === service ? 'service' : d.created > c.w0 && rng.chance(0.15) ? 'callcentre' : 'retail';
    d.responsible = rng.pick(byDept(dept)).id;
  }
  // prices: won deals of the two analysed years add up to the target revenue exactly
  const priceFor = (d: DealPlan): number => {
    const base = rng.lognormal(d.pipeline === wholesale ? 260_000 : d.pipeline === service ? 18_000 : 95_000, 0.6);
    return Math.max(1_000, Math.round(base / 50) * 50);
  };
  const fitRevenue = (list: DealPlan[], revenue: number): void => {
    if (list.length === 0) return;
    const raw = list.map((d) => priceFor(d));
    const sum = raw.reduce((a, b) => a + b, 0);
    let total = 0;
    list.forEach((d, i) => {
      d.price = Math.max(1_000, Math.round(((raw[i] as number) * revenue) / sum / 50) * 50);
      total += d.price;
    });
    const top = list.reduce((a, b) => (b.price > a.price ? b : a));
    top.price += revenue - total;
  };
  fitRevenue(wonY, yearsT[1].revenue);
  fitRevenue(wonY1, yearsT[0].revenue);
  for (const d of deals) {
    if (d.cls === 'wonOld') d.price = priceFor(d);
    else if (d.cls === 'lost') d.price = rng.chance(0.45) ? 0 : priceFor(d);
    else if (d.cls === 'active') d.price = rng.chance(0.4) ? 0 : priceFor(d);
  }
  const lostDeals = deals.filter((d) => d.cls === 'lost');
  const withReason = rng.shuffle(lostDeals.slice()).slice(0, Math.max(0, lostDeals.length - T.lostWithoutReason));
  {
    const n = withReason.length;
    const quotas = LOSS_REASONS.map((r) => Math.floor(r.share * n));
    let rest = n - quotas.reduce((a, b) => a + b, 0);
    const order = LOSS_REASONS.map((r, i) => [i, r.share * n - Math.floor(r.share * n)] as const).sort((a, b) => b[1] - a[1]);
    for (const [i] of order) if (rest-- > 0) quotas[i] = (quotas[i] as number) + 1;
    let k = 0;
    LOSS_REASONS.forEach((r, i) => {
      for (let j = 0; j < (quotas[i] as number); j++) (withReason[k++] as DealPlan).lossReason = r.id;
    });
  }

  // ------------------------------------------------ links: every contact/company "with deals" has at least one
  const nWithDealContacts = Math.min(T.contacts - T.nodealsContacts, deals.length);
  const withDealContacts = rng.shuffle(Array.from({ length: T.contacts }, (_, i) => i)).slice(0, nWithDealContacts);
  const withDealCompanies = new Set(rng.shuffle(Array.from({ length: T.companies }, (_, i) => i)).slice(0, Math.max(0, T.companies - T.nodealsCompanies)));
  const dealOrder = rng.shuffle(Array.from({ length: deals.length }, (_, i) => i));
  dealOrder.forEach((di, k) => {
    const d = deals[di] as DealPlan;
    if (k < withDealContacts.length) {
      d.coverage = true;
      d.mainContact = withDealContacts[k] as number;
    } else if (rng.chance(0.985)) {
      d.mainContact = withDealContacts[Math.floor(rng.next() ** 1.7 * withDealContacts.length)] ?? -1;
    }
    if (d.mainContact >= 0) {
      d.contacts.push(d.mainContact);
      if (rng.chance(0.025) && withDealContacts.length > 1) {
        const other = rng.pick(withDealContacts);
        if (other !== d.mainContact) d.contacts.push(other);
      }
      const ci = (contacts[d.mainContact] as CardPlan).companyIdx;
      if (ci >= 0 && withDealCompanies.has(ci)) d.company = ci;
    }
  });
  // duplicate active deals: a repeated website request opened a second deal for the same client
  {
    const act = deals.filter((d) => d.cls === 'active' && !d.coverage && d.mainContact >= 0);
    for (let k = 0; k < T.duplicateActiveClients && act.length > 1; k++) {
      const a = rng.pick(act);
      const b = act.find((x) => x !== a && x.pipeline === a.pipeline && x.mainContact !== a.mainContact && rng.chance(0.2));
      if (!b) continue;
      b.mainContact = a.mainContact;
      b.contacts = [a.mainContact];
      b.company = a.company;
    }
  }
  {
    const hasDeal = new Set<number>();
    for (const d of deals) if (d.company >= 0) hasDeal.add(d.company);
    const free = rng.shuffle(deals.filter((d) => d.company < 0 && d.pipeline !== service));
    let f = 0;
    for (const ci of withDealCompanies) {
      if (hasDeal.has(ci)) continue;
      const d = free[f++];
      if (!d) break;
      d.company = ci;
    }
  }
  // dates of cards follow their first deal
  for (const d of deals) {
    for (const ci of d.contacts) {
      const ct = contacts[ci] as CardPlan;
      if (d.created < ct.firstDeal) ct.firstDeal = d.created;
    }
    if (d.company >= 0) {
      const co = companies[d.company] as CompanyPlan;
      if (d.created < co.firstDeal) co.firstDeal = d.created;
    }
  }
  const cardDates = (card: CardPlan): void => {
    card.created = Number.isFinite(card.firstDeal) ? Math.max(c.t0, card.firstDeal - Math.floor(rng.next() * 3 * DAY)) : Math.floor(uniform(rng, c.t0, c.asOf - HOUR));
    card.responsible = anyManager();
  };
  contacts.forEach(cardDates);
  companies.forEach(cardDates);

  // ids follow creation time, as in a real account
  const assignIds = <X extends { created: number; id: number }>(list: X[], start: number): void => {
    const order = list.map((x, i) => [x.created, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let id = start;
    for (const [, i] of order) {
      id += rng.chance(0.9) ? 1 : rng.int(2, 5);
      (list[i] as X).id = id;
    }
  };
  assignIds(contacts, 35_000_000);
  assignIds(companies, 47_000_000);
  assignIds(deals, 21_000_000);

  // ------------------------------------------------ tasks
  const tasks: ApiObject[] = [];
  let taskId = 60_000_000;
  const usedTypes = TASK_TYPES.filter((t) => t.used);
  const TASK_TEXT: Record<number, string[]> = {
    1: ['Связаться с клиентом', 'Перезвонить по заявке', 'Уточнить размеры', 'Связаться'],
    2: ['Встреча в офисе', 'Встреча на объекте', 'Подписание договора'],
  };
  let forcedType = 0;
  const pickType = (): number => {
    if (forcedType < usedTypes.length) return (usedTypes[forcedType++] as (typeof usedTypes)[number]).id;
    return rng.weighted(usedTypes.map((t, i) => [t.id, [45, 10, 15, 10, 15, 5][i] ?? 5] as const));
  };
  const addTask = (entityType: string, entityId: number, responsible: number, created: number, till: number, completed: boolean): void => {
    const type = pickType();
    const tt = TASK_TYPES.find((t) => t.id === type);
    const text = rng.pick(TASK_TEXT[type] ?? [tt?.name ?? 'Задача']);
    const updated = Math.min(c.asOf - HOUR, Math.max(created, completed ? till : created));
    tasks.push({
      id: ++taskId, created_by: responsible, updated_by: responsible, created_at: created, updated_at: updated, responsible_user_id: responsible,
      group_id: 0, entity_id: entityId, entity_type: entityType, duration: 0, is_completed: completed, task_type_id: type, text,
      result: completed ? { text: rng.pick(['Сделано', 'Клиент не ответил', 'Договорились', 'Перенесли', 'Выполнено']) } : null,
      complete_till: till, account_id: ACCOUNT_ID, _links: link(`tasks/${taskId}`),
    });
  };
  const activeDeals = deals.filter((d) => d.cls === 'active');
  const withTask = rng.shuffle(activeDeals.slice()).slice(0, Math.max(0, activeDeals.length - T.activeWithoutTask));
  for (const d of withTask) {
    const n = rng.chance(0.2) ? 2 : 1;
    for (let k = 0; k < n; k++) {
      const created = Math.floor(Math.max(d.created + 60, c.asOf - rng.int(1, 30) * DAY));
      const till = rng.chance(0.6) ? c.asOf + rng.int(1, 14) * DAY + rng.int(9, 18) * HOUR : Math.max(created + HOUR, c.asOf - rng.int(1, 30) * DAY);
      addTask('leads', d.id, d.responsible, Math.min(created, c.asOf - HOUR), till, false);
      if (d.openTaskTill === null || till < d.openTaskTill) d.openTaskTill = till;
    }
  }
  for (const d of deals) {
    if (d.created < c.startY1 || !rng.chance(0.45)) continue;
    const end = d.closed ?? c.asOf - HOUR;
    const created = Math.floor(uniform(rng, d.created, end));
    addTask('leads', d.id, d.responsible, created, Math.min(c.asOf - HOUR, created + rng.int(1, 5) * DAY), true);
  }
  // forgotten open tasks on closed deals, and tasks set on the contact instead of the deal
  const closedRecent = deals.filter((d) => d.closed !== null && d.closed > c.startY1);
  for (let k = 0; k < Math.round(150 * opts.scale) && closedRecent.length > 0; k++) {
    const d = rng.pick(closedRecent);
    const till = Math.min(c.asOf - HOUR, (d.closed ?? c.asOf) + rng.int(1, 20) * DAY);
    addTask('leads', d.id, d.responsible, Math.min(till, d.closed ?? till), till, false);
    if (d.openTaskTill === null || till < d.openTaskTill) d.openTaskTill = till;
  }
  const contactTaskTill = new Map<number, number>();
  for (let k = 0; k < Math.round(400 * opts.scale); k++) {
    const d = rng.pick(activeDeals.length > 0 ? activeDeals : deals);
    if (d.mainContact < 0) continue;
    const ct = contacts[d.mainContact] as CardPlan;
    const till = c.asOf + rng.int(-10, 10) * DAY;
    addTask('contacts', ct.id, ct.responsible, c.asOf - rng.int(11, 40) * DAY, till, false);
    contactTaskTill.set(ct.id, Math.min(contactTaskTill.get(ct.id) ?? Infinity, till));
  }

  // ------------------------------------------------ events and notes (all inside the window)
  const events: ApiObject[] = [];
  const leadNotes: ApiObject[] = [];
  const contactNotes: ApiObject[] = [];
  const companyNotes: ApiObject[] = [];
  let noteId = 90_000_000;
  const eventOf = (type: string, entityType: string, entityId: number, createdAt: number, createdBy: number, after: ApiObject[], before: ApiObject[]): void => {
    const id = rng.eventId();
    const plural = entityType === 'lead' ? 'leads' : entityType === 'contact' ? 'contacts' : 'companies';
    events.push({
      id, type, entity_id: entityId, entity_type: entityType, created_by: createdBy, created_at: Math.floor(createdAt), value_after: after, value_before: before,
      account_id: ACCOUNT_ID, _links: link(`events/${id}`), _embedded: { entity: { id: entityId, _links: link(`${plural}/${entityId}`) } },
    });
  };
  const ls = (id: number, p: PipelineDef): ApiObject[] => [{ lead_status: { id, pipeline_id: p.id } }];
  const statusMove = (d: DealPlan, from: number, to: number, t: number): void => eventOf('lead_status_changed', 'lead', d.id, t, rng.chance(0.2) ? 0 : d.responsible, ls(to, d.pipeline), ls(from, d.pipeline));
  const noteOf = (list: ApiObject[], plural: string, entityId: number, type: string, createdAt: number, by: number, params: ApiObject): void => {
    const id = ++noteId;
    const t = Math.floor(createdAt);
    list.push({
      id, entity_id: entityId, created_by: by, updated_by: by, created_at: t, updated_at: t, responsible_user_id: by, group_id: 0, note_type: type,
      params, account_id: ACCOUNT_ID, is_editable: type === 'common', _links: link(`${plural}/${entityId}/notes/${id}`),
    });
  };
  const callParams = (phone: string): ApiObject => ({
    uniq: `${rng.eventId().slice(2, 10)}-${rng.eventId().slice(2, 6)}-${rng.eventId().slice(2, 14)}`, duration: rng.int(5, 600), source: 'Mango Office',
    link: `https://records.mango-office.ru/${rng.eventId().slice(2)}.mp3`, phone, call_status: 4,
  });
  const contactPhone = (d: DealPlan): string => {
    const ct = d.mainContact >= 0 ? contacts[d.mainContact] : undefined;
    return ct?.phones[0]?.value ?? '+7 495 000-00-00';
  };
  const windowFrom = c.w0 + DAY;
  for (const d of deals) {
    if (d.pipeline.retired) continue;
    const p = d.pipeline;
    const stages = nonDead(p);
    const createdInWindow = d.created > c.w0;
    const closedInWindow = inWindow(d.closed);
    if (d.cls === 'active') {
      const k = stages.findIndex((s) => s.id === d.status);
      if (createdInWindow && k >= 0) {
        const fromUnsorted = rng.chance(0.3);
        const path: number[] = fromUnsorted ? [p.unsorted.id, ...stages.slice(0, k + 1).map((s) => s.id)] : stages.slice(0, k + 1).map((s) => s.id);
        const span = c.asOf - HOUR - d.created;
        for (let j = 1; j < path.length; j++) statusMove(d, path[j - 1] as number, path[j] as number, d.created + (span * j) / path.length);
      } else if (!createdInWindow && k >= 1 && rng.chance(0.5)) {
        statusMove(d, (stages[k - 1] as StageDef).id, d.status, uniform(rng, windowFrom, c.asOf - HOUR));
      }
    } else if (closedInWindow && d.closed !== null) {
      const start = Math.max(d.created, windowFrom);
      const won = d.status === 142;
      const last = won ? stages.length - 1 : rng.int(0, stages.length - 1);
      const path: number[] = createdInWindow || won ? [p.unsorted.id, ...stages.slice(0, last + 1).map((s) => s.id), d.status] : [(stages[last] as StageDef).id, d.status];
      const span = d.closed - start;
      for (let j = 1; j < path.length; j++) statusMove(d, path[j - 1] as number, path[j] as number, j === path.length - 1 ? d.closed : start + (span * j) / path.length);
    }
    // ordinary activity on deals that live inside the window
    const alive = d.cls === 'active' || closedInWindow;
    if (alive) {
      const from = Math.max(d.created, windowFrom) + HOUR;
      const to = (d.closed ?? c.asOf) - HOUR;
      if (to > from) {
        if (rng.chance(0.25)) noteOf(leadNotes, 'leads', d.id, 'common', uniform(rng, from, to), d.responsible, { text: rng.pick(['Клиент думает', 'Отправил расчёт на почту', 'Просит скидку 10%', 'Замер в субботу', 'Ждём предоплату', 'Сравнивает с конкурентами']) });
        if (rng.chance(0.15)) noteOf(leadNotes, 'leads', d.id, 'call_out', uniform(rng, from, to), d.responsible, callParams(contactPhone(d)));
        if (rng.chance(0.08)) {
          const t = uniform(rng, from, to);
          const params = callParams(contactPhone(d));
          noteOf(leadNotes, 'leads', d.id, 'call_in', t, d.responsible, params);
          // the callback service attaches the same call to the contact as well
          if (d.mainContact >= 0 && rng.chance(0.5)) noteOf(contactNotes, 'contacts', (contacts[d.mainContact] as CardPlan).id, 'call_in', t, d.responsible, { ...params });
        }
        if (rng.chance(0.06)) eventOf('incoming_chat_message', 'lead', d.id, uniform(rng, from, to), 0, [{ message: { talk_id: rng.int(1000, 99999), origin: rng.pick(['jivo', 'whatsapp', 'telegram']) } }], []);
        if (rng.chance(0.05)) eventOf('outgoing_chat_message', 'lead', d.id, uniform(rng, from, to), d.responsible, [{ message: { talk_id: rng.int(1000, 99999), origin: 'jivo' } }], []);
      }
    }
  }
  // incoming requests on closed deals after they closed: nobody is notified
  const closedForIncoming = deals.filter((d) => d.closed !== null && !d.pipeline.retired && d.closed < c.asOf - 2 * DAY && d.closed > c.startY1);
  const incomingTime = (d: DealPlan): number => Math.floor(uniform(rng, Math.max((d.closed ?? 0) + 2 * HOUR, windowFrom), c.asOf - HOUR));
  for (let k = 0; k < T.incomingNotesOnClosed && closedForIncoming.length > 0; k++) {
    const d = rng.pick(closedForIncoming);
    const t = incomingTime(d);
    if (rng.chance(0.7)) noteOf(leadNotes, 'leads', d.id, 'call_in', t, d.responsible, callParams(contactPhone(d)));
    else noteOf(leadNotes, 'leads', d.id, 'sms_in', t, 0, { text: rng.pick(['Здравствуйте, хочу ещё одно окно', 'Перезвоните пожалуйста', 'Нужна сетка на окно']), phone: contactPhone(d) });
  }
  for (let k = 0; k < T.incomingEventsOnClosed && closedForIncoming.length > 0; k++) {
    const d = rng.pick(closedForIncoming);
    const type = rng.weighted([['incoming_chat_message', 60], ['incoming_call', 15], ['incoming_sms', 10], ['incoming_mail', 15]]);
    const after = type === 'incoming_chat_message' ? [{ message: { talk_id: rng.int(1000, 99999), origin: rng.pick(['jivo', 'whatsapp', 'telegram']) } }] : [];
    eventOf(type, 'lead', d.id, incomingTime(d), 0, after, []);
  }
  // calls the telephony put on contacts only, and a little company activity
  for (let k = 0; k < Math.round(900 * opts.scale); k++) {
    const ct = rng.pick(contacts);
    if (ct.role === 'nophone') continue;
    eventOf('incoming_call', 'contact', ct.id, uniform(rng, windowFrom, c.asOf - HOUR), 0, [], []);
  }
  for (let k = 0; k < Math.round(300 * opts.scale) && companies.length > 0; k++) {
    const co = rng.pick(companies);
    noteOf(companyNotes, 'companies', co.id, 'common', uniform(rng, windowFrom, c.asOf - HOUR), co.responsible, { text: rng.pick(['Запросили акт сверки', 'Новый прайс отправлен', 'Сменился снабженец']) });
  }
  events.sort((a, b) => (a.created_at as number) - (b.created_at as number));

  // ------------------------------------------------ API objects
  const fx = emptyCollections();
  const F = (e: EntityKind, n: string): FieldDef => field(e, n);
  const lf = {
    roistat: F('leads', 'roistat'), source: F('leads', 'Откуда контакт'), brand: F('leads', 'Бренд'), product: F('leads', 'Тип изделия'),
    address: F('leads', 'Адрес замера'), date: F('leads', 'Дата замера'), measurer: F('leads', 'Замерщик'), contract: F('leads', 'Номер договора'),
    utmSource: F('leads', 'UTM_SOURCE'), utmCampaign: F('leads', 'UTM_CAMPAIGN'), oldReason: F('leads', 'Причина отказа (старое поле)'),
  };
  const cf = {
    position: F('contacts', 'POSITION'), city: F('contacts', 'Город'), phone2: F('contacts', 'Доп. телефон'), comment: F('contacts', 'Комментарий'),
    birthday: F('contacts', 'День рождения'), consent: F('contacts', 'Согласие на рассылку'),
  };
  const cof = { web: F('companies', 'WEB'), address: F('companies', 'ADDRESS'), inn: F('companies', 'ИНН'), sphere: F('companies', 'Сфера деятельности'), discount: F('companies', 'Скидка опт, %') };
  const text = (f: FieldDef, value: string | number | boolean): ApiObject => cfv(f, [{ value }]);

  const streetAddress = (): string => `г. ${rng.pick(['Москва', 'Москва', 'Москва', 'Химки', 'Подольск', 'Мытищи', 'Балашиха'])}, ул. ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}${rng.chance(0.3) ? `, корп. ${rng.int(1, 5)}` : ''}, кв. ${rng.int(1, 400)}`;
  let contractNo = 0;
  const UTM = ['yandex', 'google', 'vk', 'instagram', 'avito', 'direct'];

  deals.sort((a, b) => a.id - b.id);
  deals.forEach((d, i) => {
    const vals: ApiObject[] = [];
    const first = i === 0; // the first deal carries one value of every used field, so that no used field depends on luck
    if (first || rng.chance(0.1)) vals.push(text(lf.roistat, String(100_000 + rng.int(0, 899_999))));
    if (first || rng.chance(0.035)) vals.push(selectValue(lf.source, rng, [30, 25, 15, 12, 5, 8, 5]));
    if (first || rng.chance(0.22)) vals.push(text(lf.brand, rng.weighted(BRAND_SPELLINGS)));
    if (first || rng.chance(0.4)) vals.push(selectValue(lf.product, rng, [50, 8, 10, 15, 8, 6, 3]));
    if (first || rng.chance(0.25)) vals.push(text(lf.address, streetAddress()));
    if (first || rng.chance(0.18)) vals.push(text(lf.date, Math.floor((d.created + rng.int(1, 10) * DAY) / DAY) * DAY));
    if (first || rng.chance(0.12)) vals.push(selectValue(lf.measurer, rng));
    if (first || (d.status === 142 && rng.chance(0.9))) vals.push(text(lf.contract, `Д-${new Date(d.created * 1000).getUTCFullYear()}/${String(++contractNo).padStart(5, '0')}`));
    if (first || rng.chance(0.08)) vals.push(cfv(lf.utmSource, [{ value: rng.pick(UTM) }]));
    if (first || rng.chance(0.06)) vals.push(cfv(lf.utmCampaign, [{ value: `${rng.pick(['okna', 'balkon', 'dveri', 'brand'])}_${rng.pick(['poisk', 'rsya', 'retarget'])}_${rng.int(1, 40)}` }]));
    if (first || (d.status === 143 && rng.chance(0.03))) vals.push(text(lf.oldReason, rng.pick(['дорого', 'не берёт трубку', 'купил у других', 'передумал', 'далеко ехать на замер'])));
    const forcedTag = i < tags.leads.length && (tags.leads[i] as TagDef).used ? tags.leads[i] : undefined;
    const main = d.mainContact >= 0 ? (contacts[d.mainContact] as CardPlan) : undefined;
    const co = d.company >= 0 ? (companies[d.company] as CompanyPlan) : undefined;
    const clientName = main ? (main.noname === null ? main.name.name.split(' ')[0] : 'клиент') : co?.identity.core;
    const kind = rng.weighted(DEAL_NAME_KINDS);
    if (kind === 0) d.name = `Сделка #${d.id}`;
    else if (kind === 1) d.name = 'Заявка с сайта';
    else if (kind === 2) d.name = `${rng.pick(DEAL_PRODUCTS)} — ${clientName ?? 'клиент'}`;
    else if (kind === 3) d.name = `Заказ №${rng.int(1000, 99999)}`;
    else if (kind === 4) d.name = 'Входящий звонок';
    else d.name = 'Обращение из чата';
    const updated = Math.min(c.asOf - HOUR, Math.max(d.closed ?? d.created, d.created + rng.int(0, 20) * DAY));
    fx.leads.push({
      id: d.id, name: d.name, price: d.price, responsible_user_id: d.responsible, group_id: groupOf.get(d.responsible) ?? 0,
      status_id: d.status, pipeline_id: d.pipeline.id, loss_reason_id: d.status === 143 ? d.lossReason : null, created_by: rng.chance(0.3) ? 0 : d.responsible,
      updated_by: d.responsible, created_at: d.created, updated_at: updated, closed_at: d.closed, closest_task_at: d.openTaskTill,
      is_deleted: false, custom_fields_values: vals.length > 0 ? vals : null, score: null, account_id: ACCOUNT_ID, labor_cost: null,
      _links: link(`leads/${d.id}`),
      _embedded: {
        tags: tagsFor(rng, tags.leads, 0.4, forcedTag),
        companies: co ? [{ id: co.id, _links: link(`companies/${co.id}`) }] : [],
        contacts: d.contacts.map((ci, k) => {
          const id = (contacts[ci] as CardPlan).id;
          return { id, is_main: k === 0, _links: link(`contacts/${id}`) };
        }),
      },
    });
  });

  const order = (list: CardPlan[]): number[] => list.map((_, i) => i).sort((a, b) => (list[a] as CardPlan).id - (list[b] as CardPlan).id);
  for (const i of order(contacts)) {
    const ct = contacts[i] as CardPlan;
    const vals: ApiObject[] = [];
    const forceAll = fx.contacts.length === 0;
    if (forceAll || rng.chance(0.15)) vals.push(text(cf.position, rng.pick(POSITIONS)));
    if (ct.phones.length > 0) vals.push(multitext(PHONE_C, ct.phones));
    if (ct.emails.length > 0) vals.push(multitext(EMAIL_C, ct.emails));
    if (forceAll || rng.chance(0.3)) vals.push(text(cf.city, rng.weighted(CITY_SPELLINGS)));
    // a second number written into a plain text field (the chat widget cannot see it)
    if (forceAll || (ct.role !== 'nophone' && rng.chance(0.03))) vals.push(text(cf.phone2, formatRandom(rng, phones.nextMobile())));
    if (forceAll || rng.chance(0.04)) {
      const withPhone = rng.chance(0.25);
      vals.push(text(cf.comment, withPhone ? `звонить на ${formatRandom(rng, phones.nextMobile())} после 18:00` : rng.pick(['Постоянный клиент', 'Дача в Подмосковье', 'Просил не звонить утром', 'Сосед Иванова, скидка 5%', 'Пришёл по рекомендации', 'Конфликтный, согласовывать с РОП'])));
    }
    if (forceAll || rng.chance(0.015)) vals.push(text(cf.birthday, Date.UTC(rng.int(1950, 2000), rng.int(0, 11), rng.int(1, 28)) / 1000));
    if (forceAll || rng.chance(0.07)) vals.push(text(cf.consent, true));
    const coIdx = ct.companyIdx;
    const co = coIdx >= 0 ? (companies[coIdx] as CompanyPlan) : undefined;
    const nm = ct.noname === null ? ct.name : { name: ct.noname === '#' ? `Контакт #${ct.id}` : ct.noname, first_name: '', last_name: '' };
    const ctTags = tagsFor(rng, tags.contacts, 0.2, fx.contacts.length < tags.contacts.length && (tags.contacts[fx.contacts.length] as TagDef).used ? tags.contacts[fx.contacts.length] : undefined);
    fx.contacts.push({
      id: ct.id, name: nm.name, first_name: nm.first_name, last_name: nm.last_name, responsible_user_id: ct.responsible, group_id: 0,
      created_by: rng.chance(0.4) ? 0 : ct.responsible, updated_by: ct.responsible, created_at: ct.created,
      updated_at: Math.min(c.asOf - HOUR, ct.created + rng.int(0, 60) * DAY), closest_task_at: contactTaskTill.get(ct.id) ?? null, is_deleted: false,
      is_unsorted: false, custom_fields_values: vals.length > 0 ? vals : null, account_id: ACCOUNT_ID, _links: link(`contacts/${ct.id}`),
      _embedded: { tags: ctTags, companies: co ? [{ id: co.id, _links: link(`companies/${co.id}`) }] : [] },
    });
  }
  for (const i of order(companies)) {
    const co = companies[i] as CompanyPlan;
    const vals: ApiObject[] = [];
    const forceAll = fx.companies.length === 0;
    if (co.phones.length > 0) vals.push(multitext(PHONE_CO, co.phones));
    if (co.emails.length > 0) vals.push(multitext(EMAIL_CO, co.emails));
    if (forceAll || rng.chance(0.3)) vals.push(text(cof.web, `${rng.pick(['https://', 'http://', 'www.', ''])}${co.domain ?? 'firma.ru'}`));
    if (forceAll || rng.chance(0.3)) vals.push(text(cof.address, `${rng.int(100_000, 199_999)}, ${streetAddress().replace(/, кв\. \d+$/, `, оф. ${rng.int(1, 900)}`)}`));
    if (forceAll || rng.chance(0.35)) vals.push(text(cof.inn, co.identity.legal === 'ИП' ? String(500_000_000_000 + i * 7919) : String(7_700_000_000 + i * 7919)));
    if (forceAll || rng.chance(0.2)) vals.push(selectValue(cof.sphere, rng));
    if (forceAll || rng.chance(0.03)) vals.push(text(cof.discount, rng.pick([3, 5, 7, 10, 12, 15])));
    const coTags = tagsFor(rng, tags.companies, 0.25, fx.companies.length < tags.companies.length && (tags.companies[fx.companies.length] as TagDef).used ? tags.companies[fx.companies.length] : undefined);
    fx.companies.push({
      id: co.id, name: co.noname ?? co.name.name, responsible_user_id: co.responsible, group_id: 0, created_by: co.responsible, updated_by: co.responsible,
      created_at: co.created, updated_at: Math.min(c.asOf - HOUR, co.created + rng.int(0, 90) * DAY), closest_task_at: null,
      custom_fields_values: vals.length > 0 ? vals : null, is_deleted: false, account_id: ACCOUNT_ID, _links: link(`companies/${co.id}`),
      _embedded: { tags: coTags },
    });
  }

  fx.tasks = tasks;
  fx.users = userObjects(users);
  fx.roles = roleObjects(users);
  fx.events = events;
  fx.leads_pipelines = pipelineObjects();
  fx.leads_loss_reasons = lossReasonObjects(c.t0);
  fx.leads_custom_fields = fieldObjects('leads');
  fx.contacts_custom_fields = fieldObjects('contacts');
  fx.companies_custom_fields = fieldObjects('companies');
  fx.leads_custom_fields_groups = fieldGroupObjects('leads');
  fx.contacts_custom_fields_groups = fieldGroupObjects('contacts');
  fx.companies_custom_fields_groups = fieldGroupObjects('companies');
  fx.leads_tags = tags.leads.map((t, i) => ({ id: t.id, name: t.name, color: TAG_COLORS[i % TAG_COLORS.length] ?? null, _links: link(`leads/tags/${t.id}`) }));
  fx.contacts_tags = tags.contacts.map((t) => ({ id: t.id, name: t.name, _links: link(`contacts/tags/${t.id}`) }));
  fx.companies_tags = tags.companies.map((t) => ({ id: t.id, name: t.name, _links: link(`companies/tags/${t.id}`) }));
  fx.leads_notes = leadNotes;
  fx.contacts_notes = contactNotes;
  fx.companies_notes = companyNotes;

  const admin = users.find((u) => u.admin) as UserDef;
  const account: ApiObject = {
    id: ACCOUNT_ID, name: 'Окна Комфорт', subdomain: SUBDOMAIN, created_at: c.t0, created_by: admin.id, updated_at: c.asOf - DAY, updated_by: admin.id,
    current_user_id: admin.id, country: 'RU', currency: 'RUB', currency_symbol: '₽', customers_mode: 'disabled', is_unsorted_on: true,
    is_loss_reason_enabled: true, is_helpbot_enabled: false, is_technical_account: false, contact_name_display_order: 1, mobile_feature_version: 0,
    _links: { self: { href: `https://${SUBDOMAIN}.amocrm.ru/api/v4/account` } },
    _embedded: { task_types: taskTypeObjects(), users_groups: USER_GROUPS.map((g) => ({ id: g.id, name: g.name, uuid: groupUuid(g.id) })) },
  };

  const idOf = (list: CardPlan[]) => (g: number[]): number[] => g.map((i) => (list[i] as CardPlan).id);
  return {
    fixtures: { account, collections: fx },
    duplicates: { contacts: contactDups.map(idOf(contacts)), companies: companyDups.map(idOf(companies)) },
    targets: T,
  };
}
