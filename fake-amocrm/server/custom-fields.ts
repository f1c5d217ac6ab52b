// runtime: node
/**
 * Custom field definition writes (§8.2 of the API doc): POST …/custom_fields (array),
 * PATCH …/custom_fields (array, each item with its id) and PATCH …/custom_fields/{id}
 * (one object). Admin only. Validation per item into one 400 validation-errors; a batch
 * with any bad item applies nothing. Field ids and enum ids are unique across the account
 * (never reused, deleted fields included), so values written to a new field are accepted
 * by entity writes at once.
 */
import type { ApiObject } from '../fixture-set';
import { fail, ok, validationProblem, type FieldError, type ItemErrors, type Reply } from './http';
import { href } from './serialize';
import { ENTITY_TYPES, num, type EntityType, type Store } from './store';
import { errBlank, errChoice, errInvalidType, errUnexpected } from './writes';

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Field types that can be created per entity (doc §8.2: multitext is contacts' (and in practice companies'); tracking_data and chained_list are leads'). */
const COMMON_TYPES = ['text', 'numeric', 'checkbox', 'select', 'multiselect', 'date', 'url', 'textarea', 'radiobutton', 'streetaddress', 'smart_address', 'birthday', 'legal_entity', 'date_time', 'monetary', 'file'];
export const CREATABLE_TYPES: Record<EntityType, ReadonlySet<string>> = {
  leads: new Set([...COMMON_TYPES, 'tracking_data', 'chained_list']),
  contacts: new Set([...COMMON_TYPES, 'multitext']),
  companies: new Set([...COMMON_TYPES, 'multitext']),
};
/** types whose values are enum choices: enums are required on create */
const ENUM_TYPES = new Set(['select', 'multiselect', 'radiobutton']);
/** types that may carry enums (multitext: the value kinds WORK, MOB, …) */
// smart_address is a field with enums too ([PHP:src/AmoCRM/Models/CustomFields/SmartAddressCustomFieldModel.php] extends WithEnumCustomFieldModel)
const ENUM_ALLOWED = new Set([...ENUM_TYPES, 'multitext', 'smart_address']);
const CREATE_KEYS = new Set(['name', 'type', 'code', 'sort', 'group_id', 'is_api_only', 'required_statuses', 'hidden_statuses', 'enums', 'remind', 'currency', 'request_id']);
const PATCH_KEYS = new Set(['id', 'name', 'type', 'code', 'sort', 'group_id', 'is_api_only', 'required_statuses', 'hidden_statuses', 'enums', 'remind', 'currency', 'request_id']);

/** the next field id: above every field id of the account, live or deleted */
function nextFieldId(store: Store): number {
  let max = 0;
  for (const t of ENTITY_TYPES) {
    max = Math.max(max, store.customFields[t].nextId - 1);
    for (const id of store.deletedFields[t]) max = Math.max(max, id);
  }
  return max + 1;
}

/** the next enum id: above every enum id of every field of the account */
function nextEnumId(store: Store): number {
  let max = 0;
  for (const t of ENTITY_TYPES)
    for (const f of store.customFields[t].values()) for (const e of Array.isArray(f.enums) ? (f.enums as ApiObject[]) : []) max = Math.max(max, num(e.id) ?? 0);
  return max + 1;
}

interface EnumIn {
  id?: number;
  value: string;
  sort?: number;
  code?: string;
}

function validateEnums(value: unknown, errors: FieldError[], existing: ApiObject[] | null): EnumIn[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.push(errInvalidType('enums', 'array'));
    return undefined;
  }
  const out: EnumIn[] = [];
  value.forEach((e: unknown, i: number) => {
    const p = `enums.${i}`;
    if (!isObj(e)) return void errors.push(errInvalidType(p, 'object'));
    for (const key of Object.keys(e)) if (!['id', 'value', 'sort', 'code'].includes(key) || (key === 'id' && existing === null)) errors.push(errUnexpected(`${p}.${key}`));
    if (typeof e.value !== 'string') return void errors.push(e.value === undefined ? errBlank(`${p}.value`) : errInvalidType(`${p}.value`, 'string'));
    if (e.value.trim() === '') return void errors.push(errBlank(`${p}.value`));
    if (e.sort !== undefined && !isInt(e.sort)) return void errors.push(errInvalidType(`${p}.sort`, 'int'));
    if (e.code !== undefined && e.code !== null && typeof e.code !== 'string') return void errors.push(errInvalidType(`${p}.code`, 'string'));
    if (e.id !== undefined) {
      if (!isInt(e.id)) return void errors.push(errInvalidType(`${p}.id`, 'int'));
      if (!(existing ?? []).some((x) => x.id === e.id)) return void errors.push(errChoice(`${p}.id`));
    }
    out.push({ value: e.value, ...(isInt(e.id) ? { id: e.id } : {}), ...(isInt(e.sort) ? { sort: e.sort } : {}), ...(typeof e.code === 'string' ? { code: e.code } : {}) });
  });
  return out;
}

