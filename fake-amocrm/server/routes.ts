// runtime: node
/** The /api/v4 routes of the fake amoCRM (§4–§19 of the API doc). */
import type { ApiObject } from '../fixture-set';
import {
  HttpError,
  fail,
  inRange,
  noContent,
  ok,
  problem,
  validationProblem,
  type FieldError,
  type ItemErrors,
  type Query,
  type Reply,
} from './http';
import { createFields, updateFields } from './custom-fields';
import { extraRoute } from './extra-routes';
import { pipelineWrite } from './pipeline-writes';
import { createRoles, deleteRole, updateRole } from './roles';
import { entityOut, href, lossReasonOut, tagOut, withSelfLink } from './serialize';
import { ENTITY_TYPES, EVENT_ENTITY, num, type EntityType, type IdTable, type Store } from './store';
import { errBlank, errChoice, errInvalidType, errUnexpected, nextUpdatedAt, planEntityWrite, recordEvent, resolveTag, type WriteContext } from './writes';

export interface RouteConfig {
  missingEntity: 404 | 204;
  limitOverflow: 'cap' | 'fallback50' | 'error';
  enumCodeNull?: 'refuse' | 'ignore';
}

export interface Ctx {
  method: string;
  segments: string[];
  query: Query;
  url: URL;
  body: unknown;
  base: string;
  userId: number;
  store: Store;
  config: RouteConfig;
  now: () => number;
  /** If-Modified-Since as Unix seconds: lists of leads, contacts, companies and tasks return only rows updated after it */
  ifModifiedSince?: number;
}

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const asArray = (value: unknown): ApiObject[] => (Array.isArray(value) ? (value as ApiObject[]) : []);
const isEntity = (s: string | undefined): s is EntityType => s === 'leads' || s === 'contacts' || s === 'companies';
const idSeg = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
export const writeCtx = (ctx: Ctx): WriteContext => ({ store: ctx.store, userId: ctx.userId, now: ctx.now, ...(ctx.config.enumCodeNull ? { enumCodeNull: ctx.config.enumCodeNull } : {}) });

export const methodNotAllowed = (): HttpError => fail(405, 'Method not allowed');
const notFound = (detail = 'Not found'): HttpError => fail(404, detail);
export function missing(ctx: Ctx, detail: string): Reply {
  return ctx.config.missingEntity === 204 ? noContent() : problem(404, detail);
}

// ---------- paging ----------

export interface Paging {
  page: number;
  limit: number;
  offset: number;
}

export function paging(ctx: Ctx, max: number): Paging {
  let limit = 50;
  const raw = ctx.query.get('limit');
  if (raw !== undefined) {
    const n = Number.parseInt(raw, 10);
    if (Number.isFinite(n) && n >= 1) {
      if (n <= max) limit = n;
      else if (ctx.config.limitOverflow === 'cap') limit = max;
      else if (ctx.config.limitOverflow === 'fallback50') limit = Math.min(50, max);
      else
        throw new HttpError(
          validationProblem([{ request_id: '0', errors: [{ code: 'InvalidType', path: 'limit', detail: `This value should be ${max} or less.` }] }]),
        );
    }
  }
  const p = Number.parseInt(ctx.query.get('page') ?? '1', 10);
  const page = Number.isFinite(p) && p >= 1 ? p : 1;
  return { page, limit, offset: (page - 1) * limit };
}

function pageHref(ctx: Ctx, page: number, limit: number): { href: string } {
  const params = new URLSearchParams(ctx.url.searchParams);
  params.set('page', String(page));
  params.set('limit', String(limit));
  return { href: `${ctx.base}${ctx.url.pathname}?${params.toString()}` };
}

export function hal(ctx: Ctx, key: string, items: ApiObject[], p: Paging, hasNext: boolean, extra: ApiObject = {}): Reply {
  if (items.length === 0) return noContent();
  const links: ApiObject = { self: pageHref(ctx, p.page, p.limit) };
  if (hasNext) links.next = pageHref(ctx, p.page + 1, p.limit);
  if (p.page > 1) {
    links.first = pageHref(ctx, 1, p.limit);
    links.prev = pageHref(ctx, p.page - 1, p.limit);
  }
  return ok({ _page: p.page, ...extra, _links: links, _embedded: { [key]: items } });
}

/** the query string without page and limit: the key of a cached filter result */
function queryKey(ctx: Ctx): string {
  return [...ctx.url.searchParams]
    .filter(([k]) => k !== 'page' && k !== 'limit')
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('&');
}

const QUERY_CACHE_SIZE = 16;

/**
 * One page of the items (in order, or reversed) that pass the filter, and whether another
 * page exists. The first page stops early; deeper pages scan once and cache the full match
 * list per query until the collection changes (version), so walking every page is linear.
 */
function pickPage<T>(ctx: Ctx, scope: string, version: number, items: readonly T[], desc: boolean, test: (item: T) => boolean, p: Paging): { ids: T[]; hasNext: boolean } {
  const cache = ctx.store.queryCache;
  const key = `${scope}?${queryKey(ctx)}${ctx.ifModifiedSince !== undefined ? `#ims=${ctx.ifModifiedSince}` : ''}`;
  const hit = cache.get(key);
  const slice = (all: readonly unknown[]): { ids: T[]; hasNext: boolean } => ({
    ids: all.slice(p.offset, p.offset + p.limit) as T[],
    hasNext: all.length > p.offset + p.limit,
  });
  if (hit && hit.version === version) {
    cache.delete(key);
    cache.set(key, hit);
    return slice(hit.ids);
  }
  const n = items.length;
  if (p.offset === 0) {
    const out: T[] = [];
    for (let k = 0; k < n; k++) {
      const item = items[desc ? n - 1 - k : k] as T;
      if (!test(item)) continue;
      if (out.length === p.limit) return { ids: out, hasNext: true };
      out.push(item);
    }
    return { ids: out, hasNext: false };
  }
  const all: T[] = [];
  for (let k = 0; k < n; k++) {
    const item = items[desc ? n - 1 - k : k] as T;
    if (test(item)) all.push(item);
  }
  cache.set(key, { version, ids: all });
  while (cache.size > QUERY_CACHE_SIZE) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return slice(all);
}

/** a small table served whole-paged with _total_items (users, roles, custom fields, loss reasons) */
export function smallList(ctx: Ctx, key: string, all: ApiObject[], p: Paging): Reply {
  const items = all.slice(p.offset, p.offset + p.limit);
  return hal(ctx, key, items, p, p.offset + p.limit < all.length, { _total_items: all.length, _page_count: Math.max(1, Math.ceil(all.length / p.limit)) });
}

function orderedIds(table: IdTable, ctx: Ctx, allowed: string[], idFilter: number[] | undefined): { ids: readonly number[]; desc: boolean } {
  const order = ctx.query.order(allowed);
  const field = order?.field ?? 'id';
  const desc = order?.desc ?? false;
  if (idFilter) {
    const unique = [...new Set(idFilter)].filter((id) => table.get(id));
    if (field === 'id') unique.sort((a, b) => a - b);
    else unique.sort((a, b) => (num(table.get(a)?.[field]) ?? 0) - (num(table.get(b)?.[field]) ?? 0) || a - b);
    return { ids: unique, desc };
  }
  return { ids: field === 'id' ? table.ids() : table.idsBy(field), desc };
}

const intList = (q: Query, name: string): number[] | undefined => {
  if (!q.has(name)) return undefined;
  return q
    .list(name)
    .map(Number)
    .filter((n) => Number.isFinite(n));
};

// ---------- full-text query ----------

