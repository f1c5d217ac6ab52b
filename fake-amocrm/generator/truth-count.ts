// runtime: node
/**
 * Counts every audit finding of a FixtureSet from the objects alone, with the definitions
 * the audit implements (issue 5). Deliberately plain code, independent of the generator:
 * it must not know how the data was made.
 *
 * Conventions: timestamps are Unix seconds; years are calendar years in UTC; the window is
 * (asOf − 6 calendar months, asOf]. Phones and e-mails are read by truth-normalize.ts, not by
 * the product's normalizers: a number's identity is E.164 plus its extension.
 */
import { type ApiObject, type FixtureSet } from '../fixture-set';
import { type Truth, type TruthYear } from '../truth';
import { readEmailValue, readPhoneValue, textHasPhone } from './truth-normalize';

type Cfv = { field_id: number; field_code?: string | null; field_type?: string; values?: { value?: unknown; enum_code?: string | null }[] };

const NONAME = new Set(['', 'без имени', 'контакт без имени', 'компания без названия']);
export const INCOMING_NOTE_TYPES = new Set(['call_in', 'sms_in']);
export const INCOMING_EVENT_TYPES = new Set(['incoming_call', 'incoming_chat_message', 'incoming_sms', 'incoming_mail']);
const DAY = 86_400;

function cfvs(o: ApiObject): Cfv[] {
  const v = o.custom_fields_values;
  return Array.isArray(v) ? (v as Cfv[]) : [];
}

function valuesOf(o: ApiObject, code: string): string[] {
  const out: string[] = [];
  for (const f of cfvs(o)) if (f.field_code === code) for (const v of f.values ?? []) if (typeof v.value === 'string') out.push(v.value);
  return out;
}

export function isNoname(name: unknown): boolean {
  if (typeof name !== 'string') return true;
  const t = name.trim();
  return NONAME.has(t.toLowerCase()) || /^Контакт #\d+$/u.test(t);
}

