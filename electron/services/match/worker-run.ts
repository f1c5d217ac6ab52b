// runtime: node
/**
 * Runs a match of a snapshot file's cards in a worker thread, so the process stays responsive:
 * progress is reported per stage, and aborting the signal terminates the worker. Where the worker
 * lives: dist/electron/match-worker.cjs in the Electron bundle; match-worker.ts through
 * ../audit/audit-worker-boot.mjs from TypeScript sources. When neither is found, the match runs
 * in-process.
 */
import type { MatchRunInfo } from '../../../shared/api/methods/match';
import { AppError } from '../../../shared/api/result';
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import type { WriterLock } from '../db/writer-lock';
import { runWorker, workerEntry, workerError, type WorkerEntry } from '../workers/run-worker';
import { MatchStore, type ComputedRun } from './store';
import type { MatchWorkerInput, MatchWorkerMessage, MatchWorkerReply } from './worker-protocol';

export interface MatchWorkerOptions extends MatchWorkerInput {
  signal?: AbortSignal;
  onProgress?: (phase: string) => void;
}

/** How to start the worker from where this module runs, or null (in-process fallback). */
export function matchWorkerEntry(base: string = import.meta.url): WorkerEntry | null {
  return workerEntry(base, { bundled: './match-worker.cjs', source: './match-worker.ts', boot: '../audit/audit-worker-boot.mjs' });
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
  const input: MatchWorkerInput = {
    file: options.file,
    entity: options.entity,
    rules: options.rules,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  };
  // the groups come in chunks before the run's "done"
  const groups: ComputedRun['groups'] = [];
  return runWorker<MatchWorkerMessage, ComputedRun>({
    name: 'match',
    entry,
    workerData: { amosweepMatch: input },
    signal: options.signal,
    inProcess: () => runInProcess(options),
    onMessage: (message, settle) => {
      if (message.type === 'progress') options.onProgress?.(message.phase);
      else if (message.type === 'groups') groups.push(...message.groups);
      else if (message.type === 'done') settle.resolve({ ...message.computed, groups });
      else if (message.type === 'error') settle.reject(workerError(message.error));
      else settle.reject(new AppError('INTERNAL', `The match worker answered "${message.type}" to a run it was only to compute`));
    },
  });
}

export interface MatchAndStoreOptions extends MatchWorkerOptions {
  preset: string;
  appVersion: string | null;
  /**
   * Takes the file's writer lock (for options.file) for the worker's writes; released once the run
   * is stored, or once what a cancel or a failure left is dropped. Throws when it cannot be taken.
   */
  writerLock: () => WriterLock;
  /**
   * The main thread's store on options.file: stores the run in turns when no worker is found, and
   * drops an incomplete run after a cancel or a failure (`held`: the lock taken by writerLock).
   */
  mainStore: (held?: WriterLock) => MatchStore;
}

/**
 * Matches one entity in a worker thread and stores the run there too (issue 11: nothing large
 * runs on the main thread). The worker computes, then posts "store-ready"; this thread takes the
 * file's writer lock, so this process stays the file's one writer and no other writer (another
 * process, or an edit of this app: requireWritable is refused while the lock is held) runs while the
 * worker's own connection stores the run in short transactions; the run stays incomplete (invisible)
 * until its last step. Cancel terminates the thread (an open transaction of it rolls back as its
 * connection goes), then the incomplete run is dropped in turns. Without a worker: computed and
 * stored in this thread, in turns.
 */
export async function runMatchAndStore(options: MatchAndStoreOptions, entry: WorkerEntry | null = matchWorkerEntry()): Promise<MatchRunInfo> {
  const { entity, rules, preset, appVersion } = options;
  if (!entry) {
    if (options.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled');
    const computed = runInProcess(options);
    return options.mainStore().saveInTurns(entity, computed, rules, preset, appVersion, () => void options.mainStore());
  }
  const input: MatchWorkerInput = {
    file: options.file,
    entity,
    rules,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    store: { preset, appVersion },
  };
  let lock: WriterLock | null = null;
  try {
    return await runWorker<MatchWorkerMessage, MatchRunInfo>({
      name: 'match',
      entry,
      workerData: { amosweepMatch: input },
      signal: options.signal,
      inProcess: () => {
        throw new AppError('INTERNAL', 'The match worker was not found');
      },
      onMessage: (message, settle, reply) => {
        if (message.type === 'progress') options.onProgress?.(message.phase);
        else if (message.type === 'store-ready') {
          try {
            lock = options.writerLock();
            reply({ type: 'store' } satisfies MatchWorkerReply);
          } catch (error) {
            settle.reject(error);
          }
        } else if (message.type === 'stored') settle.resolve(message.info);
        else if (message.type === 'error') settle.reject(workerError(message.error));
        else settle.reject(new AppError('INTERNAL', `The match worker answered "${message.type}" to a run it was to store`));
      },
    });
  } catch (error) {
    // the thread is gone: what it committed of an unfinished run goes, under the lock it wrote under
    const held: WriterLock | null = lock;
    if (held) await options.mainStore(held).dropIncomplete(entity, () => void options.mainStore(held));
    throw error;
  } finally {
    (lock as WriterLock | null)?.release();
  }
}
