// runtime: node
/**
 * Kinds carried as a batched POST /api/v4/{entity}/link or /unlink (doc §9): told applied by
 * reading the entity with its links; both ends of a link get their new versions recorded.
 */
import type { LinkParams, OperationRow } from '../../../plan/types';
import type { ApiObject } from '../../amo';
import { isLinked, WRITE_BATCH } from '../../items';
import { decided, eachEntity, parseParams, single, type DryRunContext, type Carried } from '../contract';

const CARDS = new Set(['leads', 'contacts', 'companies']);

/** ?with= that makes the entity's links part of its read */
const linkWith = (entityType: string): string | undefined =>
  entityType === 'leads' ? 'contacts' : entityType === 'companies' ? 'contacts,leads' : entityType === 'contacts' ? 'leads' : undefined;

export type LinkAction = 'link' | 'unlink';

/** The link request item, or a noop when the link already is as wanted. */
export function buildLinkItem(op: OperationRow, action: LinkAction, current: ApiObject): { item: ApiObject } | { noop: string } {
  const p = parseParams<LinkParams>(op);
  const linked = isLinked(current, p.toType, p.toId);
  if (action === 'link' && linked) return { noop: 'already linked' };
  if (action === 'unlink' && !linked) return { noop: 'already unlinked' };
  const item: ApiObject = { entity_id: op.entity_id, to_entity_id: p.toId, to_entity_type: p.toType };
  if (action === 'link' && p.isMain !== undefined && p.toType === 'contacts' && op.entity_type === 'leads') item.metadata = { is_main: p.isMain };
  return { item };
}

/** The dry run of a kind sent in batches of 50 created/linked items: read, write, then the new versions read. */
export function dryRunBatched(ctx: DryRunContext, groupOps: OperationRow[], path: string, bodyOf: (op: OperationRow) => ApiObject, alsoRead?: string): void {
  const first = groupOps[0]!;
  for (let i = 0; i < groupOps.length; i += WRITE_BATCH) {
    const chunk = groupOps.slice(i, i + WRITE_BATCH);
    ctx.request({ method: 'GET', path: `/api/v4/${first.entity_type}?filter[id][]=…`, entities: chunk.length, read: true });
    const body = chunk.map(bodyOf);
    ctx.written(body.length);
    ctx.request({ method: 'POST', path, entities: body.length, read: false, body });
    // the new versions of what the write touched (both ends of a link)
    ctx.request({ method: 'GET', path: `/api/v4/${first.entity_type}?filter[id][]=…`, entities: chunk.length, read: true });
    if (alsoRead) ctx.request({ method: 'GET', path: `/api/v4/${alsoRead}?filter[id][]=…`, entities: chunk.length, read: true });
  }
}

export function linkOperation(k: { kind: OperationRow['kind']; action: LinkAction; undoneBy: OperationRow['kind'] }): Carried {
  return {
    ...single,
    kind: k.kind,
    identifiedByParams: true,
    preview: { shape: 'link', linking: k.action === 'link', build: (op, current) => buildLinkItem(op, k.action, current) },
    batchSize: WRITE_BATCH,
    splitOnRefusal: true,
    prepare: (ctx, ops) => eachEntity(ctx, ops, (op, cur) => decided(buildLinkItem(op, k.action, cur)), linkWith(ops[0]!.entity_type)),
    request: (first, items) => ({ method: 'POST', path: `/api/v4/${first.entity_type}/${k.action}`, body: items }),
    confirm: (ops) => ops.map((op) => ({ op, result: {} })),
    async readBack(ctx, ops, itemOf) {
      const type = ops[0]!.entity_type;
      const current = await ctx.reads.entities(type, ops.map((o) => o.entity_id), linkWith(type));
      return () =>
        ops.map((op) => {
          const cur = current.get(op.entity_id);
          const p = parseParams<LinkParams>(op);
          if (!cur) return { conflict: 'not found in amoCRM (deleted?)' };
          if (isLinked(cur, p.toType, p.toId) === (k.action === 'link')) return { applied: { readBack: true } };
          return { resend: itemOf(op) };
        });
    },
    touched(op) {
      const p = parseParams<LinkParams>(op);
      return ([[op.entity_type, op.entity_id], [p.toType, p.toId]] as [string, number][]).filter(([t]) => CARDS.has(t));
    },
    dryRun(ctx, groupOps) {
      const first = groupOps[0]!;
      dryRunBatched(
        ctx,
        groupOps,
        `/api/v4/${first.entity_type}/${k.action}`,
        (op) => {
          const p = parseParams<LinkParams>(op);
          return { entity_id: op.entity_id, to_entity_id: p.toId, to_entity_type: p.toType };
        },
        parseParams<LinkParams>(first).toType,
      );
    },
    revert(op, before) {
      const p = parseParams<LinkParams>(op);
      // a contact linked back to a deal gets its main-contact flag from the before-image
      const was = before && typeof before._embedded === 'object' && before._embedded !== null ? (before._embedded as Record<string, unknown>)[p.toType] : undefined;
      const entry = Array.isArray(was) ? (was as ApiObject[]).find((x) => Number(x.id) === p.toId) : undefined;
      const params: LinkParams = { toType: p.toType, toId: p.toId, ...(typeof entry?.is_main === 'boolean' ? { isMain: entry.is_main } : {}) };
      return [{ kind: k.undoneBy, entityType: op.entity_type, entityId: op.entity_id, params, source: `revert:${op.kind}`, reverts: op.id }];
    },
  };
}
