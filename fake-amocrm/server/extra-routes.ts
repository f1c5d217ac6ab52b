// runtime: node
/**
 * Endpoints of a real account that AmoSweep does not clean (issue 12 item 8), each after the official
 * library's entity service [PHP:src/AmoCRM/EntitiesServices/<file>] (its path, its methods and the
 * `_embedded` key it reads the answer from) and the API doc:
 * - customers: GET|POST|PATCH /customers, GET /customers/{id}, PATCH /customers/mode `{mode, is_enabled}`
 *   [Customers/Customers.php] (setMode; modes `segments`, `periodicity`), account `customers_mode` (doc §19);
 * - catalogs: GET|POST|PATCH /catalogs, GET /catalogs/{id}; GET|POST|PATCH /catalogs/{id}/elements, GET …/elements/{id}
 *   [Catalogs.php, CatalogElements.php];
 * - webhooks: GET (filter[destination]), POST one object, DELETE `{destination}` → 204, admin only [Webhooks.php], doc §20;
 * - sources: GET (filter[external_id]), POST (array), PATCH (array or /{id}), DELETE (array of {id} or /{id}) → 204 [Sources.php];
 * - GET /events/types → `_embedded.events_types [{key, type, lang}]` [EventTypes.php], doc §17;
 * - unsorted: GET /leads/unsorted[/{uid}], POST /leads/unsorted/forms|sip (arrays) [Unsorted.php], doc §18;
 * - POST /leads/complex: a bare array answer `[{id, contact_id, company_id, request_id: [...], merged}]`, at most 50 leads
 *   [Leads.php addComplex], doc §5.4 [DOC-KOMMO reference/complex-leads];
 * - files of an entity: GET|PUT /{leads|contacts|companies}/{id}/files `[{file_uuid}]` [EntityFiles.php].
 * Shapes not given by a source (the answer when customers are off, event type numbers and names) are marked UNCONFIRMED.
 */
import type { ApiObject } from '../fixture-set';
import { fail, noContent, ok, problem, validationProblem, type FieldError, type ItemErrors, type Reply } from './http';
import { hal, methodNotAllowed, missing, paging, requireAdmin, smallList, writeCtx, type Ctx } from './routes';
import { href, withSelfLink } from './serialize';
import type { IdTable } from './store';
import { errBlank, errInvalidType, errUnexpected, planEntityWrite } from './writes';

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const idSeg = (s: string | undefined): number | undefined => (s !== undefined && /^\d+$/.test(s) ? Number(s) : undefined);
const rid = (item: unknown, i: number): string => (isObj(item) && (typeof item.request_id === 'string' || typeof item.request_id === 'number') ? String(item.request_id) : String(i));
const notFound = (detail = 'Not found'): never => {
  throw fail(404, detail);
};

/** Event types of doc §17 (types list from [DOC-KOMMO event types], [SHEV:src/typings/entities.ts]). */
const EVENT_TYPES = [
  'lead_added', 'lead_deleted', 'lead_restored', 'lead_status_changed', 'lead_linked', 'lead_unlinked',
  'contact_added', 'contact_deleted', 'contact_restored', 'contact_linked', 'contact_unlinked',
  'company_added', 'company_deleted', 'company_restored', 'company_linked', 'company_unlinked',
  'customer_added', 'customer_deleted', 'customer_status_changed', 'customer_linked', 'customer_unlinked',
  'task_added', 'task_deleted', 'task_completed', 'task_type_changed', 'task_text_changed', 'task_deadline_changed', 'task_result_added',
  'incoming_call', 'outgoing_call', 'incoming_chat_message', 'outgoing_chat_message', 'incoming_sms', 'outgoing_sms',
  'entity_tag_added', 'entity_tag_deleted', 'entity_linked', 'entity_unlinked',
  'sale_field_changed', 'name_field_changed', 'ltv_field_changed', 'custom_field_value_changed', 'entity_responsible_changed',
  'robot_replied', 'intent_identified', 'nps_rate_added', 'link_followed', 'transaction_added',
  'common_note_added', 'common_note_deleted', 'attachment_note_added', 'targeting_in_note_added', 'targeting_out_note_added',
  'geo_note_added', 'service_note_added', 'site_visit_note_added', 'message_to_cashier_note_added', 'key_action_completed', 'entity_merged',
];

