// runtime: node
/** Tags and their links to entities: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';
import { PAIRS } from './pairs';

/** Cards (contacts, companies) carrying a tag whose name starts with `prefix` (LIKE pattern "prefix%"). */
export function cardsTaggedLike(db: DbReader, pattern: string): { t: string; id: number }[] {
  return db
    .prepare(
      `SELECT et.entity_type AS t, et.entity_id AS id FROM entity_tags et JOIN tags g ON g.entity_type = et.entity_type AND g.id = et.tag_id
         WHERE et.entity_type IN ('contacts', 'companies') AND g.name LIKE ?`,
    )
    .all(pattern) as { t: string; id: number }[];
}

/** [tag id, 1 when some entity carries it else null] of every tag of an entity type, by id. */
export function tagUse(db: DbReader, entityType: string): [number, number | null][] {
  return db
    .prepare(
      `SELECT t.id, (SELECT 1 FROM entity_tags et WHERE et.entity_type = t.entity_type AND et.tag_id = t.id LIMIT 1) AS used
       FROM tags t WHERE t.entity_type = ? ORDER BY t.id`,
    )
    .raw()
    .all(entityType) as [number, number | null][];
}

/** Summary rows [entity type, id, name] of the [entity type, tag id] pairs of `pairsJson`. */
export function tagSummaries(db: DbReader, pairsJson: string): [string, number, string][] {
  return db
    .prepare(`SELECT t.entity_type, t.id, t.name FROM (${PAIRS}) k JOIN tags t ON t.entity_type = k.a AND t.id = CAST(k.b AS INTEGER)`)
    .raw()
    .all(pairsJson) as [string, number, string][];
}

/** Streams [tag id, name] of an entity type's tags. */
export function tagNameStream(db: DbReader, entityType: string): IterableIterator<[number, string]> {
  return db.prepare('SELECT id, name FROM tags WHERE entity_type = ?').raw(true).iterate(entityType) as IterableIterator<[number, string]>;
}

/** Streams [entity id, tag id] of an entity type's tag links, in key order. */
export function entityTagStream(db: DbReader, entityType: string): IterableIterator<[number, number]> {
  return db.prepare('SELECT entity_id, tag_id FROM entity_tags WHERE entity_type = ?').raw(true).iterate(entityType) as IterableIterator<[number, number]>;
}

/** {id, name} of the tags of an entity type no entity carries, by name. */
export function unusedTagsByName(db: DbReader, entityType: string): { id: number; name: string }[] {
  return db
    .prepare(
      'SELECT t.id, t.name FROM tags t WHERE t.entity_type = ? AND NOT EXISTS (SELECT 1 FROM entity_tags e WHERE e.entity_type = t.entity_type AND e.tag_id = t.id) ORDER BY t.name',
    )
    .all(entityType) as { id: number; name: string }[];
}

/** {id, name (of the tag)} of the entities of a type carrying a tag whose name is LIKE `pattern`, by entity id. */
export function entitiesTaggedLike(db: DbReader, entityType: string, pattern: string): { id: number; name: string }[] {
  return db
    .prepare(
      `SELECT e.entity_id AS id, t.name FROM entity_tags e JOIN tags t ON t.entity_type = e.entity_type AND t.id = e.tag_id
         WHERE e.entity_type = ? AND t.name LIKE ? ORDER BY e.entity_id`,
    )
    .all(entityType, pattern) as { id: number; name: string }[];
}

/** An entity type's tag named `tag`, else whose id is `tag` (the lowest id), or undefined. */
export function tagByNameOrId(db: DbReader, entityType: string, tag: string): { id: number; name: string } | undefined {
  return db
    .prepare('SELECT id, name FROM tags WHERE entity_type = ? AND (name = ? OR CAST(id AS TEXT) = ?) ORDER BY id LIMIT 1')
    .get(entityType, tag, tag) as { id: number; name: string } | undefined;
}

/** Ids of the live entities of a type that carry a tag, by id. */
export function liveEntitiesWithTag(db: DbReader, entityType: 'leads' | 'contacts' | 'companies', tagId: number): number[] {
  return (
    db
      .prepare(
        `SELECT t.entity_id AS id FROM entity_tags t JOIN ${entityType} e ON e.id = t.entity_id AND e.is_deleted = 0
       WHERE t.entity_type = ? AND t.tag_id = ? ORDER BY t.entity_id`,
      )
      .all(entityType, tagId) as { id: number }[]
  ).map((r) => r.id);
}
