// runtime: node
/**
 * Runs a match of a snapshot file's cards in a worker thread, so the process stays responsive:
 * progress is reported per stage, and aborting the signal terminates the worker. Where the worker
 * lives: dist/electron/match-worker.cjs in the Electron bundle; match-worker.ts through
 * ../audit/audit-worker-boot.mjs from TypeScript sources. When neither is found, the match runs
 * in-process.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/api/result';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { MatchStore, type ComputedRun } from './store';
import type { MatchWorkerInput, MatchWorkerMessage } from './worker-protocol';

export interface MatchWorkerOptions extends MatchWorkerInput {
  signal?: AbortSignal;
  onProgress?: (phase: string) => void;
}

interface WorkerEntry {
  script: URL;
  workerData: Record<string, unknown>;
}

/** How to start the worker from where this module runs, or null (in-process fallback). */
export function matchWorkerEntry(base: string = import.meta.url): WorkerEntry | null {
  const bundled = /\.cjs$/.test(new URL(base).pathname);
  if (bundled) {
    const script = new URL('./match-worker.cjs', base);
    return fs.existsSync(fileURLToPath(script)) ? { script, workerData: {} } : null;
  }
  const entry = new URL('./match-worker.ts', base);
  const boot = new URL('../audit/audit-worker-boot.mjs', base);
  if (!fs.existsSync(fileURLToPath(entry)) || !fs.existsSync(fileURLToPath(boot))) return null;
  return { script: boot, workerData: { amosweepEntry: entry.href } };
}

function runInProcess(options: MatchWorkerOptions): ComputedRun {
  const db = openSnapshotDb(options.file, { mode: 'readonly', ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}) });
  try {
    return new MatchStore(db).compute(options.entity, options.rules, options.signal, options.onProgress);
  } finally {
    closeSnapshotDb(db);
  }
}

/** The match of one entity of the snapshot file, computed in a worker thread (opened there read-only). */
export function runMatchInWorker(options: MatchWorkerOptions, entry: WorkerEntry | null = matchWorkerEntry()): Promise<ComputedRun> {
  const cancelled = () => new AppError('CANCELLED', 'Cancelled');
  if (options.signal?.aborted) return Promise.reject(cancelled());
  if (!entry) {
    try {
      return Promise.resolve(runInProcess(options));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const input: MatchWorkerInput = {
    file: options.file,
    entity: options.entity,
    rules: options.rules,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  return new Promise<ComputedRun>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry.script, { workerData: { ...entry.workerData, amosweepMatch: input } });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate().finally(() => reject(cancelled()));
    };
    options.signal?.addEventListener('abort', onAbort);
    const groups: ComputedRun['groups'] = [];
    worker.on('message', (message: MatchWorkerMessage) => {
      if (settled) return;
      if (message.type === 'progress') options.onProgress?.(message.phase);
      else if (message.type === 'groups') groups.push(...message.groups);
      else if (message.type === 'done') finish(() => resolve({ ...message.computed, groups }));
      else finish(() => reject(new AppError(message.error.code, message.error.message, message.error.details)));
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `The match worker stopped (exit code ${code})`))));
  });
}