/** A small editable collection: validation of keys per item, then create or update. */
interface Editable {
  key: string;
  table: IdTable;
  path: (id: number) => string;
  keys: readonly string[];
  required: readonly string[];
  make: (ctx: Ctx, item: ApiObject, id: number) => ApiObject;
  allocate: () => number;
}

function writeList(ctx: Ctx, spec: Editable, mode: 'create' | 'update'): Reply {
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  if (mode === 'create' && ctx.body.length > 250) throw fail(400, 'Too many items');
  const bad: ItemErrors[] = [];
  ctx.body.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!spec.keys.includes(key) && key !== 'request_id' && !(mode === 'update' && key === 'id')) errors.push(errUnexpected(key));
    if (mode === 'create') for (const key of spec.required) if (item[key] === undefined || item[key] === null || item[key] === '') errors.push(errBlank(key));
    if (mode === 'update' && !(isInt(item.id) && spec.table.get(item.id))) errors.push(item.id === undefined ? errBlank('id') : { code: 'NotFound', path: 'id', detail: 'Entity not found' });
    if (item.name !== undefined && typeof item.name !== 'string') errors.push(errInvalidType('name', 'string'));
    if (errors.length > 0) bad.push({ request_id: rid(item, i), errors });
  });
  if (bad.length > 0) return validationProblem(bad);
  const now = ctx.now();
  const out = (ctx.body as ApiObject[]).map((item, i) => {
    const { request_id: _r, ...fields } = item;
    if (mode === 'create') {
      const id = spec.allocate();
      const obj = spec.make(ctx, fields, id);
      spec.table.insert(obj);
      return { ...withSelfLink(obj, ctx.base, spec.path(id)), request_id: rid(item, i) };
    }
    const current = spec.table.get(item.id as number)!;
    const next: ApiObject = { ...current, ...fields, updated_at: Math.max(now, (current.updated_at as number) + 1), updated_by: ctx.userId };
    spec.table.replace(next);
    return { id: next.id, updated_at: next.updated_at, request_id: rid(item, i), _links: href(ctx.base, spec.path(next.id as number)) };
  });
  return ok({ _links: href(ctx.base, ctx.url.pathname), _embedded: { [spec.key]: out } });
}

function listOf(ctx: Ctx, key: string, table: IdTable, path: (id: number) => string, keep: (o: ApiObject) => boolean = () => true): Reply {
  const p = paging(ctx, 250);
  const ids = ctx.query.list('filter[id]').map(Number);
  const all = table
    .values()
    .filter((o) => o.is_deleted !== true && keep(o) && (ids.length === 0 || ids.includes(o.id as number)))
    .map((o) => withSelfLink(o, ctx.base, path(o.id as number)));
  const items = all.slice(p.offset, p.offset + p.limit);
  return hal(ctx, key, items, p, p.offset + p.limit < all.length);
}

// ---------- customers ----------

const customersOn = (ctx: Ctx): boolean => {
  const mode = ctx.store.account.customers_mode;
  return typeof mode === 'string' && mode !== 'disabled' && mode !== 'unavailable';
};

