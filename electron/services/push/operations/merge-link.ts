// runtime: node
/** merge.link: a contact linked to a deal or company of the survivor (the loser's links moved over). */
import { linkOperation } from './carriers/link';
import { z } from 'zod';
import type { PushOperation } from './contract';
import { crmEntity, id, opRef } from './carriers/params';
import type { LinkParams } from '../../plan/types';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<LinkParams> = z.object({ toType: crmEntity, toId: id, isMain: z.boolean().optional(), requires: opRef.optional() });

const operation = linkOperation({ kind: 'merge.link', action: 'link', undoneBy: 'revert.unlink' });

export default { ...operation, params: schema } satisfies PushOperation;