const searchCache = new WeakMap<ApiObject, { text: string; digits: string }>();
function searchTextOf(obj: ApiObject): { text: string; digits: string } {
  let hit = searchCache.get(obj);
  if (hit) return hit;
  const parts: string[] = [String(obj.id)];
  for (const key of ['name', 'first_name', 'last_name']) if (typeof obj[key] === 'string') parts.push(obj[key]);
  const digits: string[] = [];
  for (const f of asArray(obj.custom_fields_values)) {
    for (const v of asArray(f.values)) {
      if (v.value === null || v.value === undefined) continue;
      const s = String(v.value);
      parts.push(s);
      const d = s.replace(/\D+/g, '');
      if (d.length >= 3) digits.push(d);
    }
  }
  hit = { text: parts.join('\n').toLowerCase(), digits: digits.join('\n') };
  searchCache.set(obj, hit);
  return hit;
}

function queryMatcher(raw: string | undefined): ((obj: ApiObject) => boolean) | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const q = raw.trim().toLowerCase();
  const qDigits = q.replace(/\D+/g, '');
  const phoneLike = /^[\d\s()+\-.]+$/.test(q) && qDigits.length >= 3;
  const variants = phoneLike ? [qDigits, ...(qDigits.length === 11 && /^[78]/.test(qDigits) ? [qDigits.slice(1)] : [])] : [];
  return (obj) => {
    const s = searchTextOf(obj);
    if (s.text.includes(q)) return true;
    return variants.some((v) => s.digits.includes(v));
  };
}

// ---------- entities ----------

const ENTITY_ORDER: Record<EntityType, string[]> = { leads: ['created_at', 'updated_at', 'id'], contacts: ['updated_at', 'id', 'created_at'], companies: ['updated_at', 'id', 'created_at'] };

function listEntities(ctx: Ctx, type: EntityType): Reply {
  const q = ctx.query;
  const p = paging(ctx, 250);
  const withs = q.with();
  const onlyDeleted = withs.has('only_deleted');
  const table = ctx.store.entities[type];
  const idFilter = intList(q, 'filter[id]');
  const { ids, desc } = orderedIds(table, ctx, ENTITY_ORDER[type], idFilter);
  const tests: ((o: ApiObject) => boolean)[] = [];
  for (const field of ['updated_at', 'created_at', ...(type === 'leads' ? ['closed_at', 'closest_task_at'] : ['closest_task_at'])]) {
    const range = q.range(`filter[${field}]`);
    if (range) tests.push((o) => inRange(num(o[field]), range));
  }
  for (const field of ['responsible_user_id', 'created_by', 'updated_by', ...(type === 'leads' ? ['pipeline_id'] : [])]) {
    const list = intList(q, `filter[${field}]`);
    if (list) {
      const set = new Set(list);
      tests.push((o) => set.has(num(o[field]) ?? NaN));
    }
  }
  const names = q.has('filter[name]') ? new Set(q.list('filter[name]').map((s) => s.toLowerCase())) : undefined;
  if (names) tests.push((o) => names.has(String(o.name ?? '').toLowerCase()));
  if (type === 'leads') {
    const price = q.range('filter[price]');
    if (price) tests.push((o) => inRange(num(o.price), price));
    const statuses: { pipeline: number; status: number }[] = [];
    for (let i = 0; i < 100; i++) {
      const s = q.get(`filter[statuses][${i}][status_id]`);
      const pl = q.get(`filter[statuses][${i}][pipeline_id]`);
      if (s === undefined && pl === undefined) break;
      statuses.push({ pipeline: Number(pl), status: Number(s) });
    }
    if (statuses.length > 0) tests.push((o) => statuses.some((s) => s.status === o.status_id && (Number.isNaN(s.pipeline) || s.pipeline === o.pipeline_id)));
  }
  const match = queryMatcher(q.get('query'));
  if (match) tests.push(match);
  const since = ctx.ifModifiedSince;
  if (since !== undefined) tests.push((o) => (num(o.updated_at) ?? 0) > since);
  const page = pickPage(
    ctx,
    type,
    table.version,
    ids,
    desc,
    (id) => {
      const o = table.get(id);
      if (!o || (o.is_deleted === true) !== onlyDeleted) return false;
      for (const t of tests) if (!t(o)) return false;
      return true;
    },
    p,
  );
  const items = page.ids.map((id) => entityOut(ctx.store, type, table.get(id) as ApiObject, withs, ctx.base));
  return hal(ctx, type, items, p, page.hasNext);
}

function writeBatch(ctx: Ctx, type: EntityType, mode: 'create' | 'update'): Reply {
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  if (ctx.body.length === 0) throw fail(400, 'Request body must not be empty');
  if (ctx.body.length > 250) throw fail(400, 'Too many entities in one request (max 250)');
  const wctx = writeCtx(ctx);
  const plans = ctx.body.map((item: unknown, i: number) => planEntityWrite(wctx, type, item, mode, i));
  const bad: ItemErrors[] = plans.filter((pl) => pl.errors.length > 0).map((pl) => ({ request_id: pl.requestId, errors: pl.errors }));
  if (bad.length > 0) return validationProblem(bad);
  const results = plans.map((pl) => {
    const obj = pl.apply();
    const out: ApiObject = { id: obj.id };
    if (mode === 'update') out.updated_at = obj.updated_at;
    out.request_id = pl.requestId;
    out._links = href(ctx.base, `/api/v4/${type}/${String(obj.id)}`);
    return out;
  });
  return ok({ _links: href(ctx.base, `/api/v4/${type}`), _embedded: { [type]: results } });
}

function patchOne(ctx: Ctx, type: EntityType, id: number): Reply {
  if (Array.isArray(ctx.body)) throw methodNotAllowed();
  if (!isObj(ctx.body)) throw fail(400, 'Request body must be a JSON object');
  if (!ctx.store.entity(type, id)) return missing(ctx, 'Entity not found');
  if (ctx.body.id !== undefined && ctx.body.id !== id) {
    return validationProblem([{ request_id: '0', errors: [errChoice('id')] }]);
  }
  const plan = planEntityWrite(writeCtx(ctx), type, ctx.body, 'update', 0, id);
  if (plan.errors.length > 0) return validationProblem([{ request_id: plan.requestId, errors: plan.errors }]);
  const obj = plan.apply();
  return ok({ id: obj.id, updated_at: obj.updated_at, _links: href(ctx.base, `/api/v4/${type}/${id}`) });
}

// ---------- links ----------

const LINK_TARGETS: Record<EntityType, EntityType[]> = { leads: ['contacts', 'companies'], contacts: ['leads', 'companies'], companies: ['leads', 'contacts'] };
const ALL_LINK_TARGETS = new Set(['leads', 'contacts', 'companies', 'customers', 'catalog_elements']);

