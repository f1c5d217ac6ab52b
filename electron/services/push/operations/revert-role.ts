// runtime: node
/** revert.role: a role's rights as they were before our PATCH (the before-image), written back. */
import { grantsDelete } from '../../plan/roles';
import type { RevertRoleParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams, type PushOperation } from './contract';
import { rightsOf, roleOf, roleOperation, sameEntityRights } from './carriers/role';
import { z } from 'zod';
import { record } from './carriers/params';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<RevertRoleParams> = z.object({ rights: record });

const operation = roleOperation({
  kind: 'revert.role',
  build(op, roles) {
    const p = parseParams<RevertRoleParams>(op);
    const role = roleOf(op, roles);
    if (!role) return { conflict: 'the role is not in amoCRM (deleted?)', image: { missing: true } };
    const image = { role };
    if (sameEntityRights(rightsOf(role), p.rights as ApiObject)) return { noop: 'already as before', image };
    // our PATCH set delete to D: anything else changed since means someone else edited the role
    if (grantsDelete(rightsOf(role)).length > 0) return { conflict: "the role's rights were changed in amoCRM after the push", image };
    return { item: { rights: p.rights }, image };
  },
  request: (op, item) => ({ method: 'PATCH', path: `/api/v4/roles/${op.entity_id}`, body: item }),
  applied(op, roles) {
    const role = roleOf(op, roles);
    return role && sameEntityRights(rightsOf(role), parseParams<RevertRoleParams>(op).rights as ApiObject) ? {} : null;
  },
  dryRunItem: (op) => ({ item: { rights: parseParams<RevertRoleParams>(op).rights } }),
});

export default { ...operation, params: schema } satisfies PushOperation;
