// runtime: node
/** roles.create: a new role (POST /api/v4/roles, doc §13), unless one of that name exists (then used); undone by deleting it. */
import type { RevertDropRoleParams, RolesCreateParams } from '../../plan/types';
import { parseParams } from './contract';
import { builtForDryRun, nameKey, roleOperation, type RoleKind } from './carriers/role';

const build: RoleKind['build'] = (op, roles) => {
  const p = parseParams<RolesCreateParams>(op);
  const same = roles.find((r) => nameKey(r.name) === nameKey(p.name));
  const image = { roles: roles.map((r) => ({ id: r.id, name: r.name })) };
  if (same) return { noop: `a role "${String(same.name)}" exists already`, image, result: { roleId: Number(same.id), existing: true } };
  return { item: { name: p.name, rights: p.rights, request_id: String(op.id) }, image };
};

export default roleOperation({
  kind: 'roles.create',
  build,
  request: (_op, item) => ({ method: 'POST', path: '/api/v4/roles', body: [item] }),
  applied(op, roles) {
    const p = parseParams<RolesCreateParams>(op);
    const made = roles.find((r) => nameKey(r.name) === nameKey(p.name));
    return made ? { roleId: Number(made.id) } : null;
  },
  confirmed: (made) => ({ roleId: made[0] ? Number(made[0].id) : null }),
  dryRunItem: builtForDryRun(build),
  revert(op, _before, result) {
    // the role made by the push is deleted again (not one that existed: that op was skipped)
    const roleId = result.roleId;
    if (typeof roleId !== 'number') return [];
    const p = parseParams<RolesCreateParams>(op);
    return [{ kind: 'revert.drop_role', entityType: 'roles', entityId: roleId, params: { name: p.name } satisfies RevertDropRoleParams, source: 'revert:roles.create', reverts: op.id }];
  },
});
