// runtime: node
/** Custom fields, their enums and the field values of every entity: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';
import { PAIRS } from './pairs';

export interface FieldDefRow {
  entityType: string;
  id: number;
  name: string;
  type: string | null;
  code: string | null;
}

/** The fields of leads, contacts and companies, by entity type, sort, id (a null name reads as ''). */
export function cardAndLeadFieldDefs(db: DbReader): FieldDefRow[] {
  return db
    .prepare(
      `SELECT entity_type AS entityType, id, coalesce(name, '') AS name, type, code FROM custom_fields
           WHERE entity_type IN ('leads', 'contacts', 'companies') ORDER BY entity_type, sort, id`,
    )
    .all() as FieldDefRow[];
}

/** [entity type, field id] of the field definitions whose upper-cased code is `code`. */
export function fieldsWithCode(db: DbReader, code: string): [string, number][] {
  return db.prepare('SELECT entity_type, id FROM custom_fields WHERE upper(code) = ?').raw().all(code) as [string, number][];
}

/** [entity type, field id] of the values that carry the field code `code` or its lower-case form (a covering index range). */
export function valueFieldsWithCode(db: DbReader, code: string): [string, number][] {
  return db
    .prepare('SELECT DISTINCT entity_type, field_id FROM field_values WHERE field_code IN (?, ?)')
    .raw()
    .all(code, code.toLowerCase()) as [string, number][];
}

/** Every enum as [entity type, field id, enum id, value]. */
export function enumRows(db: DbReader): [string, number, number, string | null][] {
  return db.prepare('SELECT entity_type, field_id, id, value FROM custom_field_enums').raw().all() as [string, number, number, string | null][];
}

/** The distinct entity types that have field definitions. */
export function fieldEntityTypes(db: DbReader): string[] {
  return (db.prepare('SELECT DISTINCT entity_type FROM custom_fields').raw().all() as [string][]).map((r) => r[0]);
}

/** The distinct field ids that contacts have values of. */
export function contactValueFieldIds(db: DbReader): number[] {
  return (db.prepare("SELECT DISTINCT field_id FROM field_values WHERE entity_type = 'contacts'").raw().all() as [number][]).map((r) => r[0]);
}

/** The field type a contact field's values carry (for a field without definition): one prepared statement, asked per field. */
export function contactValueFieldType(db: DbReader): (fieldId: number) => string | undefined {
  const stmt = db
    .prepare("SELECT field_type FROM field_values WHERE entity_type = 'contacts' AND field_id = ? AND field_type IS NOT NULL LIMIT 1")
    .raw();
  return (fieldId) => (stmt.get(fieldId) as [string] | undefined)?.[0];
}

/** [entity id, field id, enum id, enum code, value] of one entity type's field values. */
export type FieldValueTuple = [number, number, number | null, string | null, string | null];

/**
 * Streams the field values of an entity type in primary-key order (entity, field, idx), so an
 * entity's values of one field are adjacent. One prepared statement, iterated per entity type:
 * rows are never all in memory.
 */
export function fieldValueStream(db: DbReader): (entityType: string) => IterableIterator<FieldValueTuple> {
  const stmt = db.prepare('SELECT entity_id, field_id, enum_id, enum_code, value FROM field_values WHERE entity_type = ?').raw();
  return (entityType) => stmt.iterate(entityType) as IterableIterator<FieldValueTuple>;
}

/** Cards (contacts, companies) ticked in a checkbox field named "Удалить" (any of its usual cases). */
export function cardsTickedForDeletion(db: DbReader): { t: string; id: number }[] {
  return db
    .prepare(
      `SELECT v.entity_type AS t, v.entity_id AS id FROM field_values v JOIN custom_fields f ON f.entity_type = v.entity_type AND f.id = v.field_id
         WHERE v.entity_type IN ('contacts', 'companies') AND f.type = 'checkbox' AND trim(f.name) IN ('Удалить', 'удалить', 'УДАЛИТЬ') AND v.value IN ('1', 'true')`,
    )
    .all() as { t: string; id: number }[];
}

/** Summary rows [entity type, id, name, type] of the [entity type, field id] pairs of `pairsJson`. */
export function fieldSummaries(db: DbReader, pairsJson: string): [string, number, string, string][] {
  return db
    .prepare(
      `SELECT f.entity_type, f.id, coalesce(f.name, ''), coalesce(f.type, '') FROM (${PAIRS}) k
   JOIN custom_fields f ON f.entity_type = k.a AND f.id = CAST(k.b AS INTEGER)`,
    )
    .raw()
    .all(pairsJson) as [string, number, string, string][];
}

/** Streams [entity id, value] of an entity type's non-null PHONE (or EMAIL) values, by entity, field, idx. */
export function commValueStream(db: DbReader, entityType: string, code: 'PHONE' | 'EMAIL'): IterableIterator<[number, string]> {
  const stmt =
    code === 'PHONE'
      ? db.prepare("SELECT entity_id, value FROM field_values WHERE entity_type = ? AND field_code = 'PHONE' AND value IS NOT NULL ORDER BY entity_id, field_id, idx")
      : db.prepare("SELECT entity_id, value FROM field_values WHERE entity_type = ? AND field_code = 'EMAIL' AND value IS NOT NULL ORDER BY entity_id, field_id, idx");
  return stmt.raw(true).iterate(entityType) as IterableIterator<[number, string]>;
}

/**
 * One entity's field values with the field's name (else its code, else "#id") and the enum's value
 * when the value itself is null, in the fields' sort order, then field id and idx.
 */