function linkItems(ctx: Ctx, type: EntityType, fixedId: number | undefined, unlink: boolean): Reply {
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  const store = ctx.store;
  const bad: ItemErrors[] = [];
  const todo: { id: number; to: EntityType; toId: number; isMain?: boolean; updatedBy?: number }[] = [];
  if (fixedId !== undefined && !store.entity(type, fixedId)) return missing(ctx, 'Entity not found');
  ctx.body.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) {
      bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
      return;
    }
    const allowed = fixedId === undefined ? ['entity_id', 'to_entity_id', 'to_entity_type', 'metadata', 'request_id'] : ['to_entity_id', 'to_entity_type', 'metadata', 'request_id'];
    for (const key of Object.keys(item)) if (!allowed.includes(key)) errors.push(errUnexpected(key));
    const id = fixedId ?? item.entity_id;
    if (!isInt(id)) errors.push(fixedId === undefined && item.entity_id === undefined ? errBlank('entity_id') : errInvalidType('entity_id', 'int'));
    else if (!store.entity(type, id)) errors.push(errChoice('entity_id'));
    if (!isInt(item.to_entity_id)) errors.push(errInvalidType('to_entity_id', 'int'));
    const to = item.to_entity_type;
    if (typeof to !== 'string' || !ALL_LINK_TARGETS.has(to) || !isEntity(to) || !LINK_TARGETS[type].includes(to)) errors.push(errChoice('to_entity_type'));
    else if (isInt(item.to_entity_id) && !store.entity(to, item.to_entity_id)) errors.push(errChoice('to_entity_id'));
    let isMain: boolean | undefined;
    let updatedBy: number | undefined;
    if (item.metadata !== undefined && item.metadata !== null) {
      if (!isObj(item.metadata)) errors.push(errInvalidType('metadata', 'object'));
      else {
        for (const key of Object.keys(item.metadata))
          if (!['is_main', 'main_contact', 'updated_by', 'quantity', 'catalog_id', 'price_id'].includes(key)) errors.push(errUnexpected(`metadata.${key}`));
        const m = item.metadata.is_main ?? item.metadata.main_contact;
        if (m !== undefined && typeof m !== 'boolean') errors.push(errInvalidType('metadata.is_main', 'bool'));
        else isMain = m;
        if (isInt(item.metadata.updated_by)) updatedBy = item.metadata.updated_by;
      }
    }
    if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
    else todo.push({ id: id as number, to: to as EntityType, toId: item.to_entity_id as number, ...(isMain !== undefined ? { isMain } : {}), ...(updatedBy !== undefined ? { updatedBy } : {}) });
  });
  if (bad.length > 0) return validationProblem(bad);
  const wctx = writeCtx(ctx);
  const results: ApiObject[] = [];
  const touch = (t: EntityType, id: number): void => {
    const obj = store.entities[t].get(id);
    if (obj) store.entities[t].replace({ ...obj, updated_at: nextUpdatedAt(wctx, obj.updated_at) });
  };
  for (const l of todo) {
    const isLeadContact = (type === 'leads' && l.to === 'contacts') || (type === 'contacts' && l.to === 'leads');
    const changed = unlink ? store.links.unlink(type, l.id, l.to, l.toId) : store.links.link(type, l.id, l.to, l.toId, isLeadContact ? l.isMain : undefined);
    if (changed) {
      const linkValue = (t: EntityType, id: number): unknown[] => [{ link: { entity: { id, type: EVENT_ENTITY[t] } } }];
      const eventType = unlink ? 'entity_unlinked' : 'entity_linked';
      recordEvent(wctx, eventType, EVENT_ENTITY[type], l.id, unlink ? linkValue(l.to, l.toId) : [], unlink ? [] : linkValue(l.to, l.toId));
      recordEvent(wctx, eventType, EVENT_ENTITY[l.to], l.toId, unlink ? linkValue(type, l.id) : [], unlink ? [] : linkValue(type, l.id));
      touch(type, l.id);
      touch(l.to, l.toId);
    }
    const metadata: ApiObject = {};
    if (isLeadContact) {
      const leadId = type === 'leads' ? l.id : l.toId;
      const contactId = type === 'leads' ? l.toId : l.id;
      metadata.main_contact = store.links.leadContacts.get(leadId)?.find((c) => c.id === contactId)?.is_main ?? false;
    }
    if (l.updatedBy !== undefined) metadata.updated_by = l.updatedBy;
    results.push({ entity_id: l.id, entity_type: type, to_entity_id: l.toId, to_entity_type: l.to, metadata: Object.keys(metadata).length > 0 ? metadata : null });
  }
  if (unlink) return noContent();
  return ok({ _total_items: results.length, _links: href(ctx.base, ctx.url.pathname), _embedded: { links: results } });
}

function getLinks(ctx: Ctx, type: EntityType, ids: number[]): Reply {
  const store = ctx.store;
  const toType = ctx.query.get('filter[to_entity_type]');
  const toId = ctx.query.get('filter[to_entity_id]');
  const links: ApiObject[] = [];
  for (const id of ids) {
    if (!store.entity(type, id)) continue;
    for (const to of LINK_TARGETS[type]) {
      if (toType !== undefined && toType !== to) continue;
      for (const other of store.links.linked(type, id, to)) {
        if (toId !== undefined && Number(toId) !== other) continue;
        if (!store.entity(to, other)) continue;
        let metadata: ApiObject | null = null;
        if (to === 'contacts' && type === 'leads') metadata = { main_contact: store.links.leadContacts.get(id)?.find((c) => c.id === other)?.is_main ?? false };
        if (to === 'leads' && type === 'contacts') metadata = { main_contact: store.links.leadContacts.get(other)?.find((c) => c.id === id)?.is_main ?? false };
        links.push({ entity_id: id, entity_type: type, to_entity_id: other, to_entity_type: to, metadata });
      }
    }
  }
  if (links.length === 0) return noContent();
  return ok({ _total_items: links.length, _links: href(ctx.base, ctx.url.pathname), _embedded: { links } });
}

// ---------- notes ----------

const NOTE_TYPES = new Set([
  'common',
  'call_in',
  'call_out',
  'service_message',
  'extended_service_message',
  'message_cashier',
  'geolocation',
  'sms_in',
  'sms_out',
  'attachment',
  'amomail_message',
  'site_visit',
  'targeting_in',
  'targeting_out',
  'transaction',
  'invoice_paid',
  'bill_paid',
  'zoom_meeting',
  'dropbox_attachment',
  'link_followed',
  'ai_result',
]);

function noteOut(ctx: Ctx, type: EntityType, note: ApiObject): ApiObject {
  const out = withSelfLink(note, ctx.base, `/api/v4/${type}/notes/${String(note.id)}`);
  if (!ctx.query.with().has('is_pinned')) delete out.is_pinned;
  return out;
}

function listNotes(ctx: Ctx, type: EntityType, entityId: number | undefined): Reply {
  const q = ctx.query;
  const p = paging(ctx, 250);
  const { table, byEntity } = ctx.store.notes[type];
  if (entityId !== undefined && !ctx.store.entity(type, entityId)) return missing(ctx, 'Entity not found');
  const idFilter = intList(q, 'filter[id]');
  const entityFilter = entityId !== undefined ? [entityId] : intList(q, 'filter[entity_id]');
  let candidates: number[] | undefined = idFilter;
  if (!candidates && entityFilter) candidates = entityFilter.flatMap((e) => byEntity.get(e) ?? []);
  const { ids, desc } = orderedIds(table, ctx, ['updated_at', 'id'], candidates);
  const noteTypes = q.has('filter[note_type]') ? new Set(q.list('filter[note_type]')) : undefined;
  const updated = q.range('filter[updated_at]');
  const entitySet = entityFilter ? new Set(entityFilter) : undefined;
  const page = pickPage(
    ctx,
    `${type}/notes/${entityId ?? ''}`,
    table.version,
    ids,
    desc,
    (id) => {
      const n = table.get(id);
      if (!n) return false;
      if (entitySet && !entitySet.has(n.entity_id as number)) return false;
      if (noteTypes && !noteTypes.has(String(n.note_type))) return false;
      return inRange(num(n.updated_at), updated);
    },
    p,
  );
  return hal(
    ctx,
    'notes',
    page.ids.map((id) => noteOut(ctx, type, table.get(id) as ApiObject)),
    p,
    page.hasNext,
  );
}

