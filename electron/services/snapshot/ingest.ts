// runtime: node
/**
 * Writes API v4 objects (as the API returns them inside `_embedded`, i.e. the arrays of a
 * FixtureSet) into the snapshot schema of migration 0001: normalized columns, the raw JSON,
 * link tables, tags, custom field values and enums.
 *
 * Ownership of derived rows (replacing an entity replaces exactly these):
 * - a lead owns its lead_contacts, lead_companies, entity_tags('leads') and field_values('leads') rows;
 * - a contact owns contact_companies, entity_tags('contacts'), field_values('contacts');
 * - a company owns entity_tags('companies'), field_values('companies');
 * - a pipeline owns its statuses; a custom field owns its enums; the account owns task_types.
 * Reverse links (a company's contacts, a contact's leads) are derived from these tables.
 */
import type { ApiObject, CollectionFile, FixtureSet } from '../../../shared/amo/wire';
import { COLLECTION_FILES } from '../../../shared/amo/wire';
import type { Statement } from 'better-sqlite3';
import type { SqliteDb } from '../db/open';
import { ShapeCollector } from './shapes';

type Row = Record<string, unknown>;
type Stmt = Statement<unknown[]>;

export type LinkedEntity = 'leads' | 'contacts' | 'companies';
export const LINKED_ENTITIES: readonly LinkedEntity[] = ['leads', 'contacts', 'companies'];

// ---------- small readers that never throw on an unexpected shape ----------

const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Math.trunc(Number(v));
  return null;
};
const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const bool = (v: unknown, fallback: 0 | 1 = 0): 0 | 1 => (v === true || v === 1 ? 1 : v === false || v === 0 ? 0 : fallback);
const obj = (v: unknown): Row | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const embedded = (item: Row, key: string): unknown[] => arr(obj(item._embedded)?.[key]);
const withoutLinks = (o: Row): Row => {
  if (!('_links' in o)) return o;
  const { _links: _l, ...rest } = o;
  return rest;
};
/**
 * `_links` (self hrefs of the server that answered) are dropped, at the top and inside
 * `_embedded`: the raw JSON is the account's content only, the same whichever host served it.
 */
function stripLinks(v: Row): Row {
  const out = withoutLinks(v);
  const emb = obj(out._embedded);
  if (!emb) return out;
  let next: Row | null = null;
  for (const [k, value] of Object.entries(emb)) {
    if (Array.isArray(value)) {
      if (!value.some((x) => obj(x) !== null && '_links' in (x as Row))) continue;
      next ??= { ...emb };
      next[k] = value.map((x) => (obj(x) ? withoutLinks(x as Row) : x));
    } else if (obj(value) && '_links' in (value as Row)) {
      next ??= { ...emb };
      next[k] = withoutLinks(value as Row);
    }
  }
  return next ? { ...out, _embedded: next } : out;
}
const json = (v: unknown): string => JSON.stringify(obj(v) ? stripLinks(v as Row) : (v ?? null));
const jsonOrNull = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** `leads_notes` → `leads`; the entity type a collection file belongs to. */
export function entityTypeOf(collection: CollectionFile): LinkedEntity | null {
  const head = collection.split('_')[0];
  return head === 'leads' || head === 'contacts' || head === 'companies' ? head : null;
}

// ---------- prepared statements, cached per connection ----------

interface Statements {
  exists: Record<LinkedEntity, Stmt>;
  account: Stmt;
  clearTaskTypes: Stmt;
  taskType: Stmt;
  user: Stmt;
  role: Stmt;
  pipeline: Stmt;
  clearStatuses: Stmt;
  status: Stmt;
  customField: Stmt;
  clearEnums: Stmt;
  enumRow: Stmt;
  fieldGroup: Stmt;
  tag: Stmt;
  lossReason: Stmt;
  lead: Stmt;
  contact: Stmt;
  company: Stmt;
  clearLeadContacts: Stmt;
  clearLeadCompanies: Stmt;
  clearContactCompanies: Stmt;
  leadContact: Stmt;
  leadCompany: Stmt;
  contactCompany: Stmt;
  clearTags: Stmt;
  entityTag: Stmt;
  clearValues: Stmt;
  fieldValue: Stmt;
  task: Stmt;
  note: Stmt;
  event: Stmt;
}

const cache = new WeakMap<SqliteDb, Statements>();

