// runtime: node
/** revert.link: a link a rollback puts back (with the deal's main-contact flag of the before-image). */
import { linkOperation } from './carriers/link';
import { z } from 'zod';
import type { PushOperation } from './contract';
import { crmEntity, id, opRef } from './carriers/params';
import type { LinkParams } from '../../plan/types';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<LinkParams> = z.object({ toType: crmEntity, toId: id, isMain: z.boolean().optional(), requires: opRef.optional() });

const operation = linkOperation({ kind: 'revert.link', action: 'link', undoneBy: 'revert.unlink' });

export default { ...operation, params: schema } satisfies PushOperation;