function customers(ctx: Ctx, second: string | undefined, rest: number): Reply {
  const store = ctx.store;
  const table = store.extras.customers;
  if (second === 'mode') {
    if (rest > 0) notFound();
    if (ctx.method !== 'PATCH') throw methodNotAllowed();
    requireAdmin(ctx);
    const body = isObj(ctx.body) ? ctx.body : {};
    const errors: FieldError[] = [];
    if (body.mode !== 'segments' && body.mode !== 'periodicity') errors.push({ code: 'NotSupportedChoice', path: 'mode', detail: 'The value you selected is not a valid choice.' });
    if (body.is_enabled !== undefined && typeof body.is_enabled !== 'boolean') errors.push(errInvalidType('is_enabled', 'bool'));
    if (errors.length > 0) return validationProblem([{ request_id: '0', errors }]);
    const enabled = body.is_enabled !== false;
    store.account.customers_mode = enabled ? body.mode : 'disabled';
    return ok({ mode: body.mode, is_enabled: enabled });
  }
  // customers switched off: the answer is UNCONFIRMED (a problem+json 403 here)
  if (!customersOn(ctx)) return problem(403, 'Customers are disabled in this account');
  const spec: Editable = {
    key: 'customers',
    table,
    path: (id) => `/api/v4/customers/${id}`,
    keys: ['name', 'next_price', 'next_date', 'responsible_user_id', 'status_id', 'periodicity', 'created_by', 'updated_by', 'created_at', 'updated_at', 'custom_fields_values', '_embedded'],
    required: ['name'],
    allocate: () => table.allocateId(),
    make: (c, item, id) => ({
      id, name: item.name, next_price: item.next_price ?? 0, next_date: item.next_date ?? null, responsible_user_id: item.responsible_user_id ?? c.userId,
      status_id: item.status_id ?? null, periodicity: item.periodicity ?? 0, created_by: c.userId, updated_by: c.userId, created_at: c.now(), updated_at: c.now(),
      closest_task_at: null, is_deleted: false, custom_fields_values: item.custom_fields_values ?? null, ltv: 0, purchases_count: 0, average_check: 0,
      account_id: c.store.account.id, _embedded: { tags: [], segments: [] },
    }),
  };
  if (second === undefined) {
    if (ctx.method === 'GET') return listOf(ctx, 'customers', table, spec.path);
    if (ctx.method === 'POST') return writeList(ctx, spec, 'create');
    if (ctx.method === 'PATCH') return writeList(ctx, spec, 'update');
    throw methodNotAllowed();
  }
  const id = idSeg(second);
  if (id === undefined || rest > 0) notFound();
  if (ctx.method !== 'GET') throw methodNotAllowed();
  const customer = table.get(id!);
  return customer && customer.is_deleted !== true ? ok(withSelfLink(customer, ctx.base, spec.path(id!))) : missing(ctx, 'Customer not found');
}

// ---------- catalogs ----------

function catalogs(ctx: Ctx, second: string | undefined, third: string | undefined, fourth: string | undefined, rest: number): Reply {
  const x = ctx.store.extras;
  const spec: Editable = {
    key: 'catalogs',
    table: x.catalogs,
    path: (id) => `/api/v4/catalogs/${id}`,
    keys: ['name', 'type', 'sort', 'can_add_elements', 'can_show_in_cards', 'can_link_multiple', 'sdk_widget_code'],
    required: ['name'],
    allocate: () => x.catalogs.allocateId(),
    make: (c, item, id) => ({
      id, name: item.name, created_by: c.userId, updated_by: c.userId, created_at: c.now(), updated_at: c.now(), sort: item.sort ?? 10, type: item.type ?? 'regular',
      can_add_elements: item.can_add_elements ?? true, can_show_in_cards: item.can_show_in_cards ?? false, can_link_multiple: item.can_link_multiple ?? true,
      can_be_deleted: true, sdk_widget_code: item.sdk_widget_code ?? null, account_id: c.store.account.id,
    }),
  };
  if (second === undefined) {
    if (ctx.method === 'GET') return listOf(ctx, 'catalogs', x.catalogs, spec.path);
    if (ctx.method === 'POST') return writeList(ctx, spec, 'create');
    if (ctx.method === 'PATCH') return writeList(ctx, spec, 'update');
    throw methodNotAllowed();
  }
  const catalogId = idSeg(second);
  const catalog = catalogId === undefined ? undefined : x.catalogs.get(catalogId);
  if (!catalog || catalogId === undefined) return notFound('Catalog not found');
  if (third === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed();
    return ok(withSelfLink(catalog, ctx.base, spec.path(catalogId)));
  }
  if (third !== 'elements' || rest > 0) notFound();
  const elements = x.elementsOf(catalogId);
  const elementSpec: Editable = {
    key: 'elements',
    table: elements,
    path: (id) => `/api/v4/catalogs/${catalogId}/elements/${id}`,
    keys: ['name', 'custom_fields_values'],
    required: ['name'],
    allocate: () => x.allocateElementId(),
    make: (c, item, id) => ({
      id, name: item.name, created_by: c.userId, updated_by: c.userId, created_at: c.now(), updated_at: c.now(), is_deleted: false,
      custom_fields_values: item.custom_fields_values ?? null, catalog_id: catalogId, account_id: c.store.account.id,
    }),
  };
  if (fourth === undefined) {
    if (ctx.method === 'GET') {
      const query = ctx.query.get('query');
      return listOf(ctx, 'elements', elements, elementSpec.path, (o) => !query || String(o.name).toLowerCase().includes(query.toLowerCase()));
    }
    if (ctx.method === 'POST') return writeList(ctx, elementSpec, 'create');
    if (ctx.method === 'PATCH') return writeList(ctx, elementSpec, 'update');
    throw methodNotAllowed();
  }
  const elementId = idSeg(fourth);
  if (ctx.method !== 'GET') throw methodNotAllowed();
  const element = elementId === undefined ? undefined : elements.get(elementId);
  return element && element.is_deleted !== true ? ok(withSelfLink(element, ctx.base, elementSpec.path(elementId!))) : missing(ctx, 'Element not found');
}