function createNotes(ctx: Ctx, type: EntityType, entityId: number | undefined): Reply {
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  const store = ctx.store;
  if (entityId !== undefined && !store.entity(type, entityId)) return missing(ctx, 'Entity not found');
  const bad: ItemErrors[] = [];
  const allowed = ['entity_id', 'note_type', 'params', 'created_by', 'responsible_user_id', 'created_at', 'updated_at', 'request_id', 'is_need_to_trigger_digital_pipeline'];
  ctx.body.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!allowed.includes(key)) errors.push(errUnexpected(key));
    const eid = entityId ?? item.entity_id;
    if (eid === undefined) errors.push(errBlank('entity_id'));
    else if (!isInt(eid)) errors.push(errInvalidType('entity_id', 'int'));
    else if (!store.entity(type, eid)) errors.push(errChoice('entity_id'));
    if (typeof item.note_type !== 'string') errors.push(item.note_type === undefined ? errBlank('note_type') : errInvalidType('note_type', 'string'));
    else if (!NOTE_TYPES.has(item.note_type)) errors.push(errChoice('note_type'));
    if (item.params !== undefined && !isObj(item.params)) errors.push(errInvalidType('params', 'object'));
    for (const key of ['created_by', 'responsible_user_id', 'created_at', 'updated_at']) if (item[key] !== undefined && !isInt(item[key])) errors.push(errInvalidType(key, 'int'));
    if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
  });
  if (bad.length > 0) return validationProblem(bad);
  const now = ctx.now();
  const results = (ctx.body as ApiObject[]).map((item, i) => {
    const table = store.notes[type].table;
    const note: ApiObject = {
      id: table.allocateId(),
      entity_id: entityId ?? item.entity_id,
      created_by: item.created_by ?? ctx.userId,
      updated_by: ctx.userId,
      created_at: item.created_at ?? now,
      updated_at: item.updated_at ?? now,
      responsible_user_id: item.responsible_user_id ?? ctx.userId,
      group_id: 0,
      note_type: item.note_type,
      params: item.params ?? {},
      is_editable: true,
      account_id: store.account.id,
    };
    store.addNote(type, note);
    if (note.note_type === 'common') recordEvent(writeCtx(ctx), 'common_note_added', EVENT_ENTITY[type], note.entity_id as number, [], [{ note: { id: note.id } }]);
    return { id: note.id, entity_id: note.entity_id, request_id: typeof item.request_id === 'string' ? item.request_id : String(i), _links: href(ctx.base, `/api/v4/${type}/notes/${String(note.id)}`) };
  });
  return ok({ _links: href(ctx.base, ctx.url.pathname), _embedded: { notes: results } });
}

/**
 * PATCH /api/v4/{entity}/notes (array, each with id), …/notes/{id} and …/{entity_id}/notes/{id} (object):
 * `params`, `note_type` (as stored: a different type is NotSupportedChoice), `responsible_user_id`,
 * `created_by`, `updated_at`, `request_id` [PHP:src/AmoCRM/EntitiesServices/EntityNotes.php] (update and
 * updateOne: PATCH of toApi), doc §16. Answer as for entities: `{id, entity_id, updated_at, request_id, _links}`.
 */
function updateNotes(ctx: Ctx, type: EntityType, entityId: number | undefined, noteId?: number): Reply {
  const single = noteId !== undefined;
  if (single && Array.isArray(ctx.body)) throw methodNotAllowed();
  if (!single && !Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  const items = (single ? [{ ...(isObj(ctx.body) ? ctx.body : {}), id: noteId }] : (ctx.body as unknown[])) as unknown[];
  const table = ctx.store.notes[type].table;
  const bad: ItemErrors[] = [];
  const allowed = ['id', 'entity_id', 'note_type', 'params', 'responsible_user_id', 'created_by', 'updated_at', 'request_id'];
  items.forEach((item, i) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!allowed.includes(key)) errors.push(errUnexpected(key));
    const note = isInt(item.id) ? table.get(item.id) : undefined;
    if (item.id === undefined) errors.push(errBlank('id'));
    else if (!note || (entityId !== undefined && note.entity_id !== entityId)) errors.push({ code: 'NotFound', path: 'id', detail: 'Note not found' });
    if (note && item.note_type !== undefined && item.note_type !== note.note_type) errors.push(errChoice('note_type'));
    if (item.params !== undefined && !isObj(item.params)) errors.push(errInvalidType('params', 'object'));
    for (const key of ['responsible_user_id', 'created_by', 'updated_at']) if (item[key] !== undefined && !isInt(item[key])) errors.push(errInvalidType(key, 'int'));
    if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
  });
  if (bad.length > 0) return validationProblem(bad);
  const results = (items as ApiObject[]).map((item, i) => {
    const note = table.get(item.id as number)!;
    const next: ApiObject = {
      ...note,
      ...(item.params !== undefined ? { params: { ...(isObj(note.params) ? note.params : {}), ...(item.params as ApiObject) } } : {}),
      ...(item.responsible_user_id !== undefined ? { responsible_user_id: item.responsible_user_id } : {}),
      ...(item.created_by !== undefined ? { created_by: item.created_by } : {}),
      updated_by: ctx.userId,
      updated_at: isInt(item.updated_at) ? item.updated_at : nextUpdatedAt(writeCtx(ctx), note.updated_at),
    };
    table.replace(next);
    return { id: next.id, entity_id: next.entity_id, updated_at: next.updated_at, request_id: typeof item.request_id === 'string' ? item.request_id : String(i), _links: href(ctx.base, `/api/v4/${type}/notes/${String(next.id)}`) };
  });
  if (single) return ok(results[0]);
  return ok({ _links: href(ctx.base, ctx.url.pathname), _embedded: { notes: results } });
}

// ---------- tasks ----------

const TASK_KEYS = ['id', 'responsible_user_id', 'entity_id', 'entity_type', 'is_completed', 'task_type_id', 'text', 'duration', 'complete_till', 'result', 'created_by', 'updated_by', 'created_at', 'updated_at', 'request_id'];

function listTasks(ctx: Ctx): Reply {
  const q = ctx.query;
  const p = paging(ctx, 250);
  const table = ctx.store.tasks;
  const { ids, desc } = orderedIds(table, ctx, ['created_at', 'complete_till', 'id'], intList(q, 'filter[id]'));
  const tests: ((o: ApiObject) => boolean)[] = [];
  for (const [param, field] of [
    ['filter[responsible_user_id]', 'responsible_user_id'],
    ['filter[task_type]', 'task_type_id'],
    ['filter[entity_id]', 'entity_id'],
  ] as const) {
    const list = intList(q, param);
    if (list) {
      const set = new Set(list);
      tests.push((o) => set.has(num(o[field]) ?? NaN));
    }
  }
  const done = q.get('filter[is_completed]');
  if (done !== undefined) tests.push((o) => (o.is_completed === true) === (done === '1' || done === 'true'));
  const et = q.has('filter[entity_type]') ? new Set(q.list('filter[entity_type]')) : undefined;
  if (et) tests.push((o) => et.has(String(o.entity_type)));
  const updated = q.range('filter[updated_at]');
  if (updated) tests.push((o) => inRange(num(o.updated_at), updated));
  const since = ctx.ifModifiedSince;
  if (since !== undefined) tests.push((o) => (num(o.updated_at) ?? 0) > since);
  const page = pickPage(
    ctx,
    'tasks',
    table.version,
    ids,
    desc,
    (id) => {
      const o = table.get(id);
      return o !== undefined && tests.every((t) => t(o));
    },
    p,
  );
  return hal(
    ctx,
    'tasks',
    page.ids.map((id) => withSelfLink(table.get(id) as ApiObject, ctx.base, `/api/v4/tasks/${id}`)),
    p,
    page.hasNext,
  );
}

