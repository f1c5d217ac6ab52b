// runtime: node
/** normalize.phones: phone values rewritten as +7 XXX XXX-XX-XX, enum codes kept. */
import { contactFields, entitiesChangedBy } from '../../plan/snapshot-reads';
import { normalizePhoneValues } from '../../plan/transforms';
import type { FieldValuesParams, NewOperation } from '../../plan/types';
import type { SqliteDb } from '../../db/open';
import type { PushOperation } from './contract';
import { inFlagged, valuesOperation } from './carriers/values';
import { z } from 'zod';
import { contactFieldRefs } from './carriers/params';

/** every contact or company with a phone value not yet in +7 XXX XXX-XX-XX */
const build = (db: SqliteDb): NewOperation[] =>
  entitiesChangedBy(db, contactFields(db, ['phone']), (values) => normalizePhoneValues(values)).map((e) => ({
    kind: 'normalize.phones',
    entityType: e.entity,
    entityId: e.id,
    params: { fields: e.fields } satisfies FieldValuesParams,
    source: 'finding:phones.format',
  }));

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<FieldValuesParams> = z.object({ fields: contactFieldRefs });

export default {
  ...valuesOperation('normalize.phones', (values) => normalizePhoneValues(values)),
  params: schema,
  plan: {
    request: 'normalize.phones',
    usage: 'normalize.phones                      phones rewritten as +7 XXX XXX-XX-XX, enum codes kept',
    build: (db) => build(db),
    fromIntent: (db, intent) => inFlagged(build(db), intent.ids),
  },
} satisfies PushOperation;
