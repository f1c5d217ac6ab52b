// runtime: node
/** split.stuffed: a phone (e-mail) value holding several numbers (addresses) split into one value each. */
import { splitStuffedValues } from '../../plan/transforms';
import { valuesOperation } from './carriers/values';

export default valuesOperation('split.stuffed', (values, kind) => splitStuffedValues(values, kind));
