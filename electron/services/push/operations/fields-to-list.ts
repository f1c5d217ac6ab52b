// runtime: node
/** fields.to_list on one entity: its text value copied into the list field (made by fields.ensure) as an enum. */
import { AppError } from '../../../../shared/api/result';
import type { SqliteDb } from '../../db/open';
import { fieldById, fieldNamesOf, liveEntityIds } from '../../snapshot/store';
import { valuesOfField } from '../../plan/snapshot-reads';
import { fieldValues, sameValues } from '../../plan/transforms';
import type { EnsureFieldParams, FieldsToListParams, FieldValue, NewOperation, OperationRow, OpRef } from '../../plan/types';
import type { ApiObject } from '../amo';
import { parseParams, type PushOperation } from './contract';
import { patchOperation, type Built } from './carriers/patch';
import { z } from 'zod';
import { id, opRef } from './carriers/params';

function build(op: OperationRow, current: ApiObject): Built {
  const p = parseParams<FieldsToListParams>(op);
  const text = fieldValues(current, p.sourceFieldId)[0]?.value;
  if (String(text ?? '').trim() !== p.source) return { conflict: 'the text value changed since the snapshot' };
  if (p.fieldId === null || p.enumId === null) return { conflict: `the list field has no option "${p.target}"` };
  const want: FieldValue[] = [{ value: p.target, enum_id: p.enumId }];
  if (sameValues(fieldValues(current, p.fieldId), want)) return { noop: 'the list field already holds this value' };
  return { item: { custom_fields_values: [{ field_id: p.fieldId, values: want }] } };
}

/** Types fields.to_list turns into a list. */
const TEXT_TYPES = new Set(['text', 'textarea']);

/**
 * fields.to_list: a select (list) field named "<name> (список)" (or `name`) made from a text
 * field's distinct trimmed values, mapped through `mapping` (text → list value; identity by
 * default; null leaves that text out), then each entity's value copied into it by enum id.
 * The text field is kept (deleting it is a separate fields.delete). The mapping is stored in
 * the fields.ensure operation that creates the list.
 */
function buildPlan(db: SqliteDb, options: { field: number; name?: string; mapping?: Record<string, string | null> }): NewOperation[] {
  const field = fieldById(db, options.field);
  if (!field) throw new AppError('NOT_FOUND', `No custom field ${options.field} in this snapshot.`);
  if (!TEXT_TYPES.has(field.type ?? '')) throw new AppError('BAD_INPUT', `Field ${field.id} (${field.name ?? ''}) is of type ${field.type ?? '?'}: only a text field can become a list.`);
  const name = (options.name ?? `${(field.name ?? `Поле ${field.id}`).trim()} (список)`).trim();
  if (name === '') throw new AppError('BAD_INPUT', 'The list field needs a name.');
  const key = name.toLocaleLowerCase('ru');
  const clash = fieldNamesOf(db, field.entity_type).filter(
    (f) => (f.name ?? '').trim().toLocaleLowerCase('ru') === key,
  );
  if (clash.length > 0) throw new AppError('CONFLICT', `${field.entity_type} already have a field named "${name}" (id ${clash[0]!.id}); give the list another name.`);
  const mapping: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(options.mapping ?? {})) {
    if (v !== null && typeof v !== 'string') throw new AppError('BAD_INPUT', `The mapping of "${k}" must be a text or null.`);
    mapping[k.trim()] = v === null ? null : v.trim() || null;
  }
  const perEntity: { entityId: number; source: string; target: string }[] = [];
  const used = new Map<string, number>();
  const sources = new Set<string>();
  const live = new Set(liveEntityIds(db, field.entity_type));
  for (const [entityId, values] of valuesOfField(db, field.entity_type, field.id)) {
    if (!live.has(entityId)) continue;
    const source = String(values[0]?.value ?? '').trim();
    if (source === '') continue;
    sources.add(source);
    const target = source in mapping ? mapping[source] : source;
    if (target === null || target === undefined) continue;
    perEntity.push({ entityId, source, target });
    used.set(target, (used.get(target) ?? 0) + 1);
  }
  if (perEntity.length === 0) throw new AppError('NOT_FOUND', `Field ${field.id} (${field.name ?? ''}) holds no value to turn into a list.`);
  const targets = [...used.keys()].sort((a, b) => a.localeCompare(b, 'ru'));
  const ref: OpRef = { kind: 'fields.ensure', entityType: field.entity_type, entityId: field.id };
  const source = `fields.to_list:${field.id}`;
  return [
    {
      kind: 'fields.ensure',
      entityType: field.entity_type,
      entityId: field.id,
      params: {
        fieldEntity: field.entity_type,
        definition: { name, type: 'select', enums: targets.map((value, i) => ({ value, sort: (i + 1) * 10 })) },
        sourceFieldId: field.id,
        mapping: Object.fromEntries([...sources].sort((a, b) => a.localeCompare(b, 'ru')).map((k) => [k, k in mapping ? (mapping[k] ?? null) : k])),
      } satisfies EnsureFieldParams,
      source,
    },
    ...perEntity.map((e) => ({
      kind: 'fields.to_list' as const,
      entityType: field.entity_type,
      entityId: e.entityId,
      params: { sourceFieldId: field.id, source: e.source, target: e.target, fieldFrom: ref, requires: ref, fieldId: null, enumId: null } satisfies FieldsToListParams,
      source,
    })),
  ];
}

const fieldsToList = patchOperation({
  kind: 'fields.to_list',
  build,
  resolveParams(op, made) {
    if (!made) return null;
    const p = parseParams<FieldsToListParams>(op);
    if (p.fieldId !== null) return null;
    return JSON.stringify({ ...p, fieldId: made.fieldId, enumId: made.enums[p.target] ?? null });
  },
  dryRunItem(op, raw) {
    const p = parseParams<FieldsToListParams>(op);
    if (!raw || p.fieldId !== null) return undefined;
    // the list field is created by the push: built with its value instead of the enum id
    const built = build({ ...op, params: JSON.stringify({ ...p, fieldId: -1, enumId: -1 }) }, raw);
    return 'item' in built ? { id: op.entity_id, custom_fields_values: [{ field_id: '(new)', values: [{ value: p.target }] }] } : null;
  },
});

/** the payload of this kind (an operation's params), checked before it is stored */
const schema: z.ZodType<FieldsToListParams> = z.object({ sourceFieldId: id, source: z.string(), target: z.string(), fieldFrom: opRef, requires: opRef, fieldId: id.nullable(), enumId: id.nullable() });

export default {
  ...fieldsToList,
  params: schema,
  plan: {
    request: 'fields.to_list',
    usage: `fields.to_list --field ID [--name NAME] [--mapping FILE.json]
                                        a list (select) field "<name> (список)" made from a text
                                        field's distinct values, each card's value copied into it;
                                        FILE.json maps a (trimmed) text to a list value, or to null
                                        to leave it out (default: the text itself). The text field
                                        is kept`,
    needs: ['field'],
    build: (db, r) => buildPlan(db, { field: r.field!, ...(r.name ? { name: r.name } : {}), ...(r.mapping ? { mapping: r.mapping } : {}) }),
  },
} satisfies PushOperation;
