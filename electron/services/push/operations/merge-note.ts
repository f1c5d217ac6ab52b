// runtime: node
/** merge.note: a summary note on the survivor of a merge. */
import { noteOperation } from './carriers/note';

export default noteOperation({ kind: 'merge.note' });
