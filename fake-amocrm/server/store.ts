// runtime: node
/**
 * The in-memory account the fake server serves. Built from a FixtureSet without
 * copying it: stored objects are never mutated in place (a change stores a modified
 * copy), so the FixtureSet stays the pristine initial state and reset is a rebuild.
 * Links between leads, contacts and companies live in separate indexes (both
 * directions); the entity objects' own _embedded link arrays are read only at load.
 */
import { emptyCollections, type ApiObject, type FixtureSet } from '../fixture-set';
import { ExtraStore } from './extras';

export type EntityType = 'leads' | 'contacts' | 'companies';
export const ENTITY_TYPES: readonly EntityType[] = ['leads', 'contacts', 'companies'];
export const EVENT_ENTITY: Record<EntityType, string> = { leads: 'lead', contacts: 'contact', companies: 'company' };

export const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const asArray = (value: unknown): ApiObject[] => (Array.isArray(value) ? (value as ApiObject[]) : []);
const embedded = (obj: ApiObject): ApiObject => (obj._embedded !== null && typeof obj._embedded === 'object' ? (obj._embedded as ApiObject) : {});

/** A table of objects keyed by numeric id, with ids kept in ascending order and cached orderings. */
export class IdTable {
  readonly byId = new Map<number, ApiObject>();
  private sortedIds: number[] = [];
  private sortedDirty = false;
  version = 0;
  private cache = new Map<string, { version: number; ids: number[] }>();
  nextId = 1;

  constructor(items: ApiObject[] = []) {
    for (const item of items) this.byId.set(item.id as number, item);
    this.sortedIds = [...this.byId.keys()].sort((a, b) => a - b);
    const last = this.sortedIds[this.sortedIds.length - 1];
    this.nextId = (last ?? 0) + 1;
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): ApiObject | undefined {
    return this.byId.get(id);
  }

  /** ids ascending */
  ids(): number[] {
    if (this.sortedDirty) {
      this.sortedIds.sort((a, b) => a - b);
      this.sortedDirty = false;
    }
    return this.sortedIds;
  }

  insert(obj: ApiObject): void {
    const id = obj.id as number;
    if (!this.byId.has(id)) {
      const last = this.sortedIds[this.sortedIds.length - 1];
      if (last !== undefined && id < last) this.sortedDirty = true;
      this.sortedIds.push(id);
    }
    this.byId.set(id, obj);
    if (id >= this.nextId) this.nextId = id + 1;
    this.version++;
  }

  replace(obj: ApiObject): void {
    this.byId.set(obj.id as number, obj);
    this.version++;
  }

  delete(id: number): boolean {
    if (!this.byId.delete(id)) return false;
    const ids = this.ids();
    const index = ids.indexOf(id);
    if (index >= 0) ids.splice(index, 1);
    this.version++;
    return true;
  }

  allocateId(): number {
    return this.nextId++;
  }

  /** ids ordered by a numeric field (ties by id), cached until the next change */
  idsBy(field: string): number[] {
    const hit = this.cache.get(field);
    if (hit && hit.version === this.version) return hit.ids;
    const keyed = this.ids().map((id) => ({ id, key: num(this.byId.get(id)?.[field]) ?? 0 }));
    keyed.sort((a, b) => a.key - b.key || a.id - b.id);
    const ids = keyed.map((k) => k.id);
    this.cache.set(field, { version: this.version, ids });
    return ids;
  }

  values(): ApiObject[] {
    return this.ids().map((id) => this.byId.get(id) as ApiObject);
  }
}

/** Events: string ids, kept ascending by (created_at, insertion order). */
export class EventLog {
  readonly list: ApiObject[] = [];
  readonly byId = new Map<string, ApiObject>();
  private counter = 0;
  version = 0;

  constructor(items: ApiObject[]) {
    const sorted = items.map((e, i) => ({ e, i })).sort((a, b) => (num(a.e.created_at) ?? 0) - (num(b.e.created_at) ?? 0) || a.i - b.i);
    for (const { e } of sorted) {
      this.list.push(e);
      this.byId.set(String(e.id), e);
    }
  }

  nextId(): string {
    this.counter++;
    // ULID-like lowercase id: 26 chars of base32
    const n = this.counter.toString(32).padStart(10, '0');
    return `01fake${n}${'0'.repeat(10)}`.slice(0, 26);
  }

