// runtime: node
/**
 * One "add to the plan" request → its operations. The single place that reads an operation's
 * parameters, checks that the required ones are there and calls its builder: the app's
 * `plan.add` handler and `amosweep plan add` both go through it, so they cannot drift apart.
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { buildFieldsDelete, buildFieldsToList, buildFillLossReason, buildNormalizePhones, buildSplitStuffed, buildTagsDetach, buildTasksCreate } from './builders';
import { acceptedMergeGroups, buildMerges, buildUndocumentedMerges, type MergeGroup } from './merge';
import { buildRevokeDelete, buildRolesCreate } from './roles';
import { planEntryFor } from '../push/operations';
import { CRM_ENTITIES, type CrmEntity, type NewOperation } from './types';

export interface OperationRequest {
  operation: string;
  /** fill.loss_reason: the reason's name or id */
  reason?: string;
  /** fill.loss_reason: a reason per deal suggested from its notes, where one is clear */
  suggest?: boolean;
  /** fill.loss_reason: deals whose suggested reason the admin rejected (left out) */
  reject?: readonly number[];
  /** tags.detach */
  tag?: string;
  entity?: CrmEntity;
  /** fields.delete, fields.to_list */
  field?: number;
  /** tasks.create */
  text?: string;
  dueDays?: number;
  /** fill.loss_reason, tasks.create: only these entities (default: the finding's) */
  ids?: readonly number[];
  /** fields.to_list: the list field's name; roles.create: the role's name */
  name?: string;
  mapping?: Record<string, string | null>;
  /** roles.create: where the rights come from (at most one) */
  preset?: string;
  fromUser?: number;
  rights?: unknown;
  /** merge.contacts, merge.companies: one group */
  survivor?: number;
  losers?: readonly number[];
  /** merges through amoCRM's undocumented, irreversible endpoint (CLI opt-in only) */
  undocumented?: boolean;
}

/** A parameter an operation cannot do without. */
export type RequiredParameter = 'reason' | 'tag' | 'entity' | 'field' | 'text' | 'name' | 'survivor' | 'losers';

/** The request itself is incomplete or contradictory (not the account's data): BAD_INPUT. */
export class PlanRequestError extends AppError {
  readonly missing: readonly RequiredParameter[];
  constructor(message: string, missing: readonly RequiredParameter[] = []) {
    super('BAD_INPUT', message, missing.length > 0 ? { missing } : undefined);
    this.name = 'PlanRequestError';
    this.missing = missing;
  }
}

function needs<K extends RequiredParameter>(r: OperationRequest, ...keys: K[]): void {
  const missing = keys.filter((k) => {
    const v = r[k];
    return v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  });
  if (missing.length > 0) throw new PlanRequestError(`${r.operation} needs ${missing.join(' and ')}.`, missing);
}

function merges(db: SqliteDb, r: OperationRequest, groups: readonly MergeGroup[]): NewOperation[] {
  return r.undocumented === true ? buildUndocumentedMerges(db, groups) : buildMerges(db, groups);
}

export function buildOperations(db: SqliteDb, r: OperationRequest): NewOperation[] {
  switch (r.operation) {
    case 'fill.loss_reason':
      if (r.suggest !== true) needs(r, 'reason');
      return buildFillLossReason(db, { ...(r.reason ? { reason: r.reason } : {}), ...(r.suggest ? { suggest: true } : {}), ...(r.ids ? { ids: r.ids } : {}), ...(r.reject ? { reject: r.reject } : {}) });
    case 'normalize.phones':
      return buildNormalizePhones(db);
    case 'split.stuffed':
      return buildSplitStuffed(db);
    case 'tags.detach':
      needs(r, 'tag', 'entity');
      if (!CRM_ENTITIES.includes(r.entity!)) throw new PlanRequestError(`tags.detach: unknown entity type "${String(r.entity)}".`, ['entity']);
      return buildTagsDetach(db, { tag: r.tag!, entity: r.entity! });
    case 'fields.delete':
      needs(r, 'field');
      return buildFieldsDelete(db, { field: r.field! });
    case 'fields.to_list':
      needs(r, 'field');
      return buildFieldsToList(db, { field: r.field!, ...(r.name ? { name: r.name } : {}), ...(r.mapping ? { mapping: r.mapping } : {}) });
    case 'tasks.create':
      needs(r, 'text');
      return buildTasksCreate(db, { text: r.text!, dueDays: r.dueDays ?? 1, ...(r.ids ? { ids: r.ids } : {}) });
    case 'merge.accepted':
      return merges(db, r, acceptedMergeGroups(db));
    case 'merge.contacts':
    case 'merge.companies':
      needs(r, 'survivor', 'losers');
      return merges(db, r, [{ entity: r.operation === 'merge.contacts' ? 'contacts' : 'companies', survivor: r.survivor!, losers: [...r.losers!] }]);
    case 'roles.create': {
      needs(r, 'name');
      const sources = [r.preset, r.fromUser, r.rights].filter((x) => x !== undefined).length;
      if (sources > 1) throw new PlanRequestError('roles.create takes one source of rights: a preset, a user or a rights file.');
      return buildRolesCreate(db, {
        name: r.name!,
        ...(r.preset !== undefined ? { preset: r.preset } : {}),
        ...(r.fromUser !== undefined ? { fromUser: r.fromUser } : {}),
        ...(r.rights !== undefined ? { rights: r.rights } : {}),
      });
    }
    case 'rights.revoke_delete':
      return buildRevokeDelete(db);
    default: {
      // a kind whose operation module builds it (the registry); the cases above are the adapter for the older kinds
      const entry = planEntryFor(r.operation);
      if (!entry) throw new PlanRequestError(`Unknown operation "${r.operation}".`);
      return entry.build(db, { ...(r.ids ? { ids: r.ids } : {}) });
    }
  }
}
