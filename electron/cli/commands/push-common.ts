// runtime: node
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import type { PushResult } from '../../../shared/api/methods/plan';
import { resolveAccount } from '../../services/amo/base-url';
import type { AmoClient } from '../../services/amo/client';
import { tokenClient } from '../../services/connections/clients';
import { openSnapshotDb, type SqliteDb } from '../../services/db/open';
import { withWriterLock } from '../../services/db/writer-lock';
import { closeSnapshotDb, openPlanDb, planMigrations } from '../../services/plan/open';
import { checkSnapshotAccount, fetchAccountIdentity } from '../../services/snapshot/account-check';
import { getPlan } from '../../services/plan/store';
import { describeDryRun, dryRun } from '../../services/push/dry-run';
import { pushPlan, type PushControl } from '../../services/push/engine';
import { incompleteMessage } from '../../services/push/incomplete';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliIo } from '../command';
import { requireToken, TOKEN_OPTIONS } from '../token';
import { extractWait, waitNotice } from '../wait';
import { hasTable } from '../../services/db/handles';

/** The options push and rollback share. */
export const PUSH_OPTIONS = {
  url: { type: 'string' },
  ...TOKEN_OPTIONS,
  plan: { type: 'string' },
  'dry-run': { type: 'boolean' },
  rps: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The account to send to: --url and the token (never needed in argv: see token.ts), as a rate-limited client. */
export async function clientFromOptions(values: { url?: string | boolean; token?: string | boolean; 'token-file'?: string | boolean; 'token-stdin'?: boolean | string }, rps: number, io: CliIo): Promise<AmoClient> {
  const url = typeof values.url === 'string' ? values.url : undefined;
  if (!url) throw new UsageError('--url is required.');
  resolveOrUsage(url);
  const token = await requireToken(values, io);
  return clientFor(url, token, rps);
}

/** The dry run's request list, one line per request. */
export function printRequestList(io: CliIo, list: readonly { method: string; path: string; entities: number; read?: boolean }[]): void {
  for (const q of list) io.stdout(`${q.method} ${q.path} (${q.entities} ${q.read ? 'read' : 'written'})\n`);
}

function resolveOrUsage(url: string): ReturnType<typeof resolveAccount> {
  try {
    return resolveAccount(url);
  } catch (error) {
    throw new UsageError(error instanceof AppError ? error.message : String(error));
  }
}

export function clientFor(url: string, token: string, rps: number): AmoClient {
  const account = resolveOrUsage(url);
  return tokenClient(account.baseUrl, token, rps);
}

/** Runs a plan with a progress line on a TTY; Ctrl-C cancels between requests (the journal keeps the rest). */
export async function runWithProgress(db: SqliteDb, plan: number, client: AmoClient, rps: number, io: CliIo): Promise<PushResult> {
  let last = 0;
  let fraction = 0;
  let eta: number | null = null;
  const control: PushControl = {
    signal: io.signal,
    progress: (u) => {
      if (u.fraction !== undefined && u.fraction !== null) fraction = u.fraction;
      if (u.etaSeconds !== undefined) eta = u.etaSeconds;
      if (!io.isTTY) return;
      const t = Date.now();
      if (t - last < 200) return;
      last = t;
      const width = 28;
      const filled = Math.round(fraction * width);
      const s = client.stats();
      io.stderr(
        `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${s.currentRps.toFixed(1)}/${rps} rps, ${s.requests} req${eta === null ? '' : ` ETA ${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s`}\u001b[K`,
      );
    },
  };
  try {
    return await pushPlan(db, plan, { client, rps, control });
  } finally {
    if (io.isTTY && last > 0) io.stderr('\n');
  }
}

export function printResult(io: CliIo, json: boolean, result: PushResult & { rollbackOf?: number; alreadyDone?: boolean }): void {
  if (json) io.stdout(`${JSON.stringify(result)}\n`);
  else if (result.alreadyDone && result.requests === 0)
    io.stdout(
      `plan ${result.plan} was already done (${result.applied} applied, ${result.skippedConflicts} conflicts skipped, ${result.failed} failed). ` +
        `Nothing was sent. Add operations with "amosweep plan add", or name another plan with --plan.\n`,
    );
  else
    io.stdout(
      `plan ${result.plan}: ${result.applied} applied, ${result.skippedConflicts} conflicts skipped, ${result.skipped} already clean, ${result.failed} failed; ` +
        `${result.requests} requests in ${result.seconds} s, ${result.rejected429} rejected with 429.\n`,
    );
  if (!json) printConcurrentEdits(io, result);
}

/** One line per operation that may have overwritten an edit made in amoCRM while it was in flight. */
function printConcurrentEdits(io: CliIo, result: PushResult): void {
  const edits = result.concurrentEdits ?? [];
  if (edits.length === 0) return;
  io.stdout(
    `${result.possiblyOverwritten ?? edits.length} operation(s) possibly overwrote a concurrent edit (someone changed the same field in amoCRM between AmoSweep's read and its write):\n`,
  );
  for (const e of edits) {
    const when = e.events.map((x) => `${x.type} at ${new Date(x.createdAt * 1000).toISOString()}${x.createdBy === null ? '' : ` by user ${x.createdBy}`}`).join('; ');
    io.stdout(`  operation ${e.operation} (${e.kind}) on ${e.entityType} ${e.entityId}: ${when}; the value before the write was ${JSON.stringify(e.before)}\n`);
  }
  io.stdout('  Check these cards in amoCRM; "amosweep rollback" puts back the values before the write (the --json output lists them too).\n');
}

/** Which plan a push-like command sends, and what its output adds. */
export interface PlanChoice {
  plan: number;
  /** Extra fields of the JSON output (rollback: {rollbackOf}). */
  extra: { rollbackOf?: number };
  /** Operations still to send, for the dry run's summary line. */
  openOperations: () => number;
}

export interface PlanCommandSpec {
  /** "push" or "rollback": names the writer in the lock */
  name: string;
  usage: string;
  choose: (db: SqliteDb, planOption: number | undefined) => PlanChoice;
  /** the plan a run would send, read without writing (push); undefined when choosing writes (rollback) */
  peek?: (db: SqliteDb, planOption: number | undefined) => number;
  /** --plan must be given (rollback) */
  planRequired?: boolean;
}

/**
 * push and rollback: parse the shared options, pick the plan, then either print the dry run
 * (push: from a read-only connection, the file stays byte-identical) or send the plan with a
 * progress line, and print the result. Sending holds the file's writer lock, and first proves
 * the connection and the account (GET /api/v4/account) before the file is opened for writing:
 * a 401, an unreachable server or another account's token leave the file untouched.
 */
export async function runPlanCommand(argv: string[], io: CliIo, spec: PlanCommandSpec): Promise<number> {
  const { argv: rest, waitSeconds } = extractWait(argv);
  const { values, positionals, help } = parseCommandArgs(rest, PUSH_OPTIONS, { min: 1, max: 1 });
  if (help) {
    io.stdout(spec.usage);
    return 0;
  }
  const file = path.resolve(positionals[0]!);
  const rps = numberOption('rps', values.rps, { min: 0.1, max: 7 }) ?? 7;
  const planOption = numberOption('plan', values.plan, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
  if (spec.planRequired && planOption === undefined) throw new UsageError('--plan is required.');
  if (values['dry-run'] && spec.peek) {
    const db = openPlanDb(file, 'readonly');
    try {
      printDryRun(io, values.json === true, db, spec.choose(db, planOption), rps);
      return 0;
    } finally {
      closeSnapshotDb(db);
    }
  }
  const client = values['dry-run'] ? null : await clientFromOptions(values, rps, io);
  return withWriterLock(file, { command: `amosweep ${spec.name}`, waitSeconds, signal: io.signal, onWait: waitNotice(io, file) }, async () => {
    let alreadyDone = false;
    if (client) {
      const ro = openSnapshotDb(file, { mode: 'readonly', migrations: planMigrations(), allowOlderSchema: true });
      try {
        // a plan that was already done is not sent again: its earlier result is reported as such
        if (spec.peek && hasTable(ro, 'plans')) alreadyDone = getPlan(ro, spec.peek(ro, planOption)).status === 'done';
        if (!alreadyDone) checkSnapshotAccount(ro, file, { baseUrl: client.baseUrl, accountId: (await fetchAccountIdentity(client, io.signal)).id });
      } finally {
        closeSnapshotDb(ro);
      }
    }
    const db = openPlanDb(file, 'readwrite');
    try {
      const choice = spec.choose(db, planOption);
      if (!client) {
        printDryRun(io, values.json === true, db, choice, rps);
        return 0;
      }
      const result = await runWithProgress(db, choice.plan, client, rps, io);
      printResult(io, values.json === true, { ...result, ...choice.extra, ...(alreadyDone ? { alreadyDone: true } : {}) });
      const incomplete = incompleteMessage(result);
      if (incomplete) {
        io.stderr(`amosweep: ${incomplete}\n`);
        return 1;
      }
      return 0;
    } finally {
      closeSnapshotDb(db);
    }
  });
}


function printDryRun(io: CliIo, json: boolean, db: SqliteDb, { plan, extra, openOperations }: PlanChoice, rps: number): void {
  const r = dryRun(db, plan, { rps, limit: json ? 0 : 100000 });
  if (json) io.stdout(`${JSON.stringify({ plan, ...extra, requests: r.requests, entities: r.entities, estimatedSeconds: r.estimatedSeconds, noop: r.noop })}\n`);
  else {
    printRequestList(io, r.list);
    io.stdout(`${describeDryRun(r, openOperations())}\n`);
  }
}
