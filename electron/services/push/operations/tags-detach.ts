// runtime: node
/** tags.detach: one tag taken off an entity (tags_to_delete). */
import { AppError } from '../../../../shared/api/result';
import type { SqliteDb } from '../../db/open';
import { liveEntitiesWithTag, tagByNameOrId } from '../../snapshot/store';
import { PlanRequestError } from '../../plan/request-params';
import { CRM_ENTITIES, type CrmEntity, type NewOperation, type TagsDetachParams } from '../../plan/types';
import { tagsOf } from '../items';
import { parseParams, type PushOperation } from './contract';
import { patchOperation } from './carriers/patch';
import { z } from 'zod';
import { id } from './carriers/params';

/** tags.detach: remove one tag (by name or id) from every entity of one type that carries it. */
function build(db: SqliteDb, options: { tag: string; entity: CrmEntity }): NewOperation[] {
  const tag = tagByNameOrId(db, options.entity, options.tag);
  if (!tag) throw new AppError('NOT_FOUND', `No tag "${options.tag}" on ${options.entity} in this snapshot.`);
  const ids = liveEntitiesWithTag(db, options.entity, tag.id);
  return ids.map((id) => ({
    kind: 'tags.detach' as const,
    entityType: options.entity,
    entityId: id,
    params: { tagId: tag.id, tagName: tag.name } satisfies TagsDetachParams,
    source: `tag:${tag.name}`,
  }));
}


export default {
  ...patchOperation({
    kind: 'tags.detach',
    build(op, current) {
      const p = parseParams<TagsDetachParams>(op);
      if (!tagsOf(current).some((t) => t.id === p.tagId)) return { noop: 'the tag is not attached' };
      return { item: { tags_to_delete: [{ id: p.tagId }] } };
    },
  }),
  // the payload (an operation's params), checked before it is stored
  params: z.object({ tagId: id, tagName: z.string() }) satisfies z.ZodType<TagsDetachParams>,
  plan: {
    request: 'tags.detach',
    usage: 'tags.detach --tag NAME --entity leads|contacts|companies',
    needs: ['tag', 'entity'],
    build(db, r) {
      if (!CRM_ENTITIES.includes(r.entity!)) throw new PlanRequestError(`${r.operation}: unknown entity type "${String(r.entity)}".`, ['entity']);
      return build(db, { tag: r.tag!, entity: r.entity! });
    },
  },
} satisfies PushOperation;
