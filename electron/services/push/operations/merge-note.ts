// runtime: node
/** merge.note: a summary note on the survivor of a merge. */
import type { PushOperation } from './contract';
import { noteOperation } from './carriers/note';

// a note amoCRM keeps: a rollback leaves it
export default { ...noteOperation({ kind: 'merge.note' }), undoable: () => false } satisfies PushOperation;
