// runtime: node
/**
 * Read-only queries for the Browse screens: one compact row per entity (sent once, then
 * filtered in the renderer) and the detail of one entity. A handful of grouped scans per
 * call, joined in memory by id, so 100 000 rows take a fraction of a second.
 */
import type { BrowseEntity, BrowseRow, EntityDetail } from '../../../shared/api/methods/snapshot';
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';

type Counts = Map<number, number>;

function countBy(db: SqliteDb, sql: string): Counts {
  const out: Counts = new Map();
  for (const [id, n] of db.prepare(sql).raw(true).iterate() as Iterable<[number, number]>) out.set(id, n);
  return out;
}

function listBy(db: SqliteDb, sql: string, ...params: unknown[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [id, value] of db.prepare(sql).raw(true).iterate(...params) as Iterable<[number, string]>) {
    const list = out.get(id);
    if (list) list.push(value);
    else out.set(id, [value]);
  }
  return out;
}

export function browseRows(db: SqliteDb, entity: BrowseEntity): BrowseRow[] {
  const phones = listBy(
    db,
    "SELECT entity_id, value FROM field_values WHERE entity_type = ? AND field_code = 'PHONE' AND value IS NOT NULL ORDER BY entity_id, field_id, idx",
    entity,
  );
  const emails = listBy(
    db,
    "SELECT entity_id, value FROM field_values WHERE entity_type = ? AND field_code = 'EMAIL' AND value IS NOT NULL ORDER BY entity_id, field_id, idx",
    entity,
  );
  // tag names resolved in memory (a few hundred tags at most); entity_tags is read in key order, no sort
  const tagNames = new Map<number, string>();
  for (const [id, name] of db.prepare('SELECT id, name FROM tags WHERE entity_type = ?').raw(true).iterate(entity) as Iterable<[number, string]>) tagNames.set(id, name);
  const tags = new Map<number, string[]>();
  for (const [id, tagId] of db.prepare('SELECT entity_id, tag_id FROM entity_tags WHERE entity_type = ?').raw(true).iterate(entity) as Iterable<[number, number]>) {
    const name = tagNames.get(tagId) ?? `#${tagId}`;
    const list = tags.get(id);
    if (list) list.push(name);
    else tags.set(id, [name]);
  }
  for (const list of tags.values()) if (list.length > 1) list.sort();
  const users = new Map<number, string>();
  for (const [id, name] of db.prepare('SELECT id, name FROM users').raw(true).iterate() as Iterable<[number, string | null]>) users.set(id, name ?? `#${id}`);

  const links: Record<string, Counts> = {};
  if (entity === 'contacts') {
    links.leads = countBy(db, 'SELECT contact_id, count(*) FROM lead_contacts GROUP BY contact_id');
    links.companies = countBy(db, 'SELECT contact_id, count(*) FROM contact_companies GROUP BY contact_id');
  } else if (entity === 'companies') {
    links.leads = countBy(db, 'SELECT company_id, count(*) FROM lead_companies GROUP BY company_id');
    links.contacts = countBy(db, 'SELECT company_id, count(*) FROM contact_companies GROUP BY company_id');
  } else {
    links.contacts = countBy(db, 'SELECT lead_id, count(*) FROM lead_contacts GROUP BY lead_id');
    links.companies = countBy(db, 'SELECT lead_id, count(*) FROM lead_companies GROUP BY lead_id');
  }
  const { leads: l, contacts: c, companies: co } = links;
  const linkCounts = (id: number): BrowseRow['links'] =>
    entity === 'contacts'
      ? { leads: l!.get(id) ?? 0, companies: co!.get(id) ?? 0 }
      : entity === 'companies'
        ? { leads: l!.get(id) ?? 0, contacts: c!.get(id) ?? 0 }
        : { contacts: c!.get(id) ?? 0, companies: co!.get(id) ?? 0 };

  const row = (id: number, name: string | null, resp: number | null, created: number | null, updated: number | null): BrowseRow => ({
    id,
    name: name ?? '',
    phones: phones.get(id) ?? [],
    emails: emails.get(id) ?? [],
    responsible: resp === null ? null : (users.get(resp) ?? `#${resp}`),
    createdAt: created ?? 0,
    updatedAt: updated ?? 0,
    links: linkCounts(id),
    tags: tags.get(id) ?? [],
  });

  const rows: BrowseRow[] = [];
  if (entity === 'leads') {
    const statuses = new Map<string, string | null>();
    for (const [pid, sid, name] of db.prepare('SELECT pipeline_id, id, name FROM statuses').raw(true).iterate() as Iterable<[number, number, string | null]>) statuses.set(`${pid}:${sid}`, name);
    const pipelines = new Map<number, string | null>();
    for (const [pid, name] of db.prepare('SELECT id, name FROM pipelines').raw(true).iterate() as Iterable<[number, string | null]>) pipelines.set(pid, name);
    const sql = 'SELECT id, name, responsible_user_id, created_at, updated_at, status_id, pipeline_id, price FROM leads WHERE is_deleted = 0 ORDER BY id';
    for (const r of db.prepare(sql).raw(true).iterate() as Iterable<[number, string | null, number | null, number | null, number | null, number | null, number | null, number | null]>) {
      const [id, name, resp, created, updated, statusId, pipelineId, price] = r;
      const lead = row(id, name, resp, created, updated);
      lead.status = statusId === null || pipelineId === null ? null : (statuses.get(`${pipelineId}:${statusId}`) ?? null);
      lead.pipeline = pipelineId === null ? null : (pipelines.get(pipelineId) ?? null);
      lead.price = price;
      rows.push(lead);
    }
    return rows;
  }
  const sql = `SELECT id, name, responsible_user_id, created_at, updated_at FROM ${entity} WHERE is_deleted = 0 ORDER BY id`;
  for (const [id, name, resp, created, updated] of db.prepare(sql).raw(true).iterate() as Iterable<[number, string | null, number | null, number | null, number | null]>) {
    rows.push(row(id, name, resp, created, updated));
  }
  return rows;
}

