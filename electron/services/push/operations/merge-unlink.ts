// runtime: node
/** merge.unlink: a loser's link taken off once the survivor holds it. */
import { linkOperation } from './carriers/link';
import { z } from 'zod';
import type { PushOperation } from './contract';
import { crmEntity, id, opRef } from './carriers/params';
import type { LinkParams } from '../../plan/types';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<LinkParams> = z.object({ toType: crmEntity, toId: id, isMain: z.boolean().optional(), requires: opRef.optional() });

const operation = linkOperation({ kind: 'merge.unlink', action: 'unlink', undoneBy: 'revert.link' });

export default { ...operation, params: schema } satisfies PushOperation;
