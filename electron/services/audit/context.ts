// runtime: node
/**
 * The per-audit context: every table a rule needs is read once, and every phone and
 * e-mail value is parsed once, then shared by all rules (and the analytics).
 * Everything is loaded lazily, so a single rule in a test only pays for what it reads.
 */
import { analyzeEmailValue } from '../../../shared/normalize/email';
import { analyzePhoneValue, containsPhoneNumber, type PhoneValueAnalysis } from '../../../shared/normalize/phone';
import type { SqliteDb } from '../db/open';
import { DEFAULT_KEY_FIELDS, type AuditOptions, type ResolvedOptions } from './types';
import { readMeta as readSnapshotMetaValue } from '../snapshot/meta';

export const WON = 142;
export const LOST = 143;

export type CardType = 'contacts' | 'companies';

export interface LeadRow {
  id: number;
  name: string | null;
  price: number;
  statusId: number;
  pipelineId: number;
  responsibleUserId: number | null;
  lossReasonId: number | null;
  createdAt: number | null;
  closedAt: number | null;
}

export interface CardRow {
  id: number;
  name: string | null;
}

/** What the phone and e-mail values of one card hold, parsed once. */
export interface CardComms {
  /** E.164 numbers of every phone value, repeats kept */
  phones: string[];
  /** valid addresses of every e-mail value, trimmed and lower-cased */
  emails: string[];
  /** non-empty phone values */
  phoneValues: number;
  phoneStuffed: boolean;
  emailStuffed: boolean;
  /** a phone value with no valid number */
  phoneInvalid: boolean;
  /** an e-mail value with no valid address */
  emailInvalid: boolean;
  /** a phone value under an enum other than MOB */
  nonMobileEnum: boolean;
  /** a phone number written in a text field that is not the phone field */
  phoneInOtherField: boolean;
}

export interface StatusChange {
  leadId: number;
  at: number;
  from: { pipelineId: number; statusId: number } | null;
  to: { pipelineId: number; statusId: number } | null;
}

export interface FieldDef {
  entityType: string;
  id: number;
  name: string;
  type: string | null;
  code: string | null;
}

export interface FieldStat {
  /** non-empty values */
  values: number;
  /** entities with at least one non-empty value */
  filled: number;
  /** distinct trimmed values (text fields only; counted up to 10 001) */
  distinct: number | null;
}

export interface UserRow {
  id: number;
  name: string | null;
  email: string | null;
  isAdmin: boolean;
  isActive: boolean;
  rightsDelete: { leads: string | null; contacts: string | null; companies: string | null };
}

export interface StatusDef {
  pipelineId: number;
  id: number;
  name: string;
  sort: number;
  type: number;
}

export interface PipelineDef {
  id: number;
  name: string;
  sort: number;
  isArchive: boolean;
  /** every status of the pipeline, ordered by sort */
  statuses: StatusDef[];
}

const PHONE_CODE = 'PHONE';
const EMAIL_CODE = 'EMAIL';
const TEXT_TYPES = new Set(['text', 'textarea']);
/** text fields: distinct values are counted exactly up to this many (text_as_list needs at most 30) */
const DISTINCT_CAP = 10_000;

function memo<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

/** Unix seconds from a meta value: seconds, milliseconds or an ISO string. */
export function parseMoment(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = typeof value === 'number' ? value : Number(value);
  if (Number.isFinite(n) && n > 0) return n > 1e12 ? Math.floor(n / 1000) : Math.floor(n);
  const t = Date.parse(String(value));
  return Number.isFinite(t) ? Math.floor(t / 1000) : null;
}

/** The moment `months` calendar months before `date` (UTC). */
export function monthsBefore(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
}

function readMeta(db: SqliteDb, key: string): string | null {
  try {
    return readSnapshotMetaValue(db, key);
  } catch {
    return null;
  }
}

/** The snapshot's own time: meta finished_at, else the newest collection finish, else null. */
export function snapshotTime(db: SqliteDb): number | null {
  const meta = parseMoment(readMeta(db, 'finished_at'));
  if (meta) return meta;
  const row = db.prepare('SELECT max(finished_at) AS t FROM collections').get() as { t: number | null } | undefined;
  return row?.t ?? null;
}

