// runtime: node
/**
 * Turns a request ("fill the loss reasons of lost deals", "detach tag X from contacts") into
 * plan operations, validated against the snapshot and against what the public API can do.
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { fieldValues, normalizePhoneValues, sameValues, splitStuffedValues } from './transforms';
import type {
  CrmEntity,
  EnsureFieldParams,
  FieldsToListParams,
  FieldValue,
  FieldsDeleteParams,
  FieldValuesParams,
  FillLossReasonParams,
  NewOperation,
  OpRef,
  TagsDetachParams,
  TasksCreateParams,
} from './types';
import { accountLossReasons, suggestLossReasons } from './loss-reason-suggest';

const WON = 142;
const LOST = 143;

/** Lost deals without a loss reason (the finding leads.lost_without_reason), or those of them among `ids`. */
export function lostDealsWithoutReason(db: SqliteDb, ids?: readonly number[]): { id: number; pipeline_id: number | null }[] {
  const rows = db
    .prepare(
      `SELECT id, pipeline_id FROM leads WHERE is_deleted = 0 AND status_id = ${LOST}
         AND (loss_reason_id IS NULL OR loss_reason_id = 0) ORDER BY id`,
    )
    .all() as { id: number; pipeline_id: number | null }[];
  const wanted = ids ? new Set(ids) : null;
  return wanted ? rows.filter((r) => wanted.has(r.id)) : rows;
}

/** One of the account's loss reasons, by name (case-insensitive) or id. */
function findLossReason(db: SqliteDb, wanted: string): { id: number; name: string } {
  const all = accountLossReasons(db);
  const wantedName = wanted.trim().toLocaleLowerCase('ru');
  const byName = all.find((r) => r.name.trim().toLocaleLowerCase('ru') === wantedName);
  const byId = /^\d+$/.test(wanted.trim()) ? all.find((r) => r.id === Number(wanted.trim())) : undefined;
  const reason = byName ?? byId;
  if (!reason) throw new AppError('NOT_FOUND', `No loss reason "${wanted}" in this account. Known: ${all.map((r) => r.name).join(', ') || '(none)'}.`);
  return reason;
}

/**
 * fill.loss_reason: lost deals without a reason (finding leads.lost_without_reason), or the given
 * deals. Every deal gets `reason`; with `suggest`, a deal whose notes point to one of the
 * account's reasons gets that one instead (see loss-reason-suggest.ts), and without `reason`
 * the deals with no suggestion are left out.
 */
/**
 * fill.loss_reason never invents a reason: a deal gets the reason suggested by its own notes
 * (suggest: true, unless that suggestion is rejected), or the reason the admin chose explicitly
 * (reason); a deal with neither, or whose suggestion was rejected, is left out.
 */
export function buildFillLossReason(db: SqliteDb, options: { reason?: string; ids?: readonly number[]; suggest?: boolean; reject?: readonly number[] }): NewOperation[] {
  if (!options.reason && !options.suggest) throw new AppError('BAD_INPUT', 'fill.loss_reason needs a reason, or suggestions from the notes.');
  const fallback = options.reason ? findLossReason(db, options.reason) : null;
  const deals = lostDealsWithoutReason(db, options.ids);
  const suggested = new Map<number, number>();
  if (options.suggest) {
    for (const s of suggestLossReasons(db, deals.map((d) => d.id))) if (s.reasonId !== null) suggested.set(s.leadId, s.reasonId);
  }
  const source = options.ids ? 'selection' : 'finding:leads.lost_without_reason';
  const ops: NewOperation[] = [];
  const rejected = new Set(options.reject ?? []);
  for (const r of deals) {
    if (rejected.has(r.id)) continue;
    const fromNotes = suggested.get(r.id);
    const lossReasonId = fromNotes ?? fallback?.id;
    if (lossReasonId === undefined) continue;
    ops.push({
      kind: 'fill.loss_reason',
      entityType: 'leads',
      entityId: r.id,
      params: { lossReasonId, pipelineId: r.pipeline_id } satisfies FillLossReasonParams,
      source: fromNotes !== undefined ? `${source}+notes` : source,
    });
  }
  return ops;
}

interface FieldRef {
  entity: CrmEntity;
  id: number;
  kind: 'phone' | 'email';
}

