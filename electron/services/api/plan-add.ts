// runtime: node
/**
 * plan.add and plan.fromIntents: a request's operations added to the open plan, from the app's
 * open snapshot or, in the CLI's one-run mode, on a snapshot file named by the caller ("amosweep
 * plan add"). In that mode the file is opened only for the call: the request is first built on a
 * read-only connection, so a refused request (a missing parameter, an unknown reason, a foreign
 * file) leaves the file byte-identical and neither waits for nor takes the writer lock; then a job
 * takes the lock (waiting as asked, its state naming the holder), opens the file for writing and
 * adds the operations. Ctrl-C cancels the job while it waits.
 */
import path from 'node:path';
import type { PlanAddResult, PlanFromIntentsResult } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import { PLAN_REQUEST, type RequiredParameter } from '../../../shared/plan/operations';
import { schemaVersion, type SqliteDb } from '../db/open';
import { withWriterLock } from '../db/writer-lock';
import { addIntentsToPlan } from '../plan/intents';
import { countOperations } from '../plan/journal';
import { mergeGroupsWithState } from '../plan/merge';
import { closeSnapshotDb, openPlanDb, planMigrations } from '../plan/open';
import { buildOperations, type OperationRequest } from '../plan/request';
import type { IntentOptions } from '../plan/request-params';
import { addOperations, openPlanId } from '../plan/store';
import { planEntries, UNDOCUMENTED_MERGE_KIND } from '../push/operations';
import type { ServiceDeps } from './deps';
import { jobWriterLock } from './job-writer-lock';

/** The request's operations added to the open plan; a merge of the accepted groups that finds none left makes no plan. */
export function addToPlan(db: SqliteDb, request: OperationRequest): PlanAddResult {
  const ops = buildOperations(db, request);
  if (request.operation === PLAN_REQUEST.mergeAccepted && ops.length === 0) {
    const groups = mergeGroupsWithState(db);
    const planned = groups.filter((g) => g.state === 'planned').length;
    const merged = groups.filter((g) => g.state === 'merged').length;
    return { plan: null, operations: 0, total: 0, merge: { accepted: groups.length, planned, merged } };
  }
  const plan = openPlanId(db);
  const operations = addOperations(db, plan, ops);
  const undocumented = ops.filter((o) => o.kind === UNDOCUMENTED_MERGE_KIND).length;
  return { plan, operations, total: countOperations(db, plan), ...(undocumented > 0 ? { undocumented } : {}) };
}

/** The requests a plan can be asked for, with their usage lines and required parameters (the registry's entries). */
export const planRequests = () =>
  planEntries().map((e) => ({ request: e.request, usage: e.usage ?? null, needs: [...(e.needs ?? [])] as RequiredParameter[] }));

export interface FileEdit {
  file: string;
  waitSeconds: number | null;
  /** how the lock file names this writer */
  writer: string;
}

/**
 * The file (and the request, when given) checked on a read-only connection: a refusal is thrown
 * before any lock. A file of an older schema cannot be built on before it is upgraded: its request
 * is checked under the lock.
 */
export function precheck(file: string, request?: OperationRequest): void {
  const ro = openPlanDb(absolute(file), 'readonly', { allowOlderSchema: true });
  try {
    if (request && schemaVersion(ro) === planMigrations().length) buildOperations(ro, request);
  } finally {
    closeSnapshotDb(ro);
  }
}

/** Runs a write on the file under its writer lock, in a job that waits for another writer (and can be cancelled meanwhile). */
export async function editUnderLock<T>(deps: ServiceDeps, edit: FileEdit, write: (db: SqliteDb) => T): Promise<T> {
  const file = absolute(edit.file);
  let written: { value: T } | null = null;
  let failure: unknown = null;
  const job = deps.jobs.start({
    kind: 'plan',
    titleKey: 'changes:job.add',
    titleParams: { file: path.basename(file) },
    canPause: false,
    run: async (control) => {
      try {
        await withWriterLock(file, jobWriterLock(edit.writer, edit.waitSeconds, control), () => {
          const db = openPlanDb(file, 'readwrite');
          try {
            written = { value: write(db) };
          } finally {
            closeSnapshotDb(db);
          }
        });
      } catch (error) {
        failure = error;
        throw error;
      }
    },
  });
  await deps.jobs.wait(job.id);
  // the write is synchronous: once it is done, it is the answer, whatever the job's end says
  if (written !== null) return (written as { value: T }).value;
  throw failure ?? new AppError('CANCELLED', 'Cancelled while waiting for the snapshot file.', undefined, { key: 'cancelled' });
}

/** plan.add with a file. */
export async function addToFile(deps: ServiceDeps, edit: FileEdit, request: OperationRequest): Promise<PlanAddResult> {
  precheck(edit.file, request);
  return editUnderLock(deps, edit, (db) => addToPlan(db, request));
}

/** plan.fromIntents with a file. */
export function intentsToFile(deps: ServiceDeps, edit: FileEdit, options: IntentOptions): Promise<PlanFromIntentsResult> {
  precheck(edit.file);
  return editUnderLock(deps, edit, (db) => addIntentsToPlan(db, options));
}

function absolute(file: string): string {
  if (!path.isAbsolute(file)) throw new AppError('BAD_INPUT', 'With a file, the file is an absolute path.');
  return file;
}