const LINK_QUERIES: Record<BrowseEntity, { entity: BrowseEntity; sql: string }[]> = {
  leads: [
    { entity: 'contacts', sql: 'SELECT c.id, c.name FROM lead_contacts x JOIN contacts c ON c.id = x.contact_id WHERE x.lead_id = ? ORDER BY x.is_main DESC, c.id' },
    { entity: 'companies', sql: 'SELECT c.id, c.name FROM lead_companies x JOIN companies c ON c.id = x.company_id WHERE x.lead_id = ? ORDER BY c.id' },
  ],
  contacts: [
    { entity: 'leads', sql: 'SELECT l.id, l.name FROM lead_contacts x JOIN leads l ON l.id = x.lead_id WHERE x.contact_id = ? ORDER BY l.id' },
    { entity: 'companies', sql: 'SELECT c.id, c.name FROM contact_companies x JOIN companies c ON c.id = x.company_id WHERE x.contact_id = ? ORDER BY c.id' },
  ],
  companies: [
    { entity: 'leads', sql: 'SELECT l.id, l.name FROM lead_companies x JOIN leads l ON l.id = x.lead_id WHERE x.company_id = ? ORDER BY l.id' },
    { entity: 'contacts', sql: 'SELECT c.id, c.name FROM contact_companies x JOIN contacts c ON c.id = x.contact_id WHERE x.company_id = ? ORDER BY c.id' },
  ],
};

export function browseEntity(db: SqliteDb, entity: BrowseEntity, id: number): EntityDetail {
  const row = db.prepare(`SELECT raw FROM ${entity} WHERE id = ?`).get(id) as { raw: string } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No ${entity} #${id} in this snapshot.`);
  const linked: EntityDetail['linked'] = [];
  for (const q of LINK_QUERIES[entity]) {
    for (const r of db.prepare(q.sql).all(id) as { id: number; name: string | null }[]) linked.push({ entity: q.entity, id: r.id, name: r.name ?? '' });
  }
  const fields: EntityDetail['fields'] = [];
  const values = db
    .prepare(
      `SELECT fv.field_id, coalesce(cf.name, fv.field_code, '#' || fv.field_id) AS name, coalesce(fv.value, e.value, '') AS value, fv.enum_code
       FROM field_values fv
       LEFT JOIN custom_fields cf ON cf.entity_type = fv.entity_type AND cf.id = fv.field_id
       LEFT JOIN custom_field_enums e ON e.entity_type = fv.entity_type AND e.field_id = fv.field_id AND e.id = fv.enum_id
       WHERE fv.entity_type = ? AND fv.entity_id = ?
       ORDER BY coalesce(cf.sort, 0), fv.field_id, fv.idx`,
    )
    .all(entity, id) as { field_id: number; name: string; value: string; enum_code: string | null }[];
  let current: { id: number; entry: EntityDetail['fields'][number] } | null = null;
  for (const v of values) {
    if (!current || current.id !== v.field_id) {
      current = { id: v.field_id, entry: { name: v.name, values: [], kinds: [] } };
      fields.push(current.entry);
    }
    current.entry.values.push(v.value);
    current.entry.kinds!.push(v.enum_code ?? null);
  }
  return { entity, id, raw: JSON.parse(row.raw) as unknown, linked, fields };
}
