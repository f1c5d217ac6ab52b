// runtime: node
/** revert.drop_role: a role roles.create made, deleted again (DELETE /api/v4/roles/{id}), only while it has no users. */
import type { RevertDropRoleParams } from '../../plan/types';
import { parseParams, type PushOperation } from './contract';
import { nameKey, roleOf, roleOperation } from './carriers/role';
import { z } from 'zod';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevertDropRoleParams> = z.object({ name: z.string() });

const operation = roleOperation({
  kind: 'revert.drop_role',
  readsUsers: true,
  build(op, roles) {
    const p = parseParams<RevertDropRoleParams>(op);
    const role = roleOf(op, roles);
    if (!role) return { noop: 'the role is already gone', image: { missing: true } };
    const image = { role };
    if (nameKey(role.name) !== nameKey(p.name)) return { conflict: 'the role was renamed in amoCRM after the push', image };
    const embedded = role._embedded;
    const users = embedded !== null && typeof embedded === 'object' && Array.isArray((embedded as { users?: unknown }).users) ? ((embedded as { users: unknown[] }).users.length) : 0;
    if (users > 0) return { conflict: `the role has ${users} users now: not deleted`, image };
    return { item: null, image };
  },
  request: (op) => ({ method: 'DELETE', path: `/api/v4/roles/${op.entity_id}` }),
  applied: (op, roles) => (roleOf(op, roles) ? null : {}),
  dryRunItem: () => ({ item: null }),
});

export default { ...operation, params: schema } satisfies PushOperation;
