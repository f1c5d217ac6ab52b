// runtime: node
/**
 * Roles and delete rights (doc §13): the preset roles, a role's rights checked and read, and
 * which rights grant delete; the operation modules roles.create and rights.revoke_delete build
 * on them. A user's own rights
 * cannot be changed through API v4 (there is no PATCH /users), so non-admin users with a
 * delete right stay on the admin checklist (checklist.ts).
 */
import { AppError } from '../../../shared/api/result';
import type { RoleRights } from './types';

export const ROLE_ENTITIES = ['leads', 'contacts', 'companies'] as const;
/** the keys of a role's rights (the user flags is_admin, is_free, is_active, group_id, role_id are users' own) */
export const ROLE_RIGHT_KEYS = ['leads', 'contacts', 'companies', 'tasks', 'mail_access', 'catalog_access', 'status_rights', 'catalog_rights'] as const;
const LEVELS = new Set(['A', 'G', 'M', 'D']);

export const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

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

/** the entities whose delete right is not "D" */
export function grantsDelete(rights: unknown): string[] {
  if (!isObj(rights)) return [];
  return ROLE_ENTITIES.filter((e) => {
    const r = rights[e];
    return isObj(r) && typeof r.delete === 'string' && r.delete !== 'D';
  });
}
