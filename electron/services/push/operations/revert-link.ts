// runtime: node
/** revert.link: a link a rollback puts back (with the deal's main-contact flag of the before-image). */
import { linkOperation } from './carriers/link';

export default linkOperation({ kind: 'revert.link', action: 'link', undoneBy: 'revert.unlink' });