function writeTasks(ctx: Ctx, mode: 'create' | 'update', fixedId?: number): Reply {
  const store = ctx.store;
  const single = fixedId !== undefined;
  if (single && Array.isArray(ctx.body)) throw methodNotAllowed();
  if (!single && !Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  if (single && !store.tasks.get(fixedId)) return missing(ctx, 'Task not found');
  const items: unknown[] = single ? [ctx.body] : (ctx.body as unknown[]);
  const taskTypes = new Set(store.taskTypes().map((t) => t.id));
  const bad: ItemErrors[] = [];
  items.forEach((item, i) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!TASK_KEYS.includes(key) || (key === 'id' && mode === 'create')) errors.push(errUnexpected(key));
    for (const key of ['responsible_user_id', 'entity_id', 'task_type_id', 'duration', 'complete_till', 'created_by', 'updated_by', 'created_at', 'updated_at'])
      if (item[key] !== undefined && item[key] !== null && !isInt(item[key])) errors.push(errInvalidType(key, 'int'));
    if (item.text !== undefined && typeof item.text !== 'string') errors.push(errInvalidType('text', 'string'));
    if (item.is_completed !== undefined && typeof item.is_completed !== 'boolean') errors.push(errInvalidType('is_completed', 'bool'));
    if (item.result !== undefined && item.result !== null && !isObj(item.result)) errors.push(errInvalidType('result', 'object'));
    if (isInt(item.task_type_id) && !taskTypes.has(item.task_type_id)) errors.push(errChoice('task_type_id'));
    if (item.entity_type !== undefined && item.entity_type !== null && !isEntity(item.entity_type as string)) errors.push(errChoice('entity_type'));
    if (isInt(item.entity_id) && isEntity(item.entity_type as string) && !store.entity(item.entity_type as EntityType, item.entity_id)) errors.push(errChoice('entity_id'));
    if (mode === 'create') {
      if (item.text === undefined) errors.push(errBlank('text'));
      if (item.complete_till === undefined) errors.push(errBlank('complete_till'));
    } else if (!single) {
      if (!isInt(item.id)) errors.push(item.id === undefined ? errBlank('id') : errInvalidType('id', 'int'));
      else if (!store.tasks.get(item.id)) errors.push({ code: 'NotFound', path: 'id', detail: 'Task not found' });
    }
    if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
  });
  if (bad.length > 0) return validationProblem(bad);
  const wctx = writeCtx(ctx);
  const now = ctx.now();
  const results = (items as ApiObject[]).map((item, i) => {
    let task: ApiObject;
    const { request_id: _r, ...fields } = item;
    if (mode === 'create') {
      const id = store.tasks.allocateId();
      task = {
        id,
        created_by: ctx.userId,
        updated_by: ctx.userId,
        created_at: now,
        updated_at: now,
        responsible_user_id: ctx.userId,
        group_id: 0,
        entity_id: null,
        entity_type: null,
        duration: 0,
        is_completed: false,
        task_type_id: 1,
        text: '',
        result: null,
        complete_till: 0,
        account_id: store.account.id,
        ...fields,
      };
      if (task.result === undefined || (isObj(task.result) && Object.keys(task.result).length === 0)) task.result = null;
      store.tasks.insert(task);
      recordEvent(wctx, 'task_added', 'task', id, [], []);
    } else {
      const id = fixedId ?? (item.id as number);
      const old = store.tasks.get(id) as ApiObject;
      task = { ...old, ...fields, id, updated_by: item.updated_by ?? ctx.userId, updated_at: nextUpdatedAt(wctx, old.updated_at) };
      store.tasks.replace(task);
      if (item.is_completed === true && old.is_completed !== true) recordEvent(wctx, 'task_completed', 'task', id, [], []);
    }
    const out: ApiObject = { id: task.id };
    if (mode === 'update') out.updated_at = task.updated_at;
    if (!single) out.request_id = typeof item.request_id === 'string' ? item.request_id : String(i);
    out._links = href(ctx.base, `/api/v4/tasks/${String(task.id)}`);
    return out;
  });
  if (single) return ok(results[0]);
  return ok({ _links: href(ctx.base, '/api/v4/tasks'), _embedded: { tasks: results } });
}

// ---------- events ----------

function eventOut(ctx: Ctx, e: ApiObject): ApiObject {
  const plural: Record<string, string> = { lead: 'leads', contact: 'contacts', company: 'companies', task: 'tasks', customer: 'customers' };
  const out = withSelfLink(e, ctx.base, `/api/v4/events/${String(e.id)}`);
  // the entity's link follows the request's host like every other link (a stored event may carry the generator's host)
  const p = plural[String(e.entity_type)];
  const stored = isObj(out._embedded) ? out._embedded : {};
  const entity = isObj(stored.entity) ? stored.entity : {};
  out._embedded = { ...stored, entity: { ...entity, id: e.entity_id, _links: p ? href(ctx.base, `/api/v4/${p}/${String(e.entity_id)}`) : {} } };
  return out;
}

function listEvents(ctx: Ctx): Reply {
  const q = ctx.query;
  const p = paging(ctx, 100);
  const log = ctx.store.events.list;
  const tests: ((e: ApiObject) => boolean)[] = [];
  if (q.has('filter[id]')) {
    const ids = new Set(q.list('filter[id]'));
    tests.push((e) => ids.has(String(e.id)));
  }
  if (q.has('filter[type]')) {
    const types = q.list('filter[type]');
    const wantsAnyCustom = types.includes('custom_field_value_changed');
    const set = new Set(types);
    tests.push((e) => set.has(String(e.type)) || (wantsAnyCustom && /^custom_field_\d+_value_changed$/.test(String(e.type))));
  }
  if (q.has('filter[entity]')) {
    const entities = new Set(q.list('filter[entity]'));
    tests.push((e) => entities.has(String(e.entity_type)));
    const ids = intList(q, 'filter[entity_id]');
    if (ids) {
      const set = new Set(ids);
      tests.push((e) => set.has(num(e.entity_id) ?? NaN));
    }
  }
  const createdBy = intList(q, 'filter[created_by]');
  if (createdBy) {
    const set = new Set(createdBy);
    tests.push((e) => set.has(num(e.created_by) ?? NaN));
  }
  const created = q.range('filter[created_at]');
  if (created) {
    // a single value means "since" for events
    const range = created.eq !== undefined ? { from: created.eq } : created;
    tests.push((e) => inRange(num(e.created_at), range));
  }
  const asc = ctx.query.order(['created_at', 'id'])?.desc === false;
  const page = pickPage(ctx, 'events', ctx.store.events.version, log, !asc, (e) => tests.every((t) => t(e)), p);
  const out = page.ids;
  const hasNext = page.hasNext;
  return hal(
    ctx,
    'events',
    out.map((e) => eventOut(ctx, e)),
    p,
    hasNext,
  );
}

// ---------- account, users, roles, pipelines, fields, tags, loss reasons ----------