  add(event: ApiObject): void {
    const at = num(event.created_at) ?? 0;
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((num(this.list[mid]?.created_at) ?? 0) <= at) lo = mid + 1;
      else hi = mid;
    }
    this.list.splice(lo, 0, event);
    this.byId.set(String(event.id), event);
    this.version++;
  }
}

/** A tags table for one entity type, with a name index. */
export class TagTable extends IdTable {
  private byName = new Map<string, number>();
  constructor(items: ApiObject[]) {
    super(items);
    for (const tag of items) this.byName.set(String(tag.name).trim().toLowerCase(), tag.id as number);
  }
  findByName(name: string): ApiObject | undefined {
    const id = this.byName.get(name.trim().toLowerCase());
    return id === undefined ? undefined : this.get(id);
  }
  override insert(obj: ApiObject): void {
    super.insert(obj);
    this.byName.set(String(obj.name).trim().toLowerCase(), obj.id as number);
  }
  /** a renamed tag is found by its new name only */
  override replace(obj: ApiObject): void {
    const before = this.get(obj.id as number);
    if (before && String(before.name).trim().toLowerCase() !== String(obj.name).trim().toLowerCase()) this.byName.delete(String(before.name).trim().toLowerCase());
    super.replace(obj);
    this.byName.set(String(obj.name).trim().toLowerCase(), obj.id as number);
  }
}

export interface LeadContactLink {
  id: number;
  is_main: boolean;
}

/** Links between leads, contacts and companies, both directions. */
export class LinkIndex {
  readonly leadContacts = new Map<number, LeadContactLink[]>();
  readonly contactLeads = new Map<number, Set<number>>();
  readonly leadCompany = new Map<number, number>();
  readonly companyLeads = new Map<number, Set<number>>();
  readonly contactCompany = new Map<number, number>();
  readonly companyContacts = new Map<number, Set<number>>();

