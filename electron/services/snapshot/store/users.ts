// runtime: node
/** Users and roles of the account: read functions for other capabilities. */
import type { DbReader } from '../../db/handles';

/** [id, name, email, is_admin, is_active, delete rights on leads, contacts, companies] */
export type UserTuple = [number, string | null, string | null, number, number, string | null, string | null, string | null];

/** Every user, by id. */
export function userTuples(db: DbReader): UserTuple[] {
  return db
    .prepare(
      `SELECT id, name, email, is_admin, is_active, rights_leads_delete, rights_contacts_delete, rights_companies_delete
           FROM users ORDER BY id`,
    )
    .raw()
    .all() as UserTuple[];
}

/**
 * Summary rows [id, name, email, is_admin, is_active, "leads/contacts/companies" delete rights]
 * of the users whose ids are in the JSON array `idsJson`.
 */
export function userSummaries(db: DbReader, idsJson: string): [number, string, string, number, number, string][] {
  return db
    .prepare(
      `SELECT id, coalesce(name, ''), coalesce(email, ''), is_admin, is_active,
            coalesce(rights_leads_delete, '-') || '/' || coalesce(rights_contacts_delete, '-') || '/' || coalesce(rights_companies_delete, '-')
     FROM users WHERE id IN (SELECT value FROM json_each(?))`,
    )
    .raw()
    .all(idsJson) as [number, string, string, number, number, string][];
}

/** A user's name by id (undefined for an unknown user): one prepared statement, asked per user. */
export function userNameLookup(db: DbReader): (id: number) => { name: string | null } | undefined {
  const stmt = db.prepare('SELECT name FROM users WHERE id = ?');
  return (id) => stmt.get(id) as { name: string | null } | undefined;
}

/** {id, name} of every user. */
export function userNameRows(db: DbReader): { id: number; name: string | null }[] {
  return db.prepare('SELECT id, name FROM users').all() as { id: number; name: string | null }[];
}

/** Streams [id, name] of every user. */
export function userNameStream(db: DbReader): IterableIterator<[number, string | null]> {
  return db.prepare('SELECT id, name FROM users').raw(true).iterate() as IterableIterator<[number, string | null]>;
}

/** {id, name} of the users who are not admins yet may delete leads, contacts or companies (a right other than 'D'), by id. */
export function nonAdminsWhoCanDelete(db: DbReader): { id: number; name: string | null }[] {
  return db
    .prepare(
      `SELECT id, name FROM users WHERE is_admin = 0 AND (coalesce(rights_leads_delete, 'D') <> 'D' OR coalesce(rights_contacts_delete, 'D') <> 'D' OR coalesce(rights_companies_delete, 'D') <> 'D') ORDER BY id`,
    )
    .all() as { id: number; name: string | null }[];
}

/** A user's raw JSON (with its rights), or undefined. */
export function userRaw(db: DbReader, id: number): { raw: string } | undefined {
  return db.prepare('SELECT raw FROM users WHERE id = ?').get(id) as { raw: string } | undefined;
}

/** A role's raw JSON, or undefined. */
export function roleRaw(db: DbReader, id: number): { raw: string } | undefined {
  return db.prepare('SELECT raw FROM roles WHERE id = ?').get(id) as { raw: string } | undefined;
}

/** {id, name, raw} of every role, by id. */
export function roleRows(db: DbReader): { id: number; name: string | null; raw: string }[] {
  return db.prepare('SELECT id, name, raw FROM roles ORDER BY id').all() as { id: number; name: string | null; raw: string }[];
}

/** {id, name} of every role. */
export function roleNames(db: DbReader): { id: number; name: string | null }[] {
  return db.prepare('SELECT id, name FROM roles').all() as { id: number; name: string | null }[];
}