function account(ctx: Ctx): Reply {
  const store = ctx.store;
  const withs = ctx.query.with();
  const { _embedded: emb, _links: _l, amojo_id, uuid, version, ...base } = store.account;
  const e = (emb !== null && typeof emb === 'object' ? emb : {}) as ApiObject;
  const out: ApiObject = { ...base, current_user_id: ctx.userId, _links: href(ctx.base, '/api/v4/account') };
  if (withs.has('amojo_id')) out.amojo_id = amojo_id ?? `fake-amojo-${String(store.account.id)}`;
  if (withs.has('uuid')) out.uuid = uuid ?? `00000000-0000-4000-a000-${String(store.account.id).padStart(12, '0')}`;
  if (withs.has('version')) out.version = version ?? 11;
  if (withs.has('is_api_filter_enabled')) out.is_api_filter_enabled = true;
  if (withs.has('drive_url')) out.drive_url = store.account.drive_url ?? `${ctx.base}/drive`;
  const embedded: ApiObject = {};
  if (withs.has('task_types')) embedded.task_types = store.taskTypes();
  if (withs.has('users_groups')) embedded.users_groups = store.usersGroups();
  if (withs.has('amojo_rights')) embedded.amojo_rights = e.amojo_rights ?? { can_direct: false, can_create_groups: false };
  if (withs.has('datetime_settings'))
    embedded.datetime_settings = e.datetime_settings ?? {
      date_pattern: 'd.m.Y H:i',
      short_date_pattern: 'd.m.Y',
      short_time_pattern: 'H:i',
      date_format: 'd.m.Y',
      time_format: 'H:i:s',
      timezone: 'Europe/Moscow',
      timezone_offset: '+03:00',
    };
  if (withs.has('entity_names')) embedded.entity_names = e.entity_names ?? {};
  if (Object.keys(embedded).length > 0) out._embedded = embedded;
  return ok(out);
}

export function requireAdmin(ctx: Ctx): void {
  const user = ctx.store.user(ctx.userId);
  const rights = user && isObj(user.rights) ? user.rights : undefined;
  if (!rights || rights.is_admin !== true) throw fail(403, 'Access denied');
}

function userOut(ctx: Ctx, user: ApiObject): ApiObject {
  const withs = ctx.query.with();
  const { _embedded: _e, _links: _l, ...rest } = user;
  const out: ApiObject = { ...rest, _links: href(ctx.base, `/api/v4/users/${String(user.id)}`) };
  const rights = isObj(user.rights) ? user.rights : {};
  const e: ApiObject = {};
  if (withs.has('role')) {
    const role = isInt(rights.role_id) ? ctx.store.roles.get(rights.role_id) : undefined;
    e.roles = role ? [{ id: role.id, name: role.name, _links: href(ctx.base, `/api/v4/roles/${String(role.id)}`) }] : [];
  }
  if (withs.has('group')) {
    const group = ctx.store.usersGroups().find((g) => g.id === rights.group_id);
    e.groups = group ? [{ id: group.id, name: group.name }] : [];
  }
  if (Object.keys(e).length > 0) out._embedded = e;
  return out;
}

function roleOut(ctx: Ctx, role: ApiObject): ApiObject {
  const { _embedded: _e, _links: _l, ...rest } = role;
  const out: ApiObject = { ...rest, _links: href(ctx.base, `/api/v4/roles/${String(role.id)}`) };
  if (ctx.query.with().has('users')) {
    const users = ctx.store.users
      .values()
      .filter((u) => isObj(u.rights) && u.rights.role_id === role.id)
      .map((u) => ({ id: u.id }));
    out._embedded = { users };
  }
  return out;
}

export function statusOut(ctx: Ctx, pipelineId: number, status: ApiObject): ApiObject {
  const out = withSelfLink(status, ctx.base, `/api/v4/leads/pipelines/${pipelineId}/statuses/${String(status.id)}`);
  if (out.pipeline_id === undefined) out.pipeline_id = pipelineId;
  if (!ctx.query.with().has('descriptions')) delete out.descriptions;
  return out;
}

export function pipelineOut(ctx: Ctx, pipeline: ApiObject): ApiObject {
  const { _embedded: _e, _links: _l, ...rest } = pipeline;
  const id = pipeline.id as number;
  return {
    ...rest,
    _links: href(ctx.base, `/api/v4/leads/pipelines/${id}`),
    _embedded: { statuses: ctx.store.statusesOf(pipeline).map((s) => statusOut(ctx, id, s)) },
  };
}

function fieldsList(ctx: Ctx, type: EntityType): Reply {
  const p = paging(ctx, 250);
  const deleted = ctx.store.deletedFields[type];
  let fields = ctx.store.customFields[type].values().filter((f) => !deleted.has(f.id as number));
  if (ctx.query.has('filter[type]')) {
    const types = new Set(ctx.query.list('filter[type]'));
    fields = fields.filter((f) => types.has(String(f.type)));
  }
  const order = ctx.query.order(['sort', 'id']);
  if (order?.field === 'sort') fields.sort((a, b) => (num(a.sort) ?? 0) - (num(b.sort) ?? 0) || (a.id as number) - (b.id as number));
  if (order?.desc) fields.reverse();
  return smallList(
    ctx,
    'custom_fields',
    fields.map((f) => withSelfLink(f, ctx.base, `/api/v4/${type}/custom_fields/${String(f.id)}`)),
    p,
  );
}

function tagsList(ctx: Ctx, type: EntityType): Reply {
  const p = paging(ctx, 250);
  const table = ctx.store.tags[type];
  const tests: ((t: ApiObject) => boolean)[] = [];
  const ids = intList(ctx.query, 'filter[id]');
  if (ids) {
    const set = new Set(ids);
    tests.push((t) => set.has(t.id as number));
  }
  const name = ctx.query.get('filter[name]');
  if (name !== undefined) tests.push((t) => String(t.name).toLowerCase() === name.toLowerCase());
  const query = ctx.query.get('query');
  if (query) tests.push((t) => String(t.name).toLowerCase().includes(query.toLowerCase()));
  const page = pickPage(
    ctx,
    `${type}/tags`,
    table.version,
    table.ids(),
    false,
    (id) => {
      const t = table.get(id);
      return t !== undefined && tests.every((f) => f(t));
    },
    p,
  );
  return hal(
    ctx,
    'tags',
    page.ids.map((id) => ({ ...tagOut(table.get(id) as ApiObject), ...(type === 'leads' ? {} : { color: null }) })),
    p,
    page.hasNext,
  );
}

/** lead tag colours [PHP:src/AmoCRM/Enum/Tags/TagColorsEnum.php] (doc §9) */
const TAG_COLORS = new Set([
  'EBEBEB',
  'D0D0D0',
  'F2DDF7',
  'D1A4DC',
  'FF8F92',
  'FFC8C8',
  'C7DB8C',
  'DDEBB5',
  '8699DA',
  'AABDFF',
  'FFCE5A',
  'FFE193',
  '90CDB0',
  'C6F4DE',
  'A9A5D7',
  'D8D5FF',
  '86C0FC',
  '832161',
  '6A0F49',
  '0C7C59',
  '10599D',
  '9D2B32',
  '247BA0',
]);

function tagsCreate(ctx: Ctx, type: EntityType): Reply {
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  const bad: ItemErrors[] = [];
  ctx.body.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!['name', 'color', 'request_id'].includes(key) || (key === 'color' && type !== 'leads')) errors.push(errUnexpected(key));
    if (typeof item.name !== 'string') errors.push(item.name === undefined ? errBlank('name') : errInvalidType('name', 'string'));
    else if (item.name.trim() === '') errors.push(errBlank('name'));
    if (item.color !== undefined && item.color !== null && (typeof item.color !== 'string' || !TAG_COLORS.has(item.color))) errors.push(errChoice('color'));
    if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
  });
  if (bad.length > 0) return validationProblem(bad);
  const wctx = writeCtx(ctx);
  const tags = (ctx.body as ApiObject[]).map((item, i) => {
    const tag = resolveTag(wctx, type, { name: (item.name as string).trim() }, true) as ApiObject;
    if (type === 'leads' && typeof item.color === 'string' && tag.color !== item.color) {
      const recolored = { ...tag, color: item.color };
      ctx.store.tags.leads.replace(recolored);
      return { ...tagOut(recolored), request_id: typeof item.request_id === 'string' ? item.request_id : String(i) };
    }
    return { ...tagOut(tag), request_id: typeof item.request_id === 'string' ? item.request_id : String(i) };
  });
  return ok({ _total_items: tags.length, _links: href(ctx.base, `/api/v4/${type}/tags`), _embedded: { tags } });
}