  private static addTo(map: Map<number, Set<number>>, key: number, value: number): void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
  }
  private static removeFrom(map: Map<number, Set<number>>, key: number, value: number): void {
    const set = map.get(key);
    if (!set) return;
    set.delete(value);
    if (set.size === 0) map.delete(key);
  }

  /** returns false when the link already existed (is_main may still change) */
  linkLeadContact(lead: number, contact: number, isMain?: boolean): boolean {
    let list = this.leadContacts.get(lead);
    if (!list) this.leadContacts.set(lead, (list = []));
    const existing = list.find((l) => l.id === contact);
    const makeMain = isMain === true || (isMain === undefined && list.length === 0 && !existing);
    if (makeMain) for (const l of list) l.is_main = false;
    if (existing) {
      if (isMain !== undefined) existing.is_main = makeMain;
      return false;
    }
    list.push({ id: contact, is_main: makeMain });
    LinkIndex.addTo(this.contactLeads, contact, lead);
    return true;
  }

  unlinkLeadContact(lead: number, contact: number): boolean {
    const list = this.leadContacts.get(lead);
    const index = list ? list.findIndex((l) => l.id === contact) : -1;
    if (!list || index < 0) return false;
    const [removed] = list.splice(index, 1);
    if (removed?.is_main && list[0]) list[0].is_main = true;
    if (list.length === 0) this.leadContacts.delete(lead);
    LinkIndex.removeFrom(this.contactLeads, contact, lead);
    return true;
  }

  /** a lead has at most one company: linking another replaces it; returns the replaced company */
  linkLeadCompany(lead: number, company: number): { changed: boolean; replaced?: number } {
    const old = this.leadCompany.get(lead);
    if (old === company) return { changed: false };
    if (old !== undefined) LinkIndex.removeFrom(this.companyLeads, old, lead);
    this.leadCompany.set(lead, company);
    LinkIndex.addTo(this.companyLeads, company, lead);
    return old === undefined ? { changed: true } : { changed: true, replaced: old };
  }

  unlinkLeadCompany(lead: number, company: number): boolean {
    if (this.leadCompany.get(lead) !== company) return false;
    this.leadCompany.delete(lead);
    LinkIndex.removeFrom(this.companyLeads, company, lead);
    return true;
  }

  linkContactCompany(contact: number, company: number): { changed: boolean; replaced?: number } {
    const old = this.contactCompany.get(contact);
    if (old === company) return { changed: false };
    if (old !== undefined) LinkIndex.removeFrom(this.companyContacts, old, contact);
    this.contactCompany.set(contact, company);
    LinkIndex.addTo(this.companyContacts, company, contact);
    return old === undefined ? { changed: true } : { changed: true, replaced: old };
  }

  unlinkContactCompany(contact: number, company: number): boolean {
    if (this.contactCompany.get(contact) !== company) return false;
    this.contactCompany.delete(contact);
    LinkIndex.removeFrom(this.companyContacts, company, contact);
    return true;
  }

  /** ids linked to (type,id) of the other type, ascending (leads' contacts keep their order) */
  linked(type: EntityType, id: number, to: EntityType): number[] {
    const sorted = (set: Set<number> | undefined): number[] => (set ? [...set].sort((a, b) => a - b) : []);
    if (type === 'leads' && to === 'contacts') return (this.leadContacts.get(id) ?? []).map((l) => l.id);
    if (type === 'leads' && to === 'companies') return this.leadCompany.has(id) ? [this.leadCompany.get(id) as number] : [];
    if (type === 'contacts' && to === 'leads') return sorted(this.contactLeads.get(id));
    if (type === 'contacts' && to === 'companies') return this.contactCompany.has(id) ? [this.contactCompany.get(id) as number] : [];
    if (type === 'companies' && to === 'leads') return sorted(this.companyLeads.get(id));
    if (type === 'companies' && to === 'contacts') return sorted(this.companyContacts.get(id));
    return [];
  }

  link(type: EntityType, id: number, to: EntityType, toId: number, isMain?: boolean): boolean {
    if (type === 'leads' && to === 'contacts') return this.linkLeadContact(id, toId, isMain);
    if (type === 'contacts' && to === 'leads') return this.linkLeadContact(toId, id, isMain);
    if (type === 'leads' && to === 'companies') return this.linkLeadCompany(id, toId).changed;
    if (type === 'companies' && to === 'leads') return this.linkLeadCompany(toId, id).changed;
    if (type === 'contacts' && to === 'companies') return this.linkContactCompany(id, toId).changed;
    if (type === 'companies' && to === 'contacts') return this.linkContactCompany(toId, id).changed;
    return false;
  }

  unlink(type: EntityType, id: number, to: EntityType, toId: number): boolean {
    if (type === 'leads' && to === 'contacts') return this.unlinkLeadContact(id, toId);
    if (type === 'contacts' && to === 'leads') return this.unlinkLeadContact(toId, id);
    if (type === 'leads' && to === 'companies') return this.unlinkLeadCompany(id, toId);
    if (type === 'companies' && to === 'leads') return this.unlinkLeadCompany(toId, id);
    if (type === 'contacts' && to === 'companies') return this.unlinkContactCompany(id, toId);
    if (type === 'companies' && to === 'contacts') return this.unlinkContactCompany(toId, id);
    return false;
  }
}

export interface NoteTable {
  table: IdTable;
  byEntity: Map<number, number[]>;
}

export class Store {
  account: ApiObject;
  readonly entities: Record<EntityType, IdTable>;
  readonly links = new LinkIndex();
  readonly tags: Record<EntityType, TagTable>;
  readonly customFields: Record<EntityType, IdTable>;
  readonly fieldGroups: Record<EntityType, ApiObject[]>;
  readonly notes: Record<EntityType, NoteTable>;
  readonly tasks: IdTable;
  readonly users: IdTable;
  readonly roles: IdTable;
  readonly pipelines: IdTable;
  readonly lossReasons: IdTable;
  readonly events: EventLog;
  /** customers, catalogs, webhooks, sources, unsorted, entity files (extras.ts) */
  readonly extras: ExtraStore;
  /** cached filter results of deep list pages, by query (see routes.ts pickPage) */
  readonly queryCache = new Map<string, { version: number; ids: readonly unknown[] }>();
  /** custom fields deleted through the API: their values are no longer served */
  readonly deletedFields: Record<EntityType, Set<number>> = { leads: new Set(), contacts: new Set(), companies: new Set() };
  /** status id → pipeline ids that contain it */
  private statusPipelines = new Map<number, number[]>();

