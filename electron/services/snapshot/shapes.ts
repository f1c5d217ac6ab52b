// runtime: node
/**
 * "Shapes not understood": what the snapshot met in amoCRM's answers that this version of
 * AmoSweep does not know. Nothing is dropped: every object is stored whole in its `raw`
 * column (an item without a usable id, which has no row, is kept in the report itself), and
 * the report lists each unknown shape once with a count and one example.
 *
 * Kinds:
 * - unknown_key: a top-level key the API models of doc §9–§17 do not list;
 * - unknown_field_type: a custom field (definition or value) of a type not in doc §10;
 * - unknown_note_type: a note type not in doc §16 [PHP:src/AmoCRM/Models/Factories/NoteFactory.php];
 * - number_as_string: a number sent as a string (read as the number);
 * - unexpected_type: a value of another JSON type than expected (read as missing);
 * - item_without_id: an item with no usable id (kept raw here, not written as a row).
 *
 * The report lives in the snapshot's meta table (key `shapes_not_understood`, JSON), updated
 * with the page that met the shape, in the page's transaction.
 */
import type { CollectionFile } from '../../../shared/amo/wire';
import type { SqliteDb } from '../db/open';
import { readMeta, writeMeta } from './meta';

export type ShapeKind = 'unknown_key' | 'unknown_field_type' | 'unknown_note_type' | 'number_as_string' | 'unexpected_type' | 'item_without_id';

export interface ShapeNote {
  /** the collection (fixture file name: leads, contacts_notes, …) or 'account' */
  collection: string;
  kind: ShapeKind;
  /** the key, type or path concerned */
  path: string;
  count: number;
  /** one example: the value (or the whole item for item_without_id), JSON, at most EXAMPLE_CHARS */
  example: string;
}

export const SHAPES_META_KEY = 'shapes_not_understood';
const EXAMPLE_CHARS = 400;
/** an item without an id has no row: its raw JSON is kept here whole (up to this size) */
const RAW_ITEM_CHARS = 100_000;
const MAX_NOTES = 500;

const ENTITY_COMMON = ['id', 'name', 'responsible_user_id', 'group_id', 'created_by', 'updated_by', 'created_at', 'updated_at', 'closest_task_at', 'is_deleted', 'custom_fields_values', 'account_id', '_links', '_embedded'];
const NOTE_KEYS = ['id', 'entity_id', 'created_by', 'updated_by', 'created_at', 'updated_at', 'responsible_user_id', 'group_id', 'note_type', 'params', 'account_id', 'is_editable', 'is_pinned', 'is_needs_to_trigger_digital_pipeline', '_links', '_embedded'];
const FIELD_KEYS = ['id', 'name', 'type', 'account_id', 'code', 'sort', 'is_api_only', 'enums', 'group_id', 'required_statuses', 'is_deletable', 'is_predefined', 'entity_type', 'remind', 'triggers', 'currency', 'hidden_statuses', 'tracking_callback', 'chained_lists', 'search_in', 'nested', 'is_visible', 'is_required', 'settings', '_links'];

/** Top-level keys of the API models (doc §9 leads, §9 contacts/companies, §12 tasks, §13 users, §16 notes, §17 events, §10 fields). */
const KNOWN_KEYS: Partial<Record<CollectionFile, ReadonlySet<string>>> = {
  leads: new Set([...ENTITY_COMMON, 'price', 'status_id', 'pipeline_id', 'loss_reason_id', 'source_id', 'closed_at', 'score', 'labor_cost', 'is_price_modified_by_robot', 'is_price_computed']),
  contacts: new Set([...ENTITY_COMMON, 'first_name', 'last_name', 'is_unsorted']),
  companies: new Set(ENTITY_COMMON),
  tasks: new Set(['id', 'created_by', 'updated_by', 'created_at', 'updated_at', 'responsible_user_id', 'group_id', 'entity_id', 'entity_type', 'duration', 'is_completed', 'task_type_id', 'text', 'result', 'complete_till', 'account_id', '_links']),
  users: new Set(['id', 'name', 'email', 'lang', 'rights', 'uuid', 'amojo_id', 'user_rank', 'phone_number', '_links', '_embedded']),
  events: new Set(['id', 'type', 'entity_id', 'entity_type', 'created_by', 'created_at', 'value_after', 'value_before', 'account_id', '_links', '_embedded']),
  leads_notes: new Set(NOTE_KEYS),
  contacts_notes: new Set(NOTE_KEYS),
  companies_notes: new Set(NOTE_KEYS),
  leads_custom_fields: new Set(FIELD_KEYS),
  contacts_custom_fields: new Set(FIELD_KEYS),
  companies_custom_fields: new Set(FIELD_KEYS),
};

/** Custom field types of doc §10 ([PHP:src/AmoCRM/Models/CustomFields/CustomFieldModel.php] type constants). */
export const KNOWN_FIELD_TYPES: ReadonlySet<string> = new Set([
  'text', 'numeric', 'checkbox', 'select', 'multiselect', 'multitext', 'date', 'url', 'textarea', 'radiobutton', 'streetaddress',
  'smart_address', 'birthday', 'legal_entity', 'date_time', 'price', 'category', 'items', 'tracking_data', 'linked_entity',
  'chained_list', 'monetary', 'file', 'payer', 'supplier',
]);

