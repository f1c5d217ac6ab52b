// runtime: node
/**
 * Runs a match of a snapshot file's cards in a worker thread, so the process stays responsive:
 * progress is reported per stage, and aborting the signal terminates the worker. Where the worker
 * lives: dist/electron/match-worker.cjs in the Electron bundle; match-worker.ts through
 * ../audit/audit-worker-boot.mjs from TypeScript sources. When neither is found, the match runs
 * in-process.
 */
import { closeSnapshotDb, openSnapshotDb } from '../db/open';
import { runWorker, workerEntry, workerError, type WorkerEntry } from '../workers/run-worker';
import { MatchStore, type ComputedRun } from './store';
import type { MatchWorkerInput, MatchWorkerMessage } from './worker-protocol';

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
      else settle.reject(workerError(message.error));
    },
  });
}
