// runtime: node
/**
 * A rollback is a plan of its own: one revert operation per applied operation, newest
 * first, computed from the before-images in the journal. It has its own dry run and runs
 * through the same engine (conflict checks included: an entity changed after our write is
 * not overwritten). How each kind is undone comes from the registry (operations/index.ts).
 */
import { AppError } from '../../../shared/api/result';
import type { SqliteDb } from '../db/open';
import { countOperations, imageText, unrevertedApplied } from '../plan/journal';
import { addOperations, createPlan, getPlan, latestRollbackOf } from '../plan/store';
import type { NewOperation } from '../plan/types';
import type { ApiObject } from './amo';
import { operationOf } from './operations';

export { ROLLBACK_TASK_TEXT } from './operations';

/**
 * The rollback plan of `planId` (optionally only some of its operations). An unfinished
 * rollback plan of the same plan is returned as it is, so that re-running resumes it.
 */
export function rollbackPlanFor(db: SqliteDb, planId: number, opIds?: readonly number[]): { plan: number; operations: number; created: boolean } {
  const forward = getPlan(db, planId);
  if (forward.kind !== 'forward') throw new AppError('BAD_INPUT', `Plan ${planId} is itself a rollback; roll back its forward plan instead.`);
  const unfinished = latestRollbackOf(db, planId, { unfinished: true });
  if (unfinished !== undefined) return { plan: unfinished, operations: countOperations(db, unfinished), created: false };
  const wanted = opIds ? new Set(opIds) : null;
  const applied = unrevertedApplied(db, planId).filter((op) => !wanted || wanted.has(op.id));
  // a kind amoCRM has no undo for (its private merge): refused, never half rolled back
  const irreversible = applied.filter((op) => operationOf(op.kind).irreversible !== undefined);
  if (irreversible.length > 0)
    throw new AppError(
      'BAD_INPUT',
      `Plan ${planId} holds ${irreversible.length} applied UNDOCUMENTED merge${irreversible.length === 1 ? '' : 's'} (amoCRM's private merge endpoint; contacts ${irreversible.map((o) => o.entity_id).join(', ')}): they are IRREVERSIBLE and cannot be rolled back. Restore the merged cards from amoCRM's trash by hand, or roll back only the plan's other operations.`,
    );
  const ops: NewOperation[] = [];
  for (const op of applied) {
    const text = imageText(db, op.id);
    const before = text ? (JSON.parse(text) as ApiObject) : null;
    const result = op.result ? (JSON.parse(op.result) as Record<string, unknown>) : {};
    ops.push(...operationOf(op.kind).revert(op, before, result));
  }
  if (ops.length === 0) {
    // run twice: the rollback that already undid everything is answered again, never an empty plan
    const done = latestRollbackOf(db, planId, { unfinished: false });
    if (done !== undefined) return { plan: done, operations: countOperations(db, done), created: false };
    throw new AppError('BAD_INPUT', `Plan ${planId} has nothing to roll back: none of its operations changed anything in amoCRM.`, { messageCode: 'rollback.nothing', plan: planId });
  }
  const plan = createPlan(db, 'rollback', { rollbackOf: planId, title: `Rollback of plan ${planId}` });
  const n = addOperations(db, plan, ops, { dedupe: false });
  return { plan, operations: n, created: true };
}