/** Note types of doc §16 [PHP:src/AmoCRM/Models/Factories/NoteFactory.php]. */
export const KNOWN_NOTE_TYPES: ReadonlySet<string> = new Set([
  'common', 'call_in', 'call_out', 'service_message', 'extended_service_message', 'message_cashier', 'geolocation', 'sms_in', 'sms_out',
  'attachment', 'amomail_message', 'site_visit', 'targeting_in', 'targeting_out', 'transaction', 'invoice_paid', 'bill_paid',
  'zoom_meeting', 'dropbox_attachment', 'link_followed', 'ai_result', 'chat',
]);

/** Keys whose value is a number (or null) in every answer; a string there is noted. */
const NUMERIC_KEYS: ReadonlySet<string> = new Set([
  'id', 'price', 'status_id', 'pipeline_id', 'responsible_user_id', 'created_by', 'updated_by', 'created_at', 'updated_at', 'closed_at',
  'closest_task_at', 'loss_reason_id', 'entity_id', 'task_type_id', 'complete_till', 'group_id', 'account_id', 'sort',
]);

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const jsonOf = (v: unknown, max: number): string => {
  let text: string;
  try {
    text = JSON.stringify(v) ?? 'null';
  } catch {
    text = String(v);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

/** Collects notes for one batch of items; `flush` merges them into the file's report. */
export class ShapeCollector {
  private readonly notes = new Map<string, ShapeNote>();

  add(collection: string, kind: ShapeKind, path: string, example: unknown): void {
    const key = `${collection}\u0000${kind}\u0000${path}`;
    const hit = this.notes.get(key);
    if (hit) hit.count++;
    else this.notes.set(key, { collection, kind, path, count: 1, example: jsonOf(example, kind === 'item_without_id' ? RAW_ITEM_CHARS : EXAMPLE_CHARS) });
  }

  get size(): number {
    return this.notes.size;
  }

  list(): ShapeNote[] {
    return [...this.notes.values()];
  }

  /** Looks at one API object of `collection` (never throws). Returns false when the item has no usable id. */
  inspect(collection: CollectionFile, item: Record<string, unknown>, hasId: boolean): boolean {
    const known = KNOWN_KEYS[collection];
    for (const [key, value] of Object.entries(item)) {
      if (known && !known.has(key)) this.add(collection, 'unknown_key', key, value);
      if (NUMERIC_KEYS.has(key) && typeof value === 'string') {
        // event ids and custom field group ids (also a field's group_id) are strings by design (doc §10, §17)
        const stringByDesign = (key === 'id' && (collection === 'events' || collection.endsWith('_groups'))) || (key === 'group_id' && collection.endsWith('_custom_fields'));
        if (!stringByDesign) this.add(collection, 'number_as_string', key, value);
      }
    }
    if (!hasId) this.add(collection, 'item_without_id', 'id', item);
    if (collection.endsWith('_custom_fields') && typeof item.type === 'string' && !KNOWN_FIELD_TYPES.has(item.type)) {
      this.add(collection, 'unknown_field_type', item.type, item);
    }
    if (collection.endsWith('_notes') && typeof item.note_type === 'string' && !KNOWN_NOTE_TYPES.has(item.note_type)) {
      this.add(collection, 'unknown_note_type', item.note_type, item.params ?? null);
    }
    const values = item.custom_fields_values;
    if (values !== undefined && values !== null) {
      if (!Array.isArray(values)) this.add(collection, 'unexpected_type', 'custom_fields_values', values);
      else {
        for (const f of values) {
          if (!isObj(f)) {
            this.add(collection, 'unexpected_type', 'custom_fields_values[]', f);
            continue;
          }
          if (typeof f.field_type === 'string' && !KNOWN_FIELD_TYPES.has(f.field_type)) this.add(collection, 'unknown_field_type', f.field_type, f);
          if (typeof f.field_id === 'string') this.add(collection, 'number_as_string', 'custom_fields_values[].field_id', f.field_id);
          if (f.values !== undefined && f.values !== null && !Array.isArray(f.values)) this.add(collection, 'unexpected_type', 'custom_fields_values[].values', f.values);
        }
      }
    }
    const emb = item._embedded;
    if (emb !== undefined && emb !== null && !isObj(emb)) this.add(collection, 'unexpected_type', '_embedded', emb);
    return hasId;
  }

  /** Merges the collected notes into the file's report (meta). Call inside the page's transaction. */
  flush(db: SqliteDb): void {
    if (this.notes.size === 0) return;
    const merged = readShapeReport(db);
    const index = new Map(merged.map((n) => [`${n.collection}\u0000${n.kind}\u0000${n.path}`, n]));
    for (const [key, note] of this.notes) {
      const hit = index.get(key);
      if (hit) hit.count += note.count;
      else if (index.size < MAX_NOTES) {
        index.set(key, { ...note });
      }
    }
    writeMeta(db, SHAPES_META_KEY, JSON.stringify([...index.values()]));
    this.notes.clear();
  }
}

/** The file's report (empty when everything was understood). Never throws on a damaged value. */
export function readShapeReport(db: SqliteDb): ShapeNote[] {
  const value = readMeta(db, SHAPES_META_KEY);
  if (!value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (n): n is ShapeNote => isObj(n) && typeof n.collection === 'string' && typeof n.kind === 'string' && typeof n.path === 'string' && typeof n.count === 'number' && typeof n.example === 'string',
    );
  } catch {
    return [];
  }
}