/**
 * PATCH /api/v4/{entity}/tags `[{id, name?, color?, request_id?}]`: renames (and for leads recolours) tags of the
 * account; the official library's EntityTags::update sends this PATCH for leads and refuses other types on its own
 * side [PHP:src/AmoCRM/EntitiesServices/EntityTags.php] (doc §9: the server's answer for other types is UNCONFIRMED:
 * here they are renamed, and `color` is FieldNotExpected as on POST). Answer as POST: the tags with request_id.
 */
function tagsUpdate(ctx: Ctx, type: EntityType): Reply {
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  const table = ctx.store.tags[type];
  const bad: ItemErrors[] = [];
  ctx.body.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!['id', 'name', 'color', 'request_id'].includes(key) || (key === 'color' && type !== 'leads')) errors.push(errUnexpected(key));
    if (item.id === undefined) errors.push(errBlank('id'));
    else if (!isInt(item.id) || !table.get(item.id)) errors.push({ code: 'NotFound', path: 'id', detail: 'Tag not found' });
    if (item.name !== undefined && (typeof item.name !== 'string' || item.name.trim() === '')) errors.push(typeof item.name === 'string' ? errBlank('name') : errInvalidType('name', 'string'));
    if (item.color !== undefined && item.color !== null && (typeof item.color !== 'string' || !TAG_COLORS.has(item.color))) errors.push(errChoice('color'));
    if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
  });
  if (bad.length > 0) return validationProblem(bad);
  const tags = (ctx.body as ApiObject[]).map((item, i) => {
    const tag = table.get(item.id as number)!;
    const next = { ...tag, ...(typeof item.name === 'string' ? { name: item.name.trim() } : {}), ...(item.color !== undefined ? { color: item.color } : {}) };
    table.replace(next);
    return { ...tagOut(next), request_id: typeof item.request_id === 'string' ? item.request_id : String(i) };
  });
  return ok({ _total_items: tags.length, _links: href(ctx.base, `/api/v4/${type}/tags`), _embedded: { tags } });
}

function lossReasons(ctx: Ctx, id: number | undefined, rest: number): Reply {
  const store = ctx.store;
  const table = store.lossReasons;
  if (rest > 0) throw notFound();
  if (id === undefined) {
    if (ctx.method === 'GET') {
      const p = paging(ctx, 250);
      return smallList(
        ctx,
        'loss_reasons',
        table.values().map((r) => lossReasonOut(r, ctx.base)),
        p,
      );
    }
    if (ctx.method !== 'POST') throw methodNotAllowed();
    if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
    const bad: ItemErrors[] = [];
    ctx.body.forEach((item: unknown, i: number) => {
      const errors: FieldError[] = [];
      if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
      for (const key of Object.keys(item)) if (!['name', 'sort', 'request_id'].includes(key)) errors.push(errUnexpected(key));
      if (typeof item.name !== 'string' || item.name.trim() === '') errors.push(item.name === undefined ? errBlank('name') : errInvalidType('name', 'string'));
      if (item.sort !== undefined && !isInt(item.sort)) errors.push(errInvalidType('sort', 'int'));
      if (errors.length > 0) bad.push({ request_id: typeof item.request_id === 'string' ? item.request_id : String(i), errors });
    });
    if (bad.length > 0) return validationProblem(bad);
    const now = ctx.now();
    const created = (ctx.body as ApiObject[]).map((item, i) => {
      const reason: ApiObject = { id: table.allocateId(), name: item.name, sort: item.sort ?? 0, created_at: now, updated_at: now };
      table.insert(reason);
      return { ...lossReasonOut(reason, ctx.base), request_id: typeof item.request_id === 'string' ? item.request_id : String(i) };
    });
    return ok({ _total_items: created.length, _links: href(ctx.base, '/api/v4/leads/loss_reasons'), _embedded: { loss_reasons: created } });
  }
  const reason = table.get(id);
  if (!reason) throw notFound('Loss reason not found');
  if (ctx.method === 'GET') return ok(lossReasonOut(reason, ctx.base));
  if (ctx.method === 'DELETE') {
    table.delete(id);
    return noContent();
  }
  if (ctx.method === 'PATCH') {
    if (!isObj(ctx.body)) throw Array.isArray(ctx.body) ? methodNotAllowed() : fail(400, 'Request body must be a JSON object');
    const errors: FieldError[] = [];
    for (const key of Object.keys(ctx.body)) if (!['name', 'sort', 'request_id', 'id'].includes(key)) errors.push(errUnexpected(key));
    if (ctx.body.name !== undefined && typeof ctx.body.name !== 'string') errors.push(errInvalidType('name', 'string'));
    if (ctx.body.sort !== undefined && !isInt(ctx.body.sort)) errors.push(errInvalidType('sort', 'int'));
    if (errors.length > 0) return validationProblem([{ request_id: '0', errors }]);
    const next: ApiObject = { ...reason, updated_at: nextUpdatedAt(writeCtx(ctx), reason.updated_at) };
    if (ctx.body.name !== undefined) next.name = ctx.body.name;
    if (ctx.body.sort !== undefined) next.sort = ctx.body.sort;
    table.replace(next);
    return ok(lossReasonOut(next, ctx.base));
  }
  throw methodNotAllowed();
}

// ---------- the router ----------

