// runtime: node
/** merge.note: a summary note on the survivor of a merge. */
import type { PushOperation } from './contract';
import { noteOperation } from './carriers/note';
import { z } from 'zod';
import { cardEntity, opRef } from './carriers/params';
import type { MergeNoteParams } from '../../plan/types';

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<MergeNoteParams> = z.object({ entity: cardEntity, text: z.string(), requires: opRef.optional() });

// a note amoCRM keeps: a rollback leaves it
export default { ...noteOperation({ kind: 'merge.note' }), params: schema, undoable: () => false } satisfies PushOperation;
