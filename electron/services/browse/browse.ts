// runtime: node
/**
 * Read-only queries for the Browse screens: one compact row per entity (sent once, then
 * filtered in the renderer) and the detail of one entity. A handful of grouped scans per
 * call, joined in memory by id, so 100 000 rows take a fraction of a second.
 */
import type { BrowseEntity, BrowseRow, EntityDetail } from '../../../shared/api/methods/snapshot';
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import {
  commValueStream,
  entityFieldValues,
  entityRaw,
  entityTagStream,
  linkCountStream,
  linkedEntities,
  liveCardListStream,
  liveLeadListStream,
  pipelineNameStream,
  statusNameStream,
  tagNameStream,
  userNameStream,
  type LinkCount,
} from '../snapshot/store';

type Counts = Map<number, number>;

function countBy(db: SqliteDb, kind: LinkCount): Counts {
  const out: Counts = new Map();
  for (const [id, n] of linkCountStream(db, kind)) out.set(id, n);
  return out;
}

function listBy(rows: Iterable<[number, string]>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [id, value] of rows) {
    const list = out.get(id);
    if (list) list.push(value);
    else out.set(id, [value]);
  }
  return out;
}

export function browseRows(db: SqliteDb, entity: BrowseEntity): BrowseRow[] {
  const phones = listBy(commValueStream(db, entity, 'PHONE'));
  const emails = listBy(commValueStream(db, entity, 'EMAIL'));
  // tag names resolved in memory (a few hundred tags at most); entity_tags is read in key order, no sort
  const tagNames = new Map<number, string>();
  for (const [id, name] of tagNameStream(db, entity)) tagNames.set(id, name);
  const tags = new Map<number, string[]>();
  for (const [id, tagId] of entityTagStream(db, entity)) {
    const name = tagNames.get(tagId) ?? `#${tagId}`;
    const list = tags.get(id);
    if (list) list.push(name);
    else tags.set(id, [name]);
  }
  for (const list of tags.values()) if (list.length > 1) list.sort();
  const users = new Map<number, string>();
  for (const [id, name] of userNameStream(db)) users.set(id, name ?? `#${id}`);

  const links: Record<string, Counts> = {};
  if (entity === 'contacts') {
    links.leads = countBy(db, 'contacts:leads');
    links.companies = countBy(db, 'contacts:companies');
  } else if (entity === 'companies') {
    links.leads = countBy(db, 'companies:leads');
    links.contacts = countBy(db, 'companies:contacts');
  } else {
    links.contacts = countBy(db, 'leads:contacts');
    links.companies = countBy(db, 'leads:companies');
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
    for (const [pid, sid, name] of statusNameStream(db)) statuses.set(`${pid}:${sid}`, name);
    const pipelines = new Map<number, string | null>();
    for (const [pid, name] of pipelineNameStream(db)) pipelines.set(pid, name);
    for (const r of liveLeadListStream(db)) {
      const [id, name, resp, created, updated, statusId, pipelineId, price] = r;
      const lead = row(id, name, resp, created, updated);
      lead.status = statusId === null || pipelineId === null ? null : (statuses.get(`${pipelineId}:${statusId}`) ?? null);
      lead.pipeline = pipelineId === null ? null : (pipelines.get(pipelineId) ?? null);
      lead.price = price;
      rows.push(lead);
    }
    return rows;
  }
  for (const [id, name, resp, created, updated] of liveCardListStream(db, entity)) {
    rows.push(row(id, name, resp, created, updated));
  }
  return rows;
}

export function browseEntity(db: SqliteDb, entity: BrowseEntity, id: number): EntityDetail {
  const row = entityRaw(db, entity, id);
  if (!row) throw new AppError('NOT_FOUND', `No ${entity} #${id} in this snapshot.`);
  const linked: EntityDetail['linked'] = [];
  for (const r of linkedEntities(db, entity, id)) linked.push({ entity: r.entity, id: r.id, name: r.name ?? '' });
  const fields: EntityDetail['fields'] = [];
  const values = entityFieldValues(db, entity, id);
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
