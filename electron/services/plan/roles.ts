// runtime: node
/**
 * Roles and delete rights (doc §13): roles.create makes a role with preset rights (or a
 * user's rights, or rights from a file); rights.revoke_delete sets delete to "D" on leads,
 * contacts and companies for every role of the snapshot that grants it. A user's own rights
 * cannot be changed through API v4 (there is no PATCH /users), so non-admin users with a
 * delete right stay on the admin checklist (checklist.ts).
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import type { NewOperation, RevokeDeleteParams, RoleRights, RolesCreateParams } from './types';

export const ROLE_ENTITIES = ['leads', 'contacts', 'companies'] as const;
/** the keys of a role's rights (the user flags is_admin, is_free, is_active, group_id, role_id are users' own) */
export const ROLE_RIGHT_KEYS = ['leads', 'contacts', 'companies', 'tasks', 'mail_access', 'catalog_access', 'status_rights', 'catalog_rights'] as const;
const LEVELS = new Set(['A', 'G', 'M', 'D']);

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** a role's rights out of a user's or a role's rights object: only the keys a role carries */
export function roleRightsOf(rights: unknown): RoleRights {
  const out: RoleRights = {};
  if (!isObj(rights)) return out;
  for (const key of ROLE_RIGHT_KEYS) if (rights[key] !== undefined) out[key] = structuredClone(rights[key]);
  return out;
}

const entity = (view: string, edit: string, add: string, del: string, exp: string) => ({ view, edit, add, delete: del, export: exp });

/** Preset roles: nobody but an admin deletes, and only the wholesale managers export. */
export const ROLE_PRESETS: Record<string, RoleRights> = {
  'Менеджер опта': {
    leads: entity('A', 'A', 'A', 'D', 'A'),
    contacts: entity('A', 'A', 'A', 'D', 'A'),
    companies: entity('A', 'A', 'A', 'D', 'A'),
    tasks: { edit: 'A', delete: 'D' },
    mail_access: true,
    catalog_access: true,
    status_rights: [],
    catalog_rights: [],
  },
  'Менеджер розницы': {
    leads: entity('M', 'M', 'A', 'D', 'D'),
    contacts: entity('A', 'M', 'A', 'D', 'D'),
    companies: entity('A', 'M', 'A', 'D', 'D'),
    tasks: { edit: 'M', delete: 'D' },
    mail_access: true,
    catalog_access: true,
    status_rights: [],
    catalog_rights: [],
  },
  'Оператор колл-центра': {
    leads: entity('G', 'G', 'A', 'D', 'D'),
    contacts: entity('A', 'A', 'A', 'D', 'D'),
    companies: entity('A', 'D', 'D', 'D', 'D'),
    tasks: { edit: 'M', delete: 'D' },
    mail_access: false,
    catalog_access: false,
    status_rights: [],
    catalog_rights: [],
  },
};

/** Checks rights given in a file: the keys a role carries, levels A/G/M/D (add only A or D). */
export function validateRoleRights(rights: unknown): RoleRights {
  if (!isObj(rights)) throw new AppError('BAD_INPUT', 'Rights must be a JSON object like {"leads": {"view": "A", …}, …}.');
  for (const key of Object.keys(rights)) if (!(ROLE_RIGHT_KEYS as readonly string[]).includes(key)) throw new AppError('BAD_INPUT', `Rights: unknown key "${key}" (a role takes ${ROLE_RIGHT_KEYS.join(', ')}).`);
  for (const e of [...ROLE_ENTITIES, 'tasks']) {
    const v = rights[e];
    if (v === undefined) continue;
    if (!isObj(v)) throw new AppError('BAD_INPUT', `Rights: "${e}" must be an object.`);
    for (const [action, level] of Object.entries(v)) {
      if (typeof level !== 'string' || !LEVELS.has(level) || (action === 'add' && level !== 'A' && level !== 'D'))
        throw new AppError('BAD_INPUT', `Rights: ${e}.${action} must be ${action === 'add' ? 'A or D' : 'A, G, M or D'}.`);
    }
  }
  return roleRightsOf(rights);
}

/** roles.create: one operation. `rights` wins over `fromUser`, which wins over `preset` (or the preset named like the role). */
export function buildRolesCreate(db: SqliteDb, options: { name: string; preset?: string; fromUser?: number; rights?: unknown }): NewOperation[] {
  const name = options.name.trim();
  if (!name) throw new AppError('BAD_INPUT', 'roles.create needs a role name.');
  let rights: RoleRights;
  let from: string;
  if (options.rights !== undefined) {
    rights = validateRoleRights(options.rights);
    from = 'file';
  } else if (options.fromUser !== undefined) {
    const row = db.prepare('SELECT raw FROM users WHERE id = ?').get(options.fromUser) as { raw: string } | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No user ${options.fromUser} in this snapshot (users are read with an admin token).`);
    rights = roleRightsOf((JSON.parse(row.raw) as { rights?: unknown }).rights);
    if (Object.keys(rights).length === 0) throw new AppError('BAD_INPUT', `User ${options.fromUser} has no rights in this snapshot.`);
    from = `user:${options.fromUser}`;
  } else {
    const preset = options.preset ?? name;
    const found = ROLE_PRESETS[preset];
    if (!found) throw new AppError('BAD_INPUT', `No preset "${preset}": use --preset ${Object.keys(ROLE_PRESETS).map((p) => `"${p}"`).join(' | ')}, --from-user ID or --rights FILE.json.`);
    rights = structuredClone(found);
    from = `preset:${preset}`;
  }
  // compared in JS: SQLite's lower() knows only ASCII
  const key = name.toLocaleLowerCase('ru');
  const existing = (db.prepare('SELECT id, name FROM roles').all() as { id: number; name: string | null }[]).find((r) => (r.name ?? '').trim().toLocaleLowerCase('ru') === key);
  if (existing) throw new AppError('CONFLICT', `The account already has a role "${name}" (id ${existing.id}).`);
  return [{ kind: 'roles.create', entityType: 'roles', entityId: 0, params: { name, rights, from } satisfies RolesCreateParams, source: from }];
}

/** the entities whose delete right is not "D" */
export function grantsDelete(rights: unknown): string[] {
  if (!isObj(rights)) return [];
  return ROLE_ENTITIES.filter((e) => {
    const r = rights[e];
    return isObj(r) && typeof r.delete === 'string' && r.delete !== 'D';
  });
}

/** rights.revoke_delete: one operation per role of the snapshot that grants delete on leads, contacts or companies. */
export function buildRevokeDelete(db: SqliteDb): NewOperation[] {
  const rows = db.prepare('SELECT id, name, raw FROM roles ORDER BY id').all() as { id: number; name: string | null; raw: string }[];
  const ops: NewOperation[] = [];
  for (const r of rows) {
    const rights = (JSON.parse(r.raw) as { rights?: unknown }).rights;
    if (grantsDelete(rights).length === 0) continue;
    const snapshot: RoleRights = {};
    for (const e of ROLE_ENTITIES) if (isObj(rights) && rights[e] !== undefined) snapshot[e] = structuredClone(rights[e]);
    ops.push({ kind: 'rights.revoke_delete', entityType: 'roles', entityId: r.id, params: { roleName: r.name ?? '', snapshot } satisfies RevokeDeleteParams, source: 'roles.delete_rights' });
  }
  return ops;
}
