// runtime: node
/** merge.survivor: the survivor of a merge gets every phone and e-mail of the losers, and the values chosen for it. */
import { fieldValues, sameValues } from '../../plan/transforms';
import type { FieldValue, MergeSurvivorParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { unionValues } from '../items';
import type { SqliteDb } from '../../db/open';
import { acceptedMergeGroups, mergeGroupsWithState, type MergeGroup } from '../../plan/merge';
import type { OperationRequest } from '../../plan/request-params';
import type { NewOperation } from '../../plan/types';
import { parseParams, type PlanEntry, type PushOperation } from './contract';
import { buildMerges, buildUndocumentedMerges } from './carriers/merge-groups';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { cardEntity, contactFieldRefs, fieldValue, id } from './carriers/params';

const mergeSurvivor = patchOperation({
  kind: 'merge.survivor',
  build(op, current) {
    const p = parseParams<MergeSurvivorParams>(op);
    const item: ApiObject = {};
    const cfv: { field_id: number; values: FieldValue[] }[] = [];
    for (const f of p.fields) {
      const mine = fieldValues(current, f.id);
      const merged = unionValues(mine, p.loserValues[String(f.id)] ?? [], f.kind);
      if (!sameValues(mine, merged)) cfv.push({ field_id: f.id, values: merged });
    }
    for (const [id, chosen] of Object.entries(p.choices.fields ?? {})) {
      if (!sameValues(fieldValues(current, Number(id)), chosen)) cfv.push({ field_id: Number(id), values: chosen });
    }
    if (cfv.length) item.custom_fields_values = cfv;
    if (p.choices.name !== undefined && p.choices.name !== current.name) item.name = p.choices.name;
    if (p.choices.responsible_user_id !== undefined && p.choices.responsible_user_id !== current.responsible_user_id) item.responsible_user_id = p.choices.responsible_user_id;
    return Object.keys(item).length ? { item } : { noop: 'the survivor already holds every value' };
  },
});

const merges = (db: SqliteDb, r: OperationRequest, groups: readonly MergeGroup[]): NewOperation[] => (r.undocumented === true ? buildUndocumentedMerges(db, groups) : buildMerges(db, groups));

/** The audit's "Merge duplicates": the groups accepted in the duplicates review (their survivor and chosen values), planned once however many intents ask. */
const fromIntent: PlanEntry['fromIntent'] = (db, intent) => {
  const groups = mergeGroupsWithState(db).length ? acceptedMergeGroups(db) : [];
  if (groups.length === 0)
    return {
      note: `intent ${intent.id} (${intent.findingId}): no accepted duplicate groups to merge; review the groups first (the Duplicates screen, or "amosweep duplicates"), then plan again. Left pending.`,
      pending: { code: 'intent.no_accepted_groups', params: { id: intent.id } },
    };
  return intent.once('merge groups') ? buildMerges(db, groups) : [];
};

/** one group by its ids (the CLI) */
const oneGroup = (entity: MergeGroup['entity']): PlanEntry['build'] => (db, r) => merges(db, r, [{ entity, survivor: r.survivor!, losers: [...r.losers!] }]);

/** The merge's survivor carries every merge request: a group becomes operations of several kinds, the survivor's first. */
/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<MergeSurvivorParams> = z.object({
  entity: cardEntity,
  losers: z.array(id),
  fields: contactFieldRefs,
  loserValues: z.record(z.string(), z.array(fieldValue)),
  choices: z.object({ name: z.string().optional(), responsible_user_id: id.optional(), fields: z.record(z.string(), z.array(fieldValue)).optional() }),
});

export default {
  ...mergeSurvivor,
  params: schema,
  plan: [
    {
      request: 'merge.accepted',
      usage: `merge --accepted [--undocumented]     every accepted duplicate group (the duplicates review) not yet
                                        planned or merged; with none it says why, adds nothing, exit 0`,
      build: (db, r) => merges(db, r, acceptedMergeGroups(db)),
    },
    {
      request: 'merge.contacts',
      usage: `merge.contacts|merge.companies --survivor ID --losers ID,ID [--undocumented]
                                        one group: public API only (update, relink, re-point
                                        tasks, summary note, tag + "Удалить" on the losers)
    --undocumented                      UNDOCUMENTED and IRREVERSIBLE: instead, amoCRM's own
                                        private web-UI merge (/ajax/merge/contacts/info/ and
                                        /save, form-encoded, queued): the losers really are
                                        merged into the survivor and trashed. It may break
                                        without notice, and NO ROLLBACK is possible. Contacts
                                        only (the companies endpoint is unconfirmed: refused)`,
      needs: ['survivor', 'losers'],
      build: oneGroup('contacts'),
      fromIntent,
    },
    { request: 'merge.companies', needs: ['survivor', 'losers'], build: oneGroup('companies'), fromIntent },
  ],
} satisfies PushOperation;
