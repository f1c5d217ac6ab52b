// runtime: node
/**
 * What the public API cannot do, as a checklist for the admin, computed from the snapshot:
 * so the next refresh verifies it (done items simply disappear).
 * - unused tags (tags.unused.*): the API cannot delete a tag from the account;
 * - cards marked by a merge (tag "amosweep:merged→…"): the API cannot delete cards;
 * - non-admin users with a delete right (users.can_delete): a role's rights are changed through the
 *   API (rights.revoke_delete, plan/roles.ts), but a user's own rights cannot be (API v4 has no
 *   PATCH /users, doc §13), so these are changed by the admin in the settings.
 */
import type { SqliteDb } from '../db/open';
import { accountSubdomain, entitiesTaggedLike, nonAdminsWhoCanDelete, unusedTagsByName } from '../snapshot/store';
import { CRM_ENTITIES } from './types';

export interface ChecklistItem {
  kind: 'tags.unused' | 'merged.delete' | 'users.can_delete';
  entityType: string;
  id: number;
  name: string;
  /** where the admin does it in amoCRM */
  url: string | null;
}

export function adminChecklist(db: SqliteDb): ChecklistItem[] {
  const subdomain = accountSubdomain(db);
  const base = subdomain ? `https://${subdomain}.amocrm.ru` : null;
  const items: ChecklistItem[] = [];
  for (const entity of CRM_ENTITIES) {
    for (const t of unusedTagsByName(db, entity)) {
      if (t.name.startsWith('amosweep:')) continue;
      items.push({ kind: 'tags.unused', entityType: entity, id: t.id, name: t.name, url: base ? `${base}/${entity}/list/` : null });
    }
    for (const c of entitiesTaggedLike(db, entity, 'amosweep:merged→%')) {
      const singular = entity === 'leads' ? 'leads/detail' : entity === 'contacts' ? 'contacts/detail' : 'companies/detail';
      items.push({ kind: 'merged.delete', entityType: entity, id: c.id, name: c.name, url: base ? `${base}/${singular}/${c.id}` : null });
    }
  }
  for (const u of nonAdminsWhoCanDelete(db)) {
    items.push({ kind: 'users.can_delete', entityType: 'users', id: u.id, name: u.name ?? '', url: base ? `${base}/settings/users/` : null });
  }
  return items;
}
