// runtime: node
/** roles.create: a new role (POST /api/v4/roles, doc §13), unless one of that name exists (then used); undone by deleting it. */
import { AppError } from '../../../../shared/api/result';
import type { SqliteDb } from '../../db/open';
import { roleNames, userRaw } from '../../snapshot/store';
import { ROLE_PRESETS, roleRightsOf, validateRoleRights } from '../../plan/roles';
import { PlanRequestError } from '../../plan/request-params';
import type { NewOperation, RevertDropRoleParams, RoleRights, RolesCreateParams } from '../../plan/types';
import { parseParams, type PushOperation } from './contract';
import { builtForDryRun, nameKey, roleOperation, type RoleKind } from './carriers/role';
import { z } from 'zod';
import { record } from './carriers/params';

const build: RoleKind['build'] = (op, roles) => {
  const p = parseParams<RolesCreateParams>(op);
  const same = roles.find((r) => nameKey(r.name) === nameKey(p.name));
  const image = { roles: roles.map((r) => ({ id: r.id, name: r.name })) };
  if (same) return { noop: `a role "${String(same.name)}" exists already`, image, result: { roleId: Number(same.id), existing: true } };
  return { item: { name: p.name, rights: p.rights, request_id: String(op.id) }, image };
};

/** roles.create: one operation. `rights` wins over `fromUser`, which wins over `preset` (or the preset named like the role). */
function buildPlan(db: SqliteDb, options: { name: string; preset?: string; fromUser?: number; rights?: unknown }): NewOperation[] {
  const name = options.name.trim();
  if (!name) throw new AppError('BAD_INPUT', 'roles.create needs a role name.');
  let rights: RoleRights;
  let from: string;
  if (options.rights !== undefined) {
    rights = validateRoleRights(options.rights);
    from = 'file';
  } else if (options.fromUser !== undefined) {
    const row = userRaw(db, options.fromUser);
    if (!row) throw new AppError('NOT_FOUND', `No user ${options.fromUser} in this snapshot (users are read with an admin token).`);
    rights = roleRightsOf((JSON.parse(row.raw) as { rights?: unknown }).rights);
    if (Object.keys(rights).length === 0) throw new AppError('BAD_INPUT', `User ${options.fromUser} has no rights in this snapshot.`);
    from = `user:${options.fromUser}`;
  } else {
    const preset = options.preset ?? name;
    const found = ROLE_PRESETS[preset];
    if (!found) throw new AppError('BAD_INPUT', `No preset "${preset}": use --preset ${Object.keys(ROLE_PRESETS).map((p) => `"${p}"`).join(' | ')}, --from-user ID or --rights FILE.json.`);
    rights = structuredClone(found);
    from = `preset:${preset}`;
  }
  // compared in JS: SQLite's lower() knows only ASCII
  const key = name.toLocaleLowerCase('ru');
  const existing = roleNames(db).find((r) => (r.name ?? '').trim().toLocaleLowerCase('ru') === key);
  if (existing) throw new AppError('CONFLICT', `The account already has a role "${name}" (id ${existing.id}).`);
  return [{ kind: 'roles.create', entityType: 'roles', entityId: 0, params: { name, rights, from } satisfies RolesCreateParams, source: from }];
}

const rolesCreate = roleOperation({
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

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RolesCreateParams> = z.object({ name: z.string(), rights: record, from: z.string() });

export default {
  ...rolesCreate,
  params: schema,
  identifiedByParams: true,
  plan: {
    request: 'roles.create',
    usage: `roles.create --name NAME [--preset NAME | --from-user ID | --rights FILE.json]
                                        a new role; rights from a preset ("Менеджер опта",
                                        "Менеджер розницы", "Оператор колл-центра"; default: the
                                        preset named like the role), a user's rights, or a file`,
    needs: ['name'],
    build(db, r) {
      const sources = [r.preset, r.fromUser, r.rights].filter((x) => x !== undefined).length;
      if (sources > 1) throw new PlanRequestError(`${r.operation} takes one source of rights: a preset, a user or a rights file.`);
      return buildPlan(db, {
        name: r.name!,
        ...(r.preset !== undefined ? { preset: r.preset } : {}),
        ...(r.fromUser !== undefined ? { fromUser: r.fromUser } : {}),
        ...(r.rights !== undefined ? { rights: r.rights } : {}),
      });
    },
  },
} satisfies PushOperation;
