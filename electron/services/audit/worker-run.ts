// runtime: node
/**
 * Runs the audit of a snapshot file in a worker thread, so the process stays responsive:
 * progress is reported per rule, and aborting the signal terminates the worker.
 *
 * Where the worker lives:
 * - in the Electron bundle (this code inside dist/electron/main.cjs): dist/electron/audit-worker.cjs;
 * - from TypeScript sources (vitest, tsx): audit-worker.ts, loaded through audit-worker-boot.mjs (registers tsx).
 * When neither can be found, the audit runs in-process (synchronously) as before.
 */
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { runWorker, workerEntry, workerError, type WorkerEntry } from '../workers/run-worker';
import { runAudit, type AuditRun } from './run';
import type { AuditWorkerInput, AuditWorkerMessage } from './worker-protocol';

export interface AuditWorkerOptions extends AuditWorkerInput {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, id: string) => void;
}

/** How to start the worker from where this module runs, or null (in-process fallback). */
export function auditWorkerEntry(base: string = import.meta.url): WorkerEntry | null {
  return workerEntry(base, { bundled: './audit-worker.cjs', source: './audit-worker.ts', boot: './audit-worker-boot.mjs' });
}

function runInProcess(options: AuditWorkerOptions): AuditRun {
  const db = openSnapshotDb(options.file, { mode: 'readonly', ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    return runAudit(db, options.asOf ? { asOf: new Date(options.asOf) } : {}, undefined, options.onProgress);
  } finally {
    closeSnapshotDb(db);
  }
}

/** The audit of the snapshot file, computed in a worker thread (opened there read-only). */
export function runAuditInWorker(options: AuditWorkerOptions, entry: WorkerEntry | null = auditWorkerEntry()): Promise<AuditRun> {
  const input: AuditWorkerInput = {
    file: options.file,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  return runWorker<AuditWorkerMessage, AuditRun>({
    name: 'audit',
    entry,
    workerData: { amosweepAudit: input },
    signal: options.signal,
    inProcess: () => runInProcess(options),
    onMessage: (message, settle) => {
      if (message.type === 'progress') options.onProgress?.(message.done, message.total, message.id);
      else if (message.type === 'done') settle.resolve(message.run);
      else settle.reject(workerError(message.error));
    },
  });
}
