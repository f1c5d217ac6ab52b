// runtime: node
/**
 * plan.dryRun and plan.push on a snapshot file named by the caller (the CLI's push and
 * rollback), with a token for one run: nothing is remembered, and the file is opened only for
 * the call. A dry run of a forward plan only reads (the file stays byte-identical). A run that
 * sends, or records a rollback plan, holds the file's writer lock, and a sending run first
 * proves the connection and the account (GET /api/v4/account) before the file is opened for
 * writing: a 401, an unreachable server or another account's token leave the file untouched.
 */
import path from 'node:path';
import type { DryRunResult, PushResult } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import type { AmoClient } from '../amo/client';
import { resolveAccount } from '../amo/base-url';
import { tokenClient } from '../connections/clients';
import { hasTable } from '../db/handles';
import { openSnapshotDb, type SqliteDb } from '../db/open';
import { withWriterLock } from '../db/writer-lock';
import type { JobControl } from '../jobs/job-manager';
import { closeSnapshotDb, openPlanDb, planMigrations } from '../plan/open';
import { countOpenOperations } from '../plan/journal';
import { defaultPushPlan, getPlan } from '../plan/store';
import { describeDryRun, dryRun } from '../push/dry-run';
import { pushPlan } from '../push/engine';
import { incompleteMessage } from '../push/incomplete';
import { rollbackPlanFor } from '../push/rollback';
import { checkSnapshotAccount, fetchAccountIdentity } from '../snapshot/account-check';
import { jobWriterLock } from './job-writer-lock';

/** Which plan a run sends, and what its answer adds. */
interface PlanChoice {
  plan: number;
  /** rollback: {rollbackOf} */
  extra: { rollbackOf?: number };
  /** operations still to send, for the dry run's summary line */
  openOperations: () => number;
}

/** A forward plan: the one given, or the newest one not yet done. */
function pushChoice(db: SqliteDb, planOption: number | undefined): PlanChoice {
  const plan = planOption ?? defaultPushPlan(db);
  getPlan(db, plan);
  return { plan, extra: {}, openOperations: () => countOpenOperations(db, plan) };
}

/** The rollback of a plan: created, or the unfinished one resumed (this writes). */
function rollbackChoice(db: SqliteDb, rollbackOf: number): PlanChoice {
  const rb = rollbackPlanFor(db, rollbackOf);
  return { plan: rb.plan, extra: { rollbackOf }, openOperations: () => rb.operations };
}

function dryRunAnswer(db: SqliteDb, choice: PlanChoice, rps: number, limit: number): DryRunResult & { rollbackOf?: number } {
  const r = dryRun(db, choice.plan, { rps, limit });
  const openOperations = choice.openOperations();
  return { ...r, ...choice.extra, openOperations, summary: describeDryRun(r, openOperations) };
}

/** plan.dryRun with a file: a forward plan's dry run from a read-only connection. */
export function fileDryRun(input: { file: string; plan: number | undefined; rps: number; limit: number }): DryRunResult {
  const db = openPlanDb(absolute(input.file), 'readonly');
  try {
    return dryRunAnswer(db, pushChoice(db, input.plan), input.rps, input.limit);
  } finally {
    closeSnapshotDb(db);
  }
}

export interface FileRunInput {
  file: string;
  plan: number | undefined;
  rollbackOf: number | undefined;
  token: { account: string; token: string } | undefined;
  dryRun: boolean;
  rps: number;
  limit: number;
  waitSeconds: number | null;
  writer: string;
}

/** The client of a file run, made before the job starts (a relative file or a bad address is refused at once). */
export function fileRunClient(input: FileRunInput): AmoClient | null {
  absolute(input.file);
  if (input.dryRun || !input.token) return null;
  return tokenClient(resolveAccount(input.token.account).baseUrl, input.token.token, input.rps);
}

/** The body of a file run's job: its answer is the push result (or the dry run), with rollbackOf and alreadyDone. */
export async function runFilePlan(input: FileRunInput, client: AmoClient | null, control: JobControl): Promise<Record<string, unknown>> {
  const file = absolute(input.file);
  const { rps } = input;
  return withWriterLock(file, jobWriterLock(input.writer, input.waitSeconds, control), async () => {
    let alreadyDone = false;
    if (client) {
      const ro = openSnapshotDb(file, { mode: 'readonly', migrations: planMigrations(), allowOlderSchema: true });
      try {
        // a plan that was already done is not sent again: its earlier result is reported as such
        if (input.rollbackOf === undefined && hasTable(ro, 'plans')) alreadyDone = getPlan(ro, input.plan ?? defaultPushPlan(ro)).status === 'done';
        if (!alreadyDone) checkSnapshotAccount(ro, file, { baseUrl: client.baseUrl, accountId: (await fetchAccountIdentity(client, control.signal)).id });
      } finally {
        closeSnapshotDb(ro);
      }
    }
    const db = openPlanDb(file, 'readwrite');
    try {
      const choice = input.rollbackOf !== undefined ? rollbackChoice(db, input.rollbackOf) : pushChoice(db, input.plan);
      if (!client) return { ...dryRunAnswer(db, choice, rps, input.limit) };
      const result: PushResult = await pushPlan(db, choice.plan, {
        client,
        rps,
        control: {
          signal: control.signal,
          checkpoint: () => control.checkpoint(),
          step: (s) => control.step(s),
          // the progress line shows the client's own rate and request count
          progress: (u) => {
            const s = client.stats();
            control.progress({ ...u, rate: { current: s.currentRps, limit: rps }, requests: s.requests });
          },
        },
      });
      const answer = { ...result, ...choice.extra, ...(alreadyDone ? { alreadyDone: true } : {}) };
      // failed operations fail the job (the plan is not done): running it again retries exactly those
      const incomplete = incompleteMessage(result);
      if (incomplete) throw new AppError('PUSH_INCOMPLETE', incomplete, { ...answer });
      return answer;
    } finally {
      closeSnapshotDb(db);
    }
  });
}

function absolute(file: string): string {
  if (!path.isAbsolute(file)) throw new AppError('BAD_INPUT', 'With a file, the file is an absolute path.');
  return file;
}
