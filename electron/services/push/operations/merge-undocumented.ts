// runtime: node
/**
 * merge.undocumented (opt-in): one contact group merged by amoCRM's own PRIVATE, UNDOCUMENTED
 * web-UI endpoint (doc §15): the cards read (before-images, conflicts), amoCRM's merge info,
 * then the save form, which amoCRM queues (202); the losers are read until they are gone.
 * IRREVERSIBLE: never sent twice, never retried automatically, refused by a rollback.
 */
import { UNDOCUMENTED_MERGE_LABEL, type MergeUndocumentedParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { formPreview, groupIds, infoForm, MERGE_INFO_PATH, MERGE_POLL_MS, MERGE_SAVE_PATH, saveErrors, saveForm } from '../private-merge';
import { single, type BatchControl, type PushOperation, type Carried } from './contract';
import { z } from 'zod';
import { contactFieldRefs, fieldValue, id } from './carriers/params';

/**
 * After the save was sent (or may have been): the losers are read until they are gone (trashed),
 * at most mergeWaitMs. A merge still not seen is reported failed, to be checked in amoCRM.
 */
async function awaitMerge(ctl: BatchControl, batchId: number, sent: { status?: number; errors?: string[]; readBack?: boolean }): Promise<void> {
  for (const op of ctl.batchOps(batchId)) {
    const losers = groupIds(op).slice(1);
    const fail = (error: string) =>
      ctl.transaction(() => {
        ctl.finish(op, 'failed', { error, undocumented: true });
        ctl.failBatch(batchId, error);
      });
    if (sent.errors && sent.errors.length > 0) {
      fail(`amoCRM refused the undocumented merge: ${sent.errors.join('; ').slice(0, 500)}`);
      continue;
    }
    const deadline = Date.now() + ctl.mergeWaitMs;
    let left: number[];
    for (;;) {
      left = [...(await ctl.reads.entities('contacts', losers)).keys()];
      if (left.length === 0 || Date.now() >= deadline) break;
      await ctl.pause(MERGE_POLL_MS);
    }
    if (left.length > 0) {
      fail(
        `the undocumented merge was ${sent.readBack ? 'possibly sent' : `accepted (HTTP ${sent.status ?? '?'})`} but contacts ${left.join(', ')} were still in amoCRM after ${Math.round(ctl.mergeWaitMs / 1000)} s; not sent again: check the cards in amoCRM`,
      );
      continue;
    }
    const survivor = (await ctl.reads.entities('contacts', [op.entity_id])).get(op.entity_id);
    ctl.transaction(() => {
      const result = { merged: losers, undocumented: true, irreversible: true, ...(sent.status ? { httpStatus: sent.status } : {}), ...(sent.readBack ? { readBack: true } : {}) };
      ctl.finish(op, 'applied', result, typeof survivor?.updated_at === 'number' ? survivor.updated_at : null);
      ctl.setVersion('contacts', op.entity_id, survivor?.updated_at);
      ctl.confirmBatch(batchId);
    });
  }
}

const operation: Carried = {
  ...single,
  kind: 'merge.undocumented',
  preview: { shape: 'none' },
  retriesFailed: false,
  irreversible: UNDOCUMENTED_MERGE_LABEL,
  async prepare(ctx, ops) {
    const op = ops[0]!;
    const ids = groupIds(op);
    const cards = await ctx.reads.entities('contacts', ids, 'leads');
    const missing = ids.filter((id) => !cards.has(id));
    const changed = ids.filter((id) => {
      const expected = ctx.expectedUpdatedAt({ ...op, entity_id: id });
      return cards.has(id) && expected !== null && Number(cards.get(id)!.updated_at) !== expected;
    });
    const info = missing.length === 0 && changed.length === 0 ? await ctx.reads.ask({ method: 'POST', path: MERGE_INFO_PATH, form: infoForm(ids) }) : null;
    return () => {
      const image = { entityType: 'contacts', value: { cards: ids.map((id) => cards.get(id) ?? { id, missing: true }), info } };
      if (missing.length > 0) return [{ op, image, decision: { conflict: `not found in amoCRM (deleted?): contacts ${missing.join(', ')}` } }];
      if (changed.length > 0) return [{ op, image, decision: { conflict: `changed in amoCRM since the snapshot: contacts ${changed.join(', ')}` } }];
      return [{ op, image, decision: { write: { form: saveForm(op, cards) } } }];
    };
  },
  request: (_op, items) => ({ method: 'POST', path: MERGE_SAVE_PATH, form: (items[0] as { form?: [string, string][] } | undefined)?.form ?? [] }),
  // a sent save is settled by awaitMerge, and a batch in doubt by recoverBatch: never confirmed from its answer, never read back to be sent again
  confirm: () => [],
  readBack: () => Promise.resolve(() => []),
  settle: (ctl, batchId, sent) => awaitMerge(ctl, batchId, { ...(sent.status !== undefined ? { status: sent.status } : {}), errors: saveErrors(sent.data) }),
  async recoverBatch(ctl, batchId, status, options) {
    // never sent: send it now; refused (4xx): failed; maybe sent: wait for it, never send it twice
    if (status === 'pending') await ctl.send(batchId);
    else if (!options.retry) await awaitMerge(ctl, batchId, { errors: [options.error ?? 'refused'] });
    else await awaitMerge(ctl, batchId, { readBack: true });
  },
  touched: () => [],
  dryRun(ctx, groupOps) {
    // UNDOCUMENTED and IRREVERSIBLE: the cards read, amoCRM's merge info, the save (202, queued), then the losers read until gone
    for (const op of groupOps) {
      const ids = groupIds(op);
      ctx.request({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…&with=leads', entities: ids.length, read: true });
      ctx.request({ method: 'POST', path: MERGE_INFO_PATH, entities: ids.length, read: true, body: formPreview(infoForm(ids)) });
      const cards = new Map<number, ApiObject>();
      for (const id of ids) {
        const raw = ctx.raw('contacts', id);
        if (raw) cards.set(id, raw);
      }
      ctx.written(ids.length);
      ctx.request({ method: 'POST', path: MERGE_SAVE_PATH, entities: ids.length, read: false, body: formPreview(saveForm(op, cards)) });
      ctx.request({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…', entities: ids.length - 1, read: true });
      ctx.request({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…', entities: 1, read: true });
    }
    ctx.warn(`${groupOps.length} ${UNDOCUMENTED_MERGE_LABEL}`);
  },
  undoable: () => false,
  revert: () => [],
};

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<MergeUndocumentedParams> = z.object({
  entity: z.literal('contacts'),
  losers: z.array(id),
  fields: contactFieldRefs,
  choices: z.object({ name: z.string().optional(), responsible_user_id: id.optional(), fields: z.record(z.string(), z.array(fieldValue)).optional() }),
});

export default { ...operation, params: schema } satisfies PushOperation;
