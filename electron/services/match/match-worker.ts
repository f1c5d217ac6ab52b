// runtime: node
/**
 * Matching off the main thread (issue 11): a worker_threads entry that opens the snapshot file
 * itself (read-only), loads the cards and the "not a duplicate" decisions, matches, explains the
 * groups and flags their risks, posting a message per stage. Then either it posts the computed run
 * back (in chunks of groups), or, when asked to store it (input.store), it waits until the main
 * thread holds the file's writer lock for it and stores the run through its own connection in
 * short transactions, so the main thread never decodes nor writes the groups. Bundled as
 * dist/electron/match-worker.cjs; under vitest and tsx it is loaded through
 * ../audit/audit-worker-boot.mjs, which registers tsx first.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toFailure } from '../../../shared/api/dispatch';
import { closeSnapshotDb, openSecondWriter, openSnapshotDb, type SqliteDb } from '../db/open';
import { MatchStore, type ComputedRun } from './store';
import { GROUPS_PER_MESSAGE, GROUPS_PER_STORE_STEP, type MatchWorkerInput, type MatchWorkerMessage, type MatchWorkerReply } from './worker-protocol';

function post(message: MatchWorkerMessage): void {
  parentPort?.postMessage(message);
}

/** The main thread's answer to "store-ready". */
function storeGranted(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (reply: MatchWorkerReply) => {
      if (reply.type !== 'store') return;
      parentPort?.off('message', onMessage);
      resolve();
    };
    parentPort?.on('message', onMessage);
  });
}

async function store(input: MatchWorkerInput & { store: NonNullable<MatchWorkerInput['store']> }, computed: ComputedRun): Promise<void> {
  const granted = storeGranted();
  post({ type: 'store-ready', groups: computed.groups.length });
  await granted;
  const db = openSecondWriter(input.file, input.nativeBinding);
  try {
    const info = new MatchStore(db).saveInSteps(input.entity, computed, input.rules, input.store.preset, input.store.appVersion, GROUPS_PER_STORE_STEP);
    post({ type: 'stored', info });
  } finally {
    // the main thread keeps the file open: no checkpoint nor journal change from here
    db.close();
  }
}

export async function matchWorkerMain(input: MatchWorkerInput): Promise<void> {
  let db: SqliteDb | null = null;
  try {
    db = openSnapshotDb(input.file, { mode: 'readonly', ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
    const computed = new MatchStore(db).compute(input.entity, input.rules, undefined, (phase) => post({ type: 'progress', phase }));
    closeSnapshotDb(db);
    db = null;
    if (input.store) {
      await store({ ...input, store: input.store }, computed);
      return;
    }
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
if (parentPort && input?.amosweepMatch) void matchWorkerMain(input.amosweepMatch);