function contactFields(db: SqliteDb, kinds: readonly ('phone' | 'email')[]): FieldRef[] {
  const rows = db
    .prepare(
      `SELECT entity_type, id, code, type FROM custom_fields WHERE entity_type IN ('contacts', 'companies') AND code IN ('PHONE', 'EMAIL')`,
    )
    .all() as { entity_type: CrmEntity; id: number; code: string }[];
  const fields: FieldRef[] = rows.map((r) => ({ entity: r.entity_type, id: r.id, kind: r.code === 'PHONE' ? 'phone' : 'email' }));
  // a snapshot without field definitions still knows the codes from the values
  const seen = new Set(fields.map((f) => `${f.entity}:${f.id}`));
  for (const r of db
    .prepare(
      `SELECT DISTINCT entity_type, field_id, field_code FROM field_values WHERE entity_type IN ('contacts', 'companies') AND field_code IN ('PHONE', 'EMAIL')`,
    )
    .all() as { entity_type: CrmEntity; field_id: number; field_code: string }[]) {
    if (!seen.has(`${r.entity_type}:${r.field_id}`)) fields.push({ entity: r.entity_type, id: r.field_id, kind: r.field_code === 'PHONE' ? 'phone' : 'email' });
  }
  return fields.filter((f) => kinds.includes(f.kind));
}

function fieldValueOps(
  db: SqliteDb,
  kind: 'normalize.phones' | 'split.stuffed',
  fields: FieldRef[],
  transform: (values: FieldValue[], f: FieldRef) => FieldValue[],
): NewOperation[] {
  const ops: NewOperation[] = [];
  for (const entity of ['contacts', 'companies'] as const) {
    const mine = fields.filter((f) => f.entity === entity);
    if (mine.length === 0) continue;
    const ids = db
      .prepare(
        `SELECT DISTINCT v.entity_id AS id FROM field_values v JOIN ${entity} e ON e.id = v.entity_id AND e.is_deleted = 0
         WHERE v.entity_type = ? AND v.field_id IN (${mine.map(() => '?').join(',')}) ORDER BY v.entity_id`,
      )
      .all(entity, ...mine.map((f) => f.id)) as { id: number }[];
    const raw = db.prepare(`SELECT raw FROM ${entity} WHERE id = ?`);
    for (const { id } of ids) {
      const row = raw.get(id) as { raw: string } | undefined;
      if (!row) continue;
      const entityObj = JSON.parse(row.raw) as Record<string, unknown>;
      const changed = mine.filter((f) => {
        const before = fieldValues(entityObj, f.id);
        return before.length > 0 && !sameValues(before, transform(before, f));
      });
      if (changed.length === 0) continue;
      ops.push({
        kind,
        entityType: entity,
        entityId: id,
        params: { fields: changed.map((f) => ({ id: f.id, kind: f.kind })) } satisfies FieldValuesParams,
        source: kind === 'split.stuffed' ? 'finding:stuffed.phone+stuffed.email' : 'finding:phones.format',
      });
    }
  }
  return ops;
}

/** normalize.phones: every contact or company with a phone value not yet in +7 XXX XXX-XX-XX. */
export function buildNormalizePhones(db: SqliteDb): NewOperation[] {
  return fieldValueOps(db, 'normalize.phones', contactFields(db, ['phone']), (values) => normalizePhoneValues(values));
}

/** split.stuffed: every card with a phone or e-mail value that holds several numbers (addresses). */
export function buildSplitStuffed(db: SqliteDb): NewOperation[] {
  return fieldValueOps(db, 'split.stuffed', contactFields(db, ['phone', 'email']), (values, f) => splitStuffedValues(values, f.kind));
}

/** tags.detach: remove one tag (by name or id) from every entity of one type that carries it. */
export function buildTagsDetach(db: SqliteDb, options: { tag: string; entity: CrmEntity }): NewOperation[] {
  const tag = db
    .prepare('SELECT id, name FROM tags WHERE entity_type = ? AND (name = ? OR CAST(id AS TEXT) = ?) ORDER BY id LIMIT 1')
    .get(options.entity, options.tag, options.tag) as { id: number; name: string } | undefined;
  if (!tag) throw new AppError('NOT_FOUND', `No tag "${options.tag}" on ${options.entity} in this snapshot.`);
  const ids = db
    .prepare(
      `SELECT t.entity_id AS id FROM entity_tags t JOIN ${options.entity} e ON e.id = t.entity_id AND e.is_deleted = 0
       WHERE t.entity_type = ? AND t.tag_id = ? ORDER BY t.entity_id`,
    )
    .all(options.entity, tag.id) as { id: number }[];
  return ids.map(({ id }) => ({
    kind: 'tags.detach' as const,
    entityType: options.entity,
    entityId: id,
    params: { tagId: tag.id, tagName: tag.name } satisfies TagsDetachParams,
    source: `tag:${tag.name}`,
  }));
}

/**
 * Every value of a field in the snapshot, per entity, as the API wrote them (typed: a checkbox's
 * boolean, a date's timestamp; enum ids and codes kept), from the entities' raw JSON.
 */
