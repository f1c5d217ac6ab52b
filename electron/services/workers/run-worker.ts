// runtime: node
/**
 * One computation in a worker thread, as the audit and the matcher run theirs: the worker is
 * found next to the calling module (bundled .cjs in the Electron build, or the TypeScript
 * source through a boot file that registers tsx), messages are answered until one settles
 * the run, aborting the signal terminates the thread, and a worker that cannot be found
 * means the computation runs in-process.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type ApiError } from '../../../shared/api/result';

export interface WorkerEntry {
  script: URL;
  workerData: Record<string, unknown>;
}

/** Where a worker lives, relative to the module that starts it. */
export interface WorkerFiles {
  /** in the Electron bundle, e.g. "./audit-worker.cjs" */
  bundled: string;
  /** from TypeScript sources, e.g. "./audit-worker.ts" */
  source: string;
  /** the boot file that registers tsx and imports `source` */
  boot: string;
}

/** How to start the worker from `base` (the caller's import.meta.url), or null (in-process fallback). */
export function workerEntry(base: string, files: WorkerFiles): WorkerEntry | null {
  if (/\.cjs$/.test(new URL(base).pathname)) {
    const script = new URL(files.bundled, base);
    return fs.existsSync(fileURLToPath(script)) ? { script, workerData: {} } : null;
  }
  const entry = new URL(files.source, base);
  const boot = new URL(files.boot, base);
  if (!fs.existsSync(fileURLToPath(entry)) || !fs.existsSync(fileURLToPath(boot))) return null;
  return { script: boot, workerData: { amosweepEntry: entry.href } };
}

/** The AppError a worker's `{type: 'error'}` message carries. */
export function workerError(error: ApiError): AppError {
  const { code, message, details, key, params } = error;
  return new AppError(code, message, details, key ? { key, ...(params ? { params } : {}) } : undefined);
}

export interface WorkerRun<M, R> {
  /** what the worker is, for the message when it stops on its own ("audit", "match") */
  name: string;
  entry: WorkerEntry | null;
  /** workerData beside the entry's: the worker's input under its own key */
  workerData: Record<string, unknown>;
  signal?: AbortSignal | undefined;
  /** the same computation without a worker */
  inProcess: () => R;
  /**
   * answers one message: call settle.resolve/settle.reject to end the run (a rejected run's
   * thread is terminated first); reply posts a message to the worker
   */
  onMessage: (message: M, settle: { resolve: (value: R) => void; reject: (error: unknown) => void }, reply: (message: unknown) => void) => void;
}

export function runWorker<M, R>(run: WorkerRun<M, R>): Promise<R> {
  const cancelled = () => new AppError('CANCELLED', 'Cancelled');
  if (run.signal?.aborted) return Promise.reject(cancelled());
  const entry = run.entry;
  if (!entry) {
    try {
      return Promise.resolve(run.inProcess());
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(entry.script, { workerData: { ...entry.workerData, ...run.workerData } });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      run.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      if (settled) return;
      // stop the computation now; answer once the thread is gone
      settled = true;
      run.signal?.removeEventListener('abort', onAbort);
      void worker.terminate().finally(() => reject(cancelled()));
    };
    run.signal?.addEventListener('abort', onAbort);
    const settle = {
      resolve: (value: R) => finish(() => resolve(value)),
      // the thread is gone before the run is answered: nothing of it still runs (or writes)
      reject: (error: unknown) => finish(() => void worker.terminate().finally(() => reject(error))),
    };
    const reply = (message: unknown) => worker.postMessage(message);
    worker.on('message', (message: M) => {
      if (!settled) run.onMessage(message, settle, reply);
    });
    worker.on('error', (error) => finish(() => reject(error)));
    worker.on('exit', (code) => finish(() => reject(new AppError('INTERNAL', `The ${run.name} worker stopped (exit code ${code})`))));
  });
}
