// runtime: node
/**
 * Kinds that write one role, one request each (doc §13): POST /api/v4/roles, PATCH or DELETE
 * /api/v4/roles/{id}. Built from the roles as they are on the server (read before the write and
 * stored as the before-image), and told applied by reading them back.
 */
import { ROLE_ENTITIES, roleRightsOf } from '../../../plan/roles';
import type { OperationRow } from '../../../plan/types';
import { roleRaw } from '../../../snapshot/store';
import type { ApiObject } from '../../amo';
import { obj, single, type PushOperation, type WriteRequest, type Carried } from '../contract';

export type RoleBuilt = { item: ApiObject | null; image: unknown } | { noop: string; image: unknown; result?: Record<string, unknown> } | { conflict: string; image: unknown };

const isObj = (v: unknown): v is ApiObject => v !== null && typeof v === 'object' && !Array.isArray(v);
export const nameKey = (v: unknown): string => String(v ?? '').trim().toLocaleLowerCase('ru');
export const rightsOf = (role: ApiObject | undefined): ApiObject => (role && isObj(role.rights) ? role.rights : {});
export const roleOf = (op: OperationRow, roles: ApiObject[]): ApiObject | undefined => roles.find((r) => Number(r.id) === op.entity_id);

/** canonical JSON (sorted keys), for comparing rights */
function canon(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canon).join(',')}]`;
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canon(v[k])}`).join(',')}}`;
  return JSON.stringify(v ?? null);
}
const entityRights = (rights: ApiObject): ApiObject => Object.fromEntries(ROLE_ENTITIES.filter((e) => rights[e] !== undefined).map((e) => [e, rights[e]]));
/** the same rights on leads, contacts and companies */
export const sameEntityRights = (a: ApiObject, b: ApiObject): boolean => canon(entityRights(a)) === canon(entityRights(b));
/** the role's rights on leads, contacts and companies are exactly `snapshot` */
export const entityRightsAre = (rights: ApiObject, snapshot: unknown): boolean => canon(entityRights(rights)) === canon(snapshot);

/** the role's rights with delete "D" on leads, contacts and companies (the whole rights sent, so a replacing PATCH keeps the rest) */
export function revoked(rights: ApiObject): ApiObject {
  const out = roleRightsOf(rights) as ApiObject;
  for (const e of ROLE_ENTITIES) if (isObj(out[e])) out[e] = { ...out[e], delete: 'D' };
  return out;
}

export interface RoleKind {
  kind: OperationRow['kind'];
  /** the roles are read with their users (a role is deleted only without users) */
  readsUsers?: boolean;
  build(op: OperationRow, roles: ApiObject[]): RoleBuilt;
  request(op: OperationRow, item: ApiObject | null): WriteRequest;
  /** read back after an unsure write: the result when it was applied, else null */
  applied(op: OperationRow, roles: ApiObject[]): Record<string, unknown> | null;
  /** the result of a confirmed write, from the roles amoCRM answered with */
  confirmed?(made: ApiObject[]): Record<string, unknown>;
  /** the dry run's item from the snapshot's copy of the role ('noop': nothing to write) */
  dryRunItem(op: OperationRow, roles: ApiObject[]): { item: ApiObject | null } | 'noop';
  revert?: PushOperation['revert'];
}

export function roleOperation(k: RoleKind): Carried {
  return {
    ...single,
    kind: k.kind,
    preview: { shape: 'none' },
    async prepare(ctx, ops) {
      // one role per request (doc §13)
      const op = ops[0]!;
      const roles = await ctx.reads.roles(k.readsUsers === true);
      return () => {
        const built = k.build(op, roles);
        const image = { entityType: 'roles', value: built.image };
        if ('item' in built) return [{ op, image, decision: { write: built.item } }];
        if ('noop' in built) return [{ op, image, decision: { skip: built.noop, ...(built.result ? { result: built.result } : {}) } }];
        return [{ op, image, decision: { conflict: built.conflict } }];
      };
    },
    request: (op, items) => k.request(op, (items[0] as ApiObject | undefined) ?? null),
    confirm(ops, data) {
      const list = obj(obj(data)?._embedded)?.roles;
      const made = (Array.isArray(list) ? (list as unknown[]) : []).map((x) => obj(x) ?? {});
      return ops.map((op) => ({ op, result: k.confirmed?.(made) ?? {} }));
    },
    async readBack(ctx, ops, itemOf) {
      const op = ops[0]!;
      const roles = await ctx.reads.roles(false);
      return () => {
        const applied = k.applied(op, roles);
        return [applied ? { applied: { ...applied, readBack: true } } : { resend: itemOf(op) ?? null }];
      };
    },
    touched: () => [],
    dryRun(ctx, groupOps) {
      // one role per request: the roles are read (before-image), then the write
      for (const op of groupOps) {
        ctx.request({ method: 'GET', path: `/api/v4/roles${k.readsUsers ? '?with=users' : ''}`, entities: 1, read: true });
        const roleRow = roleRaw(ctx.db, op.entity_id);
        const planned = k.dryRunItem(op, roleRow ? [JSON.parse(roleRow.raw) as ApiObject] : []);
        if (planned === 'noop') {
          ctx.noop();
          continue;
        }
        const req = k.request(op, planned.item);
        ctx.written(1);
        ctx.request({ method: req.method, path: req.path, entities: 1, read: false, ...(req.body !== undefined ? { body: req.body } : {}) });
      }
    },
    revert: k.revert ?? (() => []),
  };
}

/** The forward role kinds' dry-run item: what they would write to the role as the snapshot has it. */
export const builtForDryRun =
  (build: RoleKind['build']): RoleKind['dryRunItem'] =>
  (op, roles) => {
    const built = build(op, roles);
    return 'item' in built ? { item: built.item } : 'noop';
  };
