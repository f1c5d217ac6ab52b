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
