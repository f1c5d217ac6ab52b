// runtime: node
/**
 * One "add to the plan" request → its operations. The operation module the registry names for
 * the request checks the parameters it cannot do without and builds the operations: the app's
 * `plan.add` handler and `amosweep plan add` both go through here, so they cannot drift apart.
 */
import type { SqliteDb } from '../db/open';
import { planEntryFor } from '../push/operations';
import { needs, PlanRequestError, type OperationRequest } from './request-params';
import type { NewOperation } from './types';

export { PlanRequestError, type OperationRequest, type RequiredParameter } from './request-params';

export function buildOperations(db: SqliteDb, r: OperationRequest): NewOperation[] {
  const entry = planEntryFor(r.operation);
  if (!entry) throw new PlanRequestError(`Unknown operation "${r.operation}".`);
  if (entry.needs) needs(r, ...entry.needs);
  return entry.build(db, r);
}