  constructor(readonly fixtures: FixtureSet) {
    const c = fixtures.collections;
    this.account = fixtures.account;
    this.entities = { leads: new IdTable(c.leads), contacts: new IdTable(c.contacts), companies: new IdTable(c.companies) };
    this.tags = { leads: new TagTable(c.leads_tags), contacts: new TagTable(c.contacts_tags), companies: new TagTable(c.companies_tags) };
    this.customFields = {
      leads: new IdTable(c.leads_custom_fields),
      contacts: new IdTable(c.contacts_custom_fields),
      companies: new IdTable(c.companies_custom_fields),
    };
    this.fieldGroups = { leads: c.leads_custom_fields_groups, contacts: c.contacts_custom_fields_groups, companies: c.companies_custom_fields_groups };
    const noteTable = (items: ApiObject[]): NoteTable => {
      const table = new IdTable(items);
      const byEntity = new Map<number, number[]>();
      for (const id of table.ids()) {
        const entityId = table.get(id)?.entity_id as number;
        let list = byEntity.get(entityId);
        if (!list) byEntity.set(entityId, (list = []));
        list.push(id);
      }
      return { table, byEntity };
    };
    this.notes = { leads: noteTable(c.leads_notes), contacts: noteTable(c.contacts_notes), companies: noteTable(c.companies_notes) };
    this.tasks = new IdTable(c.tasks);
    this.users = new IdTable(c.users);
    this.roles = new IdTable(c.roles);
    this.pipelines = new IdTable(c.leads_pipelines);
    this.lossReasons = new IdTable(c.leads_loss_reasons);
    this.events = new EventLog(c.events);
    this.extras = new ExtraStore(fixtures.extras);
    this.indexStatuses();
    this.indexLinks();
  }

  /** rebuilds the status → pipelines index (and adds 142/143 to a pipeline that lacks them) */
  indexStatuses(): void {
    this.statusPipelines.clear();
    // every pipeline has the shared won (142) and lost (143) statuses: add them when a fixture forgot
    for (const pipeline of this.pipelines.values()) {
      const statuses = this.statusesOf(pipeline);
      const missing = [
        [142, 'Успешно реализовано', 10000],
        [143, 'Закрыто и не реализовано', 11000],
      ].filter(([id]) => !statuses.some((s) => s.id === id));
      if (missing.length === 0) continue;
      const added = missing.map(([id, name, sort]) => ({ id, name, sort, is_editable: false, pipeline_id: pipeline.id, color: id === 142 ? '#CCFF66' : '#D5D8DB', type: 0, account_id: this.account.id }));
      this.pipelines.replace({ ...pipeline, _embedded: { ...embedded(pipeline), statuses: [...statuses, ...added] } });
    }
    for (const pipeline of this.pipelines.values()) {
      for (const status of this.statusesOf(pipeline)) {
        const sid = status.id as number;
        const list = this.statusPipelines.get(sid) ?? [];
        list.push(pipeline.id as number);
        this.statusPipelines.set(sid, list);
      }
    }
  }

  private indexLinks(): void {
    for (const lead of this.entities.leads.values()) {
      const e = embedded(lead);
      const contacts = asArray(e.contacts);
      const hasMain = contacts.some((c) => c.is_main === true);
      contacts.forEach((c, i) => this.links.linkLeadContact(lead.id as number, c.id as number, hasMain ? c.is_main === true : i === 0));
      const company = asArray(e.companies)[0];
      if (company) this.links.linkLeadCompany(lead.id as number, company.id as number);
    }
    for (const contact of this.entities.contacts.values()) {
      const e = embedded(contact);
      const company = asArray(e.companies)[0];
      if (company) this.links.linkContactCompany(contact.id as number, company.id as number);
      for (const lead of asArray(e.leads)) this.links.linkLeadContact(lead.id as number, contact.id as number);
    }
    for (const company of this.entities.companies.values()) {
      const e = embedded(company);
      for (const lead of asArray(e.leads)) if (!this.links.leadCompany.has(lead.id as number)) this.links.linkLeadCompany(lead.id as number, company.id as number);
      for (const contact of asArray(e.contacts))
        if (!this.links.contactCompany.has(contact.id as number)) this.links.linkContactCompany(contact.id as number, company.id as number);
    }
  }

  statusesOf(pipeline: ApiObject): ApiObject[] {
    return asArray(embedded(pipeline).statuses);
  }

  pipelinesWithStatus(statusId: number): number[] {
    return this.statusPipelines.get(statusId) ?? [];
  }

  mainPipeline(): ApiObject | undefined {
    const all = this.pipelines.values();
    return all.find((p) => p.is_main === true) ?? all[0];
  }

  isDeleted(obj: ApiObject): boolean {
    return obj.is_deleted === true;
  }

