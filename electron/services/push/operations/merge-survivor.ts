// runtime: node
/** merge.survivor: the survivor of a merge gets every phone and e-mail of the losers, and the values chosen for it. */
import { fieldValues, sameValues } from '../../plan/transforms';
import type { FieldValue, MergeSurvivorParams } from '../../plan/types';
import type { ApiObject } from '../amo';
import { unionValues } from '../items';
import { parseParams } from './contract';
import { patchOperation } from './carriers/patch';

export default patchOperation({
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