function statements(db: SqliteDb): Statements {
  const hit = cache.get(db);
  if (hit) return hit;
  const p = (sql: string): Stmt => db.prepare<unknown[]>(sql);
  const s: Statements = {
    exists: {
      leads: p('SELECT 1 FROM leads WHERE id = ?'),
      contacts: p('SELECT 1 FROM contacts WHERE id = ?'),
      companies: p('SELECT 1 FROM companies WHERE id = ?'),
    },
    account: p(`INSERT OR REPLACE INTO account (id, name, subdomain, created_at, currency, raw) VALUES (?, ?, ?, ?, ?, ?)`),
    clearTaskTypes: p(`DELETE FROM task_types`),
    taskType: p(`INSERT OR REPLACE INTO task_types (id, name, code, raw) VALUES (?, ?, ?, ?)`),
    user: p(
      `INSERT OR REPLACE INTO users (id, name, email, is_admin, is_active, role_id, group_id,
        rights_leads_delete, rights_contacts_delete, rights_companies_delete, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    role: p(`INSERT OR REPLACE INTO roles (id, name, raw) VALUES (?, ?, ?)`),
    pipeline: p(`INSERT OR REPLACE INTO pipelines (id, name, sort, is_main, is_archive, raw) VALUES (?, ?, ?, ?, ?, ?)`),
    clearStatuses: p(`DELETE FROM statuses WHERE pipeline_id = ?`),
    status: p(`INSERT OR REPLACE INTO statuses (pipeline_id, id, name, sort, type, raw) VALUES (?, ?, ?, ?, ?, ?)`),
    customField: p(
      `INSERT OR REPLACE INTO custom_fields (entity_type, id, name, type, code, sort, group_id, is_deletable, is_api_only, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    clearEnums: p(`DELETE FROM custom_field_enums WHERE entity_type = ? AND field_id = ?`),
    enumRow: p(`INSERT OR REPLACE INTO custom_field_enums (entity_type, field_id, id, value, sort) VALUES (?, ?, ?, ?, ?)`),
    fieldGroup: p(`INSERT OR REPLACE INTO custom_field_groups (entity_type, id, name, raw) VALUES (?, ?, ?, ?)`),
    tag: p(`INSERT OR REPLACE INTO tags (entity_type, id, name, color) VALUES (?, ?, ?, ?)`),
    lossReason: p(`INSERT OR REPLACE INTO loss_reasons (id, name, sort, raw) VALUES (?, ?, ?, ?)`),
    lead: p(
      `INSERT OR REPLACE INTO leads (id, name, price, status_id, pipeline_id, responsible_user_id, loss_reason_id, source_id,
        created_by, created_at, updated_at, closed_at, closest_task_at, is_deleted, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    contact: p(
      `INSERT OR REPLACE INTO contacts (id, name, first_name, last_name, responsible_user_id, created_by, created_at, updated_at,
        closest_task_at, is_deleted, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    company: p(
      `INSERT OR REPLACE INTO companies (id, name, responsible_user_id, created_by, created_at, updated_at, closest_task_at, is_deleted, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    clearLeadContacts: p(`DELETE FROM lead_contacts WHERE lead_id = ?`),
    clearLeadCompanies: p(`DELETE FROM lead_companies WHERE lead_id = ?`),
    clearContactCompanies: p(`DELETE FROM contact_companies WHERE contact_id = ?`),
    leadContact: p(`INSERT OR REPLACE INTO lead_contacts (lead_id, contact_id, is_main) VALUES (?, ?, ?)`),
    leadCompany: p(`INSERT OR IGNORE INTO lead_companies (lead_id, company_id) VALUES (?, ?)`),
    contactCompany: p(`INSERT OR IGNORE INTO contact_companies (contact_id, company_id) VALUES (?, ?)`),
    clearTags: p(`DELETE FROM entity_tags WHERE entity_type = ? AND entity_id = ?`),
    entityTag: p(`INSERT OR IGNORE INTO entity_tags (entity_type, entity_id, tag_id) VALUES (?, ?, ?)`),
    clearValues: p(`DELETE FROM field_values WHERE entity_type = ? AND entity_id = ?`),
    fieldValue: p(
      `INSERT OR REPLACE INTO field_values (entity_type, entity_id, field_id, field_code, field_type, idx, enum_id, enum_code, value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    task: p(
      `INSERT OR REPLACE INTO tasks (id, entity_type, entity_id, responsible_user_id, created_by, task_type_id, text, is_completed,
        complete_till, result_text, created_at, updated_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    note: p(
      `INSERT OR REPLACE INTO notes (entity_type, id, entity_id, note_type, created_by, responsible_user_id, created_at, updated_at, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    event: p(
      `INSERT OR REPLACE INTO events (id, type, entity_type, entity_id, created_by, created_at, value_after, value_before, raw)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
  cache.set(db, s);
  return s;
}

// ---------- per-kind writers ----------

/**
 * Rewrites the link rows an entity owns from one `_embedded` list: when the entity was in the
 * file before (`known`), its old rows are cleared first; every embedded item with an id is added.
 */
function relinkEmbedded(item: Row, key: string, known: boolean, clear: () => void, add: (linkedId: number, linked: Row) => void): void {
  if (known) clear();
  for (const e of embedded(item, key)) {
    const linked = obj(e);
    const linkedId = num(linked?.id);
    if (linked && linkedId !== null) add(linkedId, linked);
  }
}

/** `known`: the entity was in the file before this write, so its owned rows are replaced. */
function writeTagsAndValues(s: Statements, entity: LinkedEntity, id: number, item: Row, known: boolean): void {
  relinkEmbedded(item, 'tags', known, () => s.clearTags.run(entity, id), (tagId) => s.entityTag.run(entity, id, tagId));
  if (known) s.clearValues.run(entity, id);
  for (const f of arr(item.custom_fields_values)) {
    const field = obj(f);
    const fieldId = num(field?.field_id);
    if (!field || fieldId === null) continue;
    let idx = 0;
    for (const v of arr(field.values)) {
      const value = obj(v);
      if (!value) continue;
      const raw = value.value;
      const text = raw === undefined || raw === null ? null : typeof raw === 'string' ? raw : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      s.fieldValue.run(
        entity,
        id,
        fieldId,
        str(field.field_code),
        str(field.field_type),
        idx++,
        num(value.enum_id),
        str(value.enum_code ?? value.enum),
        text,
      );
    }
  }
}

function writeLead(s: Statements, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  const lossReason = obj(embedded(item, 'loss_reason')[0]);
  const known = s.exists.leads.get(id) !== undefined;
  s.lead.run(
    id,
    str(item.name),
    num(item.price),
    num(item.status_id),
    num(item.pipeline_id),
    num(item.responsible_user_id),
    num(item.loss_reason_id) ?? num(lossReason?.id),
    num(item.source_id),
    num(item.created_by),
    num(item.created_at),
    num(item.updated_at),
    num(item.closed_at),
    num(item.closest_task_at),
    bool(item.is_deleted),
    json(item),
  );
  relinkEmbedded(item, 'contacts', known, () => s.clearLeadContacts.run(id), (contactId, c) => s.leadContact.run(id, contactId, bool(c.is_main)));
  relinkEmbedded(item, 'companies', known, () => s.clearLeadCompanies.run(id), (companyId) => s.leadCompany.run(id, companyId));
  writeTagsAndValues(s, 'leads', id, item, known);
}

function writeContact(s: Statements, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  const known = s.exists.contacts.get(id) !== undefined;
  s.contact.run(
    id,
    str(item.name),
    str(item.first_name),
    str(item.last_name),
    num(item.responsible_user_id),
    num(item.created_by),
    num(item.created_at),
    num(item.updated_at),
    num(item.closest_task_at),
    bool(item.is_deleted),
    json(item),
  );
  relinkEmbedded(item, 'companies', known, () => s.clearContactCompanies.run(id), (companyId) => s.contactCompany.run(id, companyId));
  writeTagsAndValues(s, 'contacts', id, item, known);
}

function writeCompany(s: Statements, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  const known = s.exists.companies.get(id) !== undefined;
  s.company.run(
    id,
    str(item.name),
    num(item.responsible_user_id),
    num(item.created_by),
    num(item.created_at),
    num(item.updated_at),
    num(item.closest_task_at),
    bool(item.is_deleted),
    json(item),
  );
  writeTagsAndValues(s, 'companies', id, item, known);
}

function writeUser(s: Statements, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  const rights = obj(item.rights) ?? {};
  const del = (entity: string): string | null => str(obj(rights[entity])?.delete);
  const role = num(rights.role_id) ?? num(obj(embedded(item, 'roles')[0])?.id);
  const group = num(rights.group_id) ?? num(obj(embedded(item, 'groups')[0])?.id);
  s.user.run(
    id,
    str(item.name),
    str(item.email),
    bool(rights.is_admin),
    bool(rights.is_active, 1),
    role,
    group,
    del('leads'),
    del('contacts'),
    del('companies'),
    json(item),
  );
}

function writePipeline(s: Statements, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  s.pipeline.run(id, str(item.name), num(item.sort), bool(item.is_main), bool(item.is_archive), json(item));
  s.clearStatuses.run(id);
  for (const st of embedded(item, 'statuses')) {
    const status = obj(st);
    const statusId = num(status?.id);
    if (!status || statusId === null) continue;
    s.status.run(num(status.pipeline_id) ?? id, statusId, str(status.name), num(status.sort), num(status.type) ?? 0, json(status));
  }
}

function writeCustomField(s: Statements, entity: LinkedEntity, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  s.customField.run(
    entity,
    id,
    str(item.name),
    str(item.type),
    str(item.code),
    num(item.sort),
    str(item.group_id),
    bool(item.is_deletable, 1),
    bool(item.is_api_only),
    json(item),
  );
  s.clearEnums.run(entity, id);
  for (const e of arr(item.enums)) {
    const en = obj(e);
    const enumId = num(en?.id);
    if (!en || enumId === null) continue;
    s.enumRow.run(entity, id, enumId, str(en.value), num(en.sort));
  }
}

function writeTask(s: Statements, item: Row): void {
  const id = num(item.id);
  if (id === null) return;
  s.task.run(
    id,
    str(item.entity_type),
    num(item.entity_id),
    num(item.responsible_user_id),
    num(item.created_by),
    num(item.task_type_id),
    str(item.text),
    bool(item.is_completed),
    num(item.complete_till),
    str(obj(item.result)?.text),
    num(item.created_at),
    num(item.updated_at),
    json(item),
  );
}

function writeNote(s: Statements, entity: LinkedEntity, item: Row): void {
  const id = num(item.id);
  const entityId = num(item.entity_id);
  if (id === null || entityId === null) return;
  s.note.run(
    entity,
    id,
    entityId,
    str(item.note_type),
    num(item.created_by),
    num(item.responsible_user_id),
    num(item.created_at),
    num(item.updated_at),
    json(item),
  );
}

function writeEvent(s: Statements, item: Row): void {
  const id = str(item.id);
  const type = str(item.type);
  if (id === null || type === null) return;
  s.event.run(
    id,
    type,
    str(item.entity_type),
    num(item.entity_id),
    num(item.created_by),
    num(item.created_at),
    jsonOrNull(item.value_after),
    jsonOrNull(item.value_before),
    json(item),
  );
}

/** The writer of one collection file (null for a name this version does not know). */
function writerFor(s: Statements, collection: CollectionFile): ((item: Row) => void) | null {
  const entity = entityTypeOf(collection);
  switch (collection) {
    case 'leads':
      return (i) => writeLead(s, i);
    case 'contacts':
      return (i) => writeContact(s, i);
    case 'companies':
      return (i) => writeCompany(s, i);
    case 'tasks':
      return (i) => writeTask(s, i);
    case 'users':
      return (i) => writeUser(s, i);
    case 'roles':
      return (i) => {
        const id = num(i.id);
        if (id !== null) s.role.run(id, str(i.name), json(i));
      };
    case 'events':
      return (i) => writeEvent(s, i);
    case 'leads_pipelines':
      return (i) => writePipeline(s, i);
    case 'leads_loss_reasons':
      return (i) => {
        const id = num(i.id);
        if (id !== null) s.lossReason.run(id, str(i.name) ?? '', num(i.sort), json(i));
      };
    case 'leads_custom_fields':
    case 'contacts_custom_fields':
    case 'companies_custom_fields':
      return (i) => writeCustomField(s, entity!, i);
    case 'leads_custom_fields_groups':
    case 'contacts_custom_fields_groups':
    case 'companies_custom_fields_groups':
      return (i) => {
        const id = str(i.id);
        if (id !== null) s.fieldGroup.run(entity!, id, str(i.name), json(i));
      };
    case 'leads_tags':
    case 'contacts_tags':
    case 'companies_tags':
      return (i) => {
        const id = num(i.id);
        if (id !== null) s.tag.run(entity!, id, str(i.name) ?? '', str(i.color));
      };
    case 'leads_notes':
    case 'contacts_notes':
    case 'companies_notes':
      return (i) => writeNote(s, entity!, i);
    default:
      return null;
  }
}

/**
 * Upserts the items of one collection file. Not a transaction by itself: callers wrap a page
 * (with its cursor) or a whole set in one. Returns how many items were written.
 */
export function ingestItems(db: SqliteDb, collection: CollectionFile, items: readonly ApiObject[]): number {
  const write = writerFor(statements(db), collection);
  if (!write) throw new Error(`Unknown collection: ${String(collection)}`);
  const shapes = new ShapeCollector();
  let n = 0;
  for (const item of items) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      // not an object at all: nothing to write, but never dropped silently
      shapes.add(collection, 'item_without_id', 'id', item);
      continue;
    }
    shapes.inspect(collection, item, hasUsableId(collection, item));
    write(item);
    n++;
  }
  shapes.flush(db);
  return n;
}

/** Whether the writer of `collection` can store the item as a row (else it is kept in the shapes report). */
function hasUsableId(collection: CollectionFile, item: Row): boolean {
  if (collection === 'events') return str(item.id) !== null && str(item.type) !== null;
  if (collection.endsWith('_groups')) return str(item.id) !== null;
  if (collection.endsWith('_notes')) return num(item.id) !== null && num(item.entity_id) !== null;
  return num(item.id) !== null;
}

/** The account object (GET /api/v4/account?with=task_types,users_groups): the one account row and its task types. */
export function ingestAccount(db: SqliteDb, account: ApiObject): void {
  const s = statements(db);
  const id = num(account.id);
  if (id === null) throw new Error('The account object has no id.');
  db.prepare('DELETE FROM account WHERE id <> ?').run(id);
  s.account.run(id, str(account.name), str(account.subdomain), num(account.created_at), str(account.currency), json(account));
  s.clearTaskTypes.run();
  for (const t of embedded(account, 'task_types')) {
    const type = obj(t);
    const typeId = num(type?.id);
    if (!type || typeId === null) continue;
    s.taskType.run(typeId, str(type.name) ?? '', str(type.code), json(type));
  }
}

/** Writes a whole FixtureSet in one transaction (tests, --fixture import, benchmarks). */
export function ingestFixtureSet(db: SqliteDb, set: FixtureSet): Record<CollectionFile, number> {
  return db.transaction(() => {
    ingestAccount(db, set.account);
    const counts = {} as Record<CollectionFile, number>;
    for (const name of COLLECTION_FILES) counts[name] = ingestItems(db, name, set.collections[name] ?? []);
    return counts;
  })();
}

/**
 * Removes entities (and every row they own) that amoCRM no longer lists, e.g. leads moved
 * to the trash since the last snapshot. Link rows that point at them from other entities are
 * removed too, so the file matches a fresh snapshot of the account.
 */
export function deleteEntities(db: SqliteDb, entity: LinkedEntity, ids: readonly number[]): number {
  if (ids.length === 0) return 0;
  const del = (sql: string): Stmt => db.prepare<unknown[]>(sql);
  const main = del(`DELETE FROM ${entity} WHERE id = ?`);
  const tags = del(`DELETE FROM entity_tags WHERE entity_type = ? AND entity_id = ?`);
  const values = del(`DELETE FROM field_values WHERE entity_type = ? AND entity_id = ?`);
  const links: Stmt[] =
    entity === 'leads'
      ? [del('DELETE FROM lead_contacts WHERE lead_id = ?'), del('DELETE FROM lead_companies WHERE lead_id = ?')]
      : entity === 'contacts'
        ? [del('DELETE FROM contact_companies WHERE contact_id = ?'), del('DELETE FROM lead_contacts WHERE contact_id = ?')]
        : [del('DELETE FROM contact_companies WHERE company_id = ?'), del('DELETE FROM lead_companies WHERE company_id = ?')];
  let n = 0;
  for (const id of ids) {
    n += main.run(id).changes;
    tags.run(entity, id);
    values.run(entity, id);
    for (const l of links) l.run(id);
  }
  return n;
}
