// runtime: node
/**
 * Kinds carried as a batched PATCH of entities (≤ 50 an request, read 250 at a time): each kind
 * says only what item it writes, computed from the entity as it is now. The entity must still
 * have the version the snapshot (or our own last write) saw; a rollback writes the before-image
 * of what the item set.
 */
import type { OperationRow, RevertPatchParams } from '../../../plan/types';
import type { ApiObject } from '../../amo';
import { inverseItem, itemApplied, patchPath, READ_BATCH, WRITE_BATCH } from '../../items';
import { decided, eachEntity, obj, type Confirmed, type PushOperation, type Carried } from '../contract';

export type Built = { item: ApiObject } | { noop: string } | { conflict: string };

export interface PatchKind {
  kind: OperationRow['kind'];
  /** the PATCH item (without id), computed from the entity as it is now */
  build(op: OperationRow, current: ApiObject): Built;
  resolveParams?: PushOperation['resolveParams'];
  /**
   * The dry run's item (with id) when the kind computes it otherwise than `build` on the
   * snapshot: null counts it as already clean, undefined falls back to the default.
   */
  dryRunItem?(op: OperationRow, raw: ApiObject | null): ApiObject | null | undefined;
  /** the dry run builds the item from the snapshot's copy of the entity (default true; a revert has none) */
  readsSnapshot?: boolean;
  /** a write to a task moves it between cards, whose versions are read after (default true) */
  movesTask?: boolean;
  dryRunGroupsByCreatedField?: boolean;
  /** the item as planned, for the change preview (default: built from the snapshot) */
  planned?(op: OperationRow): ApiObject;
}

const CARDS = new Set(['leads', 'contacts', 'companies']);

export function patchOperation(k: PatchKind): Carried {
  return {
    kind: k.kind,
    preview: { shape: 'item', build: k.build, ...(k.planned ? { planned: k.planned } : {}) },
    groupLimit: READ_BATCH,
    batchSize: WRITE_BATCH,
    splitOnRefusal: true,
    checksConcurrentEdits: true,
    storesResentItem: true,
    retriesFailed: true,
    dryRunGroupsByCreatedField: k.dryRunGroupsByCreatedField ?? true,
    ...(k.resolveParams ? { resolveParams: k.resolveParams } : {}),
    prepare: (ctx, ops) =>
      eachEntity(ctx, ops, (op, cur) => {
        const expected = ctx.expectedUpdatedAt(op);
        if (expected !== null && Number(cur.updated_at) !== expected)
          return { conflict: 'changed in amoCRM since the snapshot', result: { expectedUpdatedAt: expected, serverUpdatedAt: cur.updated_at ?? null } };
        return decided(k.build(op, cur), (item) => ({ id: op.entity_id, ...(item as ApiObject) }));
      }),
    request: (first, items) => ({ method: 'PATCH', path: patchPath(first.entity_type), body: items }),
    confirm(ops, data) {
      const list = obj(obj(data)?._embedded)?.[ops[0]?.entity_type ?? ''];
      const updated = new Map<number, number>();
      for (const x of Array.isArray(list) ? (list as unknown[]) : []) {
        const o = obj(x);
        if (o && typeof o.updated_at === 'number') updated.set(Number(o.id), o.updated_at);
      }
      return ops.map((op): Confirmed => ({ op, result: {}, version: { updatedAt: updated.get(op.entity_id) } }));
    },
    async readBack(ctx, ops, itemOf, imageOf) {
      const current = await ctx.reads.entities(ops[0]!.entity_type, ops.map((o) => o.entity_id));
      return () =>
        ops.map((op) => {
          const cur = current.get(op.entity_id);
          const { id: _id, ...fields } = obj(itemOf(op)) ?? {};
          if (cur && itemApplied(fields, cur)) return { applied: { readBack: true }, version: { updatedAt: cur.updated_at } };
          if (!cur || Number(cur.updated_at) !== Number(imageOf(op).updated_at))
            return { conflict: cur ? 'changed in amoCRM while the write was in flight' : 'not found in amoCRM (deleted?)' };
          const built = k.build(op, cur);
          if ('item' in built) return { resend: { id: op.entity_id, ...built.item } };
          return 'noop' in built ? { skip: built.noop } : { conflict: built.conflict };
        });
    },
    touched(op, imageOf, item) {
      if (op.entity_type !== 'tasks') return [];
      const out: [string, number][] = [];
      for (const x of [imageOf(), item]) if (typeof x.entity_type === 'string' && typeof x.entity_id === 'number') out.push([x.entity_type, x.entity_id]);
      return out.filter(([t]) => CARDS.has(t));
    },
    dryRun(ctx, groupOps) {
      const first = groupOps[0]!;
      for (let i = 0; i < groupOps.length; i += READ_BATCH) {
        const chunk = groupOps.slice(i, i + READ_BATCH);
        ctx.request({ method: 'GET', path: `/api/v4/${first.entity_type}?filter[id][]=…`, entities: chunk.length, read: true });
        const items: ApiObject[] = [];
        for (const op of chunk) {
          const raw = k.readsSnapshot === false ? null : ctx.raw(op.entity_type, op.entity_id);
          const own = k.dryRunItem?.(op, raw);
          if (own !== undefined) {
            if (own === null) ctx.noop();
            else items.push(own);
            continue;
          }
          if (!raw) {
            // no snapshot copy (a rollback of a task, say): the stored item, or the plan's intent
            const stored = op.result ? ((JSON.parse(op.result) as { item?: ApiObject }).item ?? null) : null;
            items.push(stored ?? { id: op.entity_id });
            continue;
          }
          const built = k.build(op, raw);
          if ('item' in built) items.push({ id: op.entity_id, ...built.item });
          else ctx.noop();
        }
        for (let j = 0; j < items.length; j += WRITE_BATCH) {
          const body = items.slice(j, j + WRITE_BATCH);
          ctx.written(body.length);
          ctx.request({ method: 'PATCH', path: patchPath(first.entity_type), entities: body.length, read: false, body });
          // a task moved between cards: the new versions of the cards
          if (first.entity_type === 'tasks' && k.movesTask !== false) ctx.request({ method: 'GET', path: '/api/v4/contacts?filter[id][]=…', entities: body.length, read: true });
        }
      }
    },
    revert(op, before, result) {
      const written = obj(result.item);
      if (!before || !written) return [];
      const { id: _id, ...item } = written;
      const inverse = inverseItem(item, before);
      if (!inverse) return [];
      return [{ kind: 'revert.patch', entityType: op.entity_type, entityId: op.entity_id, params: { item: inverse } satisfies RevertPatchParams, source: `revert:${op.kind}`, reverts: op.id }];
    },
  };
}