function valuesOfField(db: SqliteDb, entity: CrmEntity, fieldId: number): Map<number, FieldValue[]> {
  const byEntity = new Map<number, FieldValue[]>();
  const raw = db.prepare(`SELECT raw FROM ${entity} WHERE id = ?`);
  for (const r of db
    .prepare('SELECT DISTINCT entity_id FROM field_values WHERE entity_type = ? AND field_id = ? ORDER BY entity_id')
    .all(entity, fieldId) as { entity_id: number }[]) {
    const row = raw.get(r.entity_id) as { raw: string } | undefined;
    const fromRaw = row ? fieldValues(JSON.parse(row.raw) as Record<string, unknown>, fieldId) : [];
    if (fromRaw.length > 0) byEntity.set(r.entity_id, fromRaw);
    else {
      // no raw copy: the values table (text only)
      const list = (db.prepare('SELECT value, enum_id FROM field_values WHERE entity_type = ? AND field_id = ? AND entity_id = ? ORDER BY idx').all(entity, fieldId, r.entity_id) as {
        value: string | null;
        enum_id: number | null;
      }[]).map((v) => (v.enum_id !== null ? { value: v.value, enum_id: v.enum_id } : { value: v.value }));
      byEntity.set(r.entity_id, list);
    }
  }
  return byEntity;
}

/** fields.delete: a custom field, with every value it still holds saved in the plan (and the journal). */
export function buildFieldsDelete(db: SqliteDb, options: { field: number }): NewOperation[] {
  const field = db.prepare('SELECT entity_type, id, name, type, is_deletable FROM custom_fields WHERE id = ?').get(options.field) as
    | { entity_type: CrmEntity; id: number; name: string | null; type: string | null; is_deletable: number }
    | undefined;
  if (!field) throw new AppError('NOT_FOUND', `No custom field ${options.field} in this snapshot.`);
  if (field.is_deletable === 0) throw new AppError('CONFLICT', `Field ${field.id} (${field.name ?? ''}) is predefined: amoCRM does not let it be deleted.`);
  const byEntity = valuesOfField(db, field.entity_type, field.id);
  return [
    {
      kind: 'fields.delete',
      entityType: 'custom_fields',
      entityId: field.id,
      params: {
        fieldEntity: field.entity_type,
        name: field.name,
        type: field.type,
        values: [...byEntity].map(([entityId, values]) => ({ entityId, values })),
      } satisfies FieldsDeleteParams,
      source: byEntity.size === 0 ? 'finding:fields.unused' : 'selection',
    },
  ];
}

/** tasks.create: a follow-up task on every active deal without an open task (finding leads.active_without_task). */
export function buildTasksCreate(
  db: SqliteDb,
  options: { text: string; dueDays: number; taskTypeId?: number; now?: number; ids?: readonly number[] },
): NewOperation[] {
  const nowSec = options.now ?? Math.floor(Date.now() / 1000);
  // a due date at 12:00 UTC, N days ahead: the same for every deal of the operation
  const completeTill = Math.floor(nowSec / 86400) * 86400 + options.dueDays * 86400 + 12 * 3600;
  const rows = db
    .prepare(
      `SELECT l.id, l.responsible_user_id FROM leads l WHERE l.is_deleted = 0 AND coalesce(l.status_id, 0) NOT IN (${WON}, ${LOST})
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.entity_type = 'leads' AND t.entity_id = l.id AND t.is_completed = 0)
       ORDER BY l.id`,
    )
    .all() as { id: number; responsible_user_id: number | null }[];
  const wanted = options.ids ? new Set(options.ids) : null;
  return rows
    .filter((r) => !wanted || wanted.has(r.id))
    .map((r) => ({
      kind: 'tasks.create' as const,
      entityType: 'leads' as const,
      entityId: r.id,
      params: {
        text: options.text,
        completeTill,
        taskTypeId: options.taskTypeId ?? 1,
        responsibleUserId: r.responsible_user_id,
      } satisfies TasksCreateParams,
      source: 'finding:leads.active_without_task',
    }));
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
export function buildFieldsToList(db: SqliteDb, options: { field: number; name?: string; mapping?: Record<string, string | null> }): NewOperation[] {
  const field = db.prepare('SELECT entity_type, id, name, type FROM custom_fields WHERE id = ?').get(options.field) as
    | { entity_type: CrmEntity; id: number; name: string | null; type: string | null }
    | undefined;
  if (!field) throw new AppError('NOT_FOUND', `No custom field ${options.field} in this snapshot.`);
  if (!TEXT_TYPES.has(field.type ?? '')) throw new AppError('BAD_INPUT', `Field ${field.id} (${field.name ?? ''}) is of type ${field.type ?? '?'}: only a text field can become a list.`);
  const name = (options.name ?? `${(field.name ?? `Поле ${field.id}`).trim()} (список)`).trim();
  if (name === '') throw new AppError('BAD_INPUT', 'The list field needs a name.');
  const key = name.toLocaleLowerCase('ru');
  const clash = (db.prepare('SELECT id, name FROM custom_fields WHERE entity_type = ?').all(field.entity_type) as { id: number; name: string | null }[]).filter(
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
  const live = new Set((db.prepare(`SELECT id FROM ${field.entity_type} WHERE is_deleted = 0`).all() as { id: number }[]).map((r) => r.id));
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
