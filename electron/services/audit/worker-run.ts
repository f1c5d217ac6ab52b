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
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/api/result';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { runAudit, type AuditRun } from './run';
import type { AuditWorkerInput, AuditWorkerMessage } from './worker-protocol';

export interface AuditWorkerOptions extends AuditWorkerInput {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number, id: string) => void;
}

interface WorkerEntry {
  script: URL;
  workerData: Record<string, unknown>;
}

/** How to start the worker from where this module runs, or null (in-process fallback). */
export function auditWorkerEntry(base: string = import.meta.url): WorkerEntry | null {
  const bundled = /\.cjs$/.test(new URL(base).pathname);
  if (bundled) {
    const script = new URL('./audit-worker.cjs', base);
    return fs.existsSync(fileURLToPath(script)) ? { script, workerData: {} } : null;
  }
  const entry = new URL('./audit-worker.ts', base);
  const boot = new URL('./audit-worker-boot.mjs', base);
  if (!fs.existsSync(fileURLToPath(entry)) || !fs.existsSync(fileURLToPath(boot))) return null;
  return { script: boot, workerData: { amosweepEntry: entry.href } };
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
  const cancelled = () => new AppError('CANCELLED', 'Cancelled');
  if (options.signal?.aborted) return Promise.reject(cancelled());
  if (!entry) {
    try {
      return Promise.resolve(runInProcess(options));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const input: AuditWorkerInput = {
    file: options.file,
    ...(options.asOf ? { asOf: options.asOf } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  return new Promise<AuditRun>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry.script, { workerData: { ...entry.workerData, amosweepAudit: input } });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      if (settled) return;
      // stop the computation now; answer once the thread is gone
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate().finally(() => reject(cancelled()));
    };
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (message: AuditWorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') options.onProgress?.(message.done, message.total, message.id);
      else if (message.type === 'done') finish(() => resolve(message.run));
      else {
        const { code, message: text, details, key, params } = message.error;
        finish(() => reject(new AppError(code, text, details, key ? { key, ...(params ? { params } : {}) } : undefined)));
      }
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `The audit worker stopped (exit code ${code})`))));
  });
}
