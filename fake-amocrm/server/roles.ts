// runtime: node
/**
 * Role writes (§13 of the API doc): POST /api/v4/roles (array [{name, rights}]),
 * PATCH /api/v4/roles/{id} (object: name and/or rights), DELETE /api/v4/roles/{id} (204).
 * Admin only (the caller checks). Validation per item into one 400 validation-errors; a batch
 * with any bad item applies nothing. A role's rights apply to its users: when a PATCH changes
 * a role's rights, every user with that role_id takes them (their admin, free, active, group
 * and role flags stay their own). Deleting a role leaves its users with their own rights and
 * role_id null.
 */
import type { ApiObject } from '../fixture-set';
import { fail, noContent, ok, validationProblem, type FieldError, type ItemErrors, type Reply } from './http';
import { href } from './serialize';
import type { Store } from './store';
import { errBlank, errChoice, errInvalidType, errUnexpected } from './writes';

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);

const ENTITY_RIGHTS = ['leads', 'contacts', 'companies'] as const;
const ENTITY_ACTIONS = ['view', 'edit', 'add', 'delete', 'export'];
const LEVELS = new Set(['A', 'G', 'M', 'D']);
/** the rights keys a role carries (the user flags is_admin, is_free, is_active, group_id, role_id are users' own) */
const ROLE_RIGHT_KEYS = new Set([...ENTITY_RIGHTS, 'tasks', 'mail_access', 'catalog_access', 'status_rights', 'catalog_rights']);
const CREATE_KEYS = new Set(['name', 'rights', 'request_id']);
const PATCH_KEYS = new Set(['id', 'name', 'rights', 'request_id']);

const defaultRights = (): ApiObject => ({
  leads: { view: 'D', edit: 'D', add: 'D', delete: 'D', export: 'D' },
  contacts: { view: 'D', edit: 'D', add: 'D', delete: 'D', export: 'D' },
  companies: { view: 'D', edit: 'D', add: 'D', delete: 'D', export: 'D' },
  tasks: { edit: 'D', delete: 'D' },
  mail_access: false,
  catalog_access: false,
  status_rights: [],
  catalog_rights: [],
});

function validateRights(rights: unknown, errors: FieldError[]): void {
  if (!isObj(rights)) return void errors.push(errInvalidType('rights', 'object'));
  for (const key of Object.keys(rights)) if (!ROLE_RIGHT_KEYS.has(key)) errors.push(errUnexpected(`rights.${key}`));
  for (const entity of [...ENTITY_RIGHTS, 'tasks']) {
    const value = rights[entity];
    if (value === undefined) continue;
    if (!isObj(value)) {
      errors.push(errInvalidType(`rights.${entity}`, 'object'));
      continue;
    }
    const actions = entity === 'tasks' ? ['edit', 'delete'] : ENTITY_ACTIONS;
    for (const [action, level] of Object.entries(value)) {
      const path = `rights.${entity}.${action}`;
      if (!actions.includes(action)) errors.push(errUnexpected(path));
      else if (typeof level !== 'string') errors.push(errInvalidType(path, 'string'));
      // `add` accepts only A or D (doc §13)
      else if (!LEVELS.has(level) || (action === 'add' && level !== 'A' && level !== 'D')) errors.push(errChoice(path));
    }
  }
  for (const flag of ['mail_access', 'catalog_access']) if (rights[flag] !== undefined && typeof rights[flag] !== 'boolean') errors.push(errInvalidType(`rights.${flag}`, 'bool'));
  for (const list of ['status_rights', 'catalog_rights']) if (rights[list] !== undefined && !Array.isArray(rights[list])) errors.push(errInvalidType(`rights.${list}`, 'array'));
}

function validateName(item: ApiObject, errors: FieldError[], required: boolean): void {
  if (item.name === undefined || item.name === null) {
    if (required) errors.push(errBlank('name'));
  } else if (typeof item.name !== 'string') errors.push(errInvalidType('name', 'string'));
  else if (item.name.trim() === '') errors.push(errBlank('name'));
}

const requestIdOf = (item: unknown, i: number): string => (isObj(item) && (typeof item.request_id === 'string' || typeof item.request_id === 'number') ? String(item.request_id) : String(i));

/** a role's rights over the previous ones: given entity objects are merged action by action */
function mergeRights(previous: ApiObject, given: ApiObject): ApiObject {
  const out: ApiObject = { ...previous };
  for (const [key, value] of Object.entries(given)) out[key] = isObj(value) && isObj(previous[key]) ? { ...previous[key], ...value } : value;
  return out;
}