export function resolveOptions(db: SqliteDb, options: AuditOptions = {}): ResolvedOptions {
  const snap = snapshotTime(db);
  return {
    asOf: options.asOf ?? (snap ? new Date(snap * 1000) : new Date()),
    windowMonths: options.windowMonths ?? 6,
    lowFillThreshold: options.lowFillThreshold ?? 0.05,
    maxWorkingStages: options.maxWorkingStages ?? 10,
    textAsListMinValues: options.textAsListMinValues ?? 50,
    textAsListMaxDistinct: options.textAsListMaxDistinct ?? 30,
    keyFields: options.keyFields ?? DEFAULT_KEY_FIELDS,
    targetConversion: options.targetConversion ?? 0.05,
    sampleSize: options.sampleSize ?? 20,
  };
}

const LEAD_STATUS = /"lead_status"\s*:\s*\{([^{}]*)\}/;
const STATUS_ID = /"id"\s*:\s*"?(\d+)/;
const PIPELINE_ID = /"pipeline_id"\s*:\s*"?(\d+)/;

/** Finds {lead_status: {id, pipeline_id}} anywhere in an event's value_before/value_after JSON. */
export function extractLeadStatus(json: string | null): { pipelineId: number; statusId: number } | null {
  if (!json) return null;
  const m = LEAD_STATUS.exec(json);
  if (m) {
    const id = STATUS_ID.exec(m[1]!);
    const pipe = PIPELINE_ID.exec(m[1]!);
    if (id && pipe) return { pipelineId: Number(pipe[1]), statusId: Number(id[1]) };
  }
  if (!json.includes('lead_status')) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  const visit = (v: unknown, depth: number): { pipelineId: number; statusId: number } | null => {
    if (depth > 4 || v === null || typeof v !== 'object') return null;
    if (Array.isArray(v)) {
      for (const item of v) {
        const found = visit(item, depth + 1);
        if (found) return found;
      }
      return null;
    }
    const o = v as Record<string, unknown>;
    const ls = o.lead_status;
    if (ls && typeof ls === 'object') {
      const st = ls as Record<string, unknown>;
      const id = Number(st.id);
      const pipelineId = Number(st.pipeline_id);
      if (Number.isFinite(id) && Number.isFinite(pipelineId)) return { pipelineId, statusId: id };
    }
    for (const key of Object.keys(o)) {
      const found = visit(o[key], depth + 1);
      if (found) return found;
    }
    return null;
  };
  return visit(value, 0);
}

export class AuditContext {
  readonly options: ResolvedOptions;
  /** Unix seconds; every window is (windowStart, asOf] */
  readonly asOf: number;
  readonly windowStart: number;

  constructor(
    readonly db: SqliteDb,
    options: AuditOptions = {},
  ) {
    this.options = resolveOptions(db, options);
    this.asOf = Math.floor(this.options.asOf.getTime() / 1000);
    this.windowStart = Math.floor(monthsBefore(this.options.asOf, this.options.windowMonths).getTime() / 1000);
  }

  inWindow(t: number | null): boolean {
    return t !== null && t > this.windowStart && t <= this.asOf;
  }

  readonly contacts = memo(
    () => this.db.prepare('SELECT id, name FROM contacts WHERE is_deleted = 0 ORDER BY id').all() as CardRow[],
  );

  readonly companies = memo(
    () => this.db.prepare('SELECT id, name FROM companies WHERE is_deleted = 0 ORDER BY id').all() as CardRow[],
  );

  /**
   * Cards merged away by a push (tagged "amosweep:merged→<id>") or ticked in a checkbox field
   * named "Удалить" for an admin to delete: "type:id". The public API cannot delete them, so
   * they stay in the account until the admin does; the duplicate findings do not count them.
   */
  readonly mergedAway = memo(() => {
    const out = new Set<string>();
    for (const r of this.db
      .prepare(
        `SELECT et.entity_type AS t, et.entity_id AS id FROM entity_tags et JOIN tags g ON g.entity_type = et.entity_type AND g.id = et.tag_id
         WHERE et.entity_type IN ('contacts', 'companies') AND g.name LIKE 'amosweep:merged→%'`,
      )
      .all() as { t: string; id: number }[])
      out.add(`${r.t}:${r.id}`);
    for (const r of this.db
      .prepare(
        `SELECT v.entity_type AS t, v.entity_id AS id FROM field_values v JOIN custom_fields f ON f.entity_type = v.entity_type AND f.id = v.field_id
         WHERE v.entity_type IN ('contacts', 'companies') AND f.type = 'checkbox' AND trim(f.name) IN ('Удалить', 'удалить', 'УДАЛИТЬ') AND v.value IN ('1', 'true')`,
      )
      .all() as { t: string; id: number }[])
      out.add(`${r.t}:${r.id}`);
    return out;
  });