export function route(ctx: Ctx): Reply {
  const [first, second, third, fourth, fifth, ...more] = ctx.segments;
  const m = ctx.method;
  const store = ctx.store;
  // customers, catalogs, webhooks, sources, unsorted, complex, files, event types (extra-routes.ts)
  const extra = extraRoute(ctx);
  if (extra) return extra;
  if (first === 'account' && second === undefined) {
    if (m !== 'GET') throw methodNotAllowed();
    return account(ctx);
  }
  if (first === 'users') {
    if (m !== 'GET') throw methodNotAllowed();
    requireAdmin(ctx);
    if (second === undefined) {
      return smallList(
        ctx,
        'users',
        store.users.values().map((u) => userOut(ctx, u)),
        paging(ctx, 250),
      );
    }
    const id = idSeg(second);
    const user = id === undefined ? undefined : store.users.get(id);
    if (!user || third !== undefined) throw notFound('User not found');
    return ok(userOut(ctx, user));
  }
  if (first === 'roles') {
    if (second === undefined && m === 'POST') {
      requireAdmin(ctx);
      return createRoles(store, ctx.body, ctx.base);
    }
    if (second !== undefined && third === undefined && (m === 'PATCH' || m === 'DELETE')) {
      requireAdmin(ctx);
      const rid = idSeg(second);
      if (rid === undefined) throw notFound('Role not found');
      return m === 'PATCH' ? updateRole(store, rid, ctx.body, ctx.base) : deleteRole(store, rid);
    }
    if (m !== 'GET') throw methodNotAllowed();
    if (second === undefined) {
      return smallList(
        ctx,
        'roles',
        store.roles.values().map((r) => roleOut(ctx, r)),
        paging(ctx, 250),
      );
    }
    const id = idSeg(second);
    const role = id === undefined ? undefined : store.roles.get(id);
    if (!role || third !== undefined) throw notFound('Role not found');
    return ok(roleOut(ctx, role));
  }
  if (first === 'tasks') {
    if (second === undefined) {
      if (m === 'GET') return listTasks(ctx);
      if (m === 'POST') return writeTasks(ctx, 'create');
      if (m === 'PATCH') return writeTasks(ctx, 'update');
      if (m === 'DELETE') throw fail(403, 'Invalid scope');
      throw methodNotAllowed();
    }
    const id = idSeg(second);
    if (id === undefined || third !== undefined) throw notFound();
    if (m === 'GET') {
      const task = store.tasks.get(id);
      return task ? ok(withSelfLink(task, ctx.base, `/api/v4/tasks/${id}`)) : missing(ctx, 'Task not found');
    }
    if (m === 'PATCH') return writeTasks(ctx, 'update', id);
    if (m === 'DELETE') throw fail(403, 'Invalid scope');
    throw methodNotAllowed();
  }
  if (first === 'events') {
    if (m !== 'GET') throw methodNotAllowed();
    if (second === undefined) return listEvents(ctx);
    if (third !== undefined) throw notFound();
    const event = store.events.byId.get(second);
    return event ? ok(eventOut(ctx, event)) : missing(ctx, 'Event not found');
  }
  if (!isEntity(first)) throw notFound();
  const type = first;
  // /api/v4/leads/pipelines…
  if (type === 'leads' && second === 'pipelines') {
    if (m !== 'GET') return pipelineWrite(ctx, idSeg(third), fourth, idSeg(fifth), more.length);
    if (third === undefined) {
      const all = store.pipelines
        .values()
        .sort((a, b) => (num(a.sort) ?? 0) - (num(b.sort) ?? 0) || (a.id as number) - (b.id as number))
        .map((pl) => pipelineOut(ctx, pl));
      return ok({ _total_items: all.length, _links: href(ctx.base, '/api/v4/leads/pipelines'), _embedded: { pipelines: all } });
    }
    const pid = idSeg(third);
    const pipeline = pid === undefined ? undefined : store.pipelines.get(pid);
    if (!pipeline || pid === undefined) throw notFound('Pipeline not found');
    if (fourth === undefined) return ok(pipelineOut(ctx, pipeline));
    if (fourth !== 'statuses' || more.length > 0) throw notFound();
    const statuses = store.statusesOf(pipeline).map((s) => statusOut(ctx, pid, s));
    if (fifth === undefined) return ok({ _total_items: statuses.length, _links: href(ctx.base, `/api/v4/leads/pipelines/${pid}/statuses`), _embedded: { statuses } });
    const status = statuses.find((s) => String(s.id) === fifth);
    if (!status) throw notFound('Status not found');
    return ok(status);
  }
  if (type === 'leads' && second === 'loss_reasons') return lossReasons(ctx, idSeg(third), [fourth, fifth, ...more].filter((x) => x !== undefined).length);
  if (second === 'custom_fields') {
    if (third === 'groups') {
      if (m !== 'GET') throw methodNotAllowed();
      const groups = store.fieldGroups[type].map((g) => withSelfLink(g, ctx.base, `/api/v4/${type}/custom_fields/groups/${String(g.id)}`));
      if (fourth === undefined) return smallList(ctx, 'custom_field_groups', groups, paging(ctx, 250));
      const group = groups.find((g) => String(g.id) === fourth);
      if (!group || fifth !== undefined) throw notFound('Custom field group not found');
      return ok(group);
    }
    if (third === undefined) {
      if (m === 'GET') return fieldsList(ctx, type);
      if (m === 'POST') {
        requireAdmin(ctx);
        return createFields(store, type, ctx.body, ctx.base);
      }
      if (m === 'PATCH') {
        requireAdmin(ctx);
        return updateFields(store, type, ctx.body, ctx.base);
      }
      throw methodNotAllowed();
    }
    const fid = idSeg(third);
    const field = fid === undefined || store.deletedFields[type].has(fid) ? undefined : store.customFields[type].get(fid);
    if (!field || fid === undefined || fourth !== undefined) throw notFound('Custom field not found');
    if (m === 'GET') return ok(withSelfLink(field, ctx.base, `/api/v4/${type}/custom_fields/${fid}`));
    if (m === 'PATCH') {
      requireAdmin(ctx);
      return updateFields(store, type, ctx.body, ctx.base, fid);
    }
    if (m === 'DELETE') {
      requireAdmin(ctx);
      if (field.is_deletable === false || field.is_predefined === true) throw fail(400, 'Custom field can not be deleted');
      store.customFields[type].delete(fid);
      store.deletedFields[type].add(fid);
      return noContent();
    }
    throw methodNotAllowed();
  }
  if (second === 'tags' && third === undefined) {
    if (m === 'GET') return tagsList(ctx, type);
    if (m === 'POST') return tagsCreate(ctx, type);
    if (m === 'PATCH') return tagsUpdate(ctx, type);
    throw methodNotAllowed();
  }
  if (second === 'notes') {
    if (third === undefined) {
      if (m === 'GET') return listNotes(ctx, type, undefined);
      if (m === 'POST') return createNotes(ctx, type, undefined);
      if (m === 'PATCH') return updateNotes(ctx, type, undefined);
      throw methodNotAllowed();
    }
    const nid = idSeg(third);
    if (nid === undefined || fourth !== undefined) throw notFound();
    if (m === 'PATCH') return updateNotes(ctx, type, undefined, nid);
    if (m !== 'GET') throw methodNotAllowed();
    const note = store.notes[type].table.get(nid);
    return note ? ok(noteOut(ctx, type, note)) : missing(ctx, 'Note not found');
  }
  if (second === 'link' || second === 'unlink') {
    if (third !== undefined) throw notFound();
    if (m !== 'POST') throw methodNotAllowed();
    return linkItems(ctx, type, undefined, second === 'unlink');
  }
  if (second === 'links' && third === undefined) {
    if (m !== 'GET') throw methodNotAllowed();
    return getLinks(ctx, type, intList(ctx.query, 'filter[entity_id]') ?? []);
  }
  if (second === undefined) {
    if (m === 'GET') return listEntities(ctx, type);
    if (m === 'POST') return writeBatch(ctx, type, 'create');
    if (m === 'PATCH') return writeBatch(ctx, type, 'update');
    throw methodNotAllowed();
  }
  const id = idSeg(second);
  if (id === undefined) throw notFound();
  if (third === undefined) {
    if (m === 'GET') {
      const obj = store.entities[type].get(id);
      const withs = ctx.query.with();
      if (!obj || (obj.is_deleted === true && !withs.has('only_deleted'))) return missing(ctx, 'Entity not found');
      return ok(entityOut(store, type, obj, withs, ctx.base));
    }
    if (m === 'PATCH') return patchOne(ctx, type, id);
    throw methodNotAllowed();
  }
  if (third === 'notes') {
    if (fourth === undefined) {
      if (m === 'GET') return listNotes(ctx, type, id);
      if (m === 'POST') return createNotes(ctx, type, id);
      if (m === 'PATCH') return updateNotes(ctx, type, id);
      throw methodNotAllowed();
    }
    const nid = idSeg(fourth);
    if (nid === undefined || fifth !== undefined) throw notFound();
    if (m === 'PATCH') return updateNotes(ctx, type, id, nid);
    if (m !== 'GET') throw methodNotAllowed();
    const note = store.notes[type].table.get(nid);
    return note && note.entity_id === id ? ok(noteOut(ctx, type, note)) : missing(ctx, 'Note not found');
  }
  if ((third === 'link' || third === 'unlink') && fourth === undefined) {
    if (m !== 'POST') throw methodNotAllowed();
    return linkItems(ctx, type, id, third === 'unlink');
  }
  if (third === 'links' && fourth === undefined) {
    if (m !== 'GET') throw methodNotAllowed();
    if (!store.entity(type, id)) return missing(ctx, 'Entity not found');
    return getLinks(ctx, type, [id]);
  }
  throw notFound();
}

export { ENTITY_TYPES };