function roleOut(role: ApiObject, base: string, requestId?: string): ApiObject {
  return { ...role, ...(requestId !== undefined ? { request_id: requestId } : {}), _links: href(base, `/api/v4/roles/${String(role.id)}`) };
}

/** every user with this role takes the role's rights */
function applyToUsers(store: Store, role: ApiObject): void {
  const rights = isObj(role.rights) ? role.rights : {};
  for (const user of store.users.values()) {
    const own = isObj(user.rights) ? user.rights : undefined;
    if (!own || own.role_id !== role.id) continue;
    const next: ApiObject = { ...own };
    for (const key of ROLE_RIGHT_KEYS) if (rights[key] !== undefined) next[key] = structuredClone(rights[key]);
    store.users.replace({ ...user, rights: next });
  }
}

/** POST /api/v4/roles */
export function createRoles(store: Store, body: unknown, base: string): Reply {
  if (!Array.isArray(body)) throw fail(400, 'Request body must be a JSON array');
  if (body.length === 0) throw fail(400, 'Request body must not be empty');
  if (body.length > 250) throw fail(400, 'Too many entities in one request (max 250)');
  const bad: ItemErrors[] = [];
  const planned: ApiObject[] = [];
  body.forEach((item: unknown, i: number) => {
    const errors: FieldError[] = [];
    if (!isObj(item)) return void bad.push({ request_id: String(i), errors: [errInvalidType('', 'object')] });
    for (const key of Object.keys(item)) if (!CREATE_KEYS.has(key)) errors.push(errUnexpected(key));
    validateName(item, errors, true);
    if (item.rights !== undefined) validateRights(item.rights, errors);
    if (item.request_id !== undefined && typeof item.request_id !== 'string' && typeof item.request_id !== 'number') errors.push(errInvalidType('request_id', 'string'));
    if (errors.length > 0) bad.push({ request_id: requestIdOf(item, i), errors });
    else planned.push(item);
  });
  if (bad.length > 0) return validationProblem(bad);
  const created = planned.map((item, i) => {
    const role: ApiObject = {
      id: store.roles.allocateId(),
      name: (item.name as string).trim(),
      rights: mergeRights(defaultRights(), isObj(item.rights) ? structuredClone(item.rights) : {}),
    };
    store.roles.insert(role);
    return roleOut(role, base, requestIdOf(item, i));
  });
  return ok({ _total_items: created.length, _links: href(base, '/api/v4/roles'), _embedded: { roles: created } });
}

/** PATCH /api/v4/roles/{id}: name and/or rights (rights merged per entity and action) */
export function updateRole(store: Store, id: number, body: unknown, base: string): Reply {
  if (Array.isArray(body)) throw fail(405, 'Method not allowed');
  if (!isObj(body)) throw fail(400, 'Request body must be a JSON object');
  const current = store.roles.get(id);
  if (!current) throw fail(404, 'Role not found');
  const errors: FieldError[] = [];
  for (const key of Object.keys(body)) if (!PATCH_KEYS.has(key)) errors.push(errUnexpected(key));
  if (body.id !== undefined && body.id !== id) errors.push(errChoice('id'));
  validateName(body, errors, false);
  if (body.rights !== undefined) validateRights(body.rights, errors);
  if (errors.length > 0) return validationProblem([{ request_id: requestIdOf(body, 0), errors }]);
  const next: ApiObject = { ...current };
  if (typeof body.name === 'string') next.name = body.name.trim();
  if (isObj(body.rights)) next.rights = mergeRights(isObj(current.rights) ? current.rights : defaultRights(), structuredClone(body.rights));
  store.roles.replace(next);
  if (isObj(body.rights)) applyToUsers(store, next);
  return ok(roleOut(next, base));
}

/** DELETE /api/v4/roles/{id}: 204; its users keep their own rights, role_id null */
export function deleteRole(store: Store, id: number): Reply {
  if (!store.roles.get(id)) throw fail(404, 'Role not found');
  store.roles.delete(id);
  for (const user of store.users.values()) {
    const own = isObj(user.rights) ? user.rights : undefined;
    if (own && own.role_id === id) store.users.replace({ ...user, rights: { ...own, role_id: null } });
  }
  return noContent();
}
