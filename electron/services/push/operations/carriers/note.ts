// runtime: node
/** Kinds carried as a batched POST /api/v4/{entity}/notes; told applied by finding the note's text on the entity. */
import type { MergeNoteParams, OperationRow } from '../../../plan/types';
import { WRITE_BATCH } from '../../items';
import { eachEntity, obj, parseParams, single, type Carried } from '../contract';
import { CARDS, createdIdFinder } from './created';
import { dryRunBatched } from './link';

export function noteOperation(k: { kind: OperationRow['kind'] }): Carried {
  return {
    ...single,
    kind: k.kind,
    preview: { shape: 'added', field: '@note', text: (op) => parseParams<MergeNoteParams>(op).text.split('\n')[0]!.slice(0, 200) },
    batchSize: WRITE_BATCH,
    splitOnRefusal: true,
    prepare: (ctx, ops) =>
      eachEntity(ctx, ops, (op) => ({ write: { entity_id: op.entity_id, note_type: 'common', params: { text: parseParams<MergeNoteParams>(op).text }, request_id: String(op.id) } })),
    request: (first, items) => ({ method: 'POST', path: `/api/v4/${first.entity_type}/notes`, body: items }),
    confirm(ops, data, req) {
      const createdId = createdIdFinder(obj(obj(data)?._embedded)?.notes, req.body);
      return ops.map((op) => ({ op, result: { noteId: createdId(op.id) } }));
    },
    async readBack(ctx, ops, itemOf) {
      const notes = await ctx.reads.notesOf(ops[0]!.entity_type, ops.map((o) => o.entity_id));
      return () =>
        ops.map((op) => {
          const p = parseParams<MergeNoteParams>(op);
          const mine = (notes.get(op.entity_id) ?? []).find((n) => obj(n.params)?.text === p.text);
          return mine ? { applied: { noteId: Number(mine.id), readBack: true } } : { resend: itemOf(op) };
        });
    },
    touched: (op) => (CARDS.has(op.entity_type) ? [[op.entity_type, op.entity_id]] : []),
    dryRun(ctx, groupOps) {
      const first = groupOps[0]!;
      dryRunBatched(ctx, groupOps, `/api/v4/${first.entity_type}/notes`, (op) => ({ entity_id: op.entity_id, note_type: 'common', params: { text: parseParams<MergeNoteParams>(op).text } }));
    },
    revert: () => [],
  };
}