function num(x: unknown): number {
  return typeof x === 'number' ? x : Number.NaN;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let p = this.parent.get(x) ?? x;
    if (p === x) return x;
    p = this.find(p);
    this.parent.set(x, p);
    return p;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/** cards = contacts and companies pooled; returns [cards sharing a key with another card, connected groups] */
function sharedKeys(cards: { card: string; keys: string[] }[]): [number, number] {
  const byKey = new Map<string, Set<string>>();
  for (const { card, keys } of cards) for (const k of keys) {
    let s = byKey.get(k);
    if (!s) byKey.set(k, (s = new Set()));
    s.add(card);
  }
  const uf = new UnionFind();
  const dup = new Set<string>();
  for (const s of byKey.values()) {
    if (s.size < 2) continue;
    const list = [...s];
    for (const c of list) dup.add(c);
    for (let i = 1; i < list.length; i++) uf.union(list[0] as string, list[i] as string);
  }
  const roots = new Set<string>();
  for (const c of dup) roots.add(uf.find(c));
  return [dup.size, roots.size];
}

export function windowStart(asOf: Date): number {
  const w = new Date(asOf.getTime());
  w.setUTCMonth(w.getUTCMonth() - 6);
  return Math.floor(w.getTime() / 1000);
}

export function countTruth(fx: FixtureSet, asOf: Date): Omit<Truth, 'duplicates'> {
  const col = fx.collections;
  const counts: Record<string, number> = {};
  const leads = col.leads;
  const contacts = col.contacts;
  const companies = col.companies;
  const asOfS = Math.floor(asOf.getTime() / 1000);
  const w0 = windowStart(asOf);
  const inWindow = (t: number): boolean => t > w0 && t <= asOfS;

  counts['account.contacts'] = contacts.length;
  counts['account.companies'] = companies.length;
  counts['account.leads'] = leads.length;
  counts['account.leads.won'] = leads.filter((l) => l.status_id === 142).length;
  counts['account.leads.lost'] = leads.filter((l) => l.status_id === 143).length;
  counts['account.leads.active'] = leads.filter((l) => l.status_id !== 142 && l.status_id !== 143).length;
  counts['account.users'] = col.users.length;

  // ---- phones and e-mails of cards
  const phoneCards: { card: string; keys: string[] }[] = [];
  const emailCards: { card: string; keys: string[] }[] = [];
  let stuffedPhone = 0;
  let stuffedEmail = 0;
  let invalid = 0;
  let nophone = 0;
  let nonMobile = 0;
  const contactFieldType = new Map<number, string>();
  for (const f of col.contacts_custom_fields) contactFieldType.set(num(f.id), String(f.type));
  const scan = (o: ApiObject, card: string, isContact: boolean): void => {
    const pv = valuesOf(o, 'PHONE');
    const ev = valuesOf(o, 'EMAIL');
    const pk: string[] = [];
    const ek: string[] = [];
    let stuffedP = false;
    let stuffedE = false;
    let bad = false;
    for (const v of pv) {
      const a = readPhoneValue(v);
      for (const n of a.numbers) pk.push(n.key);
      if (a.stuffed) stuffedP = true;
      if (a.numbers.length === 0 && v.trim() !== '') bad = true;
    }
    for (const v of ev) {
      const a = readEmailValue(v);
      ek.push(...a.addresses);
      if (a.stuffed) stuffedE = true;
      if (a.addresses.length === 0 && v.trim() !== '') bad = true;
    }
    phoneCards.push({ card, keys: pk });
    emailCards.push({ card, keys: ek });
    if (stuffedP) stuffedPhone++;
    if (stuffedE) stuffedEmail++;
    if (!isContact) return;
    if (bad) invalid++;
    if (pv.length === 0) nophone++;
    let nm = false;
    for (const f of cfvs(o)) {
      if (f.field_code === 'PHONE') {
        for (const v of f.values ?? []) if (v.enum_code !== 'MOB') nm = true;
      } else if (f.field_code !== 'EMAIL') {
        const type = f.field_type ?? contactFieldType.get(f.field_id);
        if (type !== 'text' && type !== 'textarea') continue;
        for (const v of f.values ?? []) if (typeof v.value === 'string' && textHasPhone(v.value)) nm = true;
      }
    }
    if (nm) nonMobile++;
  };
  for (const o of contacts) scan(o, `c${String(o.id)}`, true);
  for (const o of companies) scan(o, `k${String(o.id)}`, false);
  const [dupP, dupPG] = sharedKeys(phoneCards);
  const [dupE, dupEG] = sharedKeys(emailCards);
  counts['duplicates.phone'] = dupP;
  counts['duplicates.phone.groups'] = dupPG;
  counts['duplicates.email'] = dupE;
  counts['duplicates.email.groups'] = dupEG;
  counts['stuffed.phone'] = stuffedPhone;
  counts['stuffed.email'] = stuffedEmail;
  counts['invalid.contacts'] = invalid;
  counts['noname.contacts'] = contacts.filter((o) => isNoname(o.name)).length;
  counts['noname.companies'] = companies.filter((o) => isNoname(o.name)).length;
  counts['nophone.contacts'] = nophone;
  counts['phones.non_mobile_enum'] = nonMobile;

  // ---- links
  const contactsWithDeals = new Set<number>();
  const companiesWithDeals = new Set<number>();
  type Emb = { contacts?: { id: number }[]; companies?: { id: number }[]; tags?: { id: number }[] };
  const emb = (o: ApiObject): Emb => (o._embedded ?? {}) as Emb;
  for (const l of leads) {
    for (const x of emb(l).contacts ?? []) contactsWithDeals.add(x.id);
    for (const x of emb(l).companies ?? []) companiesWithDeals.add(x.id);
  }
  counts['nodeals.contacts'] = contacts.filter((o) => !contactsWithDeals.has(num(o.id))).length;
  counts['nodeals.companies'] = companies.filter((o) => !companiesWithDeals.has(num(o.id))).length;

  // ---- deals
  const isActive = (l: ApiObject): boolean => l.status_id !== 142 && l.status_id !== 143;
  const openTaskOnLead = new Set<number>();
  const usedTaskTypes = new Set<number>();
  for (const t of col.tasks) {
    usedTaskTypes.add(num(t.task_type_id));
    if (t.entity_type === 'leads' && t.is_completed === false) openTaskOnLead.add(num(t.entity_id));
  }
  counts['leads.active_without_task'] = leads.filter((l) => isActive(l) && !openTaskOnLead.has(num(l.id))).length;
  counts['leads.lost_without_reason'] = leads.filter((l) => l.status_id === 143 && (l.loss_reason_id === null || l.loss_reason_id === undefined)).length;
  {
    const perClientPipeline = new Map<string, number>();
    for (const l of leads) {
      if (!isActive(l)) continue;
      const clients = new Set<string>();
      for (const x of emb(l).contacts ?? []) clients.add(`c${x.id}`);
      for (const x of emb(l).companies ?? []) clients.add(`k${x.id}`);
      for (const cl of clients) {
        const key = `${cl}|${String(l.pipeline_id)}`;
        perClientPipeline.set(key, (perClientPipeline.get(key) ?? 0) + 1);
      }
    }
    const clients = new Set<string>();
    for (const [key, n] of perClientPipeline) if (n >= 2) clients.add(key.split('|')[0] as string);
    counts['leads.duplicate_active'] = clients.size;
  }
  {
    const closedAt = new Map<number, number>();
    for (const l of leads) if ((l.status_id === 142 || l.status_id === 143) && typeof l.closed_at === 'number') closedAt.set(num(l.id), l.closed_at);
    let n = 0;
    const after = (leadId: number, t: number): boolean => {
      const cl = closedAt.get(leadId);
      return cl !== undefined && t > cl && inWindow(t);
    };
    for (const note of col.leads_notes) if (INCOMING_NOTE_TYPES.has(String(note.note_type)) && after(num(note.entity_id), num(note.created_at))) n++;
    for (const e of col.events) if (e.entity_type === 'lead' && INCOMING_EVENT_TYPES.has(String(e.type)) && after(num(e.entity_id), num(e.created_at))) n++;
    counts['notes.on_closed_leads'] = n;
  }

  // ---- task types, tags
  const taskTypes = (((fx.account._embedded ?? {}) as { task_types?: ApiObject[] }).task_types ?? []);
  counts['task_types.unused'] = taskTypes.filter((t) => (t.code === null || t.code === undefined) && !usedTaskTypes.has(num(t.id))).length;
  const unusedTags = (defs: ApiObject[], entities: ApiObject[]): number => {
    const used = new Set<number>();
    for (const o of entities) for (const t of emb(o).tags ?? []) used.add(t.id);
    return defs.filter((t) => !used.has(num(t.id))).length;
  };
  counts['tags.unused.leads'] = unusedTags(col.leads_tags, leads);
  counts['tags.unused.contacts'] = unusedTags(col.contacts_tags, contacts);
  counts['tags.unused.companies'] = unusedTags(col.companies_tags, companies);

  // ---- fields
  let unused = 0;
  let lowFill = 0;
  let textAsList = 0;
  const fieldSets: [ApiObject[], ApiObject[]][] = [
    [col.leads_custom_fields, leads],
    [col.contacts_custom_fields, contacts],
    [col.companies_custom_fields, companies],
  ];
  for (const [defs, entities] of fieldSets) {
    const filled = new Map<number, number>();
    const textValues = new Map<number, string[]>();
    for (const o of entities) {
      for (const f of cfvs(o)) {
        const vals = (f.values ?? []).filter((v) => v.value !== null && v.value !== undefined && v.value !== '');
        if (vals.length === 0) continue;
        filled.set(f.field_id, (filled.get(f.field_id) ?? 0) + 1);
        let list = textValues.get(f.field_id);
        if (!list) textValues.set(f.field_id, (list = []));
        for (const v of vals) list.push(String(v.value));
      }
    }
    for (const d of defs) {
      const id = num(d.id);
      const n = filled.get(id) ?? 0;
      if (n === 0) unused++;
      if (entities.length > 0 && n / entities.length < 0.05) lowFill++;
      if (d.type === 'text') {
        const vals = textValues.get(id) ?? [];
        if (vals.length >= 50 && new Set(vals).size <= 30) textAsList++;
      }
    }
  }
  counts['fields.unused'] = unused;
  counts['fields.low_fill'] = lowFill;
  counts['fields.text_as_list'] = textAsList;

  // ---- pipelines
  let overloaded = 0;
  let unusedStages = 0;
  const entered = new Set<string>();
  for (const e of col.events) {
    if (e.type !== 'lead_status_changed' || !inWindow(num(e.created_at))) continue;
    for (const v of (e.value_after ?? []) as { lead_status?: { id: number; pipeline_id: number } }[]) if (v.lead_status) entered.add(`${v.lead_status.pipeline_id}|${v.lead_status.id}`);
  }
  for (const l of leads) if (inWindow(num(l.created_at))) entered.add(`${String(l.pipeline_id)}|${String(l.status_id)}`);
  for (const p of col.leads_pipelines) {
    const statuses = (((p._embedded ?? {}) as { statuses?: ApiObject[] }).statuses ?? []);
    if (statuses.filter((s) => s.type === 0 && s.id !== 142 && s.id !== 143).length > 10) overloaded++;
    for (const s of statuses) if (!entered.has(`${String(p.id)}|${String(s.id)}`)) unusedStages++;
  }
  counts['pipelines.overloaded'] = overloaded;
  counts['pipelines.unused_stages'] = unusedStages;

  // ---- users
  type Rights = { is_admin?: boolean; is_active?: boolean; leads?: { delete?: string }; contacts?: { delete?: string }; companies?: { delete?: string } };
  const rights = (u: ApiObject): Rights => (u.rights ?? {}) as Rights;
  counts['users.admins'] = col.users.filter((u) => rights(u).is_admin === true).length;
  counts['users.can_delete'] = col.users.filter((u) => {
    const r = rights(u);
    if (r.is_admin === true) return false;
    return [r.leads?.delete, r.contacts?.delete, r.companies?.delete].some((d) => d !== undefined && d !== 'D');
  }).length;
  counts['users.inactive'] = col.users.filter((u) => rights(u).is_active === false).length;

  // ---- analytics
  const y = asOf.getUTCFullYear();
  const years: TruthYear[] = [y - 1, y].map((year) => {
    const from = Date.UTC(year, 0, 1) / 1000;
    const to = Date.UTC(year + 1, 0, 1) / 1000;
    const created = leads.filter((l) => num(l.created_at) >= from && num(l.created_at) < to).length;
    const won = leads.filter((l) => l.status_id === 142 && num(l.closed_at) >= from && num(l.closed_at) < to);
    const revenue = won.reduce((a, l) => a + num(l.price), 0);
    const days = won.reduce((a, l) => a + (num(l.closed_at) - num(l.created_at)) / DAY, 0);
    return {
      year,
      created,
      won: won.length,
      revenue,
      conversion: created > 0 ? won.length / created : 0,
      avgDurationDays: won.length > 0 ? days / won.length : 0,
      avgCheck: won.length > 0 ? revenue / won.length : 0,
    };
  });
  const reasonNames = new Map<number, string>();
  for (const r of col.leads_loss_reasons) reasonNames.set(num(r.id), String(r.name));
  const perReason = new Map<string, number>();
  let withReason = 0;
  for (const l of leads) {
    if (l.status_id !== 143 || typeof l.loss_reason_id !== 'number') continue;
    const name = reasonNames.get(l.loss_reason_id) ?? String(l.loss_reason_id);
    perReason.set(name, (perReason.get(name) ?? 0) + 1);
    withReason++;
  }
  const lossReasons = [...perReason].map(([name, n]) => ({ name, share: n / withReason })).sort((a, b) => b.share - a.share);
  return { asOf: asOf.toISOString(), counts, analytics: { years, lossReasons } };
}
