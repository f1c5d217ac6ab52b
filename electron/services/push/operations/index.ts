// runtime: node
/**
 * The registry of operation kinds: the one place that lists them. The push engine, the dry
 * run, the rollback and the change preview find a kind's behaviour here and nowhere else; a
 * new kind is one file in this folder plus its line below (lint forbids importing an operation
 * file, or a carrier, from outside this folder).
 */
import type { OperationKind } from '../../plan/types';
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
  tasksCreate,
  fieldsDelete,
  fieldsEnsure,
  fieldsToList,
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

export const registeredKinds = (): string[] => OPERATIONS.map((o) => o.kind);

/** The kind a plan request names (plan.add, "amosweep plan add"), when a registered kind builds it. */
export const planEntryFor = (request: string): PlanEntry | undefined => OPERATIONS.find((o) => o.plan?.request === request)?.plan;
/** every registered kind a plan can ask for directly */
export const planEntries = (): PlanEntry[] => OPERATIONS.flatMap((o) => (o.plan ? [o.plan] : []));

export type { BatchControl, Confirmed, Decision, DryRunContext, PlanEntry, Prepared, PushContext, PushOperation, PushReads, ReadBack, WriteRequest } from './contract';
export { OPERATION_KINDS, type OperationKind } from './kinds';
export { ROLLBACK_TASK_TEXT } from './carriers/task';
export { parseParams } from './contract';
