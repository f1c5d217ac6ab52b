// runtime: node
/**
 * The registry of operation kinds: the one place that lists them. The push engine, the dry
 * run, the rollback and the change preview find a kind's behaviour here and nowhere else; a
 * new kind is one file in this folder plus its line below (lint forbids importing an operation
 * file, or a carrier, from outside this folder).
 */
import { AppError } from '../../../../shared/api/result';
import type { NewOperation, OperationKind } from '../../plan/types';
import type { PlanEntry, PushOperation } from './contract';
import fieldsDelete from './fields-delete';
import fieldsEnsure from './fields-ensure';
import fieldsToList from './fields-to-list';
import fillLossReason from './fill-loss-reason';
import mergeLink from './merge-link';
import mergeMark from './merge-mark';
import mergeNote from './merge-note';
import mergeSurvivor from './merge-survivor';
import mergeTask from './merge-task';
import mergeUndocumented from './merge-undocumented';
import mergeUnlink from './merge-unlink';
import normalizePhones from './normalize-phones';
import revertDropField from './revert-drop-field';
import revertDropRole from './revert-drop-role';
import revertField from './revert-field';
import revertLink from './revert-link';
import revertPatch from './revert-patch';
import revertRole from './revert-role';
import revertTask from './revert-task';
import revertUnlink from './revert-unlink';
import revertValues from './revert-values';
import rightsRevokeDelete from './rights-revoke-delete';
import rolesCreate from './roles-create';
import splitStuffed from './split-stuffed';
import stagesDelete, { revertStage } from './stages-delete';
import tagsDetach from './tags-detach';
import tasksCreate from './tasks-create';

const OPERATIONS: readonly PushOperation[] = [
  fillLossReason,
  normalizePhones,
  splitStuffed,
  tagsDetach,
  fieldsDelete,
  fieldsEnsure,
  fieldsToList,
  tasksCreate,
  mergeSurvivor,
  mergeLink,
  mergeUnlink,
  mergeTask,
  mergeNote,
  mergeMark,
  rolesCreate,
  rightsRevokeDelete,
  mergeUndocumented,
  stagesDelete,
  revertPatch,
  revertTask,
  revertField,
  revertValues,
  revertDropField,
  revertLink,
  revertUnlink,
  revertRole,
  revertDropRole,
  revertStage,
];

const BY_KIND = new Map<string, PushOperation>(OPERATIONS.map((o) => [o.kind, o]));

/** The behaviour of an operation kind; a kind the registry does not know (a newer plan, a corrupt row) is an error. */
export function operationOf(kind: OperationKind | string): PushOperation {
  const op = BY_KIND.get(kind);
  if (!op) throw new Error(`unknown operation kind "${kind}"`);
  return op;
}

/** the kind of amoCRM's private, irreversible merge (surfaces warn about it by name) */
export const UNDOCUMENTED_MERGE_KIND = mergeUndocumented.kind;

/** the registry's answers the journal asks for by kind (an unknown kind, in a corrupt or newer file, counts as plain) */
export const identifiedByParams = (kind: string): boolean => BY_KIND.get(kind)?.identifiedByParams === true;
export const undoable = (kind: string, source: string | null): boolean => BY_KIND.get(kind)?.undoable?.(source) ?? true;

/**
 * Refuses an operation whose params do not match its kind's schema (a bug in a build or a
 * rollback, never the account's data): nothing of it is stored.
 */
export function checkParams(op: Pick<NewOperation, 'kind' | 'entityType' | 'entityId' | 'params'>): void {
  const checked = operationOf(op.kind).params.safeParse(op.params);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new AppError('INTERNAL', `${op.kind} on ${op.entityType} ${op.entityId}: its params do not match the kind's schema (${issue ? `${issue.path.join('.') || 'params'}: ${issue.message}` : 'invalid'}).`);
  }
}

export const registeredKinds = (): string[] => OPERATIONS.map((o) => o.kind);

const PLAN_ENTRIES: readonly PlanEntry[] = OPERATIONS.flatMap((o) => (o.plan === undefined ? [] : Array.isArray(o.plan) ? (o.plan as readonly PlanEntry[]) : [o.plan as PlanEntry]));
const BY_REQUEST = new Map<string, PlanEntry>(PLAN_ENTRIES.map((e) => [e.request, e]));

/** The module's entry that builds a plan request (plan.add, "amosweep plan add", a Fix intent), when one does. */
export const planEntryFor = (request: string): PlanEntry | undefined => BY_REQUEST.get(request);
/** every request a plan can be asked for, in the registry's order (the CLI's usage lists them so) */
export const planEntries = (): PlanEntry[] => [...PLAN_ENTRIES];

export type { BatchControl, Confirmed, Decision, DryRunContext, PlanEntry, Prepared, PushContext, PushOperation, PushReads, ReadBack, WriteRequest } from './contract';
export { OPERATION_KINDS, type OperationKind } from './kinds';
export { ROLLBACK_TASK_TEXT } from './carriers/task';
/** one or more merge groups as operations (the merge requests build them; tests and benchmarks plan groups directly) */
export { buildMerges, buildUndocumentedMerges, COMPANIES_UNDOCUMENTED_REFUSED, DELETE_FIELD_NAME, mergeTag } from './carriers/merge-groups';
export { parseParams } from './contract';