  /** a live (not trashed) entity */
  entity(type: EntityType, id: number): ApiObject | undefined {
    const obj = this.entities[type].get(id);
    return obj && !this.isDeleted(obj) ? obj : undefined;
  }

  tagsOf(obj: ApiObject): ApiObject[] {
    return asArray(embedded(obj).tags);
  }

  user(id: number): ApiObject | undefined {
    return this.users.get(id);
  }

  taskTypes(): ApiObject[] {
    const fromAccount = asArray(embedded(this.account).task_types);
    return fromAccount.length > 0
      ? fromAccount
      : [
          { id: 1, name: 'Связаться', color: null, icon_id: null, code: 'FOLLOW_UP' },
          { id: 2, name: 'Встреча', color: null, icon_id: null, code: 'MEETING' },
        ];
  }

  usersGroups(): ApiObject[] {
    return asArray(embedded(this.account).users_groups);
  }

  addNote(type: EntityType, note: ApiObject): void {
    const n = this.notes[type];
    n.table.insert(note);
    const entityId = note.entity_id as number;
    let list = n.byEntity.get(entityId);
    if (!list) n.byEntity.set(entityId, (list = []));
    list.push(note.id as number);
  }

  /** an entity as stored, with its current links written into _embedded (the fixture format) */
  entityWithLinks(type: EntityType, obj: ApiObject): ApiObject {
    const id = obj.id as number;
    const e: ApiObject = { ...embedded(obj), tags: this.tagsOf(obj) };
    delete e.contacts;
    delete e.leads;
    delete e.companies;
    if (type === 'leads') {
      e.contacts = (this.links.leadContacts.get(id) ?? []).map((l) => ({ id: l.id, is_main: l.is_main }));
      e.companies = this.links.linked('leads', id, 'companies').map((cid) => ({ id: cid }));
    } else if (type === 'contacts') {
      e.companies = this.links.linked('contacts', id, 'companies').map((cid) => ({ id: cid }));
    }
    const out: ApiObject = { ...obj, _embedded: e };
    delete out._links;
    return out;
  }

  /** GET /__fake/state: one raw stored object of a collection (named like the fixture files), deleted ones too */
  rawObject(collection: string, id: string): ApiObject | undefined {
    const n = Number(id);
    const entityType = (['leads', 'contacts', 'companies'] as const).find((t) => t === collection);
    if (entityType) {
      const obj = this.entities[entityType].get(n);
      return obj ? this.entityWithLinks(entityType, obj) : undefined;
    }
    const m = /^(leads|contacts|companies)_(tags|custom_fields|notes|custom_fields_groups)$/.exec(collection);
    if (m) {
      const t = m[1] as EntityType;
      if (m[2] === 'tags') return this.tags[t].get(n);
      if (m[2] === 'custom_fields') return this.customFields[t].get(n);
      if (m[2] === 'notes') return this.notes[t].table.get(n);
      return this.fieldGroups[t].find((g) => String(g.id) === id);
    }
    if (collection === 'tasks') return this.tasks.get(n);
    if (collection === 'users') return this.users.get(n);
    if (collection === 'roles') return this.roles.get(n);
    if (collection === 'leads_pipelines') return this.pipelines.get(n);
    if (collection === 'leads_loss_reasons') return this.lossReasons.get(n);
    if (collection === 'events') return this.events.byId.get(id);
    if (collection === 'account') return this.account;
    return undefined;
  }

  /** The current state as a FixtureSet (the --dump format): links written back into _embedded. */
  toFixtureSet(): FixtureSet {
    const collections = emptyCollections();
    for (const type of ENTITY_TYPES) {
      collections[type] = this.entities[type].values().map((obj) => this.entityWithLinks(type, obj));
      collections[`${type}_tags`] = this.tags[type].values();
      collections[`${type}_custom_fields`] = this.customFields[type].values();
      collections[`${type}_custom_fields_groups`] = [...this.fieldGroups[type]];
      collections[`${type}_notes`] = this.notes[type].table.values();
    }
    collections.tasks = this.tasks.values();
    collections.users = this.users.values();
    collections.roles = this.roles.values();
    collections.events = [...this.events.list];
    collections.leads_pipelines = this.pipelines.values();
    collections.leads_loss_reasons = this.lossReasons.values();
    return { account: this.account, collections, extras: this.extras.toFixtureExtras() };
  }
}
