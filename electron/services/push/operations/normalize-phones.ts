// runtime: node
/** normalize.phones: phone values rewritten as +7 XXX XXX-XX-XX, enum codes kept. */
import { normalizePhoneValues } from '../../plan/transforms';
import type { PushOperation } from './contract';
import { fieldValuesParams } from './carriers/params';
import { valuesOperation } from './carriers/values';

export default {
  ...valuesOperation({
    kind: 'normalize.phones',
    request: 'normalize.phones',
    usage: 'normalize.phones                      phones rewritten as +7 XXX XXX-XX-XX, enum codes kept',
    // every contact or company with a phone value not yet in +7 XXX XXX-XX-XX
    fields: ['phone'],
    source: 'finding:phones.format',
    transform: (values) => normalizePhoneValues(values),
  }),
  params: fieldValuesParams,
} satisfies PushOperation;
