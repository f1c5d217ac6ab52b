// runtime: node
/** normalize.phones: phone values rewritten as +7 XXX XXX-XX-XX, enum codes kept. */
import { normalizePhoneValues } from '../../plan/transforms';
import { valuesOperation } from './carriers/values';

export default valuesOperation('normalize.phones', (values) => normalizePhoneValues(values));
