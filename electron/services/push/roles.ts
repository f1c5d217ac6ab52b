// runtime: node
/**
 * How the role operations are sent (doc §13), one request each: roles.create → POST
 * /api/v4/roles, rights.revoke_delete and revert.role → PATCH /api/v4/roles/{id}, revert.drop_role
 * → DELETE /api/v4/roles/{id}. Built from the roles as they are on the server (read before the
 * write and stored as the before-image), and told applied by reading them back. Pure: no I/O.
 */
import { grantsDelete, ROLE_ENTITIES, roleRightsOf } from '../plan/roles';
import type { OperationRow, RevertDropRoleParams, RevertRoleParams, RevokeDeleteParams, RolesCreateParams } from '../plan/types';
import type { ApiObject } from './amo';
import { parseParams } from './kinds';

export interface RoleWrite {
  method: 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
}
export type RoleBuilt = { item: ApiObject | null; image: unknown } | { noop: string; image: unknown; result?: Record<string, unknown> } | { conflict: string; image: unknown };

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
const nameKey = (v: unknown): string => String(v ?? '').trim().toLocaleLowerCase('ru');
const rightsOf = (role: ApiObject | undefined): ApiObject => (role && isObj(role.rights) ? role.rights : {});

/** canonical JSON (sorted keys), for comparing rights */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
const entityRights = (rights: ApiObject): ApiObject => Object.fromEntries(ROLE_ENTITIES.filter((e) => rights[e] !== undefined).map((e) => [e, rights[e]]));

/** the role's rights with delete "D" on leads, contacts and companies (the whole rights sent, so a replacing PATCH keeps the rest) */
function revoked(rights: ApiObject): ApiObject {
  const out = roleRightsOf(rights) as ApiObject;
  for (const e of ROLE_ENTITIES) if (isObj(out[e])) out[e] = { ...out[e], delete: 'D' };
  return out;
}

export function buildRoleWrite(op: OperationRow, roles: ApiObject[]): RoleBuilt {
  const role = roles.find((r) => Number(r.id) === op.entity_id);
  switch (op.kind) {
    case 'roles.create': {
      const p = parseParams<RolesCreateParams>(op);
      const same = roles.find((r) => nameKey(r.name) === nameKey(p.name));
      const image = { roles: roles.map((r) => ({ id: r.id, name: r.name })) };
      if (same) return { noop: `a role "${String(same.name)}" exists already`, image, result: { roleId: Number(same.id), existing: true } };
      return { item: { name: p.name, rights: p.rights, request_id: String(op.id) }, image };
    }
    case 'rights.revoke_delete': {
      const p = parseParams<RevokeDeleteParams>(op);
      if (!role) return { conflict: 'the role is not in amoCRM (deleted?)', image: { missing: true } };
      const image = { role };
      const rights = rightsOf(role);
      if (grantsDelete(rights).length === 0) return { noop: 'the role grants no delete right', image };
      if (canon(entityRights(rights)) !== canon(p.snapshot)) return { conflict: 'the role\'s rights were changed in amoCRM since the snapshot', image };
      return { item: { rights: revoked(rights) }, image };
    }
    case 'revert.role': {
      const p = parseParams<RevertRoleParams>(op);
      if (!role) return { conflict: 'the role is not in amoCRM (deleted?)', image: { missing: true } };
      const image = { role };
      if (canon(entityRights(rightsOf(role))) === canon(entityRights(p.rights))) return { noop: 'already as before', image };
      // our PATCH set delete to D: anything else changed since means someone else edited the role
      if (grantsDelete(rightsOf(role)).length > 0) return { conflict: 'the role\'s rights were changed in amoCRM after the push', image };
      return { item: { rights: p.rights }, image };
    }
    case 'revert.drop_role': {
      const p = parseParams<RevertDropRoleParams>(op);
      if (!role) return { noop: 'the role is already gone', image: { missing: true } };
      const image = { role };
      if (nameKey(role.name) !== nameKey(p.name)) return { conflict: 'the role was renamed in amoCRM after the push', image };
      const users = isObj(role._embedded) && Array.isArray(role._embedded.users) ? role._embedded.users.length : 0;
      if (users > 0) return { conflict: `the role has ${users} users now: not deleted`, image };
      return { item: null, image };
    }
    default:
      return { conflict: `not a role operation: ${op.kind}`, image: null };
  }
}

export function roleRequest(op: OperationRow, item: ApiObject | null): RoleWrite {
  switch (op.kind) {
    case 'roles.create':
      return { method: 'POST', path: '/api/v4/roles', body: [item] };
    case 'revert.drop_role':
      return { method: 'DELETE', path: `/api/v4/roles/${op.entity_id}` };
    default:
      return { method: 'PATCH', path: `/api/v4/roles/${op.entity_id}`, body: item };
  }
}

/** Read back after an unsure write: the result when it was applied, else null. */
export function roleApplied(op: OperationRow, roles: ApiObject[]): Record<string, unknown> | null {
  const role = roles.find((r) => Number(r.id) === op.entity_id);
  switch (op.kind) {
    case 'roles.create': {
      const p = parseParams<RolesCreateParams>(op);
      const made = roles.find((r) => nameKey(r.name) === nameKey(p.name));
      return made ? { roleId: Number(made.id) } : null;
    }
    case 'rights.revoke_delete':
      return role && grantsDelete(rightsOf(role)).length === 0 ? {} : null;
    case 'revert.role': {
      const p = parseParams<RevertRoleParams>(op);
      return role && canon(entityRights(rightsOf(role))) === canon(entityRights(p.rights)) ? {} : null;
    }
    case 'revert.drop_role':
      return role ? null : {};
    default:
      return null;
  }
}
