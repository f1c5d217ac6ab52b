// runtime: node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { analyzeEmailValue, canonicalEmail, canonicalEmails } from '../../shared/normalize/email';
import { analyzePhoneValue } from '../../shared/normalize/phone';
import { type ApiObject } from '../fixture-set';
import { EmailAllocator } from './identities';
import { countTruth, generateAccount, targetsFor } from './index';
import { randomPerson } from './names';
import { PhoneAllocator, formatAs } from './phones';
import { Rng } from './prng';
import { referenceMismatches } from './reference-check';

const asOf = new Date('2020-12-31T00:00:00Z');
const small = generateAccount({ profile: 'reference', scale: 0.01, seed: 7, asOf });
const tenth = generateAccount({ profile: 'reference', scale: 0.1, seed: 42, asOf });

const hash = (x: unknown): string => createHash('sha256').update(JSON.stringify(x)).digest('hex');
type Cfv = { field_id: number; field_name: string; field_code: string | null; field_type: string; values: { value: unknown; enum_id?: number; enum_code?: string | null }[] };
const cfvs = (o: ApiObject): Cfv[] => (Array.isArray(o.custom_fields_values) ? (o.custom_fields_values as Cfv[]) : []);
const valuesOf = (o: ApiObject, code: string): string[] => cfvs(o).filter((f) => f.field_code === code).flatMap((f) => f.values.map((v) => String(v.value)));

describe('phone number space', () => {
  it('never hands out the same number twice, nor the same last seven digits, and every format parses back', () => {
    const a = new PhoneAllocator();
    const seen = new Set<string>();
    const tails = new Set<string>();
    const styles = ['plus7spaced', 'eight', 'eightBrackets', 'plus7compact', 'dashes', 'seven', 'ten', 'plus7dashes', 'eightSpaces'] as const;
    const wrong: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const n = i % 4 === 0 ? a.nextLandline() : a.nextMobile();
      seen.add(n);
      tails.add(n.slice(3));
      if (i % 50 === 0) {
        const value = formatAs(n, styles[i % styles.length]!);
        const parsed = analyzePhoneValue(value).numbers.map((x) => x.e164);
        if (parsed.length !== 1 || parsed[0] !== `+7${n}`) wrong.push(value);
      }
    }
    expect(seen.size).toBe(200_000);
    expect(tails.size).toBe(200_000);
    expect(wrong).toEqual([]);
  });
});

