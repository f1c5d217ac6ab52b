// runtime: node
import type { AmoEntity } from './types';

/** Custom field values of an entity, by lower-cased field name and by lower-cased field code. */
export function fieldValues(entity: AmoEntity, field: string): string[] {
  const want = field.toLowerCase();
  if (want === 'name') return entity.name ? [entity.name] : [];
  if (want === '_source') return entity._source ? [entity._source] : [];
  const out: string[] = [];
  for (const cf of entity.custom_fields_values ?? []) {
    if ((cf.field_code ?? '').toLowerCase() !== want && (cf.field_name ?? '').toLowerCase() !== want) continue;
    for (const v of cf.values ?? []) {
      if (v.value === null || v.value === undefined) continue;
      const text = typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value);
      if (text.trim() !== '') out.push(text);
    }
  }
  return out;
}
