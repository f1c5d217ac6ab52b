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
import {
  cardAndLeadFieldDefs,
  cardsTaggedLike,
  cardsTickedForDeletion,
  contactValueFieldIds,
  contactValueFieldType,
  enumRows,
  fieldEntityTypes,
  fieldsWithCode,
  fieldValueStream,
  lastCollectionFinishedAt,
  leadIdsWithOpenTask,
  leadLinkPairs,
  leadStatusChangeRows,
  liveCards,
  liveLeadTuples,
  pipelineRows,
  statusRows,
  userTuples,
  valueFieldsWithCode,
} from '../snapshot/store';

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
  return lastCollectionFinishedAt(db);
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

  readonly contacts = memo((): CardRow[] => liveCards(this.db, 'contacts'));

  readonly companies = memo((): CardRow[] => liveCards(this.db, 'companies'));

  /**
   * Cards merged away by a push (tagged "amosweep:merged→<id>") or ticked in a checkbox field
   * named "Удалить" for an admin to delete: "type:id". The public API cannot delete them, so
   * they stay in the account until the admin does; the duplicate findings do not count them.
   */
  readonly mergedAway = memo(() => {
    const out = new Set<string>();
    for (const r of cardsTaggedLike(this.db, 'amosweep:merged→%')) out.add(`${r.t}:${r.id}`);
    for (const r of cardsTickedForDeletion(this.db)) out.add(`${r.t}:${r.id}`);
    return out;
  });

  cards(type: CardType): CardRow[] {
    return type === 'contacts' ? this.contacts() : this.companies();
  }

  readonly leads = memo(() => {
    return liveLeadTuples(this.db).map(
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
    userTuples(this.db).map(
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

  readonly fieldDefs = memo((): FieldDef[] => cardAndLeadFieldDefs(this.db));

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
    const defs = fieldsWithCode(this.db, code);
    const used = valueFieldsWithCode(this.db, code);
    return new Set([...defs, ...used].map(([t, id]) => `${t}:${id}`));
  }

  /** Enum codes by "entityType:fieldId:enumId" (phone enums carry their code as the value: WORK, MOB...). */
  private readonly enumCodes = memo(() => {
    const rows = enumRows(this.db);
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
    const typeOf = contactValueFieldType(this.db);
    for (const fieldId of contactValueFieldIds(this.db)) {
      if (fieldTypes.has(`contacts:${fieldId}`)) continue;
      const t = typeOf(fieldId);
      if (t !== undefined) rowTypes.set(`contacts:${fieldId}`, t);
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
    const types = fieldEntityTypes(this.db);
    for (const t of ['leads', 'contacts', 'companies']) if (!types.includes(t)) types.push(t);
    const valuesOf = fieldValueStream(this.db);
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
      for (const row of valuesOf(type)) {
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
    return new Set(leadIdsWithOpenTask(this.db));
  });

  /** lead id → contact ids, and lead id → company ids. */
  readonly leadLinks = memo(() => leadLinkPairs(this.db));

  readonly pipelines = memo(() => {
    const pipes = pipelineRows(this.db);
    const statuses: StatusDef[] = statusRows(this.db);
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
    return leadStatusChangeRows(this.db).map(
      ([leadId, at, before, after]): StatusChange => ({ leadId, at, from: extractLeadStatus(before), to: extractLeadStatus(after) }),
    );
  });

  /** Names of users by id. */
  readonly userNames = memo(() => new Map(this.users().map((u) => [u.id, u.name ?? `#${u.id}`])));

  sample<T>(ids: readonly T[]): T[] {
    return ids.slice(0, this.options.sampleSize);
  }
}
