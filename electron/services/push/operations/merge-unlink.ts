// runtime: node
/** merge.unlink: a loser's link taken off once the survivor holds it. */
import { linkOperation } from './carriers/link';

export default linkOperation({ kind: 'merge.unlink', action: 'unlink', undoneBy: 'revert.link' });
