// runtime: node
/**
 * Entities trashed while a list is paged (issue 12). amoCRM pages by offset (`page`, `limit`
 * [DOC-RU crm_platform/leads-api]), so when an entity on a page already served goes to the trash,
 * every later entity moves one position back: the one that would have opened the next page now
 * ends the page already read and a page-by-page read never sees it. A refresh
 * (`filter[updated_at][from]`) does not see it either, since it did not change.
 *
 * The lists are read in id order (`order[id]=asc`, offered for leads, contacts and companies
 * [DOC-RU crm_platform/leads-api, contacts-api, companies-api] (doc §4.3)), so a trashed entity
 * can only push entities with a higher id onto earlier pages. After the last page, the events
 * say what was trashed since the list's first page (`GET /api/v4/events` with
 * `filter[type]=<entity>_deleted,<entity>_restored` and `filter[created_at][from]`
 * [DOC-RU crm_platform/events-and-notes], types as comma-joined list as the official library sends
 * them [PHP:src/AmoCRM/Filters/EventsFilter.php]). For each trashed entity the snapshot holds, its
 * page is found from its position among the ids read; that entity is dropped and the list is read
 * again from the earliest such page to the end. Deletions during that second read are looked for
 * the same way, a few rounds at most. A list read in one page needs nothing of this.
 */
import type { ApiObject, CollectionFile } from '../../../shared/amo/wire';
import { isMissingRights, type AmoClient, type QueryValue } from '../amo/client';
import type { SqliteDb } from '../db/open';
import { deleteEntities, ingestItems, type LinkedEntity } from './ingest';

export const SHIFT_EVENTS: Partial<Record<CollectionFile, { deleted: string; restored: string; table: LinkedEntity }>> = {
  leads: { deleted: 'lead_deleted', restored: 'lead_restored', table: 'leads' },
  contacts: { deleted: 'contact_deleted', restored: 'contact_restored', table: 'contacts' },
  companies: { deleted: 'company_deleted', restored: 'company_restored', table: 'companies' },
};

/** The order a reconciled list is read in (the reconciliation relies on it). */
export const ID_ORDER = { 'order[id]': 'asc' } as const;

const MAX_ROUNDS = 5;

export interface ReconcileArgs {
  client: AmoClient;
  db: SqliteDb;
  collection: CollectionFile;
  path: string;
  embeddedKey: string;
  /** the list's query as paged (with its filter and limit) */
  query: Record<string, QueryValue>;
  /** server time (Unix seconds) of the list's first page: deletions from then on count */
  since: number;
  /** the list's filter[updated_at][from], when it was filtered (a refresh) */
  updatedFrom: number | null;
  signal?: AbortSignal;
}

export interface ReconcileResult {
  /** trashed entities dropped from the snapshot */
  dropped: number;
  /** pages read again */
  pages: number;
  /** false when amoCRM refused the events (a token without rights to them): nothing was checked */
  checked: boolean;
}

/** Ids whose latest delete/restore event since `since` is a delete, and the server time of the answer. */
async function trashedSince(args: ReconcileArgs, spec: { deleted: string; restored: string }, since: number): Promise<{ ids: Set<number>; serverTime: number | null }> {
  const latest = new Map<number, { at: number; deleted: boolean }>();
  let serverTime: number | null = null;
  const query = { 'filter[type]': `${spec.deleted},${spec.restored}`, 'filter[created_at][from]': since, limit: 100 };
  for await (const page of args.client.paginate<ApiObject>('/api/v4/events', 'events', query, args.signal ? { signal: args.signal } : {})) {
    serverTime ??= page.serverTime ?? null;
    for (const e of page.items) {
      const id = typeof e.entity_id === 'number' ? e.entity_id : Number(e.entity_id);
      const at = typeof e.created_at === 'number' ? e.created_at : Number(e.created_at);
      if (!Number.isFinite(id) || !Number.isFinite(at)) continue;
      const prev = latest.get(id);
      if (!prev || at >= prev.at) latest.set(id, { at, deleted: e.type === spec.deleted });
    }
  }
  return { ids: new Set([...latest].filter(([, v]) => v.deleted).map(([id]) => id)), serverTime };
}

export async function reconcileShifts(args: ReconcileArgs): Promise<ReconcileResult> {
  const spec = SHIFT_EVENTS[args.collection];
  const result: ReconcileResult = { dropped: 0, pages: 0, checked: true };
  if (!spec) return result;
  const limit = Number(args.query.limit ?? 50) || 50;
  const scope = args.updatedFrom === null ? '' : ' AND updated_at >= @from';
  const has = args.db.prepare(`SELECT 1 FROM ${spec.table} WHERE id = ?`);
  const before = args.db.prepare(`SELECT count(*) AS n FROM ${spec.table} WHERE id < @id${scope}`);
  let since = args.since;
  for (let round = 0; round <= MAX_ROUNDS; round++) {
    let found: Awaited<ReturnType<typeof trashedSince>>;
    try {
      found = await trashedSince(args, spec, since);
    } catch (error) {
      if (!isMissingRights(error)) throw error;
      result.checked = false;
      return result;
    }
    const held = [...found.ids].filter((id) => has.get(id) !== undefined);
    if (held.length === 0) return result;
    let firstPage = Number.POSITIVE_INFINITY;
    for (const id of held) {
      const { n } = before.get({ id, from: args.updatedFrom }) as { n: number };
      firstPage = Math.min(firstPage, Math.floor(n / limit) + 1);
    }
    if (found.serverTime !== null) since = found.serverTime;
    args.db.transaction(() => {
      result.dropped += deleteEntities(args.db, spec.table, held);
    })();
    // the last round only drops what was trashed: an account trashing faster than it can be read is not chased forever
    if (round === MAX_ROUNDS) break;
    for await (const page of args.client.paginate<ApiObject>(args.path, args.embeddedKey, { ...args.query, page: firstPage }, args.signal ? { signal: args.signal } : {})) {
      args.db.transaction(() => ingestItems(args.db, args.collection, page.items))();
      result.pages++;
    }
  }
  return result;
}
