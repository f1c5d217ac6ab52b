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
  const account = db.prepare('SELECT subdomain FROM account LIMIT 1').get() as { subdomain: string | null } | undefined;
  const base = account?.subdomain ? `https://${account.subdomain}.amocrm.ru` : null;
  const items: ChecklistItem[] = [];
  for (const entity of CRM_ENTITIES) {
    for (const t of db
      .prepare(
        'SELECT t.id, t.name FROM tags t WHERE t.entity_type = ? AND NOT EXISTS (SELECT 1 FROM entity_tags e WHERE e.entity_type = t.entity_type AND e.tag_id = t.id) ORDER BY t.name',
      )
      .all(entity) as { id: number; name: string }[]) {
      if (t.name.startsWith('amosweep:')) continue;
      items.push({ kind: 'tags.unused', entityType: entity, id: t.id, name: t.name, url: base ? `${base}/${entity}/list/` : null });
    }
    for (const c of db
      .prepare(
        `SELECT e.entity_id AS id, t.name FROM entity_tags e JOIN tags t ON t.entity_type = e.entity_type AND t.id = e.tag_id
         WHERE e.entity_type = ? AND t.name LIKE 'amosweep:merged→%' ORDER BY e.entity_id`,
      )
      .all(entity) as { id: number; name: string }[]) {
      const singular = entity === 'leads' ? 'leads/detail' : entity === 'contacts' ? 'contacts/detail' : 'companies/detail';
      items.push({ kind: 'merged.delete', entityType: entity, id: c.id, name: c.name, url: base ? `${base}/${singular}/${c.id}` : null });
    }
  }
  for (const u of db
    .prepare(
      `SELECT id, name FROM users WHERE is_admin = 0 AND (coalesce(rights_leads_delete, 'D') <> 'D' OR coalesce(rights_contacts_delete, 'D') <> 'D' OR coalesce(rights_companies_delete, 'D') <> 'D') ORDER BY id`,
    )
    .all() as { id: number; name: string | null }[]) {
    items.push({ kind: 'users.can_delete', entityType: 'users', id: u.id, name: u.name ?? '', url: base ? `${base}/settings/users/` : null });
  }
  return items;
}
