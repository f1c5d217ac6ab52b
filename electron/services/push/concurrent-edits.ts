// runtime: node
/**
 * After the writes of a group of field updates: did anyone edit one of the fields written
 * between its before-image read and the write? amoCRM has no conditional write, so this is
 * checked afterwards in the account's events (GET /api/v4/events, doc §17): an event on the
 * entity at or after the read's second and before the write's second, about a field the
 * write set, that this run did not cause, marks the operation "possibly overwrote a
 * concurrent edit", with the written fields' values from the before-image. Only whole
 * seconds are known, so an edit in the same second as the write goes unseen; when read and
 * write fall in the same second there is nothing to ask.
 */
import type { SqliteDb } from '../db/open';
import * as journal from '../plan/journal';
import type { AmoClient, ApiObject } from './amo';

const obj = (v: unknown): ApiObject | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as ApiObject) : null);

/** Checks the batches' applied operations; answers how many events pages it read. */
export async function checkConcurrentEdits(
  db: SqliteDb,
  client: AmoClient,
  batchIds: readonly number[],
  ownWriteBeforeRead: ReadonlyMap<number, number>,
  signal: { signal?: AbortSignal },
): Promise<number> {
  if (batchIds.length === 0) return 0;
  const open = journal.appliedWithImages(db, batchIds).filter((r) => r.sent !== null && r.sent > r.taken);
  if (open.length === 0) return 0;
  const entity = EVENT_ENTITY[open[0]!.entity_type];
  if (!entity) return 0;
  const byId = new Map(open.map((r) => [r.entity_id, r]));
  const from = Math.min(...open.map((r) => r.taken));
  const to = Math.max(...open.map((r) => r.sent!)) - 1;
  const found = new Map<number, ApiObject[]>();
  let pages = 0;
  for await (const page of client.paginate<ApiObject>(
    '/api/v4/events',
    'events',
    { 'filter[entity]': entity, 'filter[entity_id]': [...byId.keys()].join(','), 'filter[created_at][from]': from, 'filter[created_at][to]': to, limit: 100 },
    signal,
  )) {
    pages++;
    for (const e of page.items) {
      const op = byId.get(Number(e.entity_id));
      const at = Number(e.created_at);
      if (!op || !(at >= op.taken && at < op.sent!)) continue;
      // an event this run caused (an earlier write to the entity, in the same second as this read)
      if (at <= (ownWriteBeforeRead.get(op.id) ?? Number.NEGATIVE_INFINITY)) continue;
      const item = obj(op.result ? (JSON.parse(op.result) as { item?: unknown }).item : null) ?? {};
      if (!touchesWrittenField(String(e.type), item)) continue;
      found.set(op.id, [...(found.get(op.id) ?? []), e]);
    }
  }
  if (found.size === 0) return pages;
  db.transaction(() => {
    for (const r of open) {
      const events = found.get(r.id);
      if (!events) continue;
      const item = obj(r.result ? (JSON.parse(r.result) as { item?: unknown }).item : null) ?? {};
      journal.finishOperation(db, r, 'applied', {
        possiblyOverwritten: {
          events: events.slice(0, 20).map((e) => ({ type: String(e.type), createdAt: Number(e.created_at), createdBy: typeof e.created_by === 'number' ? e.created_by : null })),
          before: writtenFieldsBefore(obj(JSON.parse(r.image)) ?? {}, item),
        },
      });
    }
  })();
  return pages;
}

/** filter[entity] of the events API per entity type (doc §17) */
const EVENT_ENTITY: Record<string, string | undefined> = { leads: 'lead', contacts: 'contact', companies: 'company', tasks: 'task' };

/** Event types that change one known field, and that field's key in a write item. */
const EVENT_FIELD: Record<string, string> = {
  name_field_changed: 'name',
  sale_field_changed: 'price',
  lead_status_changed: 'status_id',
  entity_responsible_changed: 'responsible_user_id',
  entity_tag_added: 'tags',
  entity_tag_deleted: 'tags',
};

/** The keys a write item sets: its top-level fields, "tags", and "cf:<field id>" per custom field. */
function writtenKeys(item: ApiObject): Set<string> {
  const keys = new Set<string>();
  for (const k of Object.keys(item)) if (k !== 'id' && k !== '_embedded' && k !== 'custom_fields_values') keys.add(k);
  if (obj(item._embedded)?.tags !== undefined) keys.add('tags');
  for (const f of Array.isArray(item.custom_fields_values) ? item.custom_fields_values : []) keys.add(`cf:${String(obj(f)?.field_id)}`);
  return keys;
}

/**
 * Does an event say that a field this write set was changed? Field events are matched on their
 * field; other change events (unknown types) count too, to be safe; notes, calls, messages,
 * links and task events do not change an entity's fields.
 */
function touchesWrittenField(type: string, item: ApiObject): boolean {
  const keys = writtenKeys(item);
  const cf = /^custom_field_(\d+)_value_changed$/.exec(type);
  if (cf) return keys.has(`cf:${cf[1]}`);
  if (type === 'custom_field_value_changed') return [...keys].some((k) => k.startsWith('cf:'));
  const field = EVENT_FIELD[type];
  if (field) return keys.has(field) || (field === 'status_id' && keys.has('pipeline_id'));
  if (/(_note_added|_note_deleted|_call|_mail|_message|_sms|_linked|_unlinked|_added|_deleted|_restored|^task_|_replied|_identified|_followed|_completed)$/.test(type) || /^(incoming|outgoing)_|^task_/.test(type))
    return false;
  return type.endsWith('_changed');
}

/** The before-image's values of the fields a write set: what to put back to undo it by hand. */
function writtenFieldsBefore(image: ApiObject, item: ApiObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of writtenKeys(item)) {
    if (k === 'tags') out.tags = obj(image._embedded)?.tags ?? [];
    else if (k.startsWith('cf:')) {
      const id = Number(k.slice(3));
      const f = (Array.isArray(image.custom_fields_values) ? image.custom_fields_values : []).map(obj).find((x) => Number(x?.field_id) === id);
      out[k] = f?.values ?? null;
    } else out[k] = image[k] ?? null;
  }
  return out;
}
