// runtime: node
/** revert.drop_field: a list field fields.to_list created, deleted again, but only while no card holds a value in it. */
import { fieldOperation } from './carriers/field';

export default fieldOperation({ kind: 'revert.drop_field', action: 'delete', keptWhileHeld: true });