function validateCommon(item: ApiObject, errors: FieldError[]): void {
  if (item.name !== undefined && typeof item.name !== 'string') errors.push(errInvalidType('name', 'string'));
  else if (typeof item.name === 'string' && item.name.trim() === '') errors.push(errBlank('name'));
  if (item.code !== undefined && item.code !== null && typeof item.code !== 'string') errors.push(errInvalidType('code', 'string'));
  if (item.sort !== undefined && !isInt(item.sort)) errors.push(errInvalidType('sort', 'int'));
  if (item.is_api_only !== undefined && typeof item.is_api_only !== 'boolean') errors.push(errInvalidType('is_api_only', 'bool'));
  for (const key of ['required_statuses', 'hidden_statuses']) if (item[key] !== undefined && !Array.isArray(item[key])) errors.push(errInvalidType(key, 'array'));
  if (item.group_id !== undefined && item.group_id !== null && typeof item.group_id !== 'string') errors.push(errInvalidType('group_id', 'string'));
  if (item.request_id !== undefined && typeof item.request_id !== 'string' && typeof item.request_id !== 'number') errors.push(errInvalidType('request_id', 'string'));
}

const requestIdOf = (item: unknown, i: number): string => (isObj(item) && (typeof item.request_id === 'string' || typeof item.request_id === 'number') ? String(item.request_id) : String(i));

function fieldOut(field: ApiObject, base: string, type: EntityType, requestId?: string): ApiObject {
  return { ...field, ...(requestId !== undefined ? { request_id: requestId } : {}), _links: href(base, `/api/v4/${type}/custom_fields/${String(field.id)}`) };
}

function checkBody(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw fail(400, 'Request body must be a JSON array');
  if (body.length === 0) throw fail(400, 'Request body must not be empty');
  if (body.length > 250) throw fail(400, 'Too many entities in one request (max 250)');
  return body;
}

/** POST /api/v4/{entity}/custom_fields */
export function createFields(store: Store, type: EntityType, body: unknown, base: string): Reply {
  const items = checkBody(body);
  const bad: ItemErrors[] = [];
  const planned: { item: ApiObject; enums: EnumIn[] | undefined }[] = [];
  items.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!CREATE_KEYS.has(key)) errors.push(errUnexpected(key));
    if (item.name === undefined || item.name === null) errors.push(errBlank('name'));
    validateCommon(item, errors);
    if (item.type === undefined || item.type === null) errors.push(errBlank('type'));
    else if (typeof item.type !== 'string') errors.push(errInvalidType('type', 'string'));
    else if (!CREATABLE_TYPES[type].has(item.type)) errors.push(errChoice('type'));
    const ftype = typeof item.type === 'string' ? item.type : '';
    const enums = validateEnums(item.enums, errors, null);
    if (ENUM_TYPES.has(ftype) && (!enums || enums.length === 0) && !errors.some((e) => e.path.startsWith('enums'))) errors.push(errBlank('enums'));
    if (enums && enums.length > 0 && ftype !== '' && !ENUM_ALLOWED.has(ftype)) errors.push(errUnexpected('enums'));
    if (errors.length > 0) bad.push({ request_id: requestIdOf(item, i), errors });
    else planned.push({ item, enums });
  });
  if (bad.length > 0) return validationProblem(bad);
  let enumId = nextEnumId(store);
  const created = planned.map(({ item, enums }, i) => {
    const id = nextFieldId(store);
    const field: ApiObject = {
      id,
      name: (item.name as string).trim(),
      type: item.type,
      account_id: store.account.id ?? null,
      code: typeof item.code === 'string' && item.code !== '' ? item.code : null,
      sort: isInt(item.sort) ? item.sort : 500 + id % 1000,
      is_api_only: item.is_api_only === true,
      enums: enums && enums.length > 0 ? enums.map((e, j) => ({ id: enumId++, value: e.value, sort: e.sort ?? (j + 1) * 10, ...(e.code !== undefined ? { code: e.code } : {}) })) : null,
      group_id: typeof item.group_id === 'string' ? item.group_id : null,
      required_statuses: Array.isArray(item.required_statuses) ? item.required_statuses : [],
      is_deletable: true,
      is_predefined: false,
      entity_type: type,
      remind: typeof item.remind === 'string' ? item.remind : null,
      currency: typeof item.currency === 'string' ? item.currency : null,
      hidden_statuses: Array.isArray(item.hidden_statuses) ? item.hidden_statuses : [],
      // the created field as the Kommo HTTP codes page shows it ([DOC-KOMMO api_v4/errors], "201 Created")
      tracking_callback: null,
      triggers: [],
      chained_lists: null,
    };
    store.customFields[type].insert(field);
    return fieldOut(field, base, type, requestIdOf(item, i));
  });
  // 201 Created: [DOC-KOMMO api_v4/errors] gives custom-field creation as its 201 example (issue 12 item 3)
  return ok({ _total_items: created.length, _links: href(base, `/api/v4/${type}/custom_fields`), _embedded: { custom_fields: created } }, 201);
}

