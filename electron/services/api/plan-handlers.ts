// runtime: node
import path from 'node:path';
import type { HandlersFor } from '../../../shared/api/dispatch';
import type { planMethods } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import type { AmoClient } from '../amo/client';
import type { SqliteDb } from '../db/open';
import type { WriterLock } from '../db/writer-lock';
import { lostDealsWithoutReason } from '../plan/snapshot-reads';
import { addIntentsToPlan } from '../plan/intents';
import { accountLossReasons, lossReasonSuggestions } from '../plan/loss-reason-suggest';
import { mergeGroupsWithState } from '../plan/merge';
import { adminChecklist } from '../plan/checklist';
import { countOpenOperations } from '../plan/journal';
import { getPlan, listOperations, listPlans } from '../plan/store';
import { mergeGroupInfo } from '../plan/merge-info';
import { openChanges, withChanges } from '../push/changes';
import { describeDryRun, dryRun } from '../push/dry-run';
import { pushPlan } from '../push/engine';
import { incompleteMessage } from '../push/incomplete';
import { rollbackPlanFor } from '../push/rollback';
import { checkSnapshotAccount, fetchAccountIdentity } from '../snapshot/account-check';
import type { ServiceDeps } from './deps';
import { addToFile, addToPlan, intentsToFile, planRequests } from './plan-add';
import { fileDryRun, fileRunClient, runFilePlan, type FileRunInput } from './plan-file-run';
import { hasTable } from '../db/handles';

export interface PlanHandlerOptions {
  /** The rate-limited client of a connection (the connection registry lives with the snapshot handlers). */
  clientFor?: (connectionId: string, rps: number) => AmoClient;
}

function hasPlanTables(db: SqliteDb): boolean {
  return hasTable(db, 'plans');
}

