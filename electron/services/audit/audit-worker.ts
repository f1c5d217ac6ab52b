// runtime: node
/**
 * The audit off the main thread: a worker_threads entry that opens the snapshot file itself
 * (read-only), runs every rule and the analytics, and posts progress and then the run
 * (report and every rule's full result) back by structured clone.
 * Bundled as dist/electron/audit-worker.cjs; under vitest and tsx it is loaded through
 * audit-worker-boot.mjs, which registers tsx first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toFailure } from '../../../shared/api/dispatch';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { runAudit } from './run';
import type { AuditWorkerInput, AuditWorkerMessage } from './worker-protocol';

function post(message: AuditWorkerMessage): void {
  parentPort?.postMessage(message);
}

export function auditWorkerMain(input: AuditWorkerInput): void {
  let db: SqliteDb | null = null;
  try {
    db = openSnapshotDb(input.file, { mode: 'readonly', ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
    const run = runAudit(db, input.asOf ? { asOf: new Date(input.asOf) } : {}, undefined, (done, total, id) =>
      post({ type: 'progress', done, total, id }),
    );
    post({ type: 'done', run });
  } catch (error) {
    const failure = toFailure(error);
    post({ type: 'error', error: failure.ok ? { code: 'INTERNAL', message: String(error) } : failure.error });
  } finally {
    if (db) closeSnapshotDb(db);
  }
}

const input = workerData as { amosweepAudit?: AuditWorkerInput } | null;
if (parentPort && input?.amosweepAudit) auditWorkerMain(input.amosweepAudit);
