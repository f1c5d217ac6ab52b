// runtime: node
/** revert.unlink: a link a rollback takes off again. */
import { linkOperation } from './carriers/link';

export default linkOperation({ kind: 'revert.unlink', action: 'unlink', undoneBy: 'revert.link' });
