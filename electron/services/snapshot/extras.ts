// runtime: node
/**
 * What a snapshot reads of the parts of an account AmoSweep does not clean (issue 12): customers
 * (only when the account's `customers_mode` says they are on, doc §19) and catalogs with their
 * elements (`GET /api/v4/catalogs`, `GET /api/v4/catalogs/{id}/elements` [PHP:src/AmoCRM/EntitiesServices/
 * Catalogs.php, CatalogElements.php]). They are counted and kept whole (raw JSON in the meta table,
 * keys `raw_customers`, `raw_catalogs`, `raw_catalog_elements`; counts under `extra_counts`), read
 * again in full on every run (a handful of requests). A refusal or an answer of an unknown shape
 * never fails the snapshot: it is recorded (`warning_extras`) and what was read is kept.
 */
import { AppError } from '../../../shared/api/result';
import type { ApiObject } from '../../../shared/amo/wire';
import type { AmoClient } from '../amo/client';
import type { SqliteDb } from '../db/open';

export const EXTRA_COUNTS_KEY = 'extra_counts';
const CUSTOMERS_ON = new Set(['segments', 'periodicity', 'dynamic']);

/** errors that mean "this list cannot be read here", not "the snapshot cannot go on" */
function tolerable(e: unknown): boolean {
  if (!(e instanceof AppError)) return false;
  if (e.code === 'AMO_FORBIDDEN' || e.code === 'AMO_BAD_RESPONSE') return true;
  const status = (e.details as { status?: unknown } | undefined)?.status;
  return e.code === 'AMO_HTTP' && typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

async function readAll(client: AmoClient, path: string, key: string, signal: AbortSignal | undefined, warnings: string[]): Promise<ApiObject[]> {
  const items: ApiObject[] = [];
  try {
    for await (const page of client.paginate<unknown>(path, key, { limit: 250 }, signal ? { signal } : {})) {
      for (const item of page.items) if (item !== null && typeof item === 'object' && !Array.isArray(item)) items.push(item as ApiObject);
    }
  } catch (error) {
    if (!tolerable(error)) throw error;
    warnings.push(`${path}: ${(error as Error).message}`);
  }
  return items;
}

export interface ExtrasRead {
  customers: number;
  catalogs: number;
  catalog_elements: number;
}

export async function snapshotExtras(client: AmoClient, db: SqliteDb, signal?: AbortSignal): Promise<ExtrasRead> {
  const row = db.prepare('SELECT raw FROM account LIMIT 1').get() as { raw: string } | undefined;
  const mode = ((): unknown => {
    try {
      return row ? (JSON.parse(row.raw) as ApiObject).customers_mode : null;
    } catch {
      return null;
    }
  })();
  const warnings: string[] = [];
  const customers = typeof mode === 'string' && CUSTOMERS_ON.has(mode) ? await readAll(client, '/api/v4/customers', 'customers', signal, warnings) : [];
  const catalogs = await readAll(client, '/api/v4/catalogs', 'catalogs', signal, warnings);
  const elements: ApiObject[] = [];
  for (const catalog of catalogs) {
    const id = Number(catalog.id);
    if (!Number.isInteger(id) || id <= 0) continue;
    elements.push(...(await readAll(client, `/api/v4/catalogs/${id}/elements`, 'elements', signal, warnings)));
  }
  const counts: ExtrasRead = { customers: customers.length, catalogs: catalogs.length, catalog_elements: elements.length };
  const set = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  const del = db.prepare('DELETE FROM meta WHERE key = ?');
  db.transaction(() => {
    const keep = (key: string, list: ApiObject[]) => (list.length > 0 ? set.run(key, JSON.stringify(list)) : del.run(key));
    keep('raw_customers', customers);
    keep('raw_catalogs', catalogs);
    keep('raw_catalog_elements', elements);
    if (counts.customers + counts.catalogs + counts.catalog_elements > 0) set.run(EXTRA_COUNTS_KEY, JSON.stringify(counts));
    else del.run(EXTRA_COUNTS_KEY);
    if (warnings.length > 0) set.run('warning_extras', warnings.join('\n').slice(0, 4000));
    else del.run('warning_extras');
  })();
  return counts;
}

/** the counts kept by snapshotExtras (none when nothing was found) */
export function extraCounts(db: SqliteDb): Partial<ExtrasRead> {
  try {
    const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(EXTRA_COUNTS_KEY) as { value: string | null } | undefined;
    if (!row?.value) return {};
    const parsed = JSON.parse(row.value) as Record<string, unknown>;
    const out: Partial<ExtrasRead> = {};
    for (const k of ['customers', 'catalogs', 'catalog_elements'] as const) if (typeof parsed[k] === 'number') out[k] = parsed[k];
    return out;
  } catch {
    return {};
  }
}
