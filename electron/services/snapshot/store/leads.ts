// runtime: node
/** Leads (deals) and their links to contacts and companies: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';

/** [id, name, price, status, pipeline, responsible, loss reason (null for 0), created, closed] */
export type LeadTuple = [number, string | null, number, number, number, number | null, number | null, number | null, number | null];

/** Every lead not deleted, by id, as tuples (nulls of price, status and pipeline read as 0). */
export function liveLeadTuples(db: DbReader): LeadTuple[] {
  return db
    .prepare(
      `SELECT id, name, coalesce(price, 0), coalesce(status_id, 0), coalesce(pipeline_id, 0), responsible_user_id,
              nullif(loss_reason_id, 0), created_at, closed_at
       FROM leads WHERE is_deleted = 0 ORDER BY id`,
    )
    .raw()
    .all() as LeadTuple[];
}

/** Every [lead, contact] and [lead, company] link. */
export function leadLinkPairs(db: DbReader): { contacts: [number, number][]; companies: [number, number][] } {
  const contacts = db.prepare('SELECT lead_id, contact_id FROM lead_contacts').raw().all() as [number, number][];
  const companies = db.prepare('SELECT lead_id, company_id FROM lead_companies').raw().all() as [number, number][];
  return { contacts, companies };
}

/**
 * Summary rows [id, name, pipeline name, status name (or id), price, created] of the leads whose
 * ids are in the JSON array `idsJson`.
 */
export function leadSummaries(db: DbReader, idsJson: string): [number, string, string, string, number, number | null][] {
  return db
    .prepare(
      `SELECT l.id, coalesce(l.name, ''), coalesce(p.name, ''), coalesce(s.name, CAST(l.status_id AS TEXT)), coalesce(l.price, 0), l.created_at
     FROM leads l LEFT JOIN pipelines p ON p.id = l.pipeline_id
     LEFT JOIN statuses s ON s.pipeline_id = l.pipeline_id AND s.id = l.status_id
     WHERE l.id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(idsJson) as [number, string, string, string, number, number | null][];
}

/** The link table and column from leads to a card type. */
const LINK = {
  contacts: { table: 'lead_contacts', column: 'contact_id' },
  companies: { table: 'lead_companies', column: 'company_id' },
} as const;

/**
 * The pipelines of a card's live open leads (neither won, 142, nor lost, 143), distinct: one
 * prepared statement, asked per card.
 */
export function openLeadPipelinesOfCard(db: DbReader, card: 'contacts' | 'companies'): (cardId: number) => { p: number | null }[] {
  const { table, column } = LINK[card];
  const stmt = db.prepare(
    `SELECT DISTINCT l.pipeline_id AS p FROM ${table} x JOIN leads l ON l.id = x.lead_id
       WHERE x.${column} = ? AND l.is_deleted = 0 AND coalesce(l.status_id, 0) NOT IN (142, 143)`,
  );
  return (cardId) => stmt.all(cardId) as { p: number | null }[];
}

/** A card's live leads: n in all, active those neither won nor lost (null when none): one prepared statement, asked per card. */
export function leadCountsOfCard(db: DbReader, card: 'contacts' | 'companies'): (cardId: number) => { n: number; active: number | null } {
  const { table, column } = LINK[card];
  const stmt = db.prepare(
    `SELECT count(*) AS n, sum(CASE WHEN coalesce(l.status_id, 0) NOT IN (142, 143) THEN 1 ELSE 0 END) AS active
       FROM ${table} x JOIN leads l ON l.id = x.lead_id WHERE x.${column} = ? AND l.is_deleted = 0`,
  );
  return (cardId) => stmt.get(cardId) as { n: number; active: number | null };
}

/** [id, name, responsible, created, updated, status, pipeline, price] of every live lead, by id, streamed. */
export function liveLeadListStream(
  db: DbReader,
): IterableIterator<[number, string | null, number | null, number | null, number | null, number | null, number | null, number | null]> {
  const sql = 'SELECT id, name, responsible_user_id, created_at, updated_at, status_id, pipeline_id, price FROM leads WHERE is_deleted = 0 ORDER BY id';
  return db.prepare(sql).raw(true).iterate() as IterableIterator<
    [number, string | null, number | null, number | null, number | null, number | null, number | null, number | null]
  >;
}

/** A lead's name by id (undefined for an unknown lead): one prepared statement, asked per lead. */
export function leadNameLookup(db: DbReader): (id: number) => string | null | undefined {
  const stmt = db.prepare('SELECT name FROM leads WHERE id = ?').pluck();
  return (id) => stmt.get(id) as string | null | undefined;
}

/** {id, pipeline_id} of the live lost leads (status 143) without a loss reason (null or 0), by id. */
export function lostLeadsWithoutReason(db: DbReader): { id: number; pipeline_id: number | null }[] {
  return db
    .prepare(
      `SELECT id, pipeline_id FROM leads WHERE is_deleted = 0 AND status_id = 143
         AND (loss_reason_id IS NULL OR loss_reason_id = 0) ORDER BY id`,
    )
    .all() as { id: number; pipeline_id: number | null }[];
}

/** {id, responsible_user_id} of the live open leads (neither won, 142, nor lost, 143) without an open task on the deal, by id. */
export function openLeadsWithoutOpenTask(db: DbReader): { id: number; responsible_user_id: number | null }[] {
  return db
    .prepare(
      `SELECT l.id, l.responsible_user_id FROM leads l WHERE l.is_deleted = 0 AND coalesce(l.status_id, 0) NOT IN (142, 143)
         AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.entity_type = 'leads' AND t.entity_id = l.id AND t.is_completed = 0)
       ORDER BY l.id`,
    )
    .all() as { id: number; responsible_user_id: number | null }[];
}