describe('e-mail mailboxes', () => {
  it('the allocator reserves the canonical mailbox: an alias, a typo domain or Gmail dots of a taken address are refused', () => {
    const a = new EmailAllocator();
    expect(a.claim('roman1985@yandex.ru')).toBe(true);
    for (const same of ['roman1985@ya.ru', 'Roman1985@Yandex.com', 'roman1985@yandex.tu', 'roman1985@narod.ru', ' ROMAN1985@YANDEX.RU ']) {
      expect(a.has(same), same).toBe(true);
      expect(a.claim(same), same).toBe(false);
    }
    expect(a.claim('ivan.petrov@gmail.com')).toBe(true);
    expect(a.claim('ivanpetrov@gmail.com')).toBe(false);
    expect(a.claim('ivan.petrov+crm@gmial.com')).toBe(false);
    expect(a.claim('ivan.petrov@mail.ru')).toBe(true);
    expect(a.claim('ivan.petrov@mial.ru')).toBe(false);
    expect(a.claim('roman1986@ya.ru')).toBe(true);
  });

  it('hands out distinct mailboxes, and typoOf a second spelling of the same mailbox', () => {
    const a = new EmailAllocator();
    const rng = new Rng(3, 9);
    const boxes = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const address = a.personal(rng, randomPerson(rng));
      const key = canonicalEmail(address)?.key;
      expect(key, address).toBeDefined();
      expect(boxes.has(key as string), address).toBe(false);
      boxes.add(key as string);
      if (i % 10 === 0) {
        const typo = a.typoOf(rng, address);
        expect(typo.toLowerCase()).not.toBe(address.toLowerCase());
        const typoKey = canonicalEmail(typo)?.key as string;
        // a typo of a well-spelled domain is the same mailbox; of an already mistyped one, the same or a new mailbox
        if (canonicalEmail(address)?.domainTypo === false) expect(typoKey, `${address} → ${typo}`).toBe(key);
        else expect(typoKey === key || !boxes.has(typoKey), `${address} → ${typo}`).toBe(true);
        boxes.add(typoKey);
      }
    }
    const { address, domain } = a.company(rng, 'stroymontazh');
    expect(canonicalEmail(a.typoOf(rng, address))?.key).toBe(canonicalEmail(address)?.key);
    expect(a.company(rng, 'stroymontazh').domain).not.toBe(domain);
  });

  it.each([
    ['0.01', small],
    ['0.1', tenth],
  ] as const)('scale %s: no two cards outside one injected duplicate group share a canonical e-mail', (_name, acc) => {
    const { fixtures, truth } = acc;
    const groupOf = new Map<string, number>();
    truth.duplicates.contacts.forEach((g, i) => g.forEach((id) => groupOf.set(`c${id}`, i)));
    truth.duplicates.companies.forEach((g, i) => g.forEach((id) => groupOf.set(`k${id}`, truth.duplicates.contacts.length + i)));
    const owners = new Map<string, Set<string>>();
    const add = (o: ApiObject, kind: string): void => {
      for (const v of valuesOf(o, 'EMAIL')) for (const c of canonicalEmails(v)) owners.set(c.key, (owners.get(c.key) ?? new Set()).add(`${kind}${String(o.id)}`));
    };
    fixtures.collections.contacts.forEach((o) => add(o, 'c'));
    fixtures.collections.companies.forEach((o) => add(o, 'k'));
    const wrong: string[] = [];
    let shared = 0;
    for (const [key, cards] of owners) {
      if (cards.size < 2) continue;
      shared++;
      const groups = new Set([...cards].map((card) => groupOf.get(card) ?? `none:${card}`));
      if (groups.size !== 1) wrong.push(`${key} on ${[...cards].join(',')}`);
    }
    expect(wrong).toEqual([]);
    // the injected e-mail duplicates (and typo'd addresses of phone duplicates) are there
    expect(shared).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  it('the same options give the same account, another seed another one', () => {
    const again = generateAccount({ profile: 'reference', scale: 0.01, seed: 7, asOf });
    expect(hash(again)).toBe(hash(small));
    const other = generateAccount({ profile: 'reference', scale: 0.01, seed: 8, asOf });
    expect(hash(other.fixtures)).not.toBe(hash(small.fixtures));
    expect(other.truth.counts['account.contacts']).toBe(small.truth.counts['account.contacts']);
  });
});

describe('truth', () => {
  it('recounting the objects gives the truth', () => {
    const { duplicates: _d, ...rest } = small.truth;
    expect(countTruth(small.fixtures, asOf)).toEqual(rest);
  });

  it.each([
    ['0.01', small, 0.01],
    ['0.1', tenth, 0.1],
  ] as const)('scale %s reproduces every scaled reference figure', (_name, acc, scale) => {
    expect(referenceMismatches(acc.truth, scale)).toEqual([]);
  });

  it('has the configuration findings at every scale', () => {
    for (const acc of [small, tenth]) {
      const c = acc.truth.counts;
      expect(c['users.can_delete']).toBe(7);
      expect(c['users.inactive']).toBe(4);
      expect(c['pipelines.overloaded']).toBe(1);
      expect(c['fields.text_as_list']).toBe(2);
      expect(c['fields.unused']).toBe(14);
      expect(c['tags.unused.contacts']).toBe(3);
      expect(c['tags.unused.companies']).toBe(2);
      expect(c['pipelines.unused_stages']).toBeGreaterThanOrEqual(9);
    }
    expect(tenth.truth.counts['pipelines.unused_stages']).toBe(9);
    expect(tenth.truth.counts['leads.duplicate_active']).toBeGreaterThan(0);
    expect(tenth.truth.counts['phones.non_mobile_enum']).toBeGreaterThan(0);
  });

  it('yearly analytics follow the 2019 and 2020 shapes', () => {
    const [y19, y20] = tenth.truth.analytics.years;
    expect(y19?.year).toBe(2019);
    expect(y20?.year).toBe(2020);
    expect(y19?.conversion).toBeCloseTo(0.054, 2);
    expect(y20?.conversion).toBeCloseTo(0.031, 2);
    expect(y19?.avgCheck).toBe(134_000);
    expect(y20?.avgCheck).toBe(145_000);
    expect(Math.abs((y19?.avgDurationDays ?? 0) - 102)).toBeLessThan(1);
    expect(Math.abs((y20?.avgDurationDays ?? 0) - 45)).toBeLessThan(1);
    const sum = tenth.truth.analytics.lossReasons.reduce((a, r) => a + r.share, 0);
    expect(sum).toBeCloseTo(1, 9);
  });

  it('injected duplicate groups are exactly the cards sharing a number or an address', () => {
    const { fixtures, truth } = tenth;
    const keysOf = new Map<string, Set<string>>();
    const add = (o: ApiObject, kind: string): void => {
      const keys = new Set<string>();
      for (const v of valuesOf(o, 'PHONE')) for (const n of analyzePhoneValue(v).numbers) keys.add(`p${n.key}`);
      for (const v of valuesOf(o, 'EMAIL')) for (const a of analyzeEmailValue(v).addresses) keys.add(`e${a}`);
      keysOf.set(`${kind}${String(o.id)}`, keys);
    };
    fixtures.collections.contacts.forEach((o) => add(o, 'c'));
    fixtures.collections.companies.forEach((o) => add(o, 'k'));
    const groups = [...truth.duplicates.contacts.map((g) => g.map((id) => `c${id}`)), ...truth.duplicates.companies.map((g) => g.map((id) => `k${id}`))];
    const inGroups = new Set(groups.flat());
    for (const g of groups) {
      const shared = [...(keysOf.get(g[0] as string) ?? [])].filter((k) => g.every((card) => keysOf.get(card)?.has(k)));
      expect(shared.length, g.join(',')).toBeGreaterThan(0);
    }
    // no key is shared by two cards outside the injected groups
    const owners = new Map<string, string[]>();
    for (const [card, keys] of keysOf) for (const k of keys) owners.set(k, [...(owners.get(k) ?? []), card]);
    for (const [k, cards] of owners) {
      const distinct = [...new Set(cards)];
      if (distinct.length > 1) for (const card of distinct) expect(inGroups.has(card), `${k} on ${distinct.join(',')}`).toBe(true);
    }
    expect(inGroups.size).toBe(truth.counts['duplicates.phone']! + truth.counts['duplicates.email']!);
    expect(groups.length).toBe(truth.counts['duplicates.phone.groups']! + truth.counts['duplicates.email.groups']!);
    // E.164 without the extension gives the same duplicate cards as the key with it
    const byE164 = new Map<string, Set<string>>();
    const add164 = (o: ApiObject, kind: string): void => {
      for (const v of valuesOf(o, 'PHONE')) for (const n of analyzePhoneValue(v).numbers) byE164.set(n.e164, (byE164.get(n.e164) ?? new Set()).add(`${kind}${String(o.id)}`));
    };
    fixtures.collections.contacts.forEach((o) => add164(o, 'c'));
    fixtures.collections.companies.forEach((o) => add164(o, 'k'));
    const dup164 = new Set([...byE164.values()].filter((s) => s.size > 1).flatMap((s) => [...s]));
    expect(dup164.size).toBe(truth.counts['duplicates.phone']);
  });
});

describe('shapes (scale 0.01)', () => {
  const col = small.fixtures.collections;

  it('has every collection and scaled counts', () => {
    const t = targetsFor(0.01);
    expect(col.contacts).toHaveLength(t.contacts);
    expect(col.companies).toHaveLength(t.companies);
    expect(col.leads).toHaveLength(t.leads);
    expect(col.users).toHaveLength(36);
    for (const name of ['tasks', 'events', 'leads_notes', 'leads_pipelines', 'leads_loss_reasons', 'leads_custom_fields', 'contacts_custom_fields', 'companies_custom_fields', 'leads_tags'] as const) {
      expect(col[name].length, name).toBeGreaterThan(0);
    }
  });

  it('leads look like API v4 leads', () => {
    const ids = new Set(col.contacts.map((c) => c.id));
    const coIds = new Set(col.companies.map((c) => c.id));
    for (const l of col.leads) {
      expect(Object.keys(l)).toEqual(expect.arrayContaining(['id', 'name', 'price', 'status_id', 'pipeline_id', 'loss_reason_id', 'created_at', 'updated_at', 'closed_at', 'closest_task_at', 'custom_fields_values', '_links', '_embedded']));
      const emb = l._embedded as { tags: unknown[]; companies: { id: number }[]; contacts: { id: number; is_main: boolean }[] };
      expect(Array.isArray(emb.tags)).toBe(true);
      expect(emb.companies.length).toBeLessThanOrEqual(1);
      for (const c of emb.contacts) expect(ids.has(c.id)).toBe(true);
      for (const c of emb.companies) expect(coIds.has(c.id)).toBe(true);
      if (emb.contacts.length > 0) expect(emb.contacts.filter((c) => c.is_main)).toHaveLength(1);
      const closed = l.status_id === 142 || l.status_id === 143;
      expect(l.closed_at === null).toBe(!closed);
      if (l.status_id !== 143) expect(l.loss_reason_id).toBeNull();
      expect(l.custom_fields_values === null || (Array.isArray(l.custom_fields_values) && l.custom_fields_values.length > 0)).toBe(true);
      expect(l.created_at as number).toBeLessThanOrEqual(asOf.getTime() / 1000);
      if (closed) expect(l.closed_at as number).toBeGreaterThanOrEqual(l.created_at as number);
    }
  });

  it('custom field values name their field, and multitext values carry enum ids and codes', () => {
    const defs = new Map(col.contacts_custom_fields.map((f) => [f.id, f]));
    for (const c of col.contacts) {
      for (const f of cfvs(c)) {
        const def = defs.get(f.field_id) as ApiObject | undefined;
        expect(def?.name).toBe(f.field_name);
        expect(def?.type).toBe(f.field_type);
        if (f.field_type === 'multitext') {
          for (const v of f.values) {
            expect(['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER', 'PRIV']).toContain(v.enum_code);
            const e = (def?.enums as { id: number; value: string }[]).find((x) => x.id === v.enum_id);
            expect(e?.value).toBe(v.enum_code);
          }
        }
      }
    }
  });

  it('users have rights with is_admin / is_active and delete rights', () => {
    for (const u of col.users) {
      const r = u.rights as Record<string, { delete?: string } | boolean>;
      expect(typeof r.is_admin).toBe('boolean');
      expect(typeof r.is_active).toBe('boolean');
      for (const e of ['leads', 'contacts', 'companies']) expect(['A', 'G', 'M', 'D']).toContain((r[e] as { delete: string }).delete);
    }
  });

  it('pipelines carry unsorted, working, 142 and 143 statuses', () => {
    for (const p of col.leads_pipelines) {
      const st = (p._embedded as { statuses: { id: number; type: number; pipeline_id: number }[] }).statuses;
      expect(st.filter((s) => s.type === 1)).toHaveLength(1);
      expect(st.map((s) => s.id)).toEqual(expect.arrayContaining([142, 143]));
      for (const s of st) expect(s.pipeline_id).toBe(p.id);
    }
  });

  it('events and notes fall inside the six months before asOf', () => {
    const to = asOf.getTime() / 1000;
    const from = Date.UTC(2020, 5, 30) / 1000;
    for (const e of col.events) {
      expect(e.created_at as number).toBeGreaterThan(from);
      expect(e.created_at as number).toBeLessThanOrEqual(to);
      expect(typeof e.id).toBe('string');
      if (e.type === 'lead_status_changed') expect((e.value_after as { lead_status: { id: number; pipeline_id: number } }[])[0]?.lead_status.pipeline_id).toBeTypeOf('number');
    }
    for (const n of [...col.leads_notes, ...col.contacts_notes, ...col.companies_notes]) {
      expect(n.created_at as number).toBeGreaterThan(from);
      expect(n.created_at as number).toBeLessThanOrEqual(to);
    }
  });

  it('tasks point at existing entities with known task types', () => {
    const types = new Set(((small.fixtures.account._embedded as { task_types: { id: number }[] }).task_types).map((t) => t.id));
    const leadIds = new Set(col.leads.map((l) => l.id));
    const contactIds = new Set(col.contacts.map((c) => c.id));
    for (const t of col.tasks) {
      expect(types.has(t.task_type_id as number)).toBe(true);
      if (t.entity_type === 'leads') expect(leadIds.has(t.entity_id)).toBe(true);
      else expect(contactIds.has(t.entity_id)).toBe(true);
    }
  });
});

describe('realistic values (scale 0.1)', () => {
  const col = tenth.fixtures.collections;

  it('every phone value of an ordinary card parses to the numbers it was given', () => {
    let ordinary = 0;
    for (const o of [...col.contacts, ...col.companies]) {
      for (const v of valuesOf(o, 'PHONE')) {
        const a = analyzePhoneValue(v);
        if (a.numbers.length === 1) ordinary++;
        if (a.numbers.length > 0) expect(a.invalidParts, v).toEqual([]);
      }
    }
    expect(ordinary).toBeGreaterThan(col.contacts.length * 0.8);
  });

  it('types phones and names the way people do', () => {
    const all = col.contacts.flatMap((o) => valuesOf(o, 'PHONE'));
    expect(all.some((v) => v.startsWith('+7 '))).toBe(true);
    expect(all.some((v) => /^8\d{10}$/.test(v))).toBe(true);
    expect(all.some((v) => v.includes('('))).toBe(true);
    expect(all.some((v) => / или /.test(v))).toBe(true);
    expect([...col.contacts, ...col.companies].flatMap((o) => valuesOf(o, 'PHONE')).some((v) => /доб\. \d+/.test(v))).toBe(true);
    const names = col.contacts.map((c) => String(c.name));
    expect(names.some((n) => /вич$|вна$/.test(n))).toBe(true);
    expect(names.some((n) => /^(Саша|Лёша|Дима|Женя|Маша|Катя|Наташа)( |$)/.test(n))).toBe(true);
    const companies = col.companies.map((c) => String(c.name));
    expect(companies.some((n) => n.startsWith('ООО «'))).toBe(true);
    expect(companies.some((n) => n.startsWith('ИП '))).toBe(true);
  });
});
