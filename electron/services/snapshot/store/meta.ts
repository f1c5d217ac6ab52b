// runtime: node
/**
 * The snapshot's bookkeeping tables (account, collections; meta lives in ../meta.ts): read
 * functions for other capabilities, which never name these tables in SQL.
 */
import type { DbReader } from '../../db/handles';

export interface AccountRow {
  id: number;
  name: string | null;
  subdomain: string | null;
  created_at: number | null;
  currency: string | null;
}

/** The account the snapshot was taken of (the lowest id, should a file hold more than one). */
export function accountRow(db: DbReader): AccountRow | undefined {
  return db.prepare('SELECT id, name, subdomain, created_at, currency FROM account ORDER BY id LIMIT 1').get() as AccountRow | undefined;
}

/** Some account id of the file (no order: a quick probe). */
export function anyAccountId(db: DbReader): number | null {
  const row = db.prepare('SELECT id FROM account LIMIT 1').get() as { id: number } | undefined;
  return row?.id ?? null;
}

/** When the last collection finished (Unix seconds), or null. */
export function lastCollectionFinishedAt(db: DbReader): number | null {
  const row = db.prepare('SELECT max(finished_at) AS t FROM collections').get() as { t: number | null } | undefined;
  return row?.t ?? null;
}

/** The account's subdomain (its amoCRM address), or null. */
export function accountSubdomain(db: DbReader): string | null {
  return (db.prepare('SELECT subdomain FROM account LIMIT 1').get() as { subdomain: string | null } | undefined)?.subdomain ?? null;
}
