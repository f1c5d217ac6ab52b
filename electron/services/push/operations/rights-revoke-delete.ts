// runtime: node
/** rights.revoke_delete: a role granting delete on deals, contacts or companies gets delete "D" (PATCH /api/v4/roles/{id}); undone from its before-image. */
import type { SqliteDb } from '../../db/open';
import { roleRows } from '../../snapshot/store';
import { grantsDelete, isObj, ROLE_ENTITIES, roleRightsOf } from '../../plan/roles';
import type { NewOperation, RevertRoleParams, RevokeDeleteParams, RoleRights } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams, type PushOperation } from './contract';
import { builtForDryRun, revoked, rightsOf, roleOf, roleOperation, entityRightsAre, type RoleKind } from './carriers/role';
import { z } from 'zod';
import { record } from './carriers/params';

const build: RoleKind['build'] = (op, roles) => {
  const p = parseParams<RevokeDeleteParams>(op);
  const role = roleOf(op, roles);
  if (!role) return { conflict: 'the role is not in amoCRM (deleted?)', image: { missing: true } };
  const image = { role };
  const rights = rightsOf(role);
  if (grantsDelete(rights).length === 0) return { noop: 'the role grants no delete right', image };
  if (!entityRightsAre(rights, p.snapshot)) return { conflict: "the role's rights were changed in amoCRM since the snapshot", image };
  return { item: { rights: revoked(rights) }, image };
};

/** rights.revoke_delete: one operation per role of the snapshot that grants delete on leads, contacts or companies. */
function buildPlan(db: SqliteDb): NewOperation[] {
  const rows = roleRows(db);
  const ops: NewOperation[] = [];
  for (const r of rows) {
    const rights = (JSON.parse(r.raw) as { rights?: unknown }).rights;
    if (grantsDelete(rights).length === 0) continue;
    const snapshot: RoleRights = {};
    for (const e of ROLE_ENTITIES) if (isObj(rights) && rights[e] !== undefined) snapshot[e] = structuredClone(rights[e]);
    ops.push({ kind: 'rights.revoke_delete', entityType: 'roles', entityId: r.id, params: { roleName: r.name ?? '', snapshot } satisfies RevokeDeleteParams, source: 'roles.delete_rights' });
  }
  return ops;
}

const rightsRevokeDelete = roleOperation({
  kind: 'rights.revoke_delete',
  build,
  request: (op, item) => ({ method: 'PATCH', path: `/api/v4/roles/${op.entity_id}`, body: item }),
  applied(op, roles) {
    const role = roleOf(op, roles);
    return role && grantsDelete(rightsOf(role)).length === 0 ? {} : null;
  },
  dryRunItem: builtForDryRun(build),
  revert(op, before) {
    // the role's rights from the before-image
    const role = before && typeof before.role === 'object' && before.role !== null ? (before.role as ApiObject) : null;
    if (!role) return [];
    return [{ kind: 'revert.role', entityType: 'roles', entityId: op.entity_id, params: { rights: roleRightsOf(role.rights) } satisfies RevertRoleParams, source: 'revert:rights.revoke_delete', reverts: op.id }];
  },
});

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevokeDeleteParams> = z.object({ roleName: z.string(), snapshot: record });

export default {
  ...rightsRevokeDelete,
  params: schema,
  plan: {
    request: 'rights.revoke_delete',
    usage: `rights.revoke_delete                  every role granting delete on deals, contacts or companies
                                        gets delete "D" (rollback restores the role's rights).
                                        Users' own rights cannot be changed through the API: see
                                        "plan checklist"`,
    build: (db) => buildPlan(db),
  },
} satisfies PushOperation;
