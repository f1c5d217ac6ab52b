// runtime: node
/**
 * Matching off the main thread (issue 11): a worker_threads entry that opens the snapshot file
 * itself (read-only), loads the cards and the "not a duplicate" decisions, matches, explains the
 * groups and flags their risks, posting a message per stage and then the computed run; the main
 * thread only stores it. Bundled as dist/electron/match-worker.cjs; under vitest and tsx it is
 * loaded through ../audit/audit-worker-boot.mjs, which registers tsx first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toFailure } from '../../../shared/api/dispatch';
import { closeSnapshotDb, openSnapshotDb, type SqliteDb } from '../db/open';
import { MatchStore } from './store';
import { GROUPS_PER_MESSAGE, type MatchWorkerInput, type MatchWorkerMessage } from './worker-protocol';

function post(message: MatchWorkerMessage): void {
  parentPort?.postMessage(message);
}

export function matchWorkerMain(input: MatchWorkerInput): void {
  let db: SqliteDb | null = null;
  try {
    db = openSnapshotDb(input.file, { mode: 'readonly', ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
    const computed = new MatchStore(db).compute(input.entity, input.rules, undefined, (phase) => post({ type: 'progress', phase }));
    for (let k = 0; k < computed.groups.length; k += GROUPS_PER_MESSAGE) post({ type: 'groups', groups: computed.groups.slice(k, k + GROUPS_PER_MESSAGE) });
    post({ type: 'done', computed: { ...computed, groups: [] } });
  } catch (error) {
    const failure = toFailure(error);
    post({ type: 'error', error: failure.ok ? { code: 'INTERNAL', message: String(error) } : failure.error });
  } finally {
    if (db) closeSnapshotDb(db);
  }
}

const input = workerData as { amosweepMatch?: MatchWorkerInput } | null;
if (parentPort && input?.amosweepMatch) matchWorkerMain(input.amosweepMatch);