/**
 * PATCH /api/v4/{entity}/custom_fields (array with ids) or …/custom_fields/{id} (object).
 * `enums` replaces the list: an enum given with its id keeps it, one without an id is new,
 * one left out is removed (the entity values holding it keep the stale enum: UNCONFIRMED).
 * The type cannot change; a predefined field's name and enums cannot change.
 */
export function updateFields(store: Store, type: EntityType, body: unknown, base: string, fixedId?: number): Reply {
  let items: unknown[];
  if (fixedId !== undefined) {
    if (Array.isArray(body)) throw fail(405, 'Method not allowed');
    if (!isObj(body)) throw fail(400, 'Request body must be a JSON object');
    items = [body];
  } else items = checkBody(body);
  const table = store.customFields[type];
  const live = (id: number): ApiObject | undefined => (store.deletedFields[type].has(id) ? undefined : table.get(id));
  const bad: ItemErrors[] = [];
  const planned: { current: ApiObject; item: ApiObject; enums: EnumIn[] | undefined }[] = [];
  items.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!PATCH_KEYS.has(key)) errors.push(errUnexpected(key));
    const id = fixedId ?? item.id;
    let current: ApiObject | undefined;
    if (fixedId === undefined && item.id === undefined) errors.push(errBlank('id'));
    else if (!isInt(id)) errors.push(errInvalidType('id', 'int'));
    else if (fixedId !== undefined && item.id !== undefined && item.id !== fixedId) errors.push(errChoice('id'));
    else {
      current = live(id);
      if (!current) errors.push({ code: 'NotFound', path: 'id', detail: 'Custom field not found' });
    }
    validateCommon(item, errors);
    if (current && item.type !== undefined && item.type !== current.type) errors.push(errChoice('type'));
    const enums = current ? validateEnums(item.enums, errors, Array.isArray(current.enums) ? (current.enums as ApiObject[]) : []) : undefined;
    if (current) {
      const ftype = String(current.type);
      if (current.is_predefined === true && ((item.name !== undefined && item.name !== current.name) || item.enums !== undefined)) errors.push(errChoice(item.enums !== undefined ? 'enums' : 'name'));
      if (enums && enums.length > 0 && !ENUM_ALLOWED.has(ftype)) errors.push(errUnexpected('enums'));
      if (item.enums !== undefined && ENUM_TYPES.has(ftype) && (!enums || enums.length === 0) && !errors.some((e) => e.path.startsWith('enums'))) errors.push(errBlank('enums'));
    }
    if (errors.length > 0 || !current) bad.push({ request_id: requestIdOf(item, i), errors });
    else planned.push({ current, item, enums });
  });
  if (bad.length > 0) return validationProblem(bad);
  let enumId = nextEnumId(store);
  const updated = planned.map(({ current, item, enums }, i) => {
    const next: ApiObject = { ...current };
    if (typeof item.name === 'string') next.name = item.name.trim();
    if (item.code !== undefined) next.code = typeof item.code === 'string' && item.code !== '' ? item.code : null;
    if (isInt(item.sort)) next.sort = item.sort;
    if (typeof item.is_api_only === 'boolean') next.is_api_only = item.is_api_only;
    if (item.group_id !== undefined) next.group_id = item.group_id;
    for (const key of ['required_statuses', 'hidden_statuses', 'remind', 'currency']) if (item[key] !== undefined) next[key] = item[key];
    if (enums !== undefined) {
      const old = Array.isArray(current.enums) ? (current.enums as ApiObject[]) : [];
      next.enums = enums.map((e, j) => {
        const kept = e.id !== undefined ? old.find((o) => o.id === e.id) : undefined;
        const code = e.code ?? (typeof kept?.code === 'string' ? kept.code : undefined);
        return { id: kept ? kept.id : enumId++, value: e.value, sort: e.sort ?? num(kept?.sort) ?? (j + 1) * 10, ...(code !== undefined ? { code } : {}) };
      });
    }
    table.replace(next);
    return fieldOut(next, base, type, fixedId === undefined ? requestIdOf(item, i) : undefined);
  });
  if (fixedId !== undefined) return ok(updated[0] as ApiObject);
  return ok({ _total_items: updated.length, _links: href(base, `/api/v4/${type}/custom_fields`), _embedded: { custom_fields: updated } });
}
