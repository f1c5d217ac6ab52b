// runtime: node
/** merge.link: a contact linked to a deal or company of the survivor (the loser's links moved over). */
import { linkOperation } from './carriers/link';

export default linkOperation({ kind: 'merge.link', action: 'link', undoneBy: 'revert.unlink' });