  cards(type: CardType): CardRow[] {
    return type === 'contacts' ? this.contacts() : this.companies();
  }

  readonly leads = memo(() => {
    const rows = this.db
      .prepare(
        `SELECT id, name, coalesce(price, 0), coalesce(status_id, 0), coalesce(pipeline_id, 0), responsible_user_id,
                nullif(loss_reason_id, 0), created_at, closed_at
         FROM leads WHERE is_deleted = 0 ORDER BY id`,
      )
      .raw()
      .all() as [number, string | null, number, number, number, number | null, number | null, number | null, number | null][];
    return rows.map(
      ([id, name, price, statusId, pipelineId, responsibleUserId, lossReasonId, createdAt, closedAt]): LeadRow => ({
        id,
        name,
        price,
        statusId,
        pipelineId,
        responsibleUserId,
        lossReasonId,
        createdAt,
        closedAt,
      }),
    );
  });

  readonly leadById = memo(() => new Map(this.leads().map((l) => [l.id, l])));

  readonly users = memo(() =>
    (
      this.db
        .prepare(
          `SELECT id, name, email, is_admin, is_active, rights_leads_delete, rights_contacts_delete, rights_companies_delete
           FROM users ORDER BY id`,
        )
        .raw()
        .all() as [number, string | null, string | null, number, number, string | null, string | null, string | null][]
    ).map(
      ([id, name, email, isAdmin, isActive, l, c, k]): UserRow => ({
        id,
        name,
        email,
        isAdmin: isAdmin === 1,
        isActive: isActive === 1,
        rightsDelete: { leads: l, contacts: c, companies: k },
      }),
    ),
  );

  readonly fieldDefs = memo(
    () =>
      this.db
        .prepare(
          `SELECT entity_type AS entityType, id, coalesce(name, '') AS name, type, code FROM custom_fields
           WHERE entity_type IN ('leads', 'contacts', 'companies') ORDER BY entity_type, sort, id`,
        )
        .all() as FieldDef[],
  );

  /** Per "entityType:fieldId": values, filled entities and (text fields) distinct values. */
  fieldStats(): Map<string, FieldStat> {
    return this.scan().stats;
  }

  /** Non-deleted entities per type (the denominator of fill rates). */
  entityCount(entityType: string): number {
    if (entityType === 'contacts') return this.contacts().length;
    if (entityType === 'companies') return this.companies().length;
    if (entityType === 'leads') return this.leads().length;
    return 0;
  }

  private readonly phoneFieldIds = memo(() => this.fieldIdsWithCode(PHONE_CODE));
  private readonly emailFieldIds = memo(() => this.fieldIdsWithCode(EMAIL_CODE));

  /**
   * "entityType:fieldId" of the fields with this code: from the field definitions, and from the
   * codes the values carry (a covering index range, in case a definition is missing).
   */
  private fieldIdsWithCode(code: string): Set<string> {
    const defs = this.db.prepare('SELECT entity_type, id FROM custom_fields WHERE upper(code) = ?').raw().all(code) as [string, number][];
    const used = this.db
      .prepare('SELECT DISTINCT entity_type, field_id FROM field_values WHERE field_code IN (?, ?)')
      .raw()
      .all(code, code.toLowerCase()) as [string, number][];
    return new Set([...defs, ...used].map(([t, id]) => `${t}:${id}`));
  }

  /** Enum codes by "entityType:fieldId:enumId" (phone enums carry their code as the value: WORK, MOB...). */
  private readonly enumCodes = memo(() => {
    const rows = this.db.prepare('SELECT entity_type, field_id, id, value FROM custom_field_enums').raw().all() as [
      string,
      number,
      number,
      string | null,
    ][];
    return new Map(rows.map(([t, f, id, v]) => [`${t}:${f}:${id}`, v]));
  });

