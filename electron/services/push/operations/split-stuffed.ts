// runtime: node
/** split.stuffed: a phone (e-mail) value holding several numbers (addresses) split into one value each. */
import { contactFields, entitiesChangedBy } from '../../plan/snapshot-reads';
import { splitStuffedValues } from '../../plan/transforms';
import type { FieldValuesParams, NewOperation } from '../../plan/types';
import type { SqliteDb } from '../../db/open';
import type { PushOperation } from './contract';
import { inFlagged, valuesOperation } from './carriers/values';
import { z } from 'zod';
import { contactFieldRefs } from './carriers/params';

/** every card with a phone or e-mail value that holds several numbers (addresses) */
const build = (db: SqliteDb): NewOperation[] =>
  entitiesChangedBy(db, contactFields(db, ['phone', 'email']), (values, f) => splitStuffedValues(values, f.kind)).map((e) => ({
    kind: 'split.stuffed',
    entityType: e.entity,
    entityId: e.id,
    params: { fields: e.fields } satisfies FieldValuesParams,
    source: 'finding:stuffed.phone+stuffed.email',
  }));

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<FieldValuesParams> = z.object({ fields: contactFieldRefs });

export default {
  ...valuesOperation('split.stuffed', (values, kind) => splitStuffedValues(values, kind)),
  params: schema,
  plan: {
    request: 'split.stuffed',
    usage: 'split.stuffed                         values holding several phones (e-mails) split into one each',
    build: (db) => build(db),
    fromIntent: (db, intent) => inFlagged(build(db), intent.ids),
  },
} satisfies PushOperation;