export function entityFieldValues(db: DbReader, entityType: string, id: number): { field_id: number; name: string; value: string; enum_code: string | null }[] {
  return db
    .prepare(
      `SELECT fv.field_id, coalesce(cf.name, fv.field_code, '#' || fv.field_id) AS name, coalesce(fv.value, e.value, '') AS value, fv.enum_code
       FROM field_values fv
       LEFT JOIN custom_fields cf ON cf.entity_type = fv.entity_type AND cf.id = fv.field_id
       LEFT JOIN custom_field_enums e ON e.entity_type = fv.entity_type AND e.field_id = fv.field_id AND e.id = fv.enum_id
       WHERE fv.entity_type = ? AND fv.entity_id = ?
       ORDER BY coalesce(cf.sort, 0), fv.field_id, fv.idx`,
    )
    .all(entityType, id) as { field_id: number; name: string; value: string; enum_code: string | null }[];
}

/** Every field definition as [entity type, id, type, code]. */
export function fieldDefCodes(db: DbReader): [string, number, string | null, string | null][] {
  return db.prepare('SELECT entity_type, id, type, code FROM custom_fields').raw().all() as [string, number, string | null, string | null][];
}

/** A field's name by entity type and id (undefined for an unknown field): one prepared statement, asked per field. */
export function fieldNameLookup(db: DbReader): (entityType: string, id: number) => { name: string | null } | undefined {
  const stmt = db.prepare('SELECT name FROM custom_fields WHERE entity_type = ? AND id = ?');
  return (entityType, id) => stmt.get(entityType, id) as { name: string | null } | undefined;
}

/** The PHONE and EMAIL field definitions of contacts and companies. */
export function cardCommFieldDefs(db: DbReader): { entity_type: 'contacts' | 'companies'; id: number; code: 'PHONE' | 'EMAIL'; type: string | null }[] {
  return db
    .prepare(`SELECT entity_type, id, code, type FROM custom_fields WHERE entity_type IN ('contacts', 'companies') AND code IN ('PHONE', 'EMAIL')`)
    .all() as { entity_type: 'contacts' | 'companies'; id: number; code: 'PHONE' | 'EMAIL'; type: string | null }[];
}

/** The PHONE and EMAIL fields of contacts and companies as their values name them (for a file without definitions). */
export function cardCommValueFields(db: DbReader): { entity_type: 'contacts' | 'companies'; field_id: number; field_code: 'PHONE' | 'EMAIL' }[] {
  return db
    .prepare(
      `SELECT DISTINCT entity_type, field_id, field_code FROM field_values WHERE entity_type IN ('contacts', 'companies') AND field_code IN ('PHONE', 'EMAIL')`,
    )
    .all() as { entity_type: 'contacts' | 'companies'; field_id: number; field_code: 'PHONE' | 'EMAIL' }[];
}

/** Ids of the live cards of a type with a value of one of `fieldIds`, by id. */
export function liveCardsWithValuesOf(db: DbReader, table: 'contacts' | 'companies', fieldIds: readonly number[]): number[] {
  return (
    db
      .prepare(
        `SELECT DISTINCT v.entity_id AS id FROM field_values v JOIN ${table} e ON e.id = v.entity_id AND e.is_deleted = 0
         WHERE v.entity_type = ? AND v.field_id IN (${fieldIds.map(() => '?').join(',')}) ORDER BY v.entity_id`,
      )
      .all(table, ...fieldIds) as { id: number }[]
  ).map((r) => r.id);
}

/** Ids of the entities of a type (deleted ones too) with a value of the field, by id. */
export function entitiesWithValuesOf(db: DbReader, entityType: string, fieldId: number): number[] {
  return (
    db.prepare('SELECT DISTINCT entity_id FROM field_values WHERE entity_type = ? AND field_id = ? ORDER BY entity_id').all(entityType, fieldId) as {
      entity_id: number;
    }[]
  ).map((r) => r.entity_id);
}

/** One entity's stored values of a field {value, enum_id}, by idx (text only: the raw JSON has them typed). */
export function storedFieldValues(db: DbReader, entityType: string, fieldId: number, entityId: number): { value: string | null; enum_id: number | null }[] {
  return db.prepare('SELECT value, enum_id FROM field_values WHERE entity_type = ? AND field_id = ? AND entity_id = ? ORDER BY idx').all(entityType, fieldId, entityId) as {
    value: string | null;
    enum_id: number | null;
  }[];
}

/** {id, code} of an entity type's PHONE and EMAIL fields, by id. */
export function commFieldsOf(db: DbReader, entityType: string): { id: number; code: 'PHONE' | 'EMAIL' }[] {
  return db.prepare("SELECT id, code FROM custom_fields WHERE entity_type = ? AND code IN ('PHONE', 'EMAIL') ORDER BY id").all(entityType) as {
    id: number;
    code: 'PHONE' | 'EMAIL';
  }[];
}

/** {id, name} of an entity type's checkbox fields. */
export function checkboxFieldsOf(db: DbReader, entityType: string): { id: number; name: string | null }[] {
  return db.prepare("SELECT id, name FROM custom_fields WHERE entity_type = ? AND type = 'checkbox'").all(entityType) as { id: number; name: string | null }[];
}

/** {id, name} of every field of an entity type. */
export function fieldNamesOf(db: DbReader, entityType: string): { id: number; name: string | null }[] {
  return db.prepare('SELECT id, name FROM custom_fields WHERE entity_type = ?').all(entityType) as { id: number; name: string | null }[];
}

export interface FieldById {
  entity_type: 'leads' | 'contacts' | 'companies';
  id: number;
  name: string | null;
  type: string | null;
  is_deletable: number;
}

/** A field by id alone (ids are unique across entity types in amoCRM), or undefined. */
export function fieldById(db: DbReader, id: number): FieldById | undefined {
  return db.prepare('SELECT entity_type, id, name, type, is_deletable FROM custom_fields WHERE id = ?').get(id) as FieldById | undefined;
}