export function createPlanHandlers(deps: ServiceDeps, options: PlanHandlerOptions = {}): HandlersFor<typeof planMethods> {
  const readDb = (): SqliteDb => {
    const { db } = deps.session.require();
    if (!hasPlanTables(db)) throw new AppError('SNAPSHOT_INVALID', 'This snapshot has no change plan tables (migration 0004 is not applied).');
    return db;
  };
  const writeDb = (held?: WriterLock): SqliteDb => {
    const { db } = deps.session.requireWritable(held);
    if (!hasPlanTables(db)) throw new AppError('SNAPSHOT_INVALID', 'This snapshot has no change plan tables (migration 0004 is not applied).');
    return db;
  };
  // snapshot file#plan → the id of the push job running it
  const pushing = new Map<string, string>();
  return {
    'plan.list': () => (hasPlanTables(deps.session.require().db) ? listPlans(readDb()) : []),
    'plan.operations': ({ plan, status, offset, limit }) => {
      const db = readDb();
      return withChanges(db, listOperations(db, plan, { ...(status ? { status } : {}), offset, limit }));
    },
    'plan.mergeGroups': () => {
      const { db } = deps.session.require();
      return mergeGroupInfo(db, mergeGroupsWithState(db));
    },
    'plan.add': (input, ctx) => {
      const { file, waitSeconds, writer, ...request } = input;
      // public API only from the app; the undocumented merge stays a command-line opt-in
      if (request.undocumented && ctx.transport !== 'cli') throw new AppError('BAD_INPUT', 'The undocumented merge is a command-line opt-in (amosweep plan add … --undocumented).');
      if (file !== undefined) return addToFile(deps, { file, waitSeconds, writer: writer ?? `amosweep plan add ${request.operation}` }, request);
      return addToPlan(writeDb(), request);
    },
    'plan.fromIntents': ({ reason, suggest, reject, text, dueDays, file, waitSeconds, writer }) => {
      const options = {
        ...(reason ? { reason } : {}),
        ...(suggest ? { suggest } : {}),
        ...(reject ? { reject } : {}),
        ...(text ? { text } : {}),
        ...(dueDays !== undefined ? { dueDays } : {}),
      };
      if (file !== undefined) return intentsToFile(deps, { file, waitSeconds, writer: writer ?? 'amosweep plan add intents' }, options);
      return addIntentsToPlan(writeDb(), options);
    },
    'plan.requests': () => planRequests(),
    'plan.checklist': () => adminChecklist(deps.session.require().db),
    'plan.lossReasons': () => {
      const { db } = deps.session.require();
      if (!hasTable(db, 'loss_reasons')) return [];
      return accountLossReasons(db);
    },
    'plan.suggestLossReasons': ({ ids, limit }) => {
      const db = deps.session.require().db;
      return lossReasonSuggestions(db, lostDealsWithoutReason(db, ids).map((d) => d.id), limit ?? undefined);
    },
    'plan.export': async ({ plan, lang, inline }) => {
      const db = readDb();
      getPlan(db, plan);
      // exceljs loads only when a workbook is written
      const { exportPlanXlsx } = await import('../plan-export/workbook');
      return exportPlanXlsx(db, plan, { dataDir: deps.dataDir, lang, inline, snapshotFile: deps.session.require().file });
    },
    'plan.dryRun': ({ plan, file, rps, limit, changes }) => {
      if (file !== undefined) return fileDryRun({ file, plan, rps, limit });
      if (plan === undefined) throw new AppError('BAD_INPUT', 'Give the plan.');
      const db = readDb();
      const r = dryRun(db, plan, { rps, limit });
      const openOperations = countOpenOperations(db, plan);
      return { ...r, openOperations, summary: describeDryRun(r, openOperations), changes: changes > 0 ? openChanges(db, plan, changes) : [] };
    },
    'plan.push': (input) => {
      const { plan, connectionId, rps, file } = input;
      if (file !== undefined) {
        const run: FileRunInput = { file, plan, rollbackOf: input.rollbackOf, token: input.token, dryRun: input.dryRun, rps, limit: input.limit, waitSeconds: input.waitSeconds, writer: input.writer ?? `amosweep ${input.rollbackOf === undefined ? 'push' : 'rollback'}` };
        const client = fileRunClient(run);
        const open = deps.session.get();
        if (open && path.resolve(open.file) === path.resolve(file)) deps.session.close();
        const job = deps.jobs.start({
          kind: input.rollbackOf === undefined ? 'push' : 'rollback',
          titleKey: 'changes:job.push',
          titleParams: { plan: plan ?? input.rollbackOf ?? 0 },
          run: (control) => runFilePlan(run, client, control),
        });
        return { jobId: job.id };
      }
      if (plan === undefined || connectionId === undefined) throw new AppError('BAD_INPUT', 'Give the plan and the connection.');
      getPlan(readDb(), plan);
      if (!options.clientFor) throw new AppError('INTERNAL', 'Pushing from the app needs the connection registry (not wired in this build); use "amosweep push".');
      // one run per plan: a second push of a plan whose run is still going is refused
      const key = `${deps.session.require().file}#${plan}`;
      const runningJob = pushing.get(key);
      if (runningJob !== undefined)
        throw new AppError('CONFLICT', `Plan ${plan} is being pushed already (job ${runningJob}); wait for that run to end.`, { messageCode: 'push.already_running', plan });
      const client = options.clientFor(connectionId, rps);
      pushing.set(key, 'starting');
      // one writer per file: held for the whole job, refused at once if another process writes
      let lock: ReturnType<typeof deps.session.lockForJob> | null = null;
      try {
        lock = deps.session.lockForJob(`push plan ${plan}`);
        const held = lock;
        const db = writeDb(held);
        const file = deps.session.require().file;
        const job = deps.jobs.start({
          kind: 'push',
          titleKey: 'changes:job.push',
          titleParams: { plan },
          run: async (control) => {
            try {
              // the connection and the account are proven before anything is written
              if (getPlan(db, plan).status !== 'done') {
                checkSnapshotAccount(db, file, { baseUrl: client.baseUrl, accountId: (await fetchAccountIdentity(client, control.signal)).id });
              }
              const result = await pushPlan(db, plan, { client, rps, control });
              // failed operations fail the job (the plan is not done): pushing again retries them
              const incomplete = incompleteMessage(result);
              if (incomplete) throw new AppError('PUSH_INCOMPLETE', incomplete, { ...result });
              return { ...result };
            } finally {
              pushing.delete(key);
              held.release();
            }
          },
        });
        if (pushing.has(key)) pushing.set(key, job.id);
        return { jobId: job.id };
      } catch (error) {
        pushing.delete(key);
        lock?.release();
        throw error;
      }
    },
    'plan.rollback': ({ plan, operations }) => {
      const rb = rollbackPlanFor(writeDb(), plan, operations);
      return { plan: rb.plan, operations: rb.operations };
    },
  };
}
