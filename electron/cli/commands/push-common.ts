// runtime: node
import path from 'node:path';
import { AppError } from '../../../shared/api/result';
import type { PushResult } from '../../../shared/api/methods/plan';
import { resolveAccount } from '../../services/amo/base-url';
import { createAmoClient, type AmoClient } from '../../services/amo/client';
import { RateLimiter } from '../../services/amo/rate-limiter';
import type { SqliteDb } from '../../services/db/open';
import { closeSnapshotDb, openPlanDb } from '../../services/plan/open';
import { getPlan } from '../../services/plan/store';
import { describeDryRun, dryRun } from '../../services/push/dry-run';
import { pushPlan, type PushControl } from '../../services/push/engine';
import { incompleteMessage } from '../../services/push/incomplete';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliIo } from '../command';

/** The options push and rollback share. */
export const PUSH_OPTIONS = {
  url: { type: 'string' },
  token: { type: 'string' },
  plan: { type: 'string' },
  'dry-run': { type: 'boolean' },
  rps: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The account to send to: --url and --token (or AMOSWEEP_TOKEN), as a rate-limited client. */
export function clientFromOptions(values: { url?: string | boolean; token?: string | boolean }, rps: number): AmoClient {
  const url = typeof values.url === 'string' ? values.url : undefined;
  const token = (typeof values.token === 'string' ? values.token : undefined) ?? process.env.AMOSWEEP_TOKEN;
  if (!url) throw new UsageError('--url is required.');
  if (!token) throw new UsageError('--token is required (or set AMOSWEEP_TOKEN).');
  return clientFor(url, token, rps);
}

/** The dry run's request list, one line per request. */
export function printRequestList(io: CliIo, list: readonly { method: string; path: string; entities: number; read?: boolean }[]): void {
  for (const q of list) io.stdout(`${q.method} ${q.path} (${q.entities} ${q.read ? 'read' : 'written'})\n`);
}

export function clientFor(url: string, token: string, rps: number): AmoClient {
  let account;
  try {
    account = resolveAccount(url);
  } catch (error) {
    throw new UsageError(error instanceof AppError ? error.message : String(error));
  }
  return createAmoClient({ baseUrl: account.baseUrl, auth: { kind: 'long-lived', getToken: () => token }, limiter: new RateLimiter({ rps }) });
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

/**
 * push and rollback: parse the shared options, open the snapshot, pick the plan, then either
 * print the dry run or send the plan with a progress line, and print the result.
 */
export async function runPlanCommand(
  argv: string[],
  io: CliIo,
  usage: string,
  choose: (db: SqliteDb, planOption: number | undefined) => PlanChoice,
): Promise<number> {
  const { values, positionals, help } = parseCommandArgs(argv, PUSH_OPTIONS, { min: 1, max: 1 });
  if (help) {
    io.stdout(usage);
    return 0;
  }
  const file = path.resolve(positionals[0]!);
  const rps = numberOption('rps', values.rps, { min: 0.1, max: 7 }) ?? 7;
  const planOption = numberOption('plan', values.plan, { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true });
  const db = openPlanDb(file, 'readwrite');
  try {
    const { plan, extra, openOperations } = choose(db, planOption);
    if (values['dry-run']) {
      const r = dryRun(db, plan, { rps, limit: values.json ? 0 : 100000 });
      if (values.json) io.stdout(`${JSON.stringify({ plan, ...extra, requests: r.requests, entities: r.entities, estimatedSeconds: r.estimatedSeconds, noop: r.noop })}\n`);
      else {
        printRequestList(io, r.list);
        io.stdout(`${describeDryRun(r, openOperations())}\n`);
      }
      return 0;
    }
    // a plan that was already done is not sent again: its earlier result is reported as such
    const alreadyDone = getPlan(db, plan).status === 'done';
    const result = await runWithProgress(db, plan, clientFromOptions(values, rps), rps, io);
    printResult(io, values.json === true, { ...result, ...extra, ...(alreadyDone ? { alreadyDone: true } : {}) });
    const incomplete = incompleteMessage(result);
    if (incomplete) {
      io.stderr(`amosweep: ${incomplete}\n`);
      return 1;
    }
    return 0;
  } finally {
    closeSnapshotDb(db);
  }
}
