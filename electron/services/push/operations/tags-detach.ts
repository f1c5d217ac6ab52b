// runtime: node
/** tags.detach: one tag taken off an entity (tags_to_delete). */
import type { TagsDetachParams } from '../../plan/types';
import { tagsOf } from '../items';
import { parseParams } from './contract';
import { patchOperation } from './carriers/patch';

export default patchOperation({
  kind: 'tags.detach',
  build(op, current) {
    const p = parseParams<TagsDetachParams>(op);
    if (!tagsOf(current).some((t) => t.id === p.tagId)) return { noop: 'the tag is not attached' };
    return { item: { tags_to_delete: [{ id: p.tagId }] } };
  },
});