// ---------- webhooks and sources ----------

function webhooks(ctx: Ctx, rest: number): Reply {
  if (rest > 0) notFound();
  requireAdmin(ctx);
  const table = ctx.store.extras.webhooks;
  const body = isObj(ctx.body) ? ctx.body : {};
  if (ctx.method === 'GET') {
    const dest = ctx.query.get('filter[destination]');
    const all = table.values().filter((w) => dest === undefined || w.destination === dest);
    return smallList(ctx, 'webhooks', all, paging(ctx, 250));
  }
  if (ctx.method === 'POST') {
    if (!isObj(ctx.body)) throw fail(400, 'Request body must be a JSON object');
    const errors: FieldError[] = [];
    for (const key of Object.keys(body)) if (!['destination', 'settings', 'sort'].includes(key)) errors.push(errUnexpected(key));
    if (typeof body.destination !== 'string' || !/^https:\/\//.test(body.destination)) errors.push(body.destination === undefined ? errBlank('destination') : errInvalidType('destination', 'string'));
    if (!Array.isArray(body.settings) || body.settings.length === 0 || body.settings.some((s) => typeof s !== 'string')) errors.push(errBlank('settings'));
    if (errors.length > 0) return validationProblem([{ request_id: '0', errors }]);
    const existing = table.values().find((w) => w.destination === body.destination);
    const now = ctx.now();
    const hook: ApiObject = {
      id: existing?.id ?? table.allocateId(), destination: body.destination, created_at: existing?.created_at ?? now, updated_at: now, account_id: ctx.store.account.id,
      created_by: ctx.userId, sort: isInt(body.sort) ? body.sort : 1, disabled: false, settings: body.settings,
    };
    if (existing) table.replace(hook);
    else table.insert(hook);
    return ok(hook, 201);
  }
  if (ctx.method === 'DELETE') {
    const hook = table.values().find((w) => w.destination === body.destination);
    if (!hook) return problem(404, 'Webhook not found');
    table.delete(hook.id as number);
    return noContent();
  }
  throw methodNotAllowed();
}

function sources(ctx: Ctx, second: string | undefined, rest: number): Reply {
  if (rest > 0) notFound();
  const table = ctx.store.extras.sources;
  const spec: Editable = {
    key: 'sources',
    table,
    path: (id) => `/api/v4/sources/${id}`,
    keys: ['name', 'external_id', 'pipeline_id', 'default', 'services', 'origin_code'],
    required: ['name', 'external_id'],
    allocate: () => table.allocateId(),
    make: (c, item, id) => ({
      id, name: item.name, pipeline_id: item.pipeline_id ?? c.store.mainPipeline()?.id ?? null, external_id: String(item.external_id), default: item.default === true,
      origin_code: item.origin_code ?? null, services: item.services ?? [], account_id: c.store.account.id,
    }),
  };
  const remove = (ids: number[]): Reply => {
    for (const id of ids) table.delete(id);
    return noContent();
  };
  if (second === undefined) {
    if (ctx.method === 'GET') {
      const ext = ctx.query.list('filter[external_id]');
      return listOf(ctx, 'sources', table, spec.path, (s) => ext.length === 0 || ext.includes(String(s.external_id)));
    }
    if (ctx.method === 'POST') return writeList(ctx, spec, 'create');
    if (ctx.method === 'PATCH') return writeList(ctx, spec, 'update');
    if (ctx.method === 'DELETE') return remove(Array.isArray(ctx.body) ? (ctx.body as unknown[]).filter(isObj).map((s) => Number(s.id)) : []);
    throw methodNotAllowed();
  }
  const id = idSeg(second);
  if (id === undefined || !table.get(id)) return problem(404, 'Source not found');
  if (ctx.method === 'GET') return ok(withSelfLink(table.get(id)!, ctx.base, spec.path(id)));
  if (ctx.method === 'PATCH') {
    if (!isObj(ctx.body)) throw methodNotAllowed();
    const saved = ctx.body;
    ctx.body = [{ ...saved, id }];
    const r = writeList(ctx, spec, 'update');
    ctx.body = saved;
    return r.status === 200 ? ok(withSelfLink(table.get(id)!, ctx.base, spec.path(id))) : r;
  }
  if (ctx.method === 'DELETE') return remove([id]);
  throw methodNotAllowed();
}

// ---------- unsorted and complex ----------

function unsortedStatus(ctx: Ctx, pipelineId: number | undefined): { pipeline: number; status: number } | null {
  const pipeline = pipelineId === undefined ? ctx.store.mainPipeline() : ctx.store.pipelines.get(pipelineId);
  if (!pipeline) return null;
  const status = ctx.store.statusesOf(pipeline).find((s) => s.type === 1);
  return status ? { pipeline: pipeline.id as number, status: status.id as number } : null;
}

/** creates a lead (and its contacts and companies) with planEntityWrite; the lead's stage is set after (unsorted may not be written by API) */
function createLinked(ctx: Ctx, lead: ApiObject, contacts: ApiObject[], companies: ApiObject[], errors: FieldError[], prefix: string): (() => { lead: number; contacts: number[]; companies: number[] }) | null {
  const wctx = writeCtx(ctx);
  const plannedContacts = contacts.map((c, j) => ({ j, plan: planEntityWrite(wctx, 'contacts', c, 'create', j) }));
  const plannedCompanies = companies.map((c, j) => ({ j, plan: planEntityWrite(wctx, 'companies', c, 'create', j) }));
  const plannedLead = planEntityWrite(wctx, 'leads', lead, 'create', 0);
  for (const { j, plan } of plannedContacts) for (const e of plan.errors) errors.push({ ...e, path: `${prefix}contacts.${j}.${e.path}` });
  for (const { j, plan } of plannedCompanies) for (const e of plan.errors) errors.push({ ...e, path: `${prefix}companies.${j}.${e.path}` });
  for (const e of plannedLead.errors) errors.push({ ...e, path: `${prefix}leads.0.${e.path}` });
  if (errors.length > 0) return null;
  return () => {
    const contactIds = plannedContacts.map(({ plan }) => plan.apply().id as number);
    const companyIds = plannedCompanies.map(({ plan }) => plan.apply().id as number);
    const leadId = plannedLead.apply().id as number;
    for (const [k, cid] of contactIds.entries()) ctx.store.links.linkLeadContact(leadId, cid, k === 0);
    if (companyIds[0] !== undefined) ctx.store.links.linkLeadCompany(leadId, companyIds[0]);
    return { lead: leadId, contacts: contactIds, companies: companyIds };
  };
}

function unsorted(ctx: Ctx, second: string | undefined, rest: number): Reply {
  const x = ctx.store.extras;
  const out = (u: ApiObject): ApiObject => withSelfLink(u, ctx.base, `/api/v4/leads/unsorted/${String(u.uid)}`);
  if (second === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed();
    const cats = ctx.query.list('filter[category]');
    const pid = ctx.query.get('filter[pipeline_id]');
    const all = [...x.unsorted.values()].filter((u) => (cats.length === 0 || cats.includes(String(u.category))) && (pid === undefined || String(u.pipeline_id) === pid)).map(out);
    const p = paging(ctx, 250);
    return hal(ctx, 'unsorted', all.slice(p.offset, p.offset + p.limit), p, p.offset + p.limit < all.length);
  }
  if ((second === 'forms' || second === 'sip') && rest === 0) {
    if (ctx.method !== 'POST') throw methodNotAllowed();
    if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
    const bad: ItemErrors[] = [];
    const applies: { item: ApiObject; i: number; target: { pipeline: number; status: number }; run: NonNullable<ReturnType<typeof createLinked>> }[] = [];
    ctx.body.forEach((item: unknown, i: number) => {
      const errors: FieldError[] = [];
      if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
      for (const key of Object.keys(item)) if (!['source_uid', 'source_name', 'pipeline_id', 'created_at', 'metadata', '_embedded', 'request_id'].includes(key)) errors.push(errUnexpected(key));
      if (typeof item.source_uid !== 'string') errors.push(errBlank('source_uid'));
      if (typeof item.source_name !== 'string') errors.push(errBlank('source_name'));
      if (!isObj(item.metadata)) errors.push(errBlank('metadata'));
      const target = unsortedStatus(ctx, isInt(item.pipeline_id) ? item.pipeline_id : undefined);
      if (!target) errors.push({ code: 'NotSupportedChoice', path: 'pipeline_id', detail: 'The pipeline has no unsorted stage.' });
      const e = isObj(item._embedded) ? item._embedded : {};
      const leads = Array.isArray(e.leads) ? (e.leads as ApiObject[]) : [];
      const run = createLinked(ctx, leads[0] ?? {}, Array.isArray(e.contacts) ? (e.contacts as ApiObject[]) : [], Array.isArray(e.companies) ? (e.companies as ApiObject[]) : [], errors, '_embedded.');
      if (errors.length > 0 || !run || !target) return void bad.push({ request_id: rid(item, i), errors });
      applies.push({ item, i, target, run });
    });
    if (bad.length > 0) return validationProblem(bad);
    const made = applies.map(({ item, i, target, run }) => {
      const ids = run();
      const lead = ctx.store.entities.leads.get(ids.lead)!;
      ctx.store.entities.leads.replace({ ...lead, pipeline_id: target.pipeline, status_id: target.status });
      for (const cid of ids.contacts) {
        const c = ctx.store.entities.contacts.get(cid);
        if (c) ctx.store.entities.contacts.replace({ ...c, is_unsorted: true });
      }
      const uid = `${Date.now().toString(16)}${ids.lead.toString(16)}`.padEnd(32, '0').slice(0, 32);
      const entry: ApiObject = {
        uid, source_uid: item.source_uid, source_name: item.source_name, category: second, pipeline_id: target.pipeline, created_at: isInt(item.created_at) ? item.created_at : ctx.now(),
        metadata: item.metadata, account_id: ctx.store.account.id,
        _embedded: { leads: [{ id: ids.lead }], contacts: ids.contacts.map((id) => ({ id })), companies: ids.companies.map((id) => ({ id })) },
      };
      x.unsorted.set(uid, entry);
      return { uid, account_id: ctx.store.account.id, request_id: rid(item, i), _embedded: entry._embedded };
    });
    return ok({ _total_items: made.length, _links: href(ctx.base, ctx.url.pathname), _embedded: { unsorted: made } });
  }
  const entry = x.unsorted.get(second);
  // POST /leads/unsorted/{uid}/accept {user_id?, status_id?} and DELETE …/{uid}/decline {user_id?} [Unsorted.php accept, decline]:
  // answered with the entry's {uid, category, pipeline_id, created_at, _embedded} (AcceptUnsortedModel, DeclineUnsortedModel)
  if (rest === 1 && (ctx.segments[3] === 'accept' || ctx.segments[3] === 'decline')) {
    const accept = ctx.segments[3] === 'accept';
    if (ctx.method !== (accept ? 'POST' : 'DELETE')) throw methodNotAllowed();
    if (!entry) return problem(404, 'Unsorted not found');
    const body = isObj(ctx.body) ? ctx.body : {};
    const leadId = ((entry._embedded as { leads?: { id: number }[] } | undefined)?.leads ?? [])[0]?.id;
    const lead = leadId === undefined ? undefined : ctx.store.entities.leads.get(leadId);
    const pipeline = ctx.store.pipelines.get(entry.pipeline_id as number);
    const working = pipeline ? ctx.store.statusesOf(pipeline).filter((st) => st.type !== 1 && st.id !== 142 && st.id !== 143) : [];
    if (accept) {
      const target = isInt(body.status_id) ? working.find((st) => st.id === body.status_id) : working[0];
      if (!target) return validationProblem([{ request_id: '0', errors: [{ code: 'NotSupportedChoice', path: 'status_id', detail: 'The value you selected is not a valid choice.' }] }]);
      if (lead) ctx.store.entities.leads.replace({ ...lead, status_id: target.id, updated_at: Math.max(ctx.now(), (lead.updated_at as number) + 1), ...(isInt(body.user_id) ? { responsible_user_id: body.user_id } : {}) });
      for (const c of (entry._embedded as { contacts?: { id: number }[] }).contacts ?? []) {
        const contact = ctx.store.entities.contacts.get(c.id);
        if (contact) ctx.store.entities.contacts.replace({ ...contact, is_unsorted: false });
      }
    } else if (lead) {
      // a declined entry's lead goes to the lost stage (UNCONFIRMED: the doc says only that it is declined)
      ctx.store.entities.leads.replace({ ...lead, status_id: 143, closed_at: ctx.now(), updated_at: Math.max(ctx.now(), (lead.updated_at as number) + 1) });
    }
    x.unsorted.delete(second);
    return ok({ uid: entry.uid, category: entry.category, pipeline_id: entry.pipeline_id, created_at: entry.created_at, _embedded: entry._embedded });
  }
  if (rest > 0) notFound();
  if (ctx.method !== 'GET') throw methodNotAllowed();
  return entry ? ok(out(entry)) : missing(ctx, 'Unsorted not found');
}

function complex(ctx: Ctx): Reply {
  if (ctx.method !== 'POST') throw methodNotAllowed();
  if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
  if (ctx.body.length > 50) return problem(400, 'Too many leads in one request (max 50)');
  const bad: ItemErrors[] = [];
  const runs: { i: number; item: ApiObject; run: NonNullable<ReturnType<typeof createLinked>> }[] = [];
  ctx.body.forEach((raw: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(raw)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    const { _embedded: e0, request_id: _r, ...lead } = raw;
    const e = isObj(e0) ? e0 : {};
    for (const key of Object.keys(e)) if (!['contacts', 'companies', 'tags', 'metadata', 'source'].includes(key)) errors.push(errUnexpected(`_embedded.${key}`));
    const contacts = Array.isArray(e.contacts) ? (e.contacts as ApiObject[]) : [];
    const companies = Array.isArray(e.companies) ? (e.companies as ApiObject[]) : [];
    // one contact and one company per lead (doc §5.4)
    if (contacts.length > 1) errors.push(errUnexpected('_embedded.contacts.1'));
    if (companies.length > 1) errors.push(errUnexpected('_embedded.companies.1'));
    const run = createLinked(ctx, { ...lead, ...(Array.isArray(e.tags) ? { _embedded: { tags: e.tags } } : {}) }, contacts, companies, errors, '_embedded.');
    if (errors.length > 0 || !run) return void bad.push({ request_id: rid(raw, i), errors });
    runs.push({ i, item: raw, run });
  });
  if (bad.length > 0) return validationProblem(bad);
  const out = runs.map(({ i, item, run }) => {
    const ids = run();
    return { id: ids.lead, contact_id: ids.contacts[0] ?? null, company_id: ids.companies[0] ?? null, request_id: [rid(item, i)], merged: false };
  });
  return { status: 200, json: out, contentType: 'application/json' };
}

// ---------- entity files ----------

function entityFiles(ctx: Ctx, type: string, id: number): Reply {
  if (!ctx.store.entity(type as 'leads', id)) return missing(ctx, 'Entity not found');
  const key = `${type}:${id}`;
  const x = ctx.store.extras;
  if (ctx.method === 'GET') {
    const files = (x.files.get(key) ?? []).map((uuid) => ({ file_uuid: uuid, id: uuid, _links: href(ctx.base, `/api/v4/${type}/${id}/files`) }));
    if (files.length === 0) return noContent();
    return ok({ _total_items: files.length, _links: href(ctx.base, `/api/v4/${type}/${id}/files`), _embedded: { files } });
  }
  if (ctx.method === 'PUT') {
    if (!Array.isArray(ctx.body)) throw fail(400, 'Request body must be a JSON array');
    const errors: FieldError[] = [];
    ctx.body.forEach((f: unknown, i: number) => {
      if (!isObj(f) || typeof f.file_uuid !== 'string') errors.push(errBlank(`${i}.file_uuid`));
    });
    if (errors.length > 0) return validationProblem([{ request_id: '0', errors }]);
    const uuids = new Set(x.files.get(key) ?? []);
    for (const f of ctx.body as ApiObject[]) uuids.add(f.file_uuid as string);
    x.files.set(key, [...uuids]);
    const files = [...uuids].map((uuid) => ({ file_uuid: uuid, id: uuid }));
    return ok({ _total_items: files.length, _embedded: { files } });
  }
  throw methodNotAllowed();
}

/** The extra routes, or null when the path is not one of them. */
export function extraRoute(ctx: Ctx): Reply | null {
  const [first, second, third, fourth, ...more] = ctx.segments;
  if (first === 'customers' && second !== 'tags' && second !== 'notes' && second !== 'custom_fields') {
    return customers(ctx, second, [third, fourth, ...more].filter((s) => s !== undefined).length);
  }
  if (first === 'catalogs') return catalogs(ctx, second, third, fourth, more.length);
  if (first === 'webhooks') return webhooks(ctx, [second, third, fourth, ...more].filter((s) => s !== undefined).length);
  if (first === 'sources') return sources(ctx, second, [third, fourth, ...more].filter((s) => s !== undefined).length);
  if (first === 'events' && second === 'types' && third === undefined) {
    if (ctx.method !== 'GET') throw methodNotAllowed();
    // `type` numbers and the names in `lang` have no source: the fake numbers the types and names them by their key (UNCONFIRMED)
    const types = EVENT_TYPES.map((key, i) => ({ key, type: i + 1, lang: key }));
    return ok({ _total_items: types.length, _links: href(ctx.base, '/api/v4/events/types'), _embedded: { events_types: types } });
  }
  if (first === 'leads' && second === 'unsorted') return unsorted(ctx, third, [fourth, ...more].filter((s) => s !== undefined).length);
  if (first === 'leads' && second === 'complex' && third === undefined) return complex(ctx);
  if ((first === 'leads' || first === 'contacts' || first === 'companies') && third === 'files' && fourth === undefined) {
    const id = idSeg(second);
    if (id !== undefined) return entityFiles(ctx, first, id);
  }
  return null;
}