  private readonly fieldTypes = memo(() => new Map(this.fieldDefs().map((f) => [`${f.entityType}:${f.id}`, f.type])));

  /** Phone and e-mail values of every contact and company, parsed once. */
  comms(): Record<CardType, Map<number, CardComms>> {
    return this.scan().comms;
  }

  /**
   * One pass over every custom field value: per-field fill statistics for all entity types,
   * and the parsed phones and e-mails of contacts and companies. Rows come in primary-key
   * order (entity type, entity, field, idx), so an entity's values of one field are adjacent.
   */
  private readonly scan = memo(() => {
    const byType: Record<CardType, Map<number, CardComms>> = { contacts: new Map(), companies: new Map() };
    const stats = new Map<string, FieldStat & { last: number; seen: Set<string> | null }>();

    const phoneIds = this.phoneFieldIds();
    const emailIds = this.emailFieldIds();
    const enumCodes = this.enumCodes();
    const fieldTypes = this.fieldTypes();
    const phoneCache = new Map<string, PhoneValueAnalysis>();
    // contact fields that have values but no definition: their type as the values carry it
    const rowTypes = new Map<string, string>();
    const typeOf = this.db.prepare("SELECT field_type FROM field_values WHERE entity_type = 'contacts' AND field_id = ? AND field_type IS NOT NULL LIMIT 1").raw();
    for (const [fieldId] of this.db.prepare("SELECT DISTINCT field_id FROM field_values WHERE entity_type = 'contacts'").raw().all() as [number][]) {
      if (fieldTypes.has(`contacts:${fieldId}`)) continue;
      const row = typeOf.get(fieldId) as [string] | undefined;
      if (row) rowTypes.set(`contacts:${fieldId}`, row[0]);
    }
    const get = (type: CardType, id: number): CardComms => {
      const map = byType[type];
      let c = map.get(id);
      if (!c) {
        c = {
          phones: [],
          emails: [],
          phoneValues: 0,
          phoneStuffed: false,
          emailStuffed: false,
          phoneInvalid: false,
          emailInvalid: false,
          nonMobileEnum: false,
          phoneInOtherField: false,
        };
        map.set(id, c);
      }
      return c;
    };
    // one primary-key range per entity type: no entity_type string per row
    const types = (this.db.prepare('SELECT DISTINCT entity_type FROM custom_fields').raw().all() as [string][]).map((r) => r[0]);
    for (const t of ['leads', 'contacts', 'companies']) if (!types.includes(t)) types.push(t);
    const stmt = this.db
      .prepare('SELECT entity_id, field_id, enum_id, enum_code, value FROM field_values WHERE entity_type = ?')
      .raw();
    type Stat = FieldStat & { last: number; seen: Set<string> | null };
    /** what one field is, resolved once per (entity type, field) instead of once per value */
    interface FieldInfo {
      key: string;
      stat: Stat;
      role: 'phone' | 'email' | 'text' | 'other';
    }
    for (const type of types) {
      const infos = new Map<number, FieldInfo>();
      const isCard = type === 'contacts' || type === 'companies';
      const infoOf = (fieldId: number): FieldInfo => {
        let info = infos.get(fieldId);
        if (!info) {
          const key = `${type}:${fieldId}`;
          const declared = fieldTypes.get(key) ?? null;
          const stat: Stat = { values: 0, filled: 0, distinct: null, last: -1, seen: declared === 'text' ? new Set() : null };
          stats.set(key, stat);
          const t = declared ?? rowTypes.get(key) ?? null;
          const role = !isCard
            ? 'other'
            : phoneIds.has(key)
              ? 'phone'
              : emailIds.has(key)
                ? 'email'
                : type === 'contacts' && t !== null && TEXT_TYPES.has(t)
                  ? 'text'
                  : 'other';
          info = { key, stat, role };
          infos.set(fieldId, info);
        }
        return info;
      };
      for (const row of stmt.iterate(type) as IterableIterator<[number, number, number | null, string | null, string | null]>) {
        const [id, fieldId, enumId, enumCode, value] = row;
        if (value === null) continue;
        const trimmed = value.trim();
        if (trimmed === '') continue;
        const info = infoOf(fieldId);
        const st = info.stat;
        st.values++;
        if (st.last !== id) {
          st.filled++;
          st.last = id;
        }
        if (st.seen && st.seen.size <= DISTINCT_CAP) st.seen.add(trimmed);
        if (info.role === 'other' || !isCard) continue;
        if (info.role === 'phone') {
          let a = phoneCache.get(value);
          if (!a) {
            a = analyzePhoneValue(value);
            phoneCache.set(value, a);
          }
          const c = get(type, id);
          c.phoneValues += 1;
          for (const n of a.numbers) c.phones.push(n.e164);
          if (a.stuffed) c.phoneStuffed = true;
          if (a.numbers.length === 0) c.phoneInvalid = true;
          const codeOfEnum = enumCode ?? (enumId !== null ? (enumCodes.get(`${info.key}:${enumId}`) ?? null) : null);
          if (codeOfEnum !== null && codeOfEnum.trim() !== '' && codeOfEnum.trim().toUpperCase() !== 'MOB') c.nonMobileEnum = true;
        } else if (info.role === 'email') {
          const a = analyzeEmailValue(value);
          const c = get(type, id);
          for (const addr of a.addresses) c.emails.push(addr);
          if (a.stuffed) c.emailStuffed = true;
          if (a.addresses.length === 0) c.emailInvalid = true;
        } else if (containsPhoneNumber(value)) {
          get(type, id).phoneInOtherField = true;
        }
      }
    }
    const out = new Map<string, FieldStat>();
    for (const [key, st] of stats) out.set(key, { values: st.values, filled: st.filled, distinct: st.seen ? st.seen.size : null });
    return { comms: byType, stats: out };
  });

