// runtime: node
/** split.stuffed: a phone (e-mail) value holding several numbers (addresses) split into one value each. */
import { splitStuffedValues } from '../../plan/transforms';
import type { PushOperation } from './contract';
import { fieldValuesParams } from './carriers/params';
import { valuesOperation } from './carriers/values';

export default {
  ...valuesOperation({
    kind: 'split.stuffed',
    request: 'split.stuffed',
    usage: 'split.stuffed                         values holding several phones (e-mails) split into one each',
    // every card with a phone or e-mail value that holds several numbers (addresses)
    fields: ['phone', 'email'],
    source: 'finding:stuffed.phone+stuffed.email',
    transform: (values, kind) => splitStuffedValues(values, kind),
  }),
  params: fieldValuesParams,
} satisfies PushOperation;
