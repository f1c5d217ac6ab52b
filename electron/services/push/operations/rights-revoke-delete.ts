// runtime: node
/** rights.revoke_delete: a role granting delete on deals, contacts or companies gets delete "D" (PATCH /api/v4/roles/{id}); undone from its before-image. */
import { grantsDelete, roleRightsOf } from '../../plan/roles';
import type { RevertRoleParams, RevokeDeleteParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams } from './contract';
import { builtForDryRun, revoked, rightsOf, roleOf, roleOperation, entityRightsAre, type RoleKind } from './carriers/role';

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

export default roleOperation({
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
