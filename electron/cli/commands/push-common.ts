// runtime: node
import path from 'node:path';
import type { JobState } from '../../../shared/api/jobs';
import type { DryRunResult, PushResult } from '../../../shared/api/methods/plan';
import { AppError } from '../../../shared/api/result';
import { cliApi, type CliApi } from '../api';
import { numberOption, parseCommandArgs } from '../args';
import { UsageError, type CliIo } from '../command';
import { requireToken, TOKEN_OPTIONS } from '../token';
import { extractWait } from '../wait';

/** The options push and rollback share. */
export const PUSH_OPTIONS = {
  url: { type: 'string' },
  ...TOKEN_OPTIONS,
  plan: { type: 'string' },
  'dry-run': { type: 'boolean' },
  rps: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** The dry run's request list, one line per request. */
export function printRequestList(io: CliIo, list: readonly { method: string; path: string; entities: number; read?: boolean }[]): void {
  for (const q of list) io.stdout(`${q.method} ${q.path} (${q.entities} ${q.read ? 'read' : 'written'})\n`);
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

export interface PlanCommandSpec {
  /** "push" or "rollback": names the writer in the lock */
  name: 'push' | 'rollback';
  usage: string;
}

type PushAnswer = PushResult & { rollbackOf?: number; alreadyDone?: boolean };
type DryAnswer = DryRunResult & { rollbackOf?: number };

/**
 * push and rollback, through dispatch (plan.dryRun and plan.push with the file and a token for
 * this run): parse the shared options, then either print the dry run (push: from a read-only
 * connection, the file stays byte-identical; rollback: it records the rollback plan, under the
 * writer lock) or send the plan with a progress line, and print the result. Sending holds the
 * file's writer lock, and first proves the connection and the account before the file is opened
 * for writing (electron/services/api/plan-file-run.ts).
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
  const rollback = spec.name === 'rollback';
  if (rollback && planOption === undefined) throw new UsageError('--plan is required.');
  const json = values.json === true;
  const dry = values['dry-run'] === true;
  const limit = json ? 0 : 100000;
  const target = rollback ? { rollbackOf: planOption } : planOption === undefined ? {} : { plan: planOption };
  const api = cliApi();
  try {
    if (dry && !rollback) {
      printDryRun(io, json, await api.call('plan.dryRun', { file, ...target, rps, limit, changes: 0 }));
      return 0;
    }
    const token = dry ? undefined : await accessFromOptions(api, values, io);
    let answer: Record<string, unknown>;
    let drawn = false;
    const stop = progressLine(api, io, file, rps, () => (drawn = true));
    try {
      const { jobId } = await api.call('plan.push', {
        file,
        ...target,
        ...(token ? { token } : {}),
        dryRun: dry,
        rps,
        limit,
        waitSeconds: Number.isFinite(waitSeconds) ? waitSeconds : null,
        writer: `amosweep ${spec.name}`,
      });
      answer = await api.job(jobId, io.signal);
    } catch (error) {
      // failed operations: the result is printed, then why the plan is not done (exit 1)
      if (!(error instanceof AppError && error.code === 'PUSH_INCOMPLETE' && error.details)) throw error;
      endLine(io, drawn);
      drawn = false;
      printResult(io, json, error.details as unknown as PushAnswer);
      io.stderr(`amosweep: ${error.message}\n`);
      return 1;
    } finally {
      stop();
      endLine(io, drawn);
    }
    if (dry) printDryRun(io, json, answer as unknown as DryAnswer);
    else printResult(io, json, answer as unknown as PushAnswer);
    return 0;
  } finally {
    api.close();
  }
}

/** The account to send to: --url (checked first: a usage error) and the token (never needed in argv: see token.ts). */
async function accessFromOptions(api: CliApi, values: { url?: string | boolean; token?: string | boolean; 'token-file'?: string | boolean; 'token-stdin'?: boolean | string }, io: CliIo): Promise<{ account: string; token: string }> {
  const url = typeof values.url === 'string' ? values.url : undefined;
  if (!url) throw new UsageError('--url is required.');
  try {
    await api.call('connect.resolve', { account: url });
  } catch (error) {
    throw new UsageError(error instanceof AppError ? error.message : String(error));
  }
  return { account: url, token: await requireToken(values, io) };
}

function endLine(io: CliIo, drawn: boolean): void {
  if (io.isTTY && drawn) io.stderr('\n');
}

/** Tells once who holds the file while the run waits for it; on a TTY, a progress line while it sends. */
function progressLine(api: CliApi, io: CliIo, file: string, rps: number, onDraw: () => void): () => void {
  let last = 0;
  let toldWait = false;
  return api.onJob((job: JobState) => {
    if (job.kind !== 'push' && job.kind !== 'rollback') return;
    if (job.waitingFor !== undefined && !toldWait) {
      toldWait = true;
      io.stderr(`Waiting for ${file}: it is being written by ${job.waitingFor}…\n`);
    }
    if (!io.isTTY || job.rate === undefined) return;
    // the job's events come at most every 150 ms: a push that ends sooner shows its last state once
    const t = Date.now();
    if (job.status === 'running' ? t - last < 200 : last > 0) return;
    last = t;
    onDraw();
    const width = 28;
    const fraction = job.fraction ?? 0;
    const filled = Math.round(fraction * width);
    const eta = job.etaSeconds;
    io.stderr(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${job.rate.current.toFixed(1)}/${rps} rps, ${job.requests ?? 0} req${eta === null ? '' : ` ETA ${Math.floor(eta / 60)}m${String(eta % 60).padStart(2, '0')}s`}\u001b[K`,
    );
  });
}

function printDryRun(io: CliIo, json: boolean, r: DryAnswer): void {
  if (json) io.stdout(`${JSON.stringify({ plan: r.plan, ...(r.rollbackOf === undefined ? {} : { rollbackOf: r.rollbackOf }), requests: r.requests, entities: r.entities, estimatedSeconds: r.estimatedSeconds, noop: r.noop })}\n`);
  else {
    printRequestList(io, r.list);
    io.stdout(`${r.summary ?? ''}\n`);
  }
}