  /** Lead ids with at least one open task on the deal itself. */
  readonly leadsWithOpenTask = memo(() => {
    const rows = this.db
      .prepare("SELECT DISTINCT entity_id FROM tasks WHERE entity_type IN ('leads', 'lead') AND is_completed = 0 AND entity_id IS NOT NULL")
      .raw()
      .all() as [number][];
    return new Set(rows.map((r) => r[0]));
  });

  /** lead id → contact ids, and lead id → company ids. */
  readonly leadLinks = memo(() => {
    const contacts = this.db.prepare('SELECT lead_id, contact_id FROM lead_contacts').raw().all() as [number, number][];
    const companies = this.db.prepare('SELECT lead_id, company_id FROM lead_companies').raw().all() as [number, number][];
    return { contacts, companies };
  });

  readonly pipelines = memo(() => {
    const pipes = this.db
      .prepare('SELECT id, coalesce(name, \'\') AS name, coalesce(sort, 0) AS sort, is_archive AS isArchive FROM pipelines ORDER BY sort, id')
      .all() as { id: number; name: string; sort: number; isArchive: number }[];
    const statuses = this.db
      .prepare(
        "SELECT pipeline_id AS pipelineId, id, coalesce(name, '') AS name, coalesce(sort, 0) AS sort, type FROM statuses ORDER BY pipeline_id, sort, id",
      )
      .all() as StatusDef[];
    const byPipe = new Map<number, StatusDef[]>();
    for (const s of statuses) {
      const list = byPipe.get(s.pipelineId) ?? [];
      list.push(s);
      byPipe.set(s.pipelineId, list);
    }
    return pipes.map(
      (p): PipelineDef => ({ id: p.id, name: p.name, sort: p.sort, isArchive: p.isArchive === 1, statuses: byPipe.get(p.id) ?? [] }),
    );
  });

  /** Every lead_status_changed event, ordered by time. */
  readonly statusChanges = memo(() => {
    const rows = this.db
      .prepare(
        `SELECT entity_id, coalesce(created_at, 0), value_before, value_after FROM events
         WHERE type = 'lead_status_changed' AND entity_id IS NOT NULL ORDER BY created_at, id`,
      )
      .raw()
      .all() as [number, number, string | null, string | null][];
    return rows.map(
      ([leadId, at, before, after]): StatusChange => ({ leadId, at, from: extractLeadStatus(before), to: extractLeadStatus(after) }),
    );
  });

  /** Names of users by id. */
  readonly userNames = memo(() => new Map(this.users().map((u) => [u.id, u.name ?? `#${u.id}`])));

  sample<T>(ids: readonly T[]): T[] {
    return ids.slice(0, this.options.sampleSize);
  }
}
